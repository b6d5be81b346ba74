"""`reflect rate` at a terminal: a member rates each characteristic on their own, with an
optional line on why, through the same lists and lines as a session."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from reflect_cli.domain.asking import Interrupted
from reflect_cli.domain.model import Framework, Prompt
from reflect_cli.textsafe import is_safe, visible

from . import prompting, render

WHY = "Why? One line, if you like (Enter alone leaves it out):"


def _clean(text: str) -> str:
    """A why line as one line of printable text."""
    return " ".join("".join(c if is_safe(c) else " " for c in text).split())


def ask_sector(sectors: Sequence[str]) -> str:
    choices = [(s, s) for s in sectors] + [("I would rather not say", "")]
    return str(prompting.choose("Which sector are you from? (It is kept with your ratings, "
                                "to show the view of each sector.)", choices))


def ask_alias() -> str:
    while True:
        said = " ".join(prompting.ask_line("Choose an alias: a name that is not yours, the same "
                                           "in every round (say, Blue Heron):").split())
        if said and is_safe(said) and len(said) <= 200:
            return said
        render.console().print("An alias needs a few letters; type one, or Ctrl-C to stop.")


def tell(message: str) -> None:
    render.console().print(message, markup=False, highlight=False)


def stop_choice() -> str:
    return str(prompting.choose("Stopped. What now?", [
        ("Send what I have rated so far", "send"),
        ("Carry on rating", "carry on"),
        ("Stop without sending anything", "stop")], default="carry on"))


def ask_ratings(framework: Framework, ratings: dict[str, int], why: dict[str, str]
                ) -> bool:
    """Ask each characteristic's rating and why line, starting from what is in `ratings` and
    `why` (a submission being changed) and changing them in place. False: the person chose to
    stop without sending."""
    assessment = framework.assessment
    prompts: list[Prompt] = [p for p in (assessment.prompts if assessment else ())
                             if p.type == "rating" and p.scale is not None]
    out = render.console()
    index = 0
    while index < len(prompts):
        prompt = prompts[index]
        scale = prompt.scale
        assert scale is not None
        try:
            out.print()
            out.print(Text(f"Characteristic {index + 1} of {len(prompts)} · Ctrl-C: stop "
                           "(send what you rated, or not)", style="dim"))
            out.print(Text(visible(" ".join(prompt.text.split())), style="bold"))
            typed = all(0 <= v <= 9 for v, _ in scale.labels)
            choices: list[tuple[str, Any]] = [(label if typed else f"{v}  {label}", v)
                                              for v, label in scale.labels]
            letters = [str(v) for v, _ in scale.labels] + ["s"]
            choices.append(("Skip this one", "skip"))
            keys: dict[str, Any] = {}
            if index > 0:
                choices.append(("Back to the previous one (Ctrl-B)", "back"))
                letters.append("b")
                keys["c-b"] = "back"
            value = prompting.choose("How true is this of your partnership now?", choices,
                                     default=ratings.get(prompt.id),
                                     shortcuts=letters if typed else (), keys=keys)
            if value == "back":
                index -= 1
                continue
            if value == "skip":
                ratings.pop(prompt.id, None)
                why.pop(prompt.id, None)
                index += 1
                continue
            ratings[prompt.id] = int(value)
            try:
                said = _clean(prompting.ask_line(WHY, default=why.get(prompt.id, "")))
            except Interrupted as stop:  # the half-typed why is kept: sent, or typed on
                if _clean(stop.text):
                    why[prompt.id] = _clean(stop.text)
                raise
            if said:
                why[prompt.id] = said
            else:
                why.pop(prompt.id, None)
            index += 1
        except (Interrupted, KeyboardInterrupt):
            choice = stop_choice()
            if choice == "stop":
                return False
            if choice == "send":
                return True
    return True
