"""Everything that asks a person something, with questionary (imported only when asking)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from . import render
from .model import Answer, Framework, Section, Session
from .sessions import BACK, InterruptChoice, Reply, Step

TEXT_HELP = (
    "Type your answer. Press Enter twice to finish, or Enter on an empty answer to skip.\n"
    "Ctrl-B: back · Ctrl-E: write in your editor · Ctrl-X: examples · Ctrl-C: stop"
)
CHOICE_HELP = "(use ↑ ↓ then Enter)"


class _Edit:
    """The person asked to open their editor with what they have typed so far."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Interrupt:
    def __init__(self, text: str) -> None:
        self.text = text


class _Examples:
    def __init__(self, text: str) -> None:
        self.text = text


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


def _ask(question: Any) -> Any:
    """Ask; Ctrl-C raises KeyboardInterrupt, Ctrl-D counts as Ctrl-C."""
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def _text_bindings() -> Any:
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("enter", eager=True)
    def _enter(event: Any) -> None:
        buffer = event.current_buffer
        if not buffer.text.strip():
            event.app.exit(result="")
        elif buffer.document.is_cursor_at_the_end and buffer.text.endswith("\n"):
            event.app.exit(result=buffer.text)
        else:
            buffer.insert_text("\n")

    @bindings.add("c-b", eager=True)
    def _back(event: Any) -> None:
        event.app.exit(result=BACK)

    @bindings.add("c-e", eager=True)
    def _edit(event: Any) -> None:
        event.app.exit(result=_Edit(event.current_buffer.text))

    @bindings.add("c-c", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(result=_Interrupt(event.current_buffer.text))

    @bindings.add("c-x", eager=True)
    def _examples(event: Any) -> None:
        event.app.exit(result=_Examples(event.current_buffer.text))

    return bindings


def ask_line(message: str, default: str = "") -> str:
    """One line of text (a title, a name); Enter finishes."""
    import questionary

    result = _ask(questionary.text(message, default=default, style=_style(), qmark="›"))
    return str(result or "").strip()


def choose(message: str, choices: Sequence[tuple[str, Any]], default: Any = None) -> Any:
    """Pick one of several choices, each a (label, value) pair."""
    import questionary

    options = [questionary.Choice(label, value=value) for label, value in choices]
    chosen = next((c for c in options if c.value == default), None)
    return _ask(questionary.select(message, choices=options, default=chosen, style=_style(),
                                   qmark="›", instruction=CHOICE_HELP))


def pick_many(message: str, choices: Sequence[tuple[str, str]]) -> list[str]:
    import questionary

    options = [questionary.Choice(label, value=value, checked=False) for label, value in choices]
    while True:
        picked = _ask(questionary.checkbox(
            message, choices=options, style=_style(), qmark="›",
            instruction="(↑ ↓ to move, Space to tick, Enter when done)"))
        if picked:
            return list(picked)
        render.console().print(Text("Tick at least one with Space, then press Enter.",
                                     style="yellow"))


def confirm(message: str, default: bool = False) -> bool:
    import questionary

    return bool(_ask(questionary.confirm(message, default=default, style=_style(), qmark="›",
                                         instruction="(y = yes, n = no, then Enter) ")))


def edit_in_editor(text: str) -> str | None:
    """Open $VISUAL or $EDITOR (else nano, else vi) on the text; None when it could not run."""
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if command:
        argv = shlex.split(command)
    else:
        found = next((e for e in ("nano", "vi") if shutil.which(e)), None)
        if found is None:
            return None
        argv = [found]
    fd, name = tempfile.mkstemp(prefix="reflect-answer-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            if subprocess.call([*argv, name]) != 0:
                return None
        except OSError:
            return None
        with open(name, encoding="utf-8-sig") as handle:
            return handle.read()
    finally:
        os.unlink(name)


class TerminalPrompter:
    """Asks a session's prompts in a real terminal."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.out = render.console()
        self.typed = ""  # what was in the answer box when Ctrl-C was pressed

    def show_section(self, step: Step, session: Session) -> None:
        self.out.print()
        self.out.print(_section_panel(self.framework, step))

    def ask(self, step: Step, current: Answer | None, previous: Answer | None,
            can_go_back: bool) -> Reply:
        progress = f"Prompt {step.prompt_number} of {step.prompt_count}"
        self.out.print()
        self.out.print(Text(progress, style="dim") + Text(" · ") +
                       Text(" ".join(step.prompt.text.split()), style="bold"))
        if step.prompt.type == "rating":
            return self._rating(step, current, previous, can_go_back)
        return self._text(step, current, previous, can_go_back)

    def _rating(self, step: Step, current: Answer | None, previous: Answer | None,
                can_go_back: bool) -> Reply:
        scale = step.prompt.scale
        assert scale is not None
        if previous is not None and previous.rating is not None:
            self.out.print(Text(f"Last time: {render.rating_text(previous)}", style="dim"))
        choices: list[tuple[str, Any]] = [(f"{v}  {label}", v) for v, label in scale.labels]
        choices.append(("Skip this one", "skip"))
        if can_go_back:
            choices.append(("Back to the previous prompt", "back"))
        default = (current.rating if current and current.rating is not None else
                   previous.rating if previous and previous.rating is not None else None)
        value = choose("How true is this of your partnership now?", choices, default=default)
        if value == "back":
            return BACK
        return None if value == "skip" else int(value)

    def _text(self, step: Step, current: Answer | None, previous: Answer | None,
              can_go_back: bool) -> Reply:
        default = current.text if current and not current.skipped else ""
        if previous is not None and previous.text and not default:
            self.out.print(Panel(render.answer_view(previous), title="Your answer last time",
                                 title_align="left", border_style="dim"))
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
        return self._type_text(step, default, can_go_back)

    def _type_text(self, step: Step, default: str, can_go_back: bool) -> Reply:
        import questionary

        self.out.print(Text(TEXT_HELP, style="dim"))
        if self.typed:
            default, self.typed = self.typed, ""
        while True:
            result = _ask(questionary.text(
                "", default=default, multiline=True, style=_style(), qmark="›",
                instruction="", key_bindings=_text_bindings()))
            if isinstance(result, _Interrupt):
                self.typed = result.text
                raise KeyboardInterrupt
            if result is BACK:
                if can_go_back:
                    return BACK
                self.out.print(Text("This is the first prompt: there is nothing to go back to.",
                                    style="yellow"))
                continue
            if isinstance(result, _Examples):
                default = result.text
                self.out.print(_examples_panel(step.section))
                continue
            if isinstance(result, _Edit):
                edited = edit_in_editor(result.text)
                if edited is None:
                    self.out.print(Text("The editor could not be opened (set EDITOR to your "
                                        "editor); your text is as it was.", style="yellow"))
                    default = result.text
                else:
                    default = edited.rstrip("\n") + "\n"
                    self.out.print(Text("Back from the editor. Press Enter to finish, or go on "
                                        "typing.", style="dim"))
                continue
            text = str(result or "").strip("\n")
            if not text.strip():
                self.out.print(Text("Skipped.", style="dim"))
                return None
            return text

    def interrupted(self, session: Session) -> InterruptChoice:
        self.out.print()
        self.out.print(Text(f"You pressed Ctrl-C. {session.answered} answered, "
                            f"{session.skipped} skipped so far.", style="yellow"))
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

    def unfinished(self) -> str:
        typed, self.typed = self.typed, ""
        return typed


def _section_panel(framework: Framework, step: Step) -> Panel:
    section = step.section
    body: list[Any] = [Text(render.section_heading(framework, section), style="bold")]
    if section.explanation:
        body.append(Text(" ".join(section.explanation.split())))
    if section.examples:
        body.append(Text("Press Ctrl-X while answering to see examples from partnerships.",
                         style="dim"))
    if section.is_assessment and section.prompts and section.prompts[0].scale:
        body.append(Text("Scale: " + section.prompts[0].scale.describe(), style="dim"))
    where = f"Part {step.section_number} of {step.section_count}"
    return Panel(Group(*body), title=Text(where, style="bold"), title_align="left",
                 border_style="cyan", padding=(0, 1))


def _examples_panel(section: Section) -> Panel:
    lines = [Text("• " + " ".join(e.split())) for e in section.examples] or [
        Text("This question has no examples.")]
    return Panel(Group(*lines), title="Examples from partnerships", title_align="left",
                 border_style="magenta")
