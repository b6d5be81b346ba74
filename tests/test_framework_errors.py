"""A framework file with mistakes is refused with every problem named: file, line and key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from reflect_cli.errors import FrameworkError
from reflect_cli.inputs.framework import load_framework, validate_framework_file

NAME = "bad.yaml"


def minimal() -> dict[str, Any]:
    """The smallest framework that uses every part: two questions and a rated self-assessment."""
    return {
        "reflect_framework": 1,
        "id": "mini",
        "version": "1",
        "title": "Mini framework",
        "questions": [
            {"id": "q1", "question": "First question?", "explanation": "Why it matters.",
             "examples": ["An example."],
             "prompts": [{"id": "q1.a", "text": "Prompt A?"}, {"id": "q1.b", "text": "B?"}]},
            {"id": "q2", "question": "Second question?",
             "prompts": [{"id": "q2.a", "text": "Prompt C?"}, {"id": "q2.b", "text": "D?"}]},
        ],
        "self_assessment": {
            "id": "self", "title": "Rate yourselves",
            "scale": {1: "Low", 2: "Middle", 3: "High"},
            "prompts": [{"id": "self.x", "text": "We do X", "type": "rating"},
                        {"id": "self.y", "text": "We do Y", "type": "rating"}],
        },
    }


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line number of the nth line that contains `needle` (that is it, with '$')."""
    if needle.endswith("$"):
        found = [i for i, line in enumerate(text.split("\n"), 1)
                 if line.strip() == needle[:-1].strip()]
    else:
        found = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(found) >= nth, f"{needle!r} not found {nth} times in:\n{text}"
    return found[nth - 1]


def changed(change: Callable[[dict[str, Any]], None]) -> str:
    data = minimal()
    change(data)
    return dump(data)


@dataclass
class Case:
    id: str
    content: str | bytes
    #: (line or None, key path, a piece of the message) for each problem, in order.
    problems: list[tuple[int | None, str, str]]


def where(line: int | None, key: str) -> str:
    """How a problem starts in a message: `bad.yaml:12: questions[1].id: `."""
    place = NAME if line is None else f"{NAME}:{line}"
    return f"{place}: {key}: " if key else f"{place}: "


# -- the cases -----------------------------------------------------------------------------------
def _cases() -> list[Case]:
    cases: list[Case] = []

    def add(case_id: str, content: str | bytes,
            *problems: tuple[int | None, str, str]) -> None:
        cases.append(Case(case_id, content, list(problems)))

    # YAML syntax
    add("yaml-syntax", "id: mini\nversion: '1'\ntitle: Mini: with a colon\n",
        (3, "", "not valid YAML: the text after 'title:' has ': ' (a colon and a space) in it, "
            "which YAML reads as a new key; put the text in quotes, like "
            'title: "Mini: with a colon"'))
    add("yaml-tab", "id: mini\nquestions:\n\t- id: q1\n",
        (3, "", "not valid YAML: a tab where YAML expects spaces; indent with spaces"))
    add("yaml-unclosed", "id: mini\ntitle: [Mini\nversion: '1'\n",
        (3, "", "not valid YAML: expected ',' or ']', but got ':'"))

    # not a mapping
    add("a-list", "- id: mini\n- title: Mini\n",
        (1, "", "expected a mapping (key: value lines) in the file, found a list"))
    add("a-scalar", "just some words\n",
        (1, "", "expected a mapping (key: value lines) in the file, found 'just some words'"))

    # missing required keys
    add("missing-title", changed(lambda d: d.pop("title")), (1, "title", "missing required key"))
    text = changed(lambda d: d["questions"][1].pop("question"))
    add("missing-question-text", text,
        (line_of(text, "- id: q2$"), "questions[2].question", "missing required key"))
    text = changed(lambda d: d["questions"][0]["prompts"][1].pop("id"))
    add("missing-prompt-id", text,
        (line_of(text, "text: B?"), "questions[1].prompts[2].id", "missing required key"))
    text = changed(lambda d: d["questions"][1].pop("prompts"))
    add("missing-prompts", text,
        (line_of(text, "- id: q2$"), "questions[2].prompts", "missing required key"))
    text = changed(lambda d: (d.pop("questions"), d.pop("self_assessment")))
    add("missing-questions", text,
        (1, "questions", "missing required key: a framework needs questions"))
    text = changed(lambda d: d["self_assessment"].pop("title"))
    add("missing-assessment-title", text,
        (line_of(text, "id: self"), "self_assessment.title", "missing required key"))

    # wrong types
    text = changed(lambda d: d.update(questions="What is the purpose?"))
    add("questions-not-a-list", text,
        (line_of(text, "questions:"), "questions",
         "expected a list (lines starting with '- '), found 'What is the purpose?'"))
    text = changed(lambda d: d.update(questions=[]))
    add("no-questions-and-no-assessment", changed(
        lambda d: (d.update(questions=[]), d.pop("self_assessment"))),
        (line_of(text, "questions:"), "questions", "needs at least 1 question"))
    text = changed(lambda d: d.update(title=["Mini", "framework"]))
    add("title-a-list", text, (line_of(text, "- Mini"), "title", "expected text, found a list"))
    text = changed(lambda d: d["questions"][0]["prompts"].__setitem__(1, "Just a question?"))
    add("prompt-a-string", text,
        (line_of(text, "- Just a question?"), "questions[1].prompts[2]",
         "expected a mapping (key: value lines) in questions[1].prompts[2], "
         "found 'Just a question?'"))
    text = changed(lambda d: d["questions"][0].update(examples="Only one example"))
    add("examples-not-a-list", text,
        (line_of(text, "examples: Only one"), "questions[1].examples", "expected a list"))
    text = changed(lambda d: d["questions"][1].update(prompts=[]))
    add("empty-prompts", text,
        (line_of(text, "prompts: []"), "questions[2].prompts", "needs at least 1 item"))
    text = changed(lambda d: d["questions"][0]["prompts"][0].update(text={"en": "A"}))
    add("text-a-mapping", text,
        (line_of(text, "en: A"), "questions[1].prompts[1].text",
         "expected text, found a mapping"))
    text = changed(lambda d: d.update(source="The King's Fund"))
    add("source-not-a-mapping", text,
        (line_of(text, "source:"), "source", "expected a mapping"))

    # unknown keys
    text = changed(lambda d: d["questions"][0].update(promts=d["questions"][0].pop("prompts")))
    add("unknown-key-promts", text,
        (line_of(text, "promts:"), "questions[1].promts",
         "unknown key (did you mean 'prompts'?)"),
        (line_of(text, "- id: q1$"), "questions[1].prompts", "missing required key"))
    text = dump({("titel" if k == "title" else k): v for k, v in minimal().items()})
    add("unknown-key-titel", text,
        (line_of(text, "titel:"), "titel", "unknown key (did you mean 'title'?)"),
        (1, "title", "missing required key"))
    text = changed(lambda d: d["questions"][1]["prompts"][0].update(colour="blue"))
    add("unknown-key-no-suggestion", text,
        (line_of(text, "colour:"), "questions[2].prompts[1].colour",
         "unknown key (allowed here: id, text, type, scale)"))
    text = changed(lambda d: d["questions"][0]["prompts"][0].update(type="ratin"))
    add("unknown-type", text,
        (line_of(text, "type: ratin"), "questions[1].prompts[1].type",
         "unknown type 'ratin' (did you mean 'rating'? use one of: text, rating)"))

    # duplicates
    text = changed(lambda d: d["questions"][1]["prompts"][1].update(id="q1.a"))
    add("duplicate-prompt-id", text,
        (line_of(text, "id: q1.a", 2), "questions[2].prompts[2].id",
         f"duplicate id 'q1.a' (first used at line {line_of(text, 'id: q1.a')})"))
    text = changed(lambda d: d["questions"][1].update(id="q1"))
    add("duplicate-question-id", text,
        (line_of(text, "- id: q1$", 2), "questions[2].id",
         f"duplicate id 'q1' (first used at line {line_of(text, '- id: q1$')})"))
    text = changed(lambda d: d["self_assessment"]["prompts"][0].update(id="q2"))
    add("prompt-id-same-as-question-id", text,
        (line_of(text, "- id: q2$", 2), "self_assessment.prompts[1].id",
         f"duplicate id 'q2' (first used at line {line_of(text, '- id: q2$')})"))
    text = dump(minimal()).replace("title: Mini framework\n",
                                   "title: Mini framework\ntitle: Again\n")
    add("duplicate-yaml-key", text,
        (line_of(text, "title: Again"), "title",
         f"duplicate key (first at line {line_of(text, 'title: Mini')})"))
    text = changed(lambda d: d["questions"][0].update(id="Question One"))
    add("unusable-id", text,
        (line_of(text, "Question One"), "questions[1].id", "'Question One' is not a usable id"))

    # empty text
    text = changed(lambda d: d["questions"][0]["prompts"][1].update(text=""))
    add("empty-prompt-text", text,
        (line_of(text, "text: ''"), "questions[1].prompts[2].text",
         "is empty; write some text here"))
    text = changed(lambda d: d["questions"][1]["prompts"][0].update(text=None))
    add("null-prompt-text", text,
        (line_of(text, "text: null"), "questions[2].prompts[1].text", "is empty"))
    text = changed(lambda d: d.update(title="   "))
    add("blank-title", text, (line_of(text, "title:"), "title", "is empty"))
    text = changed(lambda d: d["questions"][0]["examples"].append(""))
    add("empty-example", text,
        (line_of(text, "- ''"), "questions[1].examples[2]", "is empty"))

    # rating scales
    def set_scale(scale: Any) -> Callable[[dict[str, Any]], None]:
        return lambda d: d["self_assessment"].update(scale=scale)

    text = changed(set_scale({1: "Low", 2: "Middle", 4: "High"}))
    add("scale-not-consecutive", text,
        (line_of(text, "1: Low"), "self_assessment.scale",
         "scale points must be consecutive whole numbers, found 1, 2, 4"))
    text = changed(set_scale({"one": "Low", 2: "High"}))
    add("scale-word-key", text,
        (line_of(text, "one: Low"), "self_assessment.scale.one",
         "scale points must be whole numbers, found 'one'"))
    text = changed(set_scale({1.5: "Low", 2: "High"}))
    add("scale-fraction-key", text,
        (line_of(text, "1.5: Low"), "self_assessment.scale.1.5",
         "scale points must be whole numbers, found '1.5'"))
    text = changed(set_scale({1: "Only"}))
    add("scale-one-point", text,
        (line_of(text, "1: Only"), "self_assessment.scale", "a scale needs at least two points"))
    text = changed(set_scale(["Low", "High"]))
    add("scale-a-list", text,
        (line_of(text, "- Low"), "self_assessment.scale", "a scale is a mapping of numbers"))
    text = changed(set_scale({1: "Low", 2: ""}))
    add("scale-empty-label", text,
        (line_of(text, "2: ''"), "self_assessment.scale.2", "is empty"))
    text = dump(minimal()).replace("    2: Middle\n", "    1: Middle\n")
    add("scale-duplicate-point", text,
        (line_of(text, "1: Middle"), "self_assessment.scale.1", "duplicate scale point"))
    text = changed(lambda d: d["self_assessment"].pop("scale"))
    add("rating-without-scale", text,
        (line_of(text, "- id: self.x"), "self_assessment.prompts[1].scale",
         "a rating prompt needs a scale"),
        (line_of(text, "- id: self.y"), "self_assessment.prompts[2].scale",
         "a rating prompt needs a scale"))
    text = changed(lambda d: d["questions"][0]["prompts"][0].update(scale={1: "a", 2: "b"}))
    add("text-prompt-with-scale", text,
        (line_of(text, "1: a"), "questions[1].prompts[1].scale",
         "only rating prompts have a scale (add 'type: rating')"))

    # the file itself
    add("not-utf8", b"id: mini\nversion: '1'\ntitle: Caf\xe9\n",
        (3, "", "is not UTF-8 text (byte 0xE9 at column 11); save it as UTF-8 and try again"))
    add("utf16", "id: mini\n".encode("utf-16"), (1, "", "is not UTF-8 text"))
    add("empty-file", b"", (None, "", "the file is empty"))
    add("blank-file", "\n   \n\n", (None, "", "the file is empty"))
    add("only-comments", "# a framework, one day\n", (None, "", "the file is empty"))
    text = changed(lambda d: d.update(reflect_framework=2))
    add("newer-schema", text,
        (1, "reflect_framework",
         "this file is for framework format 2; this reflect reads format 1 "
         "(a newer reflect may read it)"))
    return cases


CASES = _cases()


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / NAME
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named relative to the working folder, as a person would type them."""
    monkeypatch.chdir(tmp_path)


def test_the_minimal_framework_is_valid(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, dump(minimal()))
    framework = load_framework(NAME)
    assert [s.id for s in framework.sections] == ["q1", "q2", "self"]
    assert validate_framework_file(NAME) == []
    result = invoke("framework", "validate", NAME)
    assert result.exit_code == 0, result.output
    assert flat(result.stdout) == (
        "bad.yaml is a valid framework: Mini framework (id mini, version 1), 2 questions with "
        "4 prompts and a self-assessment of 2 ratings.")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_load_framework_names_file_line_and_key(tmp_path: Path, case: Case) -> None:
    write(tmp_path, case.content)
    with pytest.raises(FrameworkError) as info:
        load_framework(NAME)
    error = info.value
    assert error.exit_code == 2
    got = [(p.path, p.line, p.key) for p in error.problems]
    assert got == [(NAME, line, key) for line, key, _ in case.problems]
    for problem, (line, key, fragment) in zip(error.problems, case.problems, strict=True):
        assert str(problem).startswith(where(line, key))
        assert fragment in problem.message
        assert str(problem) in error.message
    assert [str(p) for p in validate_framework_file(NAME)] == [str(p) for p in error.problems]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_command_lists_every_problem(tmp_path: Path, case: Case, invoke) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, case.content)
    result = invoke("framework", "validate", NAME)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""
    output = flat(result.stderr)
    count = len(case.problems)
    assert output.startswith(f"{NAME}: {count} problem{'s' if count > 1 else ''}:")
    positions = []
    for line, key, fragment in case.problems:
        expected = flat(where(line, key) + fragment)
        assert expected in output
        positions.append(output.index(expected))
    assert positions == sorted(positions)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_show_with_a_bad_framework_is_a_clear_error(tmp_path: Path, case: Case, invoke) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, case.content)
    result = invoke("framework", "show", "--framework", NAME)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""
    output = flat(result.stderr)
    assert output.startswith("Error: ")
    for line, key, fragment in case.problems:
        assert flat(where(line, key) + fragment) in output


def test_the_framework_from_the_environment_is_checked_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, changed(lambda d: d.update(reflect_framework=2)))
    monkeypatch.setenv("REFLECT_FRAMEWORK", NAME)
    result = invoke("framework", "show")
    assert result.exit_code == 2
    assert f"{NAME}:1: reflect_framework: this file is for framework format 2" in flat(
        result.stderr)


def test_several_problems_are_all_in_the_error(tmp_path: Path) -> None:
    def break_it(d: dict[str, Any]) -> None:
        d.pop("version")
        d["questions"][0]["prompts"][0]["text"] = ""
        d["questions"][1]["prompts"][1]["id"] = "q2.a"
        d["self_assessment"]["scale"] = {1: "Low"}

    text = changed(break_it)
    write(tmp_path, text)
    with pytest.raises(FrameworkError) as info:
        load_framework(NAME)
    keys = [p.key for p in info.value.problems]
    assert "version" in keys
    assert "questions[1].prompts[1].text" in keys
    assert "questions[2].prompts[2].id" in keys
    assert "self_assessment.scale" in keys
    count = len(info.value.problems)
    assert info.value.message.startswith(f"{count} problems in {NAME}:\n")


def test_missing_file(invoke) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FrameworkError) as info:
        load_framework("missing.yaml")
    assert str(info.value) == "missing.yaml: framework file not found"
    for args in (["framework", "validate", "missing.yaml"],
                 ["framework", "show", "--framework", "missing.yaml"]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert "missing.yaml: framework file not found" in flat(result.stderr)
        assert "Traceback" not in result.output


def test_a_folder_is_not_a_framework(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "folder").mkdir()
    with pytest.raises(FrameworkError, match="is a folder; give the path of the framework file"):
        load_framework("folder")
    result = invoke("framework", "validate", "folder")
    assert result.exit_code == 2
    assert "folder: is a folder; give the path of the framework file" in flat(result.stderr)
    result = invoke("framework", "show", "--framework", "folder")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_bom_is_allowed(tmp_path: Path) -> None:
    write(tmp_path, b"\xef\xbb\xbf" + dump(minimal()).encode())
    assert load_framework(NAME).id == "mini"


def test_a_scale_at_the_top_serves_every_rating(tmp_path: Path) -> None:
    data = minimal()
    data["scale"] = data["self_assessment"].pop("scale")
    data["questions"][0]["prompts"].append({"id": "q1.r", "text": "Rate it", "type": "rating"})
    write(tmp_path, dump(data))
    framework = load_framework(NAME)
    rated = [p for _, p in framework.prompts() if p.type == "rating"]
    assert [p.id for p in rated] == ["q1.r", "self.x", "self.y"]
    assert all(p.scale is not None and p.scale.high == 3 for p in rated)


def test_a_scale_may_start_anywhere(tmp_path: Path) -> None:
    data = minimal()
    data["self_assessment"]["scale"] = {-1: "Worse", 0: "Same", 1: "Better"}
    write(tmp_path, dump(data))
    scale = load_framework(NAME).prompt("self.x").scale  # type: ignore[union-attr]
    assert scale is not None
    assert (scale.low, scale.high, scale.label(0)) == (-1, 1, "Same")
