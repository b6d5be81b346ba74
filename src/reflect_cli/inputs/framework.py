"""Load and validate framework files strictly, reporting every problem with file, line and key."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from reflect_cli.domain.model import (
    FRAMEWORK_SCHEMA_VERSION,
    PROMPT_TYPES,
    Framework,
    Prompt,
    Resource,
    Scale,
    Section,
    Source,
)
from reflect_cli.errors import FrameworkError, Problem, Problems, closest

from .answers import ANSWERS_FILE_KEYS
from .yamlfiles import NULL_TAG, compose_yaml, key_text, line_of, read_text_file, yaml_int

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
BUNDLED_NAME = "framework.yaml"
#: What a scale with problems becomes: its problems are reported once, not again as a
#: missing scale on every rating prompt that uses it.
_BROKEN_SCALE = Scale(())


def bundled_framework_text() -> str:
    """The text of the framework that ships with reflect."""
    return (resources.files("reflect_cli") / "data" / BUNDLED_NAME).read_text("utf-8")


def load_framework(path: Path | str | None = None) -> Framework:
    """Load a framework file (the bundled one when `path` is None), or raise FrameworkError."""
    if path is None:
        return parse_framework(bundled_framework_text(), "framework.yaml (bundled)")
    return parse_framework(read_text_file(Path(path), FrameworkError, "framework file"), str(path))


def validate_framework_file(path: Path | str) -> list[Problem]:
    """Every problem in a framework file; an empty list when it is fine."""
    try:
        load_framework(path)
    except FrameworkError as error:
        return error.problems
    return []


def parse_framework(text: str, name: str) -> Framework:
    """Parse framework YAML text; `name` is used in messages."""
    root = compose_yaml(text, name, FrameworkError)
    checker = _Checker(name)
    framework = checker.framework(root)
    checker.problems.raise_if_any()
    assert framework is not None  # a framework that is not a mapping is a problem
    return framework


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    value = str(node.value)
    return repr(value if len(value) <= 40 else value[:40] + "...")


class _Checker:
    """Walks the YAML node tree, building the model and collecting problems."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems = Problems(name, FrameworkError, line_of)
        self.ids: dict[str, int] = {}

    def problem(self, node: yaml.Node | None, key: str, message: str) -> None:
        self.problems.fail(node, key, message)

    # -- generic shapes -------------------------------------------------------------------
    def mapping(
        self, node: yaml.Node, path: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            where = path or "the file"
            self.problem(node, path, f"expected a mapping (key: value lines) in {where}, "
                         f"found {_kind(node)}")
            return None
        allowed = required + optional
        seen: dict[str, yaml.Node] = {}
        for key_node, _ in node.value:
            key = key_text(key_node)
            key_path = f"{path}.{key}" if path else key
            if key in seen:
                self.problem(key_node, key_path, f"duplicate key (first at line "
                             f"{seen[key].start_mark.line + 1})")
                continue
            if key not in allowed:
                # past the listed problems only the count is shown: no need to look for hints
                close = closest(key, allowed, cutoff=0.6) if self.problems.listing else None
                hint = f" (did you mean '{close}'?)" if close else (
                    f" (allowed here: {', '.join(allowed)})")
                self.problem(key_node, key_path, f"unknown key{hint}")
                continue
            seen[key] = key_node
        values = {key_text(k): v for k, v in node.value if key_text(k) in seen}
        for key in required:
            if key not in values:
                self.problem(node, f"{path}.{key}" if path else key, "missing required key")
        return values

    def text(self, node: yaml.Node | None, path: str, *, required: bool = True) -> str:
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, f"expected text, found {_kind(node)}")
            return ""
        value = "" if node.tag == NULL_TAG else str(node.value).strip()
        if not value and required:
            self.problem(node, path, "is empty; write some text here")
        return value

    def sequence(self, node: yaml.Node | None, path: str, *, min_items: int = 0) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, f"expected a list (lines starting with '- '), "
                         f"found {_kind(node)}")
            return []
        if len(node.value) < min_items:
            self.problem(node, path, f"needs at least {min_items} item"
                         f"{'s' if min_items > 1 else ''}")
        return list(node.value)

    def identifier(self, node: yaml.Node | None, path: str) -> str:
        value = self.text(node, path)
        if not value or node is None:
            return value
        if not ID_PATTERN.match(value):
            self.problem(node, path, f"'{value}' is not a usable id: use lowercase letters, "
                         "digits, '.', '_' and '-', starting with a letter or digit")
        elif value in self.ids:
            self.problem(node, path, f"duplicate id '{value}' (first used at line "
                         f"{self.ids[value]})")
        else:
            self.ids[value] = node.start_mark.line + 1
        return value

    def items(self, node: yaml.Node | None, path: str, build: Callable[[yaml.Node, str], Any],
              *, min_items: int = 0) -> tuple[Any, ...]:
        built = (build(item, f"{path}[{i}]")
                 for i, item in enumerate(self.sequence(node, path, min_items=min_items), 1))
        return tuple(x for x in built if x is not None)

    # -- the framework ------------------------------------------------------------------
    def framework(self, root: yaml.Node) -> Framework | None:
        m = self.mapping(
            root, "", ("id", "version", "title"),
            ("reflect_framework", "subtitle", "introduction", "source", "sectors", "scale",
             "questions", "self_assessment", "resources"),
        )
        if m is None:
            return None
        schema = m.get("reflect_framework")
        if schema is not None:
            value = self.text(schema, "reflect_framework")
            if value and value != str(FRAMEWORK_SCHEMA_VERSION):
                self.problem(schema, "reflect_framework", f"this file is for framework format "
                             f"{value}; this reflect reads format {FRAMEWORK_SCHEMA_VERSION} "
                             "(a newer reflect may read it)")
        framework_id = self.identifier(m.get("id"), "id")
        default_scale = self.scale(m["scale"], "scale") if "scale" in m else None
        questions = self.items(m.get("questions"), "questions",
                               lambda n, p: self.section(n, p, default_scale, False))
        assessment = None
        if "self_assessment" in m:
            assessment = self.section(m["self_assessment"], "self_assessment", default_scale, True)
        if not questions and assessment is None and "questions" not in m:
            self.problem(root, "questions", "missing required key: a framework needs questions "
                         "or a self_assessment")
        elif not questions and assessment is None:
            self.problem(m["questions"], "questions", "needs at least 1 question")
        sectors = tuple(self.text(n, f"sectors[{i}]")
                        for i, n in enumerate(self.sequence(m.get("sectors"), "sectors"), 1))
        return Framework(
            id=framework_id,
            version=self.text(m.get("version"), "version"),
            title=self.text(m.get("title"), "title"),
            subtitle=self.text(m.get("subtitle"), "subtitle", required=False),
            introduction=self.text(m.get("introduction"), "introduction", required=False),
            source=self.source(m.get("source")),
            questions=questions,
            assessment=assessment,
            resources=self.items(m.get("resources"), "resources", self.resource),
            sectors=sectors,
            path=self.name,
        )

    def source(self, node: yaml.Node | None) -> Source:
        if node is None:
            return Source()
        m = self.mapping(node, "source", (), ("title", "publisher", "attribution", "url"))
        if m is None:
            return Source()
        return Source(**{k: self.text(v, f"source.{k}") for k, v in m.items()})

    def resource(self, node: yaml.Node, path: str) -> Resource | None:
        m = self.mapping(node, path, ("title",), ("description", "url"))
        if m is None:
            return None
        return Resource(
            title=self.text(m.get("title"), f"{path}.title"),
            description=self.text(m.get("description"), f"{path}.description", required=False),
        )

    def section(self, node: yaml.Node, path: str, default_scale: Scale | None,
                is_assessment: bool) -> Section | None:
        title_key = "title" if is_assessment else "question"
        other = ("introduction",) if is_assessment else ("explanation", "examples")
        m = self.mapping(node, path, ("id", title_key, "prompts"),
                         other + ("scale", "resources"))
        if m is None:
            return None
        section_id = self.identifier(m.get("id"), f"{path}.id")
        scale = self.scale(m["scale"], f"{path}.scale") if "scale" in m else default_scale
        explanation_key = "introduction" if is_assessment else "explanation"
        examples = tuple(self.text(n, f"{path}.examples[{i}]")
                         for i, n in enumerate(self.sequence(m.get("examples"),
                                                             f"{path}.examples"), 1))
        return Section(
            id=section_id,
            title=self.text(m.get(title_key), f"{path}.{title_key}"),
            explanation=self.text(m.get(explanation_key), f"{path}.{explanation_key}",
                                  required=False),
            examples=examples,
            prompts=self.items(m.get("prompts"), f"{path}.prompts",
                               lambda n, p: self.prompt(n, p, scale), min_items=1),
            resources=self.items(m.get("resources"), f"{path}.resources", self.resource),
            is_assessment=is_assessment,
        )

    def prompt(self, node: yaml.Node, path: str, section_scale: Scale | None) -> Prompt | None:
        m = self.mapping(node, path, ("id", "text"), ("type", "scale"))
        if m is None:
            return None
        prompt_id = self.identifier(m.get("id"), f"{path}.id")
        if prompt_id in ANSWERS_FILE_KEYS:
            self.problem(m.get("id"), f"{path}.id", f"'{prompt_id}' cannot be a prompt id: an "
                         "answers file uses it for the session itself (reserved: "
                         f"{', '.join(ANSWERS_FILE_KEYS)})")
        text = self.text(m.get("text"), f"{path}.text")
        kind = "text"
        if "type" in m:
            kind = self.text(m["type"], f"{path}.type")
            if kind and kind not in PROMPT_TYPES:
                close = closest(kind, PROMPT_TYPES)
                hint = f"did you mean '{close}'? " if close else ""
                self.problem(m["type"], f"{path}.type", f"unknown type '{kind}' ({hint}use one "
                             f"of: {', '.join(PROMPT_TYPES)})")
                kind = "text"
        scale = self.scale(m["scale"], f"{path}.scale") if "scale" in m else section_scale
        if kind == "rating" and scale is None:
            self.problem(node, f"{path}.scale", "a rating prompt needs a scale: add 'scale' to "
                         "the prompt, its question or the top of the file")
        if kind == "text" and "scale" in m:
            self.problem(m["scale"], f"{path}.scale", "only rating prompts have a scale "
                         "(add 'type: rating')")
        return Prompt(id=prompt_id, text=text, type=kind,  # type: ignore[arg-type]
                      scale=scale if kind == "rating" and scale is not _BROKEN_SCALE else None)

    def scale(self, node: yaml.Node, path: str) -> Scale | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "a scale is a mapping of numbers to labels, like "
                         "'1: Not at all' on one line each")
            return _BROKEN_SCALE
        points: list[tuple[int, str]] = []
        ok = True
        seen: set[int] = set()
        for key_node, value_node in node.value:
            key_path = f"{path}.{key_node.value}"
            point = yaml_int(key_node)
            if point is None:
                self.problem(key_node, key_path, f"scale points must be whole numbers, "
                             f"found {key_node.value!r}")
                ok = False
                continue
            value = point
            if value in seen:
                self.problem(key_node, key_path, "duplicate scale point")
                ok = False
                continue
            seen.add(value)
            label = self.text(value_node, key_path)
            ok = ok and bool(label)
            points.append((value, label))
        if not ok:
            return _BROKEN_SCALE
        points.sort()
        numbers = [v for v, _ in points]
        if len(points) < 2:
            self.problem(node, path, "a scale needs at least two points")
            return _BROKEN_SCALE
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            self.problem(node, path, f"scale points must be consecutive whole numbers, "
                         f"found {', '.join(map(str, numbers))}")
            return _BROKEN_SCALE
        return Scale(tuple(points))
