"""Rating rounds from start to end: a facilitator opens a round (anonymous, named or alias),
each member rates the self-assessment on their own (`reflect rate`), the round is closed, and
revealed (`reflect ratings`, or in the meeting's self-assessment)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reflect_cli.domain.meeting import RoundTaken, Tally
from reflect_cli.domain.model import Author, Framework
from reflect_cli.domain.rounds import MODES, Reveal, Round, Submission, reveal
from reflect_cli.errors import BadInputError
from reflect_cli.storage import rounds as files
from reflect_cli.textsafe import visible
from reflect_cli.wording import counted

#: Said before an anonymous submission is written: what reflect leaves out, and what it cannot.
ANONYMOUS_NOTICE = (
    "Anonymous round: your file holds your sector and ratings only (no name, organisation, "
    "user, computer, git identity or time of day) and has a random name; in the reveal, a "
    "sector with fewer than three people counts as \"Other\". What reflect cannot hide: a "
    "shared folder or git host may record who uploaded the file, an e-mail who sent it; "
    "anyone who opens the folder can read the files, sectors included; your why lines may "
    "say who you are.")
NAMED_NOTICE = "This round is named: your name, organisation and sector go with your ratings."
ALIAS_NOTICE = ("This round uses aliases: your ratings go with your alias and sector, not your "
                "name. What reflect cannot hide: a shared folder or git host may record who "
                "uploaded the file.")


def notice(mode: str) -> str:
    return {"anonymous": ANONYMOUS_NOTICE, "named": NAMED_NOTICE, "alias": ALIAS_NOTICE}[mode]


def check_mode(mode: str, option: str) -> str:
    if mode not in MODES:
        raise BadInputError(f"{option} must be anonymous, named or alias, not "
                            f"'{visible(mode)}'",
                            hint="anonymous: no names at all; named: each name shows; alias: "
                                 "a name each member picks once, the same in every round.")
    return mode


# -- the facilitator ---------------------------------------------------------------------------
def open_round(base: Path, name: str, mode: str, today: dt.date, git: bool) -> Round:
    item = files.open_round(base, name, mode, today)
    if git:
        _commit(base, files.round_folder(base, name) / files.SETTINGS,
                f"Rating round opened: {item.name}")
    return item


def close_round(base: Path, name: str, today: dt.date, git: bool,
                imported: str = "") -> tuple[Round, int]:
    """Close a round (if it is open) and say how many submissions it has."""
    item, folder = files.load_round(base, name)
    if item.is_open or (imported and not item.imported):
        item = replace(item, closed=item.closed or today, imported=imported or item.imported)
        files.save_round(folder, item)
        if git:
            _commit(base, folder / files.SETTINGS, f"Rating round closed: {item.name}")
    return item, len(files.submission_files(folder))


def _commit(base: Path, path: Path, message: str, *, anonymous: bool = False,
            day: dt.date | None = None) -> None:
    from reflect_cli.storage import gitsync

    gitsync.commit_rating_file(base, path, message, anonymous=anonymous, day=day)


def rounds_status(base: Path) -> tuple[list[str], list[str]]:
    """A line for each round (open or closed, how many submissions), and the damaged ones."""
    found, damaged = files.list_rounds(base)
    lines = []
    for item, folder in found:
        count = counted(len(files.submission_files(folder)), "submission")
        state = (f"closed {item.closed:%d/%m/%Y}" if item.closed else "open")
        lines.append(f"{visible(item.name)} ({item.mode}): {state}, {count}")
    return lines, damaged


# -- a member ----------------------------------------------------------------------------------
def submission_text(framework: Framework, round_name: str, mode: str, day: dt.date, *,
                    sector: str, who: str = "", organisation: str = "",
                    ratings: dict[str, int], why: dict[str, str]) -> str:
    """A submission file. An anonymous one holds the round, the day, the sector and the
    ratings, nothing else (no name, time of day, user, computer or file path)."""
    def q(text: str) -> str:  # YAML reads a JSON string; all ASCII, every character kept
        return json.dumps(text, ensure_ascii=True)

    lines = ["# A rating submission for reflect ('reflect rate'). Please leave it as it is.",
             "reflect_ratings: 1", f"round: {q(round_name)}", f"mode: {mode}",
             f"day: {day.isoformat()}", f"sector: {q(sector)}"]
    if mode == "named":
        lines += [f"name: {q(who)}", f"organisation: {q(organisation)}"]
    elif mode == "alias":
        lines.append(f"alias: {q(who)}")
    lines.append("ratings:")
    assessment = framework.assessment
    for prompt in assessment.prompts if assessment else ():
        if prompt.id not in ratings and not why.get(prompt.id):
            continue
        rating = ratings.get(prompt.id)
        value = "null" if rating is None else str(rating)
        if why.get(prompt.id):
            lines.append(f"  {q(prompt.id)}: {{rating: {value}, why: {q(why[prompt.id])}}}")
        else:  # (an id is quoted: one such as "yes" or "1" is then not read as true or 1)
            lines.append(f"  {q(prompt.id)}: {value}")
    return "\n".join(lines) + "\n"


@dataclass
class Member:
    """Who a submission says it is from, as the round's mode allows."""

    mode: str
    sector: str = ""
    who: str = ""
    organisation: str = ""


def member_for(mode: str, me: Author | None, *, sector: str | None, alias: str | None
               ) -> Member:
    """What a submission in a round of `mode` carries of this person."""
    chosen_sector = " ".join((sector if sector is not None else (me.sector if me else ""))
                             .split())
    if mode == "named":
        if me is None:
            raise BadInputError("this round is named, and reflect does not know your name yet",
                                hint="Say who you are first: reflect config --name \"Your "
                                     "Name\" --organisation ORG --sector SECTOR")
        return Member(mode, chosen_sector, me.name, me.organisation)
    if mode == "alias":
        kept = files.alias()
        if alias is not None:
            alias = " ".join(alias.split())
            from reflect_cli.app.identity import check_name

            check_name(alias, "--alias")
            if kept and kept != alias:
                raise BadInputError(f"your alias is '{visible(kept)}' already: it stays the "
                                    "same in every round, so your own trend can be followed",
                                    hint="Leave --alias out to use it.")
            if me is not None and alias.casefold() == me.name.casefold():
                raise BadInputError("an alias that is your own name is not an alias",
                                    hint="Choose another name for --alias.")
            if not alias:
                raise BadInputError("--alias needs a name")
            if not kept:
                files.save_alias(alias)
            kept = alias
        if not kept:
            raise BadInputError("this round uses aliases, and you have not chosen yours yet",
                                hint="Choose one, once (it stays the same in every round): "
                                     "reflect rate --round NAME --alias \"Blue Heron\"")
        return Member(mode, chosen_sector, kept)
    return Member(mode, chosen_sector)


@dataclass
class Sent:
    path: Path
    replaced: bool
    count: int | None  # submissions in the round now (None: a file to send)


def submit(framework: Framework, round_name: str, member: Member, ratings: dict[str, int],
           why: dict[str, str], today: dt.date, *, folder: Path | None = None,
           output: Path | None = None, git_base: Path | None = None) -> Sent:
    """Write a submission: into the round's folder (this person's own file replaced, when
    they sent one before), or to the new file `output`."""
    if not ratings:
        raise BadInputError("nothing was rated, so there is nothing to send",
                            hint="Rate at least one characteristic.")
    text = submission_text(framework, round_name, member.mode, today, sector=member.sector,
                           who=member.who, organisation=member.organisation,
                           ratings=ratings, why=why)
    if output is not None:
        from reflect_cli.storage.files import atomic_write

        try:
            atomic_write(output, text, overwrite=False, mode=None)
        except FileExistsError:
            raise BadInputError(f"{visible(str(output))} already exists; choose another file "
                                "name") from None
        except OSError as exc:
            raise BadInputError(f"cannot write {visible(str(output))}: "
                                f"{exc.strerror or exc}") from None
        files.day_stamp(output, today)
        return Sent(output, False, None)
    assert folder is not None
    mine = files.my_file(folder)
    name = mine.name if mine is not None else files.new_name(member.mode, member.who)
    path = files.write_submission(folder, text, name, replace=mine is not None, day=today)
    files.remember_file(folder, path)
    if git_base is not None:
        _commit(git_base, path, "A rating submission" if member.mode == "anonymous"
                else f"Rating submission: {path.name}",
                anonymous=member.mode == "anonymous", day=today)
    return Sent(path, mine is not None, len(files.submission_files(folder)))


def my_submission(folder: Path, framework: Framework) -> Submission | None:
    """What this person sent in the round before (to change it), if reflect can read it."""
    mine = files.my_file(folder)
    if mine is None:
        return None
    found, _ = files.load_submissions([mine], framework)
    return found[0] if found else None


def read_answers(path: str, framework: Framework) -> tuple[dict[str, int], dict[str, str],
                                                            str | None]:
    """A `reflect rate --answers` file: the ratings, why lines and sector (if it says one);
    every problem with its key."""
    from reflect_cli.errors import Problem
    from reflect_cli.inputs.submissions import SubmissionError, parse_text, ratings_of, read_data
    from reflect_cli.inputs.yamlfiles import read_standard_input

    if path == "-":
        text, name = read_standard_input(SubmissionError, "answers file")
        data = parse_text(text, name, "answers file")
    else:
        data, name = read_data(Path(path), "answers file")
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise SubmissionError([Problem(name, None, "", "should hold 'ratings:' with a line "
                                       "for each characteristic")], what=name)
    unknown = [str(k) for k in data if k not in ("ratings", "sector")]
    for key in unknown:
        problems.append(Problem(name, None, key, "unknown key (an answers file for reflect "
                                "rate has 'ratings:' and 'sector:')"))
    ratings, why = ratings_of(data, name, framework, problems)
    sector = data.get("sector")
    if sector is not None and (not isinstance(sector, str) or len(sector) > 200):
        problems.append(Problem(name, None, "sector", "should be a sector's name"))
    if problems:
        raise SubmissionError(problems, what=name)
    return ratings, why, (" ".join(sector.split()) if isinstance(sector, str) else None)


# -- the reveal --------------------------------------------------------------------------------
@dataclass
class Revealed:
    """A round ready to show: what it is (None: files given one by one), its submissions, each
    characteristic's reveal, and a line for each file left out."""

    item: Round | None
    submissions: list[Submission]
    reveals: list[Reveal]
    skipped: list[str] = field(default_factory=list)

    @property
    def anonymous(self) -> bool:
        return self.item is None or self.item.mode == "anonymous"


def open_refusal(item: Round, count: int) -> BadInputError:
    return BadInputError(
        f"the round '{visible(item.name)}' is still open: {counted(count, 'submission')} so "
        "far. Nothing else is shown until it is closed, so nobody's view shapes another's.",
        hint=f"The facilitator closes it with: reflect rate --round \"{visible(item.name)}\" "
             "--close")


def reveal_round(base: Path, name: str, framework: Framework) -> Revealed:
    """A closed round's reveal; BadInputError (saying only the count) for an open one."""
    item, folder = files.load_round(base, name)
    paths = files.submission_files(folder)
    if item.is_open:
        raise open_refusal(item, len(paths))
    found, skipped = files.load_submissions(paths, framework, item.name)
    if item.closed is not None:
        closed = item.closed
        late = [s for s in found if s.day is not None and s.day > closed]
        skipped += [f"Left out {visible(s.source)}: sent on {s.day:%d/%m/%Y}, after the round "
                    f"closed on {closed:%d/%m/%Y}" for s in late if s.day is not None]
        found = [s for s in found if s not in late]
    return Revealed(item, found, reveal(framework, found, item.mode == "anonymous"), skipped)


def reveal_files(given: Sequence[str], framework: Framework) -> Revealed:
    """The reveal of submission files sent by e-mail (files, or folders holding them). Files
    of several rounds, or any anonymous one, are shown as an anonymous round would be (small
    sectors merged)."""
    paths: list[Path] = []
    for name in given:
        path = Path(name).expanduser()
        if path.is_dir():
            inside = files.submission_files(path)
            if not inside:
                raise BadInputError(f"the folder {visible(name)} holds no submission files "
                                    "(.yaml)")
            paths += inside
        elif not path.exists():
            raise BadInputError(f"{visible(name)} does not exist",
                                hint="Give the submission files members sent, or the folder "
                                     "you saved them in.")
        else:
            paths.append(path)
    found, skipped = files.load_submissions(paths, framework)
    anonymous = any(not s.who for s in found) or not found
    return Revealed(None, found, reveal(framework, found, anonymous), skipped)


# -- in a meeting ------------------------------------------------------------------------------
def taken(revealed: Revealed) -> RoundTaken:
    """What a meeting's log keeps of the round it revealed: the round's name and mode (for
    files given one by one: theirs when they all say the same, and anonymous when the reveal
    was), how many submissions, and each characteristic's tally: how many gave each score,
    and the medians by sector as the reveal showed them (small sectors merged in an anonymous
    round). Never a name, nor a why line (it may say who wrote it)."""
    if revealed.item is not None:
        name, mode = revealed.item.name, revealed.item.mode
    else:
        names = {s.round_name for s in revealed.submissions}
        modes = {s.mode for s in revealed.submissions}
        name = names.pop() if len(names) == 1 else ""
        # (as reveal_files shows them: as an anonymous round, unless each file has a name)
        named = revealed.submissions and all(s.who for s in revealed.submissions)
        mode = modes.pop() if named and len(modes) == 1 else "anonymous"
    tallies = {r.prompt.id: Tally(r.counts, tuple((v.sector, v.count, v.median)
                                                  for v in r.sectors))
               for r in revealed.reveals}
    return RoundTaken(name, mode, len(revealed.submissions), tallies)


class RevealingPrompter:
    """A session's prompter that shows a round's reveal on each characteristic's screen, before
    the group's rating is asked. Everything else is the prompter it wraps. In a workspace,
    `offer` is called once, at the first rating of a meeting: it returns the reveal to show
    (the facilitator chose to bring a round in), or None."""

    def __init__(self, inner: Any, revealed: Revealed | None = None,
                 offer: Callable[[Any, Any], Revealed | None] | None = None) -> None:
        self._inner = inner
        self._revealed = revealed
        self._offer = offer
        self._shown: set[str] = set()
        self._taken: RoundTaken | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def ask(self, step: Any, session: Any, previous: Any, can_go_back: bool) -> Any:
        if step.prompt.type == "rating" and session.meeting is not None:
            if self._revealed is None and self._offer is not None:
                offer, self._offer = self._offer, None
                self._revealed = offer(session, self._inner)
            if self._revealed is not None:
                # Kept in the log from the first rating on (the one shown, after a pause too).
                if self._taken is None:
                    self._taken = taken(self._revealed)
                if session.meeting.round != self._taken:
                    session.meeting.round = self._taken
                self._show(step.prompt.id)
        return self._inner.ask(step, session, previous, can_go_back)

    def _show(self, prompt_id: str) -> None:
        from reflect_cli.outputs import plain
        from reflect_cli.outputs.reveal import compact_lines

        assert self._revealed is not None
        revealed = self._revealed
        found = next((r for r in revealed.reveals if r.prompt.id == prompt_id), None)
        if found is None:
            self._inner.tell("Rated before the meeting: "
                             f"{counted(len(revealed.submissions), 'submission')}, and nobody "
                             "rated this one.")
            return
        import shutil

        width = max(30, plain.width() - 1)
        # Under it come the prompt, the speaking order, the clock and the list of what the
        # group agreed: about 17 lines, which must stay in sight.
        room = max(2, shutil.get_terminal_size((80, 24)).lines - 17)
        self._inner.tell("\n".join(compact_lines(found, width, revealed.reveals.index(found)
                                                 + 1, len(revealed.reveals), room=room)))


def meeting_offer(base: Path, framework: Framework, today: dt.date, git: bool,
                  confirm: Callable[[str], bool]
                  ) -> Callable[[Any, Any], Revealed | None] | None:
    """What a meeting in a workspace offers at its first rating: the newest round not yet
    brought into a meeting that has submissions (closed, or open: bringing it in closes it),
    or the round already brought into this very meeting (carried on after a pause). None: the
    workspace has no rounds."""
    found, _ = files.list_rounds(base)
    if not found:
        return None

    def offer(session: Any, prompter: Any) -> Revealed | None:
        mine = [r for r, _ in found if r.imported == session.id]
        candidates = mine or [r for r, folder in reversed(found)
                              if not r.imported and files.submission_files(folder)]
        if not candidates:
            return None
        item = candidates[0]
        if not mine:
            folder = files.round_folder(base, item.name)
            count = len(files.submission_files(folder))
            state = "closed" if item.closed else "still open (bringing it in closes it)"
            if not confirm(f"The rating round \"{visible(item.name)}\" has "
                           f"{counted(count, 'submission')}, and it is {state}. Show its "
                           "ratings on each characteristic's screen?"):
                return None
            close_round(base, item.name, today, git, imported=session.id)
        revealed = reveal_round(base, item.name, framework)
        for line in revealed.skipped:
            prompter.warn(line)
        return revealed

    return offer


def meeting_wrapper(framework: Framework, given: Sequence[str], base: Path | None,
                    git: bool, today: dt.date, confirm: Callable[[str], bool],
                    warn: Callable[[str], None]) -> Callable[[Any], Any] | None:
    """What wraps a meeting's prompter to show a round's reveal: the submission files given
    (`reflect session --ratings`, read and checked now, before anything is asked), or else the
    offer of the workspace's newest round. None: nothing to show."""
    if given:
        revealed = reveal_files(given, framework)
        for line in revealed.skipped:
            warn(line)
        if not revealed.submissions:
            raise BadInputError("none of the submission files given can be used, so there "
                                "are no ratings to show", hint="See above why each was left "
                                                                "out.")
        return lambda prompter: RevealingPrompter(prompter, revealed)
    if base is None:
        return None
    offer = meeting_offer(base, framework, today, git, confirm)
    if offer is None:
        return None
    return lambda prompter: RevealingPrompter(prompter, offer=offer)
