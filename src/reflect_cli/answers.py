"""Answers files for scripted sessions: a flat mapping of prompt ids to answers."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

import yaml

from .errors import AnswersError, Problem
from .model import SESSION_KINDS, Framework

META_KEYS = ("title", "date", "kind")
NULL_TAG = "tag:yaml.org,2002:null"
INT_TAG = "tag:yaml.org,2002:int"
STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class ScriptedAnswers:
    """What an answers file holds: the answers by prompt id, and optional title, date, kind."""

    values: dict[str, str | int | None] = field(default_factory=dict)
    title: str | None = None
    date: dt.date | None = None
    kind: str | None = None


def parse_answers(text: str, name: str, framework: Framework) -> ScriptedAnswers:
    """Parse and check an answers file (YAML or JSON) against the framework."""
    def fail(line: int | None, key: str, message: str) -> AnswersError:
        return AnswersError([Problem(name, line, key, message)], what=name)

    text = text.lstrip("\ufeff")
    if not text.strip():
        raise fail(None, "", "the answers file is empty")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(mark.line + 1 if mark else None, "",
                   f"not valid YAML or JSON: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(root, yaml.MappingNode):
        raise fail(1, "", "expected one mapping of prompt ids to answers, like "
                   "'purpose.impact: Fewer people waiting'")
    prompts = {p.id: p for _, p in framework.prompts()}
    result = ScriptedAnswers()
    problems: list[Problem] = []
    seen: set[str] = set()
    for key_node, node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in seen:
            problems.append(Problem(name, line, key, "given twice"))
            continue
        seen.add(key)
        if not isinstance(node, yaml.ScalarNode):
            problems.append(Problem(name, line, key, "expected one value (text or a number), "
                                    "found a list or mapping"))
            continue
        raw = node.value
        is_null = node.tag == NULL_TAG
        if key in META_KEYS:
            if key == "title":
                result.title = "" if is_null else str(raw)
            elif key == "date":
                try:
                    result.date = dt.date.fromisoformat(str(raw).strip())
                except ValueError:
                    problems.append(Problem(name, line, key, f"'{raw}' is not a date; write it "
                                            "as YYYY-MM-DD"))
            elif is_null or not str(raw).strip():
                result.kind = None  # left empty: the default
            elif str(raw) not in SESSION_KINDS:
                problems.append(Problem(name, line, key, f"'{raw}' is not a kind of session "
                                        f"(use {' or '.join(SESSION_KINDS)})"))
            else:
                result.kind = str(raw)
            continue
        prompt = prompts.get(key)
        if prompt is None:
            close = difflib.get_close_matches(key, list(prompts) + list(META_KEYS), n=1,
                                              cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(Problem(name, line, key, f"no prompt with this id in "
                                    f"{framework.title}{hint}"))
            continue
        if is_null or (node.tag == STR_TAG and not raw.strip()):
            result.values[key] = None
        elif prompt.type == "rating":
            scale = prompt.scale
            assert scale is not None
            if node.tag != INT_TAG or int(raw) not in scale:
                problems.append(Problem(name, node.start_mark.line + 1, key,
                                        f"should be a whole number from {scale.low} to "
                                        f"{scale.high} ({scale.describe()}), or empty to skip; "
                                        f"found {raw!r}"))
                continue
            result.values[key] = int(raw)
        else:
            result.values[key] = str(raw)
    if problems:
        raise AnswersError(problems, what=name)
    if not result.values:
        raise fail(None, "", "no answers in the file: give prompt ids with answers, like "
                   "'purpose.impact: Fewer people waiting'")
    return result
