"""Rating submissions (one member's ratings in a round) and rating rounds, as files: read with
the careful YAML reader, every problem with its key. A submission comes from someone else (a
shared folder, an e-mail): nothing in it is trusted.

A submission file, as `reflect rate` writes it:

    reflect_ratings: 1
    round: Spring review
    mode: anonymous            # or named (name:, organisation:) or alias (alias:)
    day: 2026-11-30
    sector: VCSE
    ratings:
      assessment.shared-purpose: 4
      assessment.trust: {rating: 2, why: "We rarely hear back from the board."}

A `reflect rate --answers` file holds `ratings:` (and optionally `sector:`) the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reflect_cli.domain.model import Framework
from reflect_cli.domain.rounds import MODES, Round, Submission
from reflect_cli.errors import FileProblemsError, Problem
from reflect_cli.textsafe import is_safe

from .yamlfiles import control_character_problems, decode_text, load_data, read_file_bytes

#: The version of a submission file's layout.
SUBMISSION_VERSION = 1
#: The longest "why" line kept, and the longest name, alias, organisation or sector.
MAX_WHY = 2000
MAX_NAME = 200
#: A submission is small: a file larger than this is not one.
MAX_BYTES = 256 * 1024


class SubmissionError(FileProblemsError):
    """A submission, round or ratings answers file that cannot be used."""


def _day(value: Any) -> tuple[bool, dt.date | None]:
    """A date as YAML gives it (or as ISO text), and whether it is one (or absent)."""
    if value is None:
        return True, None
    if isinstance(value, dt.datetime):
        return False, None
    if isinstance(value, dt.date):
        return True, value
    try:
        return True, dt.date.fromisoformat(str(value))
    except ValueError:
        return False, None


def _text(value: Any, key: str, name: str, longest: int, problems: list[Problem]) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list, bool, bytes, set)):
        problems.append(Problem(name, None, key, "should be text"))
        return ""
    text = str(value).strip()
    if not is_safe(text.replace("\n", " ").replace("\t", " ")):
        problems.append(Problem(name, None, key, "holds control characters"))
        return ""
    if len(text) > longest:
        problems.append(Problem(name, None, key, f"is longer than {longest} characters"))
        return ""
    return text


def read_data(path: Path, what: str) -> tuple[Any, str]:
    """The data of a small YAML file (at most MAX_BYTES, UTF-8, no control characters), and
    its name for messages; SubmissionError saying why not."""
    name = str(path)
    data = read_file_bytes(path, SubmissionError, what)
    if len(data) > MAX_BYTES:
        raise SubmissionError([Problem(name, None, "", f"is {len(data) // 1024} KB, far larger "
                                       f"than a {what} is; is this the right file?")], what=name)
    return parse_text(decode_text(data, name, SubmissionError), name, what), name


def parse_text(text: str, name: str, what: str) -> Any:
    found = control_character_problems(text, name)
    if found:
        raise SubmissionError(found, what=name)
    return load_data(text, name, SubmissionError, what)


def ratings_of(data: Any, name: str, framework: Framework,
               problems: list[Problem]) -> tuple[dict[str, int], dict[str, str]]:
    """The ratings (prompt id -> number) and why lines under `ratings:`, checked against the
    framework's self-assessment: every problem is added to `problems`."""
    ratings: dict[str, int] = {}
    why: dict[str, str] = {}
    given = data.get("ratings") if isinstance(data, dict) else None
    if given is None:
        problems.append(Problem(name, None, "ratings", "is missing: nothing was rated"))
        return ratings, why
    if not isinstance(given, dict):
        problems.append(Problem(name, None, "ratings", "should be a list of "
                                "'characteristic: rating' lines"))
        return ratings, why
    prompts = {p.id: p for p in (framework.assessment.prompts if framework.assessment else ())
               if p.type == "rating" and p.scale is not None}
    for key, value in given.items():
        where = f"ratings.{key}"
        prompt = prompts.get(str(key))
        if prompt is None:
            known = ", ".join(list(prompts)[:3])
            problems.append(Problem(name, None, where, "is not a characteristic of the "
                                    f"self-assessment (its ids look like {known})"))
            continue
        assert prompt.scale is not None
        reason: Any = None
        if isinstance(value, dict):
            unknown = [str(k) for k in value if k not in ("rating", "why")]
            if unknown:
                problems.append(Problem(name, None, where, f"unknown key '{unknown[0]}' "
                                        "(a rating has 'rating:' and 'why:')"))
                continue
            reason, value = value.get("why"), value.get("rating")
        if value is None:
            text = _text(reason, where + ".why", name, MAX_WHY, problems)
            if text:
                why[prompt.id] = text  # a why without a rating: kept with the others' whys
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(name, None, where, f"should be a whole number from "
                                    f"{prompt.scale.low} to {prompt.scale.high}"))
            continue
        if value not in prompt.scale:
            problems.append(Problem(name, None, where, f"{value} is not on the scale "
                                    f"({prompt.scale.describe()})"))
            continue
        ratings[prompt.id] = value
        text = _text(reason, where + ".why", name, MAX_WHY, problems)
        if text:
            why[prompt.id] = " ".join(text.split())
    return ratings, why


def read_submission(path: Path, framework: Framework) -> tuple[str, Submission]:
    """A submission file: the round it is for, and what it holds; SubmissionError listing
    every problem."""
    data, name = read_data(path, "rating submission")
    problems: list[Problem] = []
    if not isinstance(data, dict) or "reflect_ratings" not in data:
        raise SubmissionError([Problem(name, None, "", "is not a rating submission written by "
                                       "reflect rate (no 'reflect_ratings:' line)")], what=name)
    round_name = _text(data.get("round"), "round", name, MAX_NAME, problems)
    mode = str(data.get("mode") or "")
    if mode not in MODES:
        problems.append(Problem(name, None, "mode", "should be anonymous, named or alias"))
    fine, day = _day(data.get("day"))
    if not fine:
        problems.append(Problem(name, None, "day", "should be a date like 2026-11-30"))
    sector = _text(data.get("sector"), "sector", name, MAX_NAME, problems)
    who, organisation = "", ""
    if mode == "named":
        who = _text(data.get("name"), "name", name, MAX_NAME, problems)
        organisation = _text(data.get("organisation"), "organisation", name, MAX_NAME,
                             problems)
    elif mode == "alias":
        who = _text(data.get("alias"), "alias", name, MAX_NAME, problems)
    ratings, why = ratings_of(data, name, framework, problems)
    if problems:
        raise SubmissionError(problems, what=name)
    return round_name, Submission(ratings, why, sector=" ".join(sector.split()), who=who,
                                  organisation=organisation, day=day,
                                  source=path.name, mode=mode, round_name=round_name)


def read_round(path: Path) -> Round:
    """A round's settings file (round.yaml), written by `reflect rate --open`."""
    data, name = read_data(path, "round's settings")
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise SubmissionError([Problem(name, None, "", "is not a round's settings")], what=name)
    title = _text(data.get("round"), "round", name, MAX_NAME, problems)
    mode = str(data.get("mode") or "")
    if mode not in MODES:
        problems.append(Problem(name, None, "mode", "should be anonymous, named or alias"))
    days: list[dt.date | None] = []
    for key in ("opened", "closed"):
        fine, value = _day(data.get(key))
        if not fine:
            problems.append(Problem(name, None, key, "should be a date like 2026-11-30"))
        days.append(value)
    imported = _text(data.get("imported"), "imported", name, MAX_NAME, problems)
    if problems:
        raise SubmissionError(problems, what=name)
    return Round(title, mode, days[0] or dt.date.min, days[1], imported)
