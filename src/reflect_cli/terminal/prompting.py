"""Everything that asks a person something, with questionary (imported only when asking)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from rich.text import Text

from reflect_cli.domain.asking import (
    BACK,
    AfterRound,
    DraftChoice,
    EachRated,
    InterruptChoice,
    Interrupted,
    RatingsLine,
    Reply,
    ReviewInterrupted,
    Said,
    SaveDraft,
    SaveProblemChoice,
    Step,
    Unfinished,
    agree_action,
    round_tally,
    typed_before,
)
from reflect_cli.domain.meeting import (
    Meeting,
    Participant,
    Review,
    Tally,
    TrackedAction,
    carried_over_due,
    join_owners,
    make_review,
    overdue_since,
    parse_ratings,
    person_id,
    planned_seconds,
    ratings_so_far,
    spread,
)
from reflect_cli.domain.model import Answer, Author, Framework, Note, Session, number_text
from reflect_cli.textsafe import visible

from . import render

if TYPE_CHECKING:
    from reflect_cli.domain.digest import Digest

#: How an answer ends, the same in every box that takes an answer or a note (typed, brought
#: back from last time, from the editor, after a pause or a paste), said on screen here (first,
#: so a narrow screen never splits it) and decided in one place: _enter_finishes.
FINISH_HELP = ("Press Enter twice to finish, wherever you are in the text, or Ctrl-D at once; "
               "Enter or Ctrl-D on an empty answer skips.")
PASTE_HELP = "pasted text stays in the box, blank lines too."
TEXT_HELP = f"{FINISH_HELP} Type or paste your answer: {PASTE_HELP}"
MEETING_HELP = f"{FINISH_HELP} Type or paste the group's answer: {PASTE_HELP}"
KEYS = ("Ctrl-B: back", "Ctrl-E: write in your editor", "Ctrl-X: examples",
        "Ctrl-D: finish", "Ctrl-C: stop")
MEETING_KEYS = ("Ctrl-N: a note from one person, or change one", "Ctrl-A: add an action", *KEYS)
#: In a journal entry: an action of one's own, as in a meeting.
JOURNAL_KEYS = ("Ctrl-A: add an action", *KEYS)


def key_lines(keys: Sequence[str], width: int) -> str:
    """The keys to press, as many to a line as fit, never split in the middle of one."""
    lines: list[str] = []
    for key in keys:
        if lines and len(lines[-1]) + 3 + len(key) <= width:
            lines[-1] += " · " + key
        else:
            lines.append(key)
    return "\n".join(lines)
CHOICE_HELP = "(use ↑ ↓ then Enter)"
#: How an answer ends, said first among the keys pinned above the answer box (see _pin).
FINISH_KEY = "Enter twice: finish"

Lines = list[tuple[str, str]]  # prompt_toolkit's formatted text: (style, text) pairs


def _pin(question: Any, lines: Callable[[int], Lines], refresh: float | None = None) -> None:
    """Show `lines` (made for the terminal's width at each redraw) just above the question's
    box, where they stay on screen however long the answer grows (the box scrolls under
    them), until the question is answered; then they go, and the answer stays. With `refresh`,
    they are redrawn every so many seconds (a clock), which leaves typing alone."""
    from prompt_toolkit.application import get_app
    from prompt_toolkit.filters import is_done
    from prompt_toolkit.layout import ConditionalContainer, FormattedTextControl, Window

    def text() -> Any:  # the formatted text prompt_toolkit takes
        return lines(max(20, get_app().output.get_size().columns - 1))

    app = question.application
    app.layout.container.children.insert(0, ConditionalContainer(
        Window(FormattedTextControl(text), dont_extend_height=True, wrap_lines=True),
        filter=~is_done))
    if refresh is not None:
        app.refresh_interval = refresh


def _room(indent: int = 0) -> int:
    """How many characters a choice of a list can have in this terminal without being cut:
    the width less the pointer (3), and `indent` more (a tick box, a mark)."""
    import shutil

    return max(20, shutil.get_terminal_size().columns - 4 - indent)


def _broken(message: str) -> str:
    """A prompt's message broken at spaces where it would not fit on one line beside '› ' and
    a few typed characters: the terminal would otherwise cut it in the middle of a word
    ('type another date, o' / 'r delete it'). A message that fits is left as it is."""
    import shutil
    import textwrap

    width = max(20, shutil.get_terminal_size().columns - 2)
    if len(message) + 12 <= width:
        return message
    return "\n".join(textwrap.wrap(message, width - 2, break_on_hyphens=False))


def _above_answer(message: str, longest: int) -> str:
    """A list's message, on a line of its own when the choice taken, shown after it once
    chosen, would not fit beside it: otherwise the terminal cuts the choice in the middle of
    a word ('Start a new session (unfin' / 'ished ones stay for later)')."""
    import shutil

    if 2 + len(message) + 2 + longest < shutil.get_terminal_size().columns:
        return message
    return _broken(message) + "\n"


def _with_keys(message: str, keys: str) -> tuple[str, str]:
    """A tick list's message and the keys said after it: as they are when they fit on one
    line, else the keys go into the message, the whole broken at spaces (the terminal would
    cut 'Space to tick a wh' / 'ole question')."""
    import shutil

    if 2 + len(message) + 1 + len(keys) < shutil.get_terminal_size().columns:
        return message, keys
    return _broken(f"{message} {keys}"), ""


def _fit(label: str, room: int) -> str:
    """A choice shortened to fit (at a space where it can), with '…' to show it goes on: a
    list line is never cut off at the edge of the screen."""
    if len(label) <= room:
        return label
    cut = label[:room - 1]
    if " " in cut[room // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,(") + "…"


def person_choice(person: Participant, room: int) -> str:
    """A person in a list, as much as fits: name, organisation and sector; else name and
    organisation; else the organisation shortened. The name is always whole."""
    if len(person.describe()) <= room or not person.organisation:
        return person.describe() if len(person.describe()) <= room else person.name
    shorter = f"{person.name} ({person.organisation})"
    if len(shorter) <= room:
        return shorter
    space = room - len(person.name) - 3  # ' (' and ')'
    if space < 8:
        return person.name
    return f"{person.name} ({_fit(person.organisation, space)})"


def _wrapped(text: str, width: int, style: str) -> Lines:
    """Text wrapped at spaces to the width, as (style, text) lines."""
    import textwrap

    return [(style, line + "\n") for line in textwrap.wrap(text, width, break_on_hyphens=False)]


@dataclass(frozen=True)
class _Request:
    """A key pressed in the answer box that asks for something other than finishing it: to go
    back, open the editor, see examples, note what one person said, add an action, or stop
    (Ctrl-C). It carries the text typed so far, so nothing typed is lost on the way."""

    kind: Literal["back", "edit", "examples", "note", "action", "interrupt"]
    text: str


_REQUEST_KEYS = {"c-b": "back", "c-e": "edit", "c-x": "examples", "c-n": "note",
                 "c-a": "action", "c-c": "interrupt"}


def load() -> None:
    """Import the prompt libraries before the first screen, so a Ctrl-C pressed while they
    load cannot leave them half-imported."""
    import prompt_toolkit.application.application as application
    import prompt_toolkit.key_binding  # noqa: F401
    import questionary  # noqa: F401

    _share_default_bindings(application)
    # Everything made so far (the code of reflect and of its libraries) lives as long as the
    # process: set it aside from the cycle collector, whose full passes would otherwise walk
    # it all again, 50 ms in the middle of drawing a screen ("who is here" came a third later
    # with a journal than without).
    import gc

    gc.freeze()


def _share_default_bindings(application: Any) -> None:
    """prompt_toolkit makes its 1,800 default key bindings afresh for every question (three
    times over for a list to tick): most of the time between a key and the next screen,
    30 ms for "who is here". They keep nothing of a question (each key's handler finds the
    question it is pressed in when it runs), so every question can share one set."""
    import functools

    for name in ("load_key_bindings", "load_page_navigation_bindings"):
        made = getattr(application, name)
        if not hasattr(made, "cache_info"):
            setattr(application, name, functools.cache(made))


def _style() -> Any:
    import questionary

    return questionary.Style([
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("instruction", "fg:ansibrightblack"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansicyan"),
        ("answer", "fg:ansicyan"),
    ])


def _drop_typeahead() -> None:
    """Forget keys pressed before this question was shown: people who have learnt 'Enter
    twice' press Enter twice, and the second must not answer the next question."""
    import sys

    try:
        import termios

        termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):  # not a terminal, or not POSIX
        pass


#: While a person types, what is in the box is saved this often at most (and this long after
#: a change at the latest), so a crash loses a few seconds of typing, not the answer.
AUTOSAVE_SECONDS = 2.0


class _Autosave:
    """Saves the text of a box a little after it changes: when a key changes it, a timer
    starts, and when it fires the text is saved if it differs from what was saved last. So it
    saves at most every AUTOSAVE_SECONDS, never on every key."""

    def __init__(self, save: Callable[[str], None], start: str,
                 seconds: float = AUTOSAVE_SECONDS) -> None:
        self.save = save
        self.saved = start
        self.seconds = seconds
        self.app: Any = None
        self.timer: Any = None

    def attach(self, app: Any) -> None:
        self.app = app
        app.key_processor.after_key_press += self._changed

    def _changed(self, _sender: Any) -> None:
        import asyncio

        if self.timer is None:
            self.timer = asyncio.get_running_loop().call_later(self.seconds, self._fire)

    def _fire(self) -> None:
        self.timer = None
        app = self.app
        if app is None or not app.is_running or app.is_done:
            return
        text = app.current_buffer.text
        if text != self.saved:
            self.saved = text
            self.save(text)

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class _Batches:
    """Which keys arrived together, in one read from the terminal. A paste (without bracketed
    paste) and the keys a remote desktop sends in a bunch arrive together; keys typed one at a
    time arrive alone."""

    def __init__(self) -> None:
        self.last: list[Any] = []

    def attach(self, app: Any) -> Callable[[], None]:
        source = app.input
        read = source.read_keys

        def read_keys() -> list[Any]:
            keys = read()
            self.last = list(keys)
            return keys

        source.read_keys = read_keys

        def detach() -> None:
            source.__dict__.pop("read_keys", None)
        return detach


def _ask(question: Any, keep_typeahead: bool = False, autosave: _Autosave | None = None,
         batches: _Batches | None = None) -> Any:
    """Ask; Ctrl-C raises KeyboardInterrupt, and so does input that ends (EOF). Ctrl-D, where
    a person types, finishes what they type (the bindings of each prompt)."""
    if not keep_typeahead:
        _drop_typeahead()
    detach = batches.attach(question.application) if batches is not None else None
    if autosave is not None:
        autosave.attach(question.application)
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    finally:
        if autosave is not None:
            autosave.stop()
        if detach is not None:
            detach()


_ENTER_KEYS = ("c-m", "c-j")  # Enter, and the line feed some terminals send for it
_NOT_TYPED = ("<cursor-position-response>", "<ignore>")  # the terminal's own replies


def _key_name(press: Any) -> str:
    return str(getattr(press.key, "value", press.key))


def _enter_alone(event: Any, batches: _Batches) -> bool:
    """Did this Enter come by itself (or with other Enters only), and not together with text
    in one batch of keys (a paste, or a remote desktop's bunch of keys)?"""
    def typed(key: Any) -> bool:
        return _key_name(key) not in _ENTER_KEYS + _NOT_TYPED

    if any(typed(k) for k in event.key_processor.input_queue):
        return False
    press = event.key_sequence[-1]
    if any(k is press for k in batches.last):
        return not any(typed(k) for k in batches.last)
    return True


def _enter_finishes(text: str, twice: bool) -> bool:
    """How an answer ends: the one place it is decided (FINISH_HELP says it on screen). An
    Enter that comes alone finishes the answer when the answer is empty (a skip), or when the
    key before it was an Enter too (Enter twice), wherever the cursor is in the text. Nothing
    else finishes it: not where the cursor is, not a blank line pasted or brought back, not how
    fast the keys came. (Ctrl-D finishes it at once; see _text_bindings.)"""
    return not text.strip() or twice


def _text_bindings(batches: _Batches) -> Any:
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()
    #: After an Enter made a new line: the text and cursor it left, and the text before it. If
    #: the next key is Enter, nothing has changed since, and that is Enter twice.
    made_line: list[tuple[str, int, str]] = []

    def finish(event: Any, text: str) -> None:
        # Enters that came with it are not for the next question.
        queue = event.key_processor.input_queue
        for key in [k for k in queue if _key_name(k) in _ENTER_KEYS]:
            queue.remove(key)
        event.app.exit(result=text if text.strip() else "")

    # An Enter that comes with text in the same batch of keys (a paste without bracketed
    # paste, or keys a remote desktop delivers together) is a new line, so pasted blank lines
    # stay in the answer: at worst one more Enter is needed.
    @bindings.add("enter", eager=True)
    @bindings.add("c-j", eager=True)
    def _enter(event: Any) -> None:
        buffer = event.current_buffer
        before = made_line.pop() if made_line else None
        twice = before is not None and before[:2] == (buffer.text, buffer.cursor_position)
        if _enter_alone(event, batches) and _enter_finishes(buffer.text, twice):
            # The second Enter takes back the new line the first one made.
            finish(event, before[2] if twice and before is not None else buffer.text)
            return
        text = buffer.text
        buffer.insert_text("\n")
        made_line.append((buffer.text, buffer.cursor_position, text))

    @bindings.add("c-d", eager=True)
    def _finish_now(event: Any) -> None:
        finish(event, event.current_buffer.text)

    for key, kind in _REQUEST_KEYS.items():
        @bindings.add(key, eager=True)
        def _request(event: Any, kind: str = kind) -> None:
            event.app.exit(result=_Request(kind, event.current_buffer.text))  # type: ignore[arg-type]

    return bindings


def ask_line(message: str, default: str = "",
             on_pause: Callable[[str], None] | None = None, *,
             pinned: Callable[[int], Lines] | None = None) -> str:
    """One line of text (a title, a name, a check-in); Enter or Ctrl-D finishes. Ctrl-C raises
    Interrupted with what was typed; with on_pause, what is typed is passed to it a little
    after it changes (to save it); `pinned` lines stay above it, redrawn each second."""
    result = _line(message, default, on_pause, pinned=pinned)
    assert isinstance(result, str)
    return result


def _line(message: str, default: str = "", on_pause: Callable[[str], None] | None = None, *,
          requests: Sequence[str] = (), above: Callable[[str], str] | None = None,
          pinned: Callable[[int], Lines] | None = None) -> str | _Request:
    """A line of text, or a request made with one of the keys of _REQUEST_KEYS named in
    `requests` (they mean there what they mean in an answer box). `above` says, from what is
    typed, what to show above the line as it is typed; `pinned` lines stay above it all,
    redrawn each second."""
    import questionary
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("c-c", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(result=_Request("interrupt", event.current_buffer.text))

    from reflect_cli.terminal.wordwrap import WordWrap

    @bindings.add("c-d", eager=True)  # finish, as in an answer box (empty: skip, as Enter)
    def _finish(event: Any) -> None:
        event.app.exit(result=event.current_buffer.text)

    for key, kind in _REQUEST_KEYS.items():
        if kind in requests:
            @bindings.add(key, eager=True)
            def _request(event: Any, kind: str = kind) -> None:
                event.app.exit(result=_Request(kind, event.current_buffer.text))  # type: ignore[arg-type]

    if above is None:
        question = questionary.text(_broken(visible(message)), default=default, style=_style(),
                                    qmark="›", key_bindings=bindings,
                                    input_processors=[WordWrap()])
    else:
        # Drawn above the line and again at each key (a toolbar below it needs the terminal
        # to say where its cursor is, which not every terminal does).
        from prompt_toolkit.document import Document
        from prompt_toolkit.shortcuts import PromptSession

        def tokens() -> Any:
            return [("class:instruction", above(prompt.default_buffer.text) + "\n"),
                    ("class:qmark", "›"), ("class:question", f" {visible(message)} ")]

        prompt: Any = PromptSession(tokens, key_bindings=bindings, style=_style())
        prompt.default_buffer.reset(Document(default))
        question = questionary.Question(prompt.app)
    if pinned is not None:
        _pin(question, pinned, refresh=1.0)
    result = _ask(question,
                  autosave=_Autosave(on_pause, default) if on_pause is not None else None)
    if isinstance(result, _Request):
        if result.kind == "interrupt":
            raise Interrupted(result.text)
        return result
    return str(result or "").strip()


def choose(message: str, choices: Sequence[tuple[str, Any]], default: Any = None, *,
           shortcuts: Sequence[str] = (), keys: dict[str, Any] | None = None,
           pinned: Callable[[int], Lines] | None = None) -> Any:
    """Pick one of several choices, each a (label, value) pair. With `shortcuts` (one key a
    choice, in order), typing that key moves to the choice and Enter takes it, as with y and n;
    with `keys` (a key such as "c-b" to a value), pressing the key answers that value at once;
    `pinned` lines stay above them, redrawn each second."""
    import questionary

    # Choices carry their position: questionary takes a None value to mean "use the label".
    room = _room(3 if shortcuts else 0)  # ("1) " before each, with shortcuts)
    options = [questionary.Choice(_fit(visible(label), room), value=index,
                                  shortcut_key=shortcuts[index] if shortcuts else True)
               for index, (label, _) in enumerate(choices)]
    chosen = next((options[i] for i, (_, value) in enumerate(choices) if value == default), None)
    longest = max(len(_fit(visible(label), room)) for label, _ in choices)
    question = questionary.select(
        _above_answer(visible(message), longest), choices=options, default=chosen,
        style=_style(), qmark="›",
        use_shortcuts=bool(shortcuts),
        instruction="(a number, or ↑ ↓; then Enter)" if shortcuts
        else CHOICE_HELP)
    if keys:
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        bindings = KeyBindings()
        for key, value in keys.items():
            @bindings.add(key, eager=True)
            def _key(event: Any, value: Any = value) -> None:
                event.app.exit(result=_Picked(value))
        application = question.application
        application.key_bindings = merge_key_bindings(
            [b for b in (application.key_bindings, bindings) if b is not None])
    if pinned is not None:
        _pin(question, pinned, refresh=1.0)
    index = _ask(question)
    return index.value if isinstance(index, _Picked) else choices[index][1]


#: In "Who is speaking?": the choice that opens the notes taken on this prompt.
_CHANGE_NOTES = object()


def _meeting(session: Session) -> Meeting | None:
    """The meeting a session is: None for a journal entry (whose `meeting` holds only the
    actions its author added, if any: it has no people, clock or notes)."""
    return session.meeting if session.kind == "meeting" else None


def _short(text: str, width: int = 40) -> str:
    """The start of a text on one line, to tell it apart in a list."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Picked:
    """A choice made with a key of its own (Ctrl-B: back) rather than from the list."""

    value: Any


def pick_many(message: str, choices: Sequence[tuple[str, str]], *,
              checked: bool | set[str] = False, allow_none: bool = False,
              what: tuple[str, str] = ("choice", "choices"), asked: str | None = None,
              said: Callable[[list[Any]], str] | None = None) -> list[str]:
    """Tick some of several choices; `checked` ticks all, or those whose values it holds.
    Once done, the screen says the question (`asked`: the message without its help) and what
    was ticked: `said` gives it in words from the values ticked (people's names), else how
    many, in words (`what` names one and many: '4 people chosen'), not questionary's 'done
    (4 selections)'."""
    import questionary

    options = [questionary.Choice(_fit(visible(label), _room(2)), value=value,
                                  checked=checked if isinstance(
        checked, bool) else value in checked) for label, value in choices]
    return _ticked(options, message, "(↑ ↓ to move, Space to tick or untick, Enter when done)",
                   visible(asked or message), said or (lambda ticked: f"{len(ticked)} "
                   f"{what[0] if len(ticked) == 1 else what[1]} chosen" if ticked
                   else "none chosen"), allow_none=allow_none)


def _names(people: Sequence[Participant], nobody: str) -> Callable[[list[Any]], str]:
    """What a list of people ticked says once done: their names (`nobody` when none), for
    the room to check on a shared screen."""
    names = {p.id: p.name for p in people}
    return lambda ticked: ", ".join(visible(names.get(i, i)) for i in ticked) or nobody


def pick_grouped(message: str, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]], *,
                 checked: set[str]) -> list[str]:
    """Tick some choices, listed in groups under their headings: the first choice of a group
    stands for the whole group, the others are indented under it. Each choice is one line,
    cut to the width of the terminal (long prompts end in '…'). At least one is ticked."""
    import shutil

    import questionary

    width = max(20, shutil.get_terminal_size().columns - 10)
    options: list[Any] = []
    for heading, choices in groups:
        options.append(questionary.Separator(_one_line(heading, width + 6)))
        for index, (label, value) in enumerate(choices):
            shown = _one_line(label, width) if index == 0 else "  " + _one_line(label,
                                                                                 width - 2)
            options.append(questionary.Choice(shown, value=value, checked=value in checked))
    asked = visible(message).partition("?")  # the question, without what follows it
    return _ticked(options, message, "(↑ ↓ to move, Space to tick a whole question or single "
                   "prompts, Enter when done)", "".join(asked[:2]),
                   lambda ticked: f"{len(ticked)} ticked" if ticked else "none ticked")


def _ticked(options: list[Any], message: str, keys: str, asked: str,
            tally: Callable[[list[Any]], str], *, allow_none: bool = False) -> list[str]:
    """A list to tick, asked again until something is ticked (unless `allow_none`); once
    done, the screen says the question (`asked`) and what was ticked in words (`tally`, given
    the values ticked), not questionary's 'done (4 selections)'."""
    import questionary

    while True:
        said, shown_keys = _with_keys(visible(message), keys)
        question = questionary.checkbox(said, choices=options, style=_style(), qmark="›",
                                        instruction=shown_keys)
        question.application.erase_when_done = True  # its last line is said below instead
        picked = _ask(question)
        render.console().print(Text("› ", style="cyan") + Text(asked + " ")
                               + Text(tally(list(picked or [])), style="cyan"))
        if picked or allow_none:
            return list(picked or [])
        render.console().print(Text("Tick at least one with Space, then press Enter.",
                                    style="yellow"))


def _one_line(text: str, width: int) -> str:
    """Text from outside on one line of at most `width` characters, safe to show."""
    flat = visible(" ".join(text.split()))
    return flat if len(flat) <= width else flat[:width - 1].rstrip() + "…"


def confirm(message: str, default: bool = False) -> bool:
    import questionary

    # Without auto_enter, y or n waits for Enter, as the instruction says: an Enter pressed
    # out of habit never lands on the next question.
    # The question on a line of its own where the keys would not fit after it whole.
    instruction = "(y = yes, n = no, then Enter) "
    return bool(_ask(questionary.confirm(_above_answer(visible(message), len(instruction)),
                                         default=default, style=_style(), qmark="›",
                                         auto_enter=False, instruction=instruction)))


def _editor_argv() -> list[str] | None:
    """The editor to open: $VISUAL, else $EDITOR, else nano, else vi."""
    import os
    import shutil

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if command and command.strip():
        return split_command(command, windows=os.name == "nt")
    found = next((e for e in ("nano", "vi") if shutil.which(e)), None)
    return [found] if found else None


def split_command(command: str, *, windows: bool) -> list[str]:
    """An editor command as a list of words. A path with spaces or backslashes (Windows: C:\\
    Program Files\\Notepad++\\notepad++.exe) is kept whole when it names a file, quoted or not;
    otherwise the words are split as the shell would (on Windows, backslashes are kept)."""
    import os
    import shlex

    def split(words: str) -> list[str]:
        try:
            parts = shlex.split(words, posix=not windows)
        except ValueError:  # an unclosed quote: the words as they are
            parts = words.split()
        if windows:
            parts = [p[1:-1] if len(p) > 1 and p[0] == p[-1] == '"' else p for p in parts]
        return parts

    words = command.strip().split(" ")
    for end in range(len(words), 0, -1):  # the longest start of the command that is a file
        start = " ".join(words[:end]).strip()
        unquoted = start[1:-1] if len(start) > 1 and start[0] == start[-1] == '"' else start
        if unquoted and os.path.isfile(unquoted):
            return [unquoted, *split(" ".join(words[end:]))]
    return split(command)


def editor_hint() -> str:
    """How to get back from the editor, in plain words (shown before it opens, and written
    into the file, as an editor such as vi covers the screen)."""
    argv = _editor_argv()
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    back = {"nano": "press Ctrl-O, Enter, then Ctrl-X",
            "vi": "press Esc, type :wq and press Enter",
            "vim": "press Esc, type :wq and press Enter",
            "nvim": "press Esc, type :wq and press Enter"}.get(name, "save and close it")
    return f"Write your answer in {name or 'your editor'}. To go back to reflect, {back}."


def _run_editor(argv: list[str]) -> int:
    """Run the editor and wait for it. Ctrl-C belongs to the editor meanwhile (vim users press
    it often): reflect ignores it, so it never stops reflect with the text unsaved."""
    import os
    import signal
    import subprocess

    if os.name != "posix":
        return subprocess.call(argv)

    def default_sigint() -> None:  # the editor itself gets Ctrl-C as usual
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.call(argv, preexec_fn=default_sigint)
    finally:
        signal.signal(signal.SIGINT, previous)


def gather_participants(previous: Sequence[Participant], present: set[str],
                        sectors: Sequence[str],
                        me: Callable[[], str | None] = lambda: None) -> list[Participant]:
    """Who is at this meeting: people from recent meetings (those at the last one ticked),
    adjusted, and anyone new; then who facilitates (offered: the last meeting's facilitator,
    else whoever runs reflect here, `me`, when they are here) and who is the lead partner."""
    out = render.console()
    people: list[Participant] = []
    if previous:
        keep = set(pick_many("Who is here today? Everyone from last time is ticked.",
                             [(person_choice(p, _room(2)), p.id) for p in previous],
                             checked=present, allow_none=True, asked="Who is here today?",
                             said=_names(previous, "nobody from the meetings before")))
        people = [Participant(p.name, p.organisation, p.sector) for p in previous
                  if p.id in keep]
    else:
        out.print(Text("Add the people at this meeting, one at a time.", style="dim"))
    ask_more = not people
    while ask_more or confirm("Is anyone else here (someone new)?", default=False):
        ask_more = False
        name = ask_line("Name (Enter with nothing typed when everyone is added):")
        if not name:
            break
        if any(p.id == person_id(name) for p in people):
            out.print(Text(f"{visible(name)} is already on the list.", style="yellow"))
            continue
        if "," in name:  # an action's owners are separated by commas: it would be two people
            out.print(Text(f"A name cannot hold a comma: type {visible(name)} as first name "
                           "then surname, like Jo Smith.", style="yellow"))
            ask_more = True  # the name again, straight away
            continue
        organisation = ask_line(f"{name}'s organisation (optional):")
        sector = choose(f"{name}'s sector:", [(s, s) for s in sectors] + [("Not given", "")])
        people.append(Participant(name, organisation, sector))
        ask_more = True
    if not people:
        return []
    was = {p.id: p.roles for p in previous}
    here = {p.id for p in people}
    offered = next((p.id for p in people if "facilitator" in was.get(p.id, ())), None)
    if offered is None and (mine := me()) in here:
        offered = mine
    facilitator = choose("Who is facilitating?", [(person_choice(p, _room()), p.id)
                                                  for p in people] + [
        ("Nobody in particular", None)], default=offered)
    lead = choose("Who is the lead partner?", [(person_choice(p, _room()), p.id)
                                               for p in people] + [
        ("There is no lead partner", None)],
        default=next((p.id for p in people if "lead" in was.get(p.id, ())), None))
    agreed = ask_consent(people)
    return [replace(p, roles=tuple(r for r, who in (("facilitator", facilitator),
                                                    ("lead", lead)) if who == p.id),
                    named_in_reports=p.id in agreed)
            for p in people]


def ask_consent(people: Sequence[Participant]) -> set[str]:
    """Who agrees to be named in reports that leave the partnership: one list to tick, nobody
    ticked to begin with (the others appear there by their sector or role only). Asked at
    every meeting: agreeing once is not agreeing for good."""
    render.console().print(Text(
        "Reports for people outside the partnership (a board, a funder) name only those who "
        "agree; the others appear by sector (\"a VCSE member\").", style="dim"))
    # Once done it says who, by name (not "Enter with nobody ticked: nobody named. 2 people
    # named chosen"), for the room to check on the shared screen.
    return set(pick_many(
        "Who agrees to be named in reports outside the partnership? Enter with nobody "
        "ticked: nobody named.",
        [(person_choice(p, _room(2)), p.id) for p in people], allow_none=True,
        asked="Who agrees to be named in reports outside the partnership?",
        said=_names(people, "nobody: each person appears by sector or role")))


def ask_key_messages() -> list[str]:
    """The meeting's key messages, a line each, to head its reports (none: Enter at once).
    Ctrl-C stops asking and keeps what was typed."""
    render.console().print(Text(
        "The meeting's key messages head any report of it. Type one a line, then Enter; "
        "Enter with nothing typed when done (or to have none).", style="dim"))
    messages: list[str] = []
    while True:
        try:
            line = ask_line(f"Key message {len(messages) + 1}:")
        except Interrupted as stop:
            line = stop.text.strip()
            if line:
                messages.append(" ".join(line.split()))
            return messages
        if not line:
            return messages
        messages.append(" ".join(line.split()))


def ask_who_you_are(sectors: Sequence[str]) -> Author | None:
    """Who this person is, asked once (the first time a shared action needs it): their name,
    organisation and sector. None when they type no name (they would rather not say now)."""
    out = render.console()
    out.print(Text("reflect does not know who you are yet. Your name, organisation and sector "
                   "are recorded with each log you write, so that the partnership knows who "
                   "wrote what. They are kept on this computer, so you are asked only once "
                   "(change them later with: reflect config)."), markup=False)
    name = ask_line("Your name (then Enter; Enter with nothing typed to leave it for now):")
    if not name:
        out.print(Text("Nothing kept: reflect will ask again next time.", style="dim"))
        return None
    organisation = ask_line("Your organisation (then Enter; optional):")
    sector = choose("Your sector:", [(s, s) for s in sectors] + [("Not given", "")])
    return Author(name, organisation, sector or "")


def action_details(owner: str, due: dt.date | None) -> str:
    """Who does an action and by when, as agreed: 'Priya Shah, due 31 December 2026'."""
    return visible(", ".join((owner or "nobody named yet",
                              f"due {due.day} {due:%B %Y}" if due else "no date")))


def review_action(item: TrackedAction, on: dt.date) -> Review | None:
    """What happened to an open action from an earlier session (None: leave it for now): its
    status, then its new date when it is carried over, then a comment for the log."""
    action = item.action
    late = overdue_since(action, on)
    details = ", ".join(x for x in (
        action.owner, f"due by {action.due:%d %B %Y}" if action.due and not late else "",
        f"agreed {item.date:%d %B %Y}") if x)
    render.console().print(Text("• ") + Text(visible(action.text), style="bold") + Text(
        f" ({visible(details)})", style="dim"))
    if late is not None:  # on a line of its own, so it is seen whatever the width
        render.console().print(Text(f"  OVERDUE since {late:%d %B %Y}", style="bold red"))
    status = choose("What happened to it?", [
        ("Done", "done"), ("Carry it over (choose a new date)", "carried over"),
        ("Dropped: we will not do it", "dropped"), ("Skip for now", None)], default="done")
    if not isinstance(status, str):
        return None
    due = action.due
    if status == "carried over":
        due = _new_date(carried_over_due(action, on), on)
    try:
        comment = ask_line("Anything to note about it for the log? (a line, or Enter for "
                           "nothing)")
    except KeyboardInterrupt as stop:  # what was decided and typed is kept
        raise ReviewInterrupted(make_review(action, status, typed_before(stop), due)) from None
    return make_review(action, status, comment, due)


def _due_date(when: str, on: dt.date) -> dt.date | None:
    """The date an action is due by as typed ('15 Dec' is the next 15 December from `on`), or
    None once the screen has said why it is not a date and how to write one."""
    from reflect_cli.domain.dates import DateError, read_due_date

    try:
        return read_due_date(when, on)
    except DateError as error:
        example = on + dt.timedelta(days=28)
        why = f"{error.reason}. " if error.shaped else ""
        render.console().print(Text(
            f"'{visible(when)}' is not a date: {why}Write it like {example:%d/%m/%Y}, "
            f"{example.day} {example:%B} or {example.isoformat()}.", style="yellow"))
        return None


def _new_date(offered: dt.date | None, on: dt.date) -> dt.date | None:
    """The date a carried-over action is now due by: `offered` is in the box already (Enter
    keeps it; delete it for no date)."""
    box = f"{offered:%d/%m/%Y}" if offered else ""
    while True:
        when = ask_line(f"By when now? (Enter keeps {offered:%d/%m/%Y}; type another date, "
                        "or delete it for no date)" if offered else
                        "By when now? (a date, or Enter for no date)", default=box)
        if not when:
            return None
        due = _due_date(when, on)
        box = when  # asked again, the box holds what was typed, to correct
        if due is None:
            continue
        if due < on and not confirm(f"{due:%d %B %Y} has passed already. Keep it?",
                                    default=False):
            continue
        return due


@dataclass(frozen=True)
class Edited:
    """What came back from the editor: the text (None: keep the text from before) and what to
    tell the person about it (empty when all went well)."""

    text: str | None
    message: str = ""
    #: The editor saved in an encoding reflect could not read: characters are lost (shown
    #: as \ufffd), so the text must not be saved anywhere without the person checking it.
    damaged: bool = False


def edit_in_editor(text: str) -> Edited:
    """Open the editor on the text. Whatever the editor does (saves in another encoding,
    deletes the file, leaves a folder, fails), the person is told, and nothing is lost."""
    import codecs
    import os
    import tempfile
    from pathlib import Path

    from reflect_cli.errors import FileProblemsError
    from reflect_cli.inputs.yamlfiles import read_file_bytes

    argv = _editor_argv()
    if argv is None:
        return Edited(None, "No editor was found (set EDITOR to your editor); your text is as "
                      "it was.")
    fd, name = tempfile.mkstemp(prefix="reflect-answer-", suffix=".md")
    hint = f"<!-- {editor_hint()} This line is left out of your answer. -->"
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{text.rstrip()}\n\n{hint}\n" if text.strip() else f"\n\n{hint}\n")
        try:
            code = _run_editor([*argv, name])
        except OSError as exc:
            return Edited(None, f"The editor could not be opened ({argv[0]}: {exc.strerror}; "
                          "set EDITOR to your editor); your text is as it was.")
        if code != 0:
            return Edited(None, f"The editor stopped with an error (exit code {code}), so its "
                          "text was not used; your text is as it was.")
        if not os.path.lexists(name):
            return Edited(None, "The editor removed the file instead of saving it; your text is "
                          "as it was.")
        try:
            data = read_file_bytes(Path(name), FileProblemsError, "file")
        except FileProblemsError as error:
            return Edited(None, f"The editor's file could not be read ({error.problems[0].message}"
                          "); your text is as it was.")
        message = ""
        damaged = False
        try:
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                edited = data.decode("utf-16")  # Windows Notepad's "Unicode"
            else:
                edited = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            edited = data.decode("utf-8", "replace")
            damaged = True
            message = ("The editor saved the text in an encoding other than UTF-8: characters "
                       "reflect could not read are shown as \ufffd. Check your answer before "
                       "you finish it.")
        edited, controls = _without_controls(edited)
        if controls:
            message = (message + " " if message else "") + (
                f"The editor's text held control characters ({controls}), which cannot be in "
                "a log: they were left out. Check your answer.")
        return Edited("\n".join(line for line in edited.split("\n") if line != hint), message,
                      damaged)
    finally:
        _remove(name)


#: What an editor (or a binary file opened in it) may write but a log never holds: the
#: characters an answers file refuses (NUL, ESC, the C1 controls...), all but tab and newline.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _without_controls(text: str) -> tuple[str, str]:
    """The text without control characters, and those it held, named ('' for none)."""
    from reflect_cli.inputs.yamlfiles import describe_character

    text = text.replace("\r\n", "\n")
    found = sorted(set(_CONTROLS.findall(text)))
    if not found:
        return text, ""
    names = ", ".join(describe_character(c) for c in found[:5])
    return _CONTROLS.sub("", text), names + (f" and {len(found) - 5} more" if len(found) > 5
                                             else "")


def _remove(name: str) -> None:
    """Remove the editor's file, or the folder an editor left in its place (if empty)."""
    import contextlib
    import os

    try:
        os.unlink(name)
    except FileNotFoundError:
        pass
    except OSError:  # a folder (IsADirectoryError, or PermissionError on macOS)
        with contextlib.suppress(OSError):  # not empty: left in the temporary folder
            os.rmdir(name)


#: Back from typing each person's rating to the round's (an empty line).
_ROUND = object()


class TerminalPrompter:
    """Asks everything a session asks, in a real terminal (domain.asking.SessionPrompter)."""

    def __init__(self, framework: Framework,
                 previous_dates: dict[str, dt.date] | None = None,
                 save: SaveDraft | None = None) -> None:
        self.framework = framework
        self.previous_dates = previous_dates or {}  # when each answer from last time was given
        self.out = render.console()
        self.save = save
        #: What was typed into an answer box left unfinished (by Ctrl-C or Ctrl-B), with the
        #: notes taken so far, by prompt id: shown again there, or saved if the person stops.
        self.unsaved: dict[str, Unfinished] = {}
        self.rate_each: bool | None = None  # in a meeting: one rating per person?
        self.explained_ratings = False
        self.autosave_failed = False  # said already that saving while typing does not work
        #: The lines pinned under the answer box of the prompt being asked (see _pin), and
        #: when that prompt was put: its clock runs from then.
        self.pinned: Callable[[int], Lines] | None = None
        self.asked_at = 0.0
        self.ticking = False  # the pinned lines hold a clock

    def _save_now(self, step: Step, session: Session, item: Unfinished | None = None, *,
                  ask: bool = True) -> bool:
        """Save the draft now, with what is typed at this prompt and not finished yet."""
        if self.save is None:
            return True
        empty = (item is None or (isinstance(item, Said) and not item.text.strip()
                                  and not item.notes)
                 or (isinstance(item, RatingsLine) and not item.line.strip()))
        unfinished: dict[str, Unfinished] = {} if empty or item is None else {
            step.prompt.id: item}
        return self.save(session, unfinished, step.prompt.id, ask)

    def _autosave(self, step: Step, session: Session,
                  item: Callable[[str], Unfinished]) -> Callable[[str], None]:
        """What saves the text of a box while it is typed (see _Autosave); when that cannot
        be done, it says so once, above the box, and the text stays in the box."""
        def save(text: str) -> None:
            saved = self._save_now(step, session, item(text), ask=False)
            if not saved and not self.autosave_failed:
                from prompt_toolkit.application import run_in_terminal

                run_in_terminal(lambda: self.out.print(Text(
                    "What you type cannot be saved as you go (see above); it stays here, and "
                    "reflect asks what to do when you finish the answer.", style="yellow")))
            self.autosave_failed = not saved
        return save

    def _essentials(self, step: Step, session: Session, notes: Sequence[Note] = (),
                    keys: Sequence[str] = (), *, with_prompt: bool = True
                    ) -> Callable[[int], Lines]:
        """What must stay in sight while a prompt is answered, however long the answer and
        however small the terminal: the prompt, in a meeting the speaking order (who has been
        heard ticked) and a live clock with a cue to move on, and the keys."""
        import time

        meeting = _meeting(session)
        self.ticking = meeting is not None
        where = (f"Question {step.framework_number} · " if step.framework_number else "") + (
            f"prompt {step.prompt_number} of {step.prompt_count}: ")
        prompt = where + " ".join(visible(step.prompt.text).split())
        spent = dict(meeting.seconds_spent) if meeting is not None else {}
        before_question = spent.get(step.section.id, 0)
        before_meeting = sum(spent.values())
        started = self.asked_at

        def lines(width: int) -> Lines:
            out = _wrapped(prompt[0].upper() + prompt[1:], width, "bold") if with_prompt else []
            if meeting is not None and meeting.participants:
                out += _wrapped(render.order_line(meeting, step.section.id, session, notes),
                                width, "fg:ansicyan")
            if meeting is not None:
                now = time.monotonic() - started
                clock, cue = render.clock_line(
                    before_question + now, before_meeting + now,
                    planned_seconds(meeting.minutes, len(session.sections)), meeting.minutes)
                out += _wrapped(clock, width, "")
                if cue:
                    out += _wrapped(cue, width, "fg:ansiyellow bold")
            if keys:
                out.append(("fg:ansibrightblack", key_lines(keys, width) + "\n"))
            if out:  # the box comes on the next line, not after an empty one
                out[-1] = (out[-1][0], out[-1][1].removesuffix("\n"))
            return out
        return lines

    def show_section(self, step: Step, session: Session) -> None:
        self.out.print()
        self.out.print(render.section_panel(self.framework, step, session.meeting,
                                      len(session.sections)))

    def ask(self, step: Step, session: Session, previous: Answer | None,
            can_go_back: bool) -> Reply:
        import time

        self.asked_at = time.monotonic()
        self.pinned = None
        current = session.answer(step.prompt.id)
        # Counted over the whole session, as the welcome counts them ("3 prompts to go
        # through"); the panel of each question says which part it is.
        progress = f"Prompt {step.number} of {step.total}"
        self.out.print()
        self.out.print(Text(progress, style="dim") + Text(" · ") +
                       Text(visible(" ".join(step.prompt.text.split())), style="bold"))
        meeting = session.meeting if session.meeting and session.meeting.participants else None
        if meeting is not None and step.prompt.type != "rating":
            # The time is not printed: the clock pinned under the answer keeps it up to date.
            self.out.print(render.not_heard(meeting, step.section.id, session))
        if step.prompt.type == "rating":
            tally = round_tally(session, step)
            if tally is not None:
                return self._rating_after_round(step, session, tally, meeting, can_go_back)
            if meeting is not None and self._rating_each(meeting):
                return self._rating_each_person(step, session, meeting, can_go_back)
            return self._rating(step, session, current, previous, can_go_back)
        return self._text(step, session, current, previous, can_go_back)

    def _rating(self, step: Step, session: Session, current: Answer | None,
                previous: Answer | None, can_go_back: bool) -> Reply:
        scale = step.prompt.scale
        assert scale is not None
        if previous is not None and previous.rating is not None:
            self.out.print(Text(f"Last time: {render.rating_text(previous)}", style="dim"))
        # A rating is picked by typing its number (when each is one digit), the others by a
        # letter; Ctrl-B and Ctrl-A mean what they mean in an answer box.
        typed = all(0 <= v <= 9 for v, _ in scale.labels)
        choices: list[tuple[str, Any]] = [(label if typed else f"{v}  {label}", v)
                                          for v, label in scale.labels]
        letters = [str(v) for v, _ in scale.labels] + ["s"]
        choices.append(("Skip this one", "skip"))
        # (In a meeting or a journal entry alike.)
        choices.append(("Add an action first (Ctrl-A)", "action"))
        letters.append("a")
        keys: dict[str, Any] = {"c-a": "action"}
        if can_go_back:
            choices.append(("Back to the previous prompt (Ctrl-B)", "back"))
            letters.append("b")
            keys["c-b"] = "back"
        default = (current.rating if current and current.rating is not None else
                   previous.rating if previous and previous.rating is not None else None)
        value = self._picked_rating(step, session, "How true is this of your partnership now?",
                                    choices, default, letters if typed else [], keys)
        return value if value is BACK or value is None else int(value)

    def _picked_rating(self, step: Step, session: Session, message: str,
                       choices: list[tuple[str, Any]], default: Any, shortcuts: list[str],
                       keys: dict[str, Any]) -> Any:
        """A rating's list, asked until something other than an action is picked (Ctrl-A, or
        its line, adds one and asks again): BACK, None for 'skip' (said on the screen), or
        the value picked."""
        while True:
            value = choose(message, choices, default=default, shortcuts=shortcuts, keys=keys,
                           pinned=self._rating_essentials(step, session))
            if value == "action":
                self.add_action(session, step.section.id,
                                saving=lambda: self._save_now(step, session))
                continue
            if value == "back":
                return BACK
            if value == "skip":
                self.out.print(Text("Skipped.", style="dim"))
                return None
            return value

    def _rating_after_round(self, step: Step, session: Session, tally: Tally,
                            meeting: Meeting | None, can_go_back: bool) -> Reply:
        """A rating the round revealed just above: what the group agreed after talking it
        through (Enter: the round's median stands), or each person's rating typed live
        instead, when the group wants that."""
        scale = step.prompt.scale
        group = tally.group()
        assert scale is not None
        assert group is not None
        median = number_text(group.median)
        if meeting is not None and isinstance(self.unsaved.get(step.prompt.id), RatingsLine):
            # (a line of ratings was being typed when the meeting paused: straight back to it)
            live = self._rating_each_person(step, session, meeting, can_go_back,
                                            from_round=True)
            if live is not _ROUND:
                return live
        typed = all(0 <= v <= 9 for v, _ in scale.labels)
        choices: list[tuple[str, Any]] = [(f"No rating agreed: the round's median {median} "
                                           "stands", "none")]
        choices += [(f"The group agreed: {v} {label}" if typed else f"{v}  {label}", v)
                    for v, label in scale.labels]
        letters = ["n", *(str(v) for v, _ in scale.labels)]
        if meeting is not None:
            choices.append(("Type each person's rating instead", "live"))
            letters.append("t")
        # (no "Add an action" line: the list must leave the round's numbers above it in sight
        # on a 60x20 screen; the question says Ctrl-A)
        choices.append(("Skip this one", "skip"))
        letters.append("s")
        keys: dict[str, Any] = {"c-a": "action"}
        if can_go_back:
            choices.append(("Back to the previous prompt (Ctrl-B)", "back"))
            letters.append("b")
            keys["c-b"] = "back"
        known = meeting is not None and step.prompt.id in meeting.ratings
        agreed = session.meeting.agreed.get(step.prompt.id) if session.meeting else None
        default: Any = "live" if known else agreed if agreed is not None else "none"
        while True:
            value = self._picked_rating(
                step, session, "What rating did the group agree? (Ctrl-A: add an action)",
                choices, default, letters if typed else [], keys)
            if value is BACK or value is None:
                return value
            if value == "live" and meeting is not None:
                live = self._rating_each_person(step, session, meeting, can_go_back,
                                                from_round=True)
                if live is _ROUND:
                    self.out.print(Text("Back to the round's ratings.", style="dim"))
                    default = "none"
                    continue
                return live
            if value == "none":
                self.out.print(Text(f"The round's median stands: {median}.", style="dim"))
                return AfterRound()
            return AfterRound(int(value))

    def _rating_each(self, meeting: Meeting) -> bool:
        if self.rate_each is None:
            self.rate_each = choose("How will you rate the characteristics?", [
                ("One rating agreed by the group", False),
                ("Each person gives their own rating", True)], default=True)
        return bool(self.rate_each)

    def _rating_each_person(self, step: Step, session: Session, meeting: Meeting,
                            can_go_back: bool, *, from_round: bool = False) -> Any:
        """Each person's rating in one line, then what the group agreed. `from_round`: typed
        instead of a round's (an empty line goes back to the round's, returning _ROUND)."""
        scale = step.prompt.scale
        assert scale is not None
        # In the speaking order shown for this part, so going round the room fits the line.
        order = meeting.orders.get(step.section.id) or [p.id for p in meeting.participants]
        people = [p for p in (meeting.person(pid) for pid in order) if p is not None]
        known = meeting.ratings.get(step.prompt.id, {})
        default = " ".join(str(known.get(p.id, "-")) for p in people) if known else ""
        names = visible(", ".join(p.name for p in people))
        keys = (("Enter on an empty line goes back to the round's ratings" if from_round
                 else "Enter or Ctrl-D on an empty line skips")
                + ("; Ctrl-B goes back" if can_go_back else "")
                + "; Ctrl-A adds an action. Above the line: who gets which rating.")
        if not self.explained_ratings:
            self.explained_ratings = True
            self.out.print(Text(
                f"Type each person's rating ({scale.low} to {scale.high}; - for none), in this "
                f"order, with spaces between: {names}.\n"
                f"{visible(scale.describe())}. {keys}", style="dim"))
        else:
            self.out.print(Text(f"Ratings in this order: {names} (- for none). {keys}",
                                style="dim"))
        restored = self.unsaved.pop(step.prompt.id, None)  # typed before: Ctrl-C, a pause
        if isinstance(restored, RatingsLine):
            default = restored.line
        ids = [p.id for p in people]

        def who_gets(line: str) -> str:
            shown, extra = ratings_so_far(line, ids, scale.low, scale.high)
            parts = [visible(f"{meeting.name(pid)} {value}") for pid, value in shown]
            if extra:
                parts.append(f"{extra} too many")
            from prompt_toolkit.application import get_app

            return key_lines(parts, get_app().output.get_size().columns - 1)

        while True:
            try:
                result = _line("Ratings:", default=default, on_pause=self._autosave(
                    step, session, RatingsLine), requests=("back", "action", "note", "examples"),
                    above=who_gets, pinned=self._rating_essentials(step, session))
            except KeyboardInterrupt as stop:
                typed = typed_before(stop).strip()  # a half-typed line comes back after a pause
                if typed:
                    self.unsaved[step.prompt.id] = RatingsLine(typed)
                raise
            if isinstance(result, _Request):
                default = result.text
                if result.kind == "back" and can_go_back:
                    if default.strip():  # there again when the person comes forward
                        self.unsaved[step.prompt.id] = RatingsLine(default.strip())
                    return BACK
                if result.kind == "back":
                    self.out.print(Text("This is the first prompt: there is nothing to go "
                                        "back to.", style="yellow"))
                elif result.kind == "action":
                    self.add_action(session, step.section.id, saving=partial(
                        self._save_now, step, session, RatingsLine(default)))
                elif result.kind == "examples":
                    self.out.print(render.examples_panel(step.section))
                else:
                    self.out.print(Text("Notes from people are taken on the written prompts; "
                                        "here, type each person's rating.", style="yellow"))
                continue
            line = result
            if not line and from_round:
                return _ROUND
            if not line:
                self.out.print(Text("Skipped.", style="dim"))
                return None
            # Typed words still work, for those who learnt them.
            if line.lower() == "back" and can_go_back:
                return BACK
            if line.lower() == "action":
                self.add_action(session, step.section.id,
                                saving=lambda: self._save_now(step, session))
                continue
            parsed = parse_ratings(line, [p.id for p in people], scale.low, scale.high)
            if isinstance(parsed, str):
                # The line stays in the box, to correct the one rating rather than type all
                # of them again.
                self.out.print(Text(visible(f"{parsed} The line is kept below: correct it, "
                                            "then Enter."), style="yellow"))
                default = line
                continue
            found = spread(parsed.values(), scale.low, scale.high)
            if found is None:
                return EachRated(parsed)
            if found.low == found.high and found.count > 1:
                # Everyone gave the same rating: there is nothing for the group to agree.
                self.out.print(Text(f"Everyone gave {found.low}.", style="dim"))
                return EachRated(parsed)
            message = (f"Lowest {found.low}, median {found.median_text}, highest {found.high}."
                       + ("\nPeople disagree widely here: a conversation worth having."
                          if found.disagree else ""))
            self.out.print(Text(message, style="bold yellow" if found.disagree else "dim"))
            try:
                agreed = self._agreed_rating(step, found.median_text,
                                             meeting.agreed.get(step.prompt.id))
            except KeyboardInterrupt:  # the line typed comes back after a pause
                self.unsaved[step.prompt.id] = RatingsLine(line)
                raise
            if agreed == "again":
                default = line
                continue
            return EachRated(parsed, agreed if isinstance(agreed, int) else None)

    def _agreed_rating(self, step: Step, median: str, before: int | None) -> int | str | None:
        """The rating the group agreed after hearing each person's, if it agreed one (None:
        the median stands; 'again': type the ratings again)."""
        scale = step.prompt.scale
        assert scale is not None
        typed = all(0 <= v <= 9 for v, _ in scale.labels)
        choices: list[tuple[str, Any]] = [(f"No: the median {median} stands", "none")]
        choices += [(f"The group agreed: {v} {label}" if typed else f"{v}  {label}", v)
                    for v, label in scale.labels]
        choices.append(("Change the ratings typed", "again"))
        value = choose("Did the group agree a rating?", choices,
                       default=before if before is not None else "none",
                       shortcuts=(["n", *(str(v) for v, _ in scale.labels), "c"]
                                  if typed else ()))
        if value == "again":
            return "again"
        return None if value == "none" else int(value)

    def _text(self, step: Step, session: Session, current: Answer | None,
              previous: Answer | None, can_go_back: bool) -> Reply:
        default = current.text if current and not current.skipped else ""
        notes = list(current.notes) if current else []
        restored = self.unsaved.pop(step.prompt.id, None)
        if isinstance(restored, Said):
            default, notes = restored.text, list(restored.notes)
        elif previous is not None and previous.text and not default:
            self.out.print(render.last_time_panel(previous,
                                                  self.previous_dates.get(step.prompt.id)))
            choices: list[tuple[str, str]] = [("Keep it as it is", "keep"),
                                              ("Change it", "edit"),
                                              ("Write a new answer", "new"),
                                              ("Skip this one", "skip")]
            if can_go_back:
                choices.append(("Back to the previous prompt", "back"))
            action = choose("What would you like to do?", choices, default="keep")
            if action == "keep":
                return previous.text
            if action == "skip":
                return None
            if action == "back":
                return BACK
            if action == "edit":
                default = previous.text
        meeting = _meeting(session)
        in_meeting = meeting is not None
        self.out.print(Text(MEETING_HELP if in_meeting else TEXT_HELP, style="dim"))
        self.pinned = self._essentials(step, session, notes, (
            FINISH_KEY, *(MEETING_KEYS if in_meeting else JOURNAL_KEYS)))
        while True:
            try:
                result = self._text_box(default, can_go_back, self._autosave(
                    step, session, lambda text: Said(text, tuple(notes))))
            except KeyboardInterrupt as stop:
                self._keep(step, typed_before(stop), notes)
                raise
            if isinstance(result, _Request):
                default = result.text
                if result.kind == "back":
                    self._keep(step, default, notes)
                    return BACK
                if result.kind == "note" and meeting is None:
                    self.out.print(Text("Notes from people are for meetings; press Ctrl-A to "
                                        "add an action.", style="yellow"))
                elif result.kind == "note" and meeting is not None:
                    try:
                        self._note(meeting, step, session, default, notes)
                    except KeyboardInterrupt:
                        self._keep(step, default, notes)
                        raise
                elif result.kind == "action":
                    self.add_action(session, step.section.id, saving=partial(
                        self._save_now, step, session, Said(default, tuple(notes))))
                    self.out.print(Text("Back to the answer.", style="dim"))
                else:  # examples
                    self.out.print(render.examples_panel(step.section))
                continue
            text = self._as_typed(str(result))
            if in_meeting:
                if not text.strip() and not notes:
                    self.out.print(Text("Skipped.", style="dim"))
                    return None
                return Said(text, tuple(notes))
            if not text.strip():
                self.out.print(Text("Skipped.", style="dim"))
                return None
            return text

    @staticmethod
    def _as_typed(text: str) -> str:
        """Lines written one under another (in the box or in an editor), as paragraphs: a new
        line was meant, and a Markdown log would run single lines together."""
        import re

        return re.sub(r"(?<!\n)\n(?!\n)", "\n\n", text)

    def _keep(self, step: Step, text: str, notes: list[Note]) -> None:
        if text.strip() or notes:
            self.unsaved[step.prompt.id] = Said(text, tuple(notes))

    def _text_box(self, default: str, can_go_back: bool | None,
                  on_pause: Callable[[str], None] | None = None) -> str | _Request:
        """One answer box: its text, or a request to go back, see examples, add a note or an
        action (the editor and Ctrl-C are dealt with here). can_go_back None: a note's box,
        which hands Ctrl-B back like the other keys. With on_pause, the text is passed to it a
        little after it changes (to save it)."""
        import questionary

        from reflect_cli.terminal.wordwrap import WordWrap

        while True:
            batches = _Batches()
            question = questionary.text(
                "", default=default, multiline=True, style=_style(), qmark="›",
                instruction="", key_bindings=_text_bindings(batches),
                input_processors=[WordWrap()])
            self._pin_essentials(question)
            result = _ask(question, keep_typeahead=True,
                          autosave=_Autosave(on_pause, default) if on_pause is not None
                          else None, batches=batches)
            if isinstance(result, _Request) and result.kind == "interrupt":
                raise Interrupted(result.text)
            if isinstance(result, _Request) and result.kind == "back" and can_go_back is False:
                self.out.print(Text("This is the first prompt: there is nothing to go back to.",
                                    style="yellow"))
                default = result.text
                continue
            if isinstance(result, _Request) and result.kind == "edit":
                self.out.print(Text(editor_hint(), style="dim"))
                edited = edit_in_editor(result.text)
                if edited.message:
                    self.out.print(Text(edited.message, style="yellow"))
                if edited.text is None:
                    default = result.text
                else:
                    default = edited.text.rstrip("\n")
                    self.out.print(Text("Back from the editor. Go on typing, or press Enter "
                                        "twice (or Ctrl-D) to finish.", style="dim"))
                continue
            if isinstance(result, str):
                return result.strip("\n")
            return result

    def _note_essentials(self, step: Step, session: Session,
                         notes: Sequence[Note]) -> Callable[[int], Lines]:
        """Above a note's box: as above the answer's, with only the keys a note box takes."""
        keys = [k for k in KEYS if k.startswith(("Ctrl-E", "Ctrl-C"))]
        return self._essentials(step, session, notes, (FINISH_KEY, *keys))

    def _rating_essentials(self, step: Step, session: Session) -> Callable[[int], Lines] | None:
        """In a meeting, the speaking order and the clock above a rating (the prompt is on
        the line just above: a rating's list is short and never pushes it off the screen)."""
        return (self._essentials(step, session, with_prompt=False)
                if _meeting(session) is not None else None)

    def _pin_essentials(self, question: Any) -> None:
        """Pin the prompt's essentials under the question, ticking each second in a meeting."""
        if self.pinned is not None:
            _pin(question, self.pinned, refresh=1.0 if self.ticking else None)

    def _note(self, meeting: Meeting, step: Step, session: Session, answer: str,
              notes: list[Note]) -> None:
        """Ctrl-N: a note from one person; or, once notes are taken on this prompt, see them,
        change their words, give one to the right person, or remove one. Each change is saved
        before the screen says so."""
        heard = {n.speaker for n in notes}
        people = self._speakers(meeting, step)
        choices: list[tuple[str, Any]] = [
            (("✓ " if p.id in heard else "  ") + person_choice(p, _room(2)), p.id)
            for p in people if p]
        if notes:
            choices.append((f"See, change or remove the notes taken here ({len(notes)})",
                            _CHANGE_NOTES))
        choices.append(("Cancel: no note", None))
        first_unheard = next((p.id for p in people if p.id not in heard), None)
        speaker = choose("Who is speaking?", choices, default=first_unheard)
        if speaker is None:
            return
        if speaker is _CHANGE_NOTES:
            self._change_notes(meeting, step, session, answer, notes)
            return
        self.out.print(Text(f"What did {visible(meeting.name(speaker))} say? Press Enter twice "
                            "to finish, or Ctrl-D.", style="dim"))
        answer_pinned, self.pinned = self.pinned, self._note_essentials(step, session, notes)
        try:
            text = self._text_box("", None, self._autosave(
                step, session, lambda typed: Said(answer, (*notes, Note(speaker, typed)))))
        except KeyboardInterrupt as stop:  # half a note is still their words: keep it
            if typed_before(stop).strip():
                notes.append(Note(speaker, typed_before(stop)))
            raise
        finally:
            self.pinned = answer_pinned
        if isinstance(text, _Request):  # another key (Ctrl-A, Ctrl-N...): the words are kept
            self.out.print(Text("That key works in the group's answer: the note is taken as "
                                "it is, and you are back in the answer.", style="yellow"))
            text = text.text
        if not text.strip():
            self.out.print(Text("No note added.", style="dim"))
            return
        notes.append(Note(speaker, self._as_typed(text)))
        # Saved before the screen says so: a crash now keeps the note.
        self._save_now(step, session, Said(answer, tuple(notes)))
        self.out.print(Text(f"Note from {visible(meeting.name(speaker))} added. (Ctrl-N again "
                            "to change it or give it to someone else.)", style="green"))
        self.out.print(render.not_heard(meeting, step.section.id, session, notes))

    @staticmethod
    def _speakers(meeting: Meeting, step: Step) -> list[Participant]:
        order = meeting.orders.get(step.section.id) or [p.id for p in meeting.participants]
        return [p for p in (meeting.person(pid) for pid in order) if p is not None]

    def _change_notes(self, meeting: Meeting, step: Step, session: Session, answer: str,
                      notes: list[Note]) -> None:
        """The notes on this prompt, one to a line; pick one to change its words, give it to
        someone else, or remove it."""
        while notes:
            self.out.print(Text("Notes on this prompt:", style="bold"))
            for number, item in enumerate(notes, 1):
                self.out.print(Text(visible(f"{number}. {meeting.name(item.speaker)}: "
                                            + " ".join(item.text.split()))))
            which = choose("Which note?", [
                (f"{meeting.name(n.speaker)}: {_short(n.text)}", i) for i, n in enumerate(notes)
            ] + [("Back to the answer", None)], default=0)
            if which is None:
                break
            note = notes[which]
            name = visible(meeting.name(note.speaker))
            what = choose(f"{name}'s note: what would you like to do?", [
                ("Change its words", "words"),
                (f"Give it to someone else (these are not {name}'s words)", "who"),
                ("Remove it", "remove"),
                ("Leave it as it is", None)], default="words")
            if what == "words":
                self.out.print(Text(f"Change {name}'s words. Press Enter twice to finish, or "
                                    "Ctrl-D.", style="dim"))
                def changed(typed: str, i: int = which, n: Note = note) -> Said:
                    return Said(answer, (*notes[:i], replace(n, text=typed), *notes[i + 1:]))

                text = self._text_box(note.text, None, self._autosave(step, session, changed))
                if isinstance(text, _Request):  # another key: the words are kept as typed
                    text = text.text
                if text.strip():
                    notes[which] = replace(note, text=self._as_typed(text))
                    message = f"{name}'s note changed."
                else:
                    message = "The note is as it was (to take it away, choose Remove it)."
            elif what == "who":
                others = [p for p in self._speakers(meeting, step) if p.id != note.speaker]
                to = choose(f"Whose words are these? (now: {name})", [
                    (p.describe(), p.id) for p in others] + [
                    ("Cancel: leave it with " + name, None)],
                    default=others[0].id if others else None)
                if to is None:
                    continue
                notes[which] = Note(to, note.text)
                message = f"The note is now from {visible(meeting.name(to))}, not {name}."
            elif what == "remove":
                if not confirm(f"Remove {name}'s note \"{_short(note.text)}\"?", default=False):
                    continue
                del notes[which]
                message = f"{name}'s note removed."
            else:
                continue
            self._save_now(step, session, Said(answer, tuple(notes)))
            self.out.print(Text(message, style="green"))
            self.out.print(render.not_heard(meeting, step.section.id, session, notes))
        self.out.print(Text("Back to the answer.", style="dim"))

    def add_action(self, session: Session, section_id: str,
                   saving: Callable[[], object] | None = None) -> None:
        """Ask for an action (what, who, by when) and add it to the meeting, or to a journal
        entry (there, who does it is the writer unless they say otherwise); `saving` saves
        the draft before the screen says it is added."""
        meeting = _meeting(session) or Meeting()  # a journal entry: nobody else is there
        text = ask_line("What is the action? (Enter with nothing typed to cancel)")
        if not text:
            self.out.print(Text("No action added.", style="dim"))
            return
        owner = ""
        me = session.author if session.kind != "meeting" else None
        if me is not None:
            owner = choose("Who will do it?", [(f"Me ({_fit(visible(me.name), _room(8))})",
                                                me.name),
                                               ("Someone else (type a name)", "other"),
                                               ("Nobody yet", "")], default=me.name)
        elif meeting.participants:
            owner = choose("Who will do it?", [(person_choice(p, _room()), p.name)
                                               for p in meeting.participants]
                           + [("Several people (tick them)", "several"),
                              ("Someone else (type a name)", "other"),
                              ("Nobody yet", "")])
        if owner == "several":
            ticked = pick_many("Who will do it? Tick each person.",
                               [(p.name, p.name) for p in meeting.participants],
                               allow_none=True, asked="Who will do it?",
                               said=lambda names: ", ".join(map(visible, names)) or "nobody")
            others = ask_line("Anyone else? (names separated by commas, or Enter for nobody "
                              "else)")
            owner = join_owners([*ticked, *others.split(",")])
        elif owner == "other" or (not meeting.participants and me is None):
            owner = join_owners(ask_line("Who will do it? (a name, several separated by "
                                         "commas, or Enter to leave it open)").split(","))
        due = None
        example = dt.date.today() + dt.timedelta(days=28)
        while True:
            when = ask_line(f"By when? (a date like {example:%d/%m/%Y}, or Enter for no date)")
            if not when:
                break
            due = _due_date(when, dt.date.today())
            if due is None:
                continue
            if due < dt.date.today() and not confirm(
                    f"{due:%d %B %Y} has passed already. Keep it?", default=False):
                due = None
                continue
            break
        agree_action(session, section_id, text, owner, due)
        if saving is not None:
            saving()
        self.out.print(Text(f"Action added: {visible(text)} ({action_details(owner, due)})",
                            style="green"))

    def interrupted(self, session: Session) -> InterruptChoice:
        self.out.print()
        self.out.print(Text("You pressed Ctrl-C. Nothing is lost yet.", style="yellow"))
        try:
            choice = choose("What would you like to do?", [
                ("Save the log now, with what is written", "save"),
                ("Pause: keep my answers and carry on later", "pause"),
                ("Go on with the session", "continue"),
                ("Throw this session away", "discard")], default="save")
            if choice == "discard" and not confirm(
                    "Throw away everything written in this session? This cannot be undone.",
                    default=False):
                return "continue"
        except KeyboardInterrupt:
            return "pause"
        if choice != "continue":
            return choice
        self.out.print(Text("Carrying on.", style="dim"))
        return "continue"

    def unfinished(self) -> dict[str, Unfinished]:
        unsaved, self.unsaved = self.unsaved, {}
        return unsaved

    def restore(self, prompt_id: str, item: Unfinished) -> None:
        self.unsaved.setdefault(prompt_id, item)

    def start_questions(self, previous_dates: dict[str, dt.date],
                        save: SaveDraft | None) -> None:
        self.previous_dates = previous_dates
        self.save = save

    # -- what is said between the questions
    def tell(self, message: str, command: str = "") -> None:
        self.out.print(message, markup=False)
        if command:  # never wrapped: a terminal joins a long line back when it is copied
            self.out.print(f"  {command}", markup=False, soft_wrap=True, highlight=False)

    def warn(self, message: str) -> None:
        render.warn(message)

    def show_welcome(self, framework: Framework, count: int) -> None:
        self.out.print(render.welcome(framework, count))

    def show_people(self, meeting: Meeting) -> None:
        self.out.print(render.people_table(meeting))

    # -- a new session, or an unfinished one
    def pick_prompts(self, framework: Framework, ticked: Sequence[str]) -> list[str]:
        groups = []
        for section in framework.sections:
            count = len(section.prompts)
            whole = (f"All {count} ratings" if section.is_assessment else
                     f"The whole question ({count} prompt{'s' if count != 1 else ''})",
                     section.id)
            groups.append((render.section_heading(framework, section),
                           [whole, *((p.text, p.id) for p in section.prompts)]))
        known = {value for _, choices in groups for _, value in choices}
        again = set(ticked) & known  # (another framework's ids are not this one's)
        message = "What will you reflect on?" + (" Ticked: what you chose last time."
                                                   if again else "")
        return pick_grouped(message, groups, checked=again)

    def ask_title(self) -> str:
        return ask_line("Title (optional, press Enter to leave it out):")

    def ask_kind(self, default: str | None = None) -> str:
        kinds = [("A partnership meeting", "meeting"), ("My own journal entry", "journal")]
        return str(choose("What kind of session is this?",
                          [(label + (" (as last time)" if value == default else ""), value)
                           for label, value in kinds], default=default))

    def choose_draft(self, drafts: Sequence[Session], *, new_asked: bool) -> DraftChoice:
        choices: list[tuple[str, DraftChoice]] = [
            (_titled("Carry on with ", d.display_title,
                     f" ({d.answered} answered, {_started(d)})", f" ({d.answered} answered)"),
             ("carry on", d)) for d in drafts]
        choices.append(("Start a new session (unfinished ones stay for later)", None))
        choices += [(_titled("Throw away ", d.display_title, " and start a new session"),
                     ("throw away", d)) for d in drafts]
        message = ("You have an unfinished session." if len(drafts) == 1 else
                   f"You have {len(drafts)} unfinished sessions.")
        chosen: DraftChoice = choose(message, choices,
                                     default=None if new_asked else choices[0][1])
        return chosen

    def confirm_throw_away(self, session: Session) -> bool:
        return confirm(f"Throw away \"{session.display_title}\"? This cannot be undone.",
                       default=False)

    # -- a meeting's start and end
    def gather_participants(self, known: Sequence[Participant], present: set[str],
                            sectors: Sequence[str],
                            me: Callable[[], str | None] = lambda: None) -> list[Participant]:
        return gather_participants(known, present, sectors, me)

    def wants_checkin(self) -> bool:
        return confirm("Start with a check-in round?", default=True)

    def checkin(self, person: Participant) -> str:
        return ask_line(f"{person.name}:")

    def review_action(self, item: TrackedAction, on: dt.date) -> Review | None:
        return review_action(item, on)

    def show_digest(self, digest: Digest, left_out: Sequence[str]) -> None:
        """Since the last meeting: what members shared, said in a line; then, if the room
        wants, read out a screen at a time (each screen fits the terminal, with the keys
        under it), or skipped."""
        import shutil

        from reflect_cli.outputs import digest as shown

        size = shutil.get_terminal_size()
        self.out.print()
        self.out.print(Text(shown.heading(digest), style="bold"))
        self.out.print(Text(shown.counts(digest)))
        for name in left_out:
            render.warn(f"a shared file cannot be read, so it is left out: {visible(name)}")
        if digest.is_empty:
            return
        if not choose("Read them out now?", [
                ("Read them out, a screen at a time", True),
                ("Skip them: go on to the questions", False)], default=True):
            self.out.print(Text("Skipped.", style="dim"))
            return
        # Each screen leaves room for the list of keys under it (4 lines) and a blank line.
        screens = shown.pages(digest, size.columns, size.lines - 5)
        for number, lines in enumerate(screens, 1):
            self.out.print()
            for line in lines:
                self.out.print(Text(line), overflow="ignore", crop=False, soft_wrap=True)
            last = number == len(screens)
            choices = [("Go on to the questions", "done")] if last else [
                ("Next screen", "next"), ("Skip the rest: go on to the questions", "skip")]
            if choose(f"Screen {number} of {len(screens)}", choices) != "next":
                break

    def wants_more_actions(self) -> bool:
        return confirm("Any actions to add before you finish?", default=False)

    def wants_to_share(self, partnership: str) -> bool:
        render.console().print(Text(
            f"Shared, it goes to the workspace of {visible(partnership)}: everyone in the "
            "partnership can read it, with your name on it (reflect unshare takes it back). "
            "Not shared, it stays on this computer."), markup=False)
        return confirm("Share this entry with the partnership?", default=False)

    def who_are_you(self, sectors: Sequence[str]) -> Author | None:
        return ask_who_you_are(sectors)

    def ask_key_messages(self) -> list[str]:
        return ask_key_messages()

    # -- saving
    def save_problem(self, problem: str, what: str = "draft") -> SaveProblemChoice:
        return save_problem(problem, what)

    def ask_folder(self) -> str:
        return ask_folder()


def _started(session: Session) -> str:
    """'started 12 Mar 14:05' (with the year when it is not this one)."""
    created = session.created
    when = (f"{created.day} {created:%b %H:%M}" if created.year == dt.date.today().year
            else f"{created.day} {created:%b %Y %H:%M}")
    return f"started {when}"


def _titled(before: str, title: str, *afters: str) -> str:
    """A choice that names a session: its title (from outside, so made safe) shortened so the
    whole line fits the terminal; the first of `afters` (the longest first) that leaves the
    title room enough, so a narrow terminal gets the shorter words."""
    title = visible(title)
    for after in afters:
        room = _room() - len(before) - len(after) - 2  # the quotes
        if room >= min(len(title), 16) or after == afters[-1]:
            return f'{before}"{_fit(title, max(8, room))}"{after}'
    return f'{before}"{title}"'


def save_problem(problem: str, what: str = "draft") -> SaveProblemChoice:
    """The draft (or the log) cannot be saved: say so, and ask what to do. Ctrl-C here is
    'carry on': what is written stays in memory either way."""
    out = render.console()
    out.print()
    out.print(Text(visible(f"Your {what} cannot be saved: {problem}"), style="bold yellow"))
    out.print(Text("Nothing is lost: what you have written is still here.", style="yellow"))
    choices: list[tuple[str, SaveProblemChoice]] = [
        ("Try again (after making space, say)", "again"),
        ("Save it in another folder (you type which)", "elsewhere")]
    if what == "draft":
        choices.append(("Carry on without saving the draft for now", "skip"))
    try:
        chosen: SaveProblemChoice = choose("What would you like to do?", choices,
                                           default="again")
        return chosen
    except KeyboardInterrupt:
        if what == "draft":
            return "skip"
        raise


def ask_folder() -> str:
    """A folder to save in, typed by the person ('' when they give none)."""
    try:
        return ask_line("Which folder? (a path, like a memory stick; Enter to go back)")
    except KeyboardInterrupt:
        return ""


# -- reflect edit: what to correct in a finished log --------------------------------------------
def choose_correction(session: Session, found: Sequence[Any]) -> tuple[Any, str] | None:
    """Pick what to correct (an answer, a note, an action) and how: its words, who it is
    from (or for), or taking it out. None: nothing."""
    from reflect_cli.domain import corrections

    meeting = session.meeting

    def label(target: corrections.Target) -> str:
        if target.kind == "action":
            item = corrections.action(session, target)
            return f"Action {target.index + 1}: {_short(item.text)} ({item.owner or 'nobody yet'})"
        words = _short(corrections.words(session, target)) or "(skipped)"
        if target.kind == "note":
            speaker = corrections.note(session, target).speaker
            name = meeting.name(speaker) if meeting is not None else speaker
            return f"  Note from {name}: {words}"
        return f"{_short(session.labels.get(target.prompt_id, target.prompt_id), 30)}: {words}"

    target = choose("What would you like to correct?",
                    [(label(t), t) for t in found] + [("Nothing: leave the log as it is", None)],
                    default=found[0])
    if target is None:
        return None
    if target.kind == "answer":
        render.console().print(Text(editor_hint(), style="dim"))
        return target, "words"
    whose = "whose words these are" if target.kind == "note" else "who will do it"
    how = choose("What would you like to do with it?", [
        ("Change its words (in your editor)", "words"),
        (f"Change {whose}", "who"),
        ("Take it out of the log", "remove"),
        ("Nothing: leave it as it is", None)], default="words")
    if how is None:
        return None
    if how == "words":
        render.console().print(Text(editor_hint(), style="dim"))
    if how == "remove" and not confirm("Take it out of the log?", default=False):
        return None
    return target, how


def choose_speaker(session: Session, now: str) -> str | None:
    """Whose words a note is (a person id; None: leave it)."""
    meeting = session.meeting
    people = meeting.participants if meeting is not None else []
    name = meeting.name(now) if meeting is not None else now
    others = [p for p in people if p.id != now]
    if not others:
        render.warn("Nobody else is recorded at this meeting.")
        return None
    chosen: str | None = choose(f"Whose words are these? (now: {name})", [
        (p.describe(), p.id) for p in others] + [(f"Cancel: leave it with {name}", None)],
        default=others[0].id)
    return chosen


def ask_owner(session: Session, now: str) -> str | None:
    """Who will do an action, now `now` (a name, '' for nobody yet; None: leave it)."""
    meeting = session.meeting
    people = meeting.participants if meeting is not None else []
    if people:
        owner = choose(f"Who will do it? (now: {now or 'nobody yet'})", [
            (p.name, p.name) for p in people] + [
            ("Someone else (type a name)", "other"), ("Nobody yet", ""),
            ("Cancel: leave it as it is", None)], default=now if now else None)
        if owner != "other":
            return None if owner is None else str(owner)
    return ask_line("Who will do it? (a name, or Enter to leave it open)")
