"""The bundled framework says what the King's Fund framework says."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from reflect_cli.domain.model import Framework
from reflect_cli.inputs.framework import ID_PATTERN, bundled_framework_text, load_framework

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/seeds/000_81fd5d74058c58ca.txt")

QUESTION_IDS = ["purpose", "role", "members", "workload", "learning"]
PROMPT_COUNTS = [5, 3, 4, 6, 4]
SCALE = ((1, "Not at all"), (2, "A little"), (3, "Partly"), (4, "Mostly"), (5, "Fully"))
# Where the framework deliberately tidies the source text.
SOURCE_CORRECTIONS = {
    "&": "and",
    "convenes convenes facilitates": "convenes and facilitates",  # a typo in the source
}


def normalise(text: str) -> str:
    """Straight quotes and single spaces, so typography does not count as a difference."""
    text = (text.replace("\u2018", "'").replace("\u2019", "'")
            .replace("\u201c", '"').replace("\u201d", '"'))
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"the source text {SEED} is not on this machine")
    return [normalise(line) for line in SEED.read_text(encoding="utf-8").splitlines()]


def points_to_consider(lines: list[str]) -> list[list[str]]:
    """Each 'Main points to consider' list of the source, in order."""
    groups: list[list[str]] = []
    for index, line in enumerate(lines):
        if line.startswith("Main points to consider"):
            group = []
            for following in lines[index + 1:]:
                if following.startswith("Helpful resource"):
                    break
                group.append(following)
            groups.append(group)
    return groups


def characteristics(lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines)
                 if line.startswith("Summary of characteristics of effective partnerships"))
    found = [line for line in lines[start + 1:] if line]
    corrected = []
    for line in found:
        for wrong, right in SOURCE_CORRECTIONS.items():
            line = line.replace(wrong, right)
        corrected.append(line)
    return corrected


def flat(text: str) -> str:
    return normalise(text)


# -- shape ---------------------------------------------------------------------------------------
def test_five_questions_in_order(framework: Framework) -> None:
    assert [q.id for q in framework.questions] == QUESTION_IDS
    assert all(not q.is_assessment for q in framework.questions)


def test_question_texts_match_the_source(framework: Framework, seed_lines: list[str]) -> None:
    start = seed_lines.index("The framework comprises five questions")
    assert [flat(q.title) for q in framework.questions] == seed_lines[start + 1:start + 6]


def test_twenty_two_text_prompts(framework: Framework) -> None:
    assert [len(q.prompts) for q in framework.questions] == PROMPT_COUNTS
    prompts = [p for q in framework.questions for p in q.prompts]
    assert len(prompts) == 22
    assert all(p.type == "text" and p.scale is None for p in prompts)


def test_prompt_ids_belong_to_their_question(framework: Framework) -> None:
    for question in framework.questions:
        for prompt in question.prompts:
            assert prompt.id.startswith(question.id + ".")


def test_prompts_are_the_points_to_consider(framework: Framework,
                                            seed_lines: list[str]) -> None:
    expected = points_to_consider(seed_lines)
    assert [len(group) for group in expected] == PROMPT_COUNTS  # the parse of the source is right
    actual = [[flat(p.text) for p in q.prompts] for q in framework.questions]
    assert actual == expected


def test_self_assessment_has_twelve_ratings_on_a_labelled_scale(framework: Framework) -> None:
    assessment = framework.assessment
    assert assessment is not None
    assert assessment.is_assessment
    assert assessment.id == "characteristics"
    assert assessment.title == "Characteristics of effective partnerships"
    assert assessment.explanation  # its introduction
    assert len(assessment.prompts) == 12
    for prompt in assessment.prompts:
        assert prompt.type == "rating"
        assert prompt.scale is not None
        assert prompt.scale.labels == SCALE
        assert (prompt.scale.low, prompt.scale.high) == (1, 5)
    assert framework.sections[-1] is assessment


def test_characteristics_match_the_source(framework: Framework, seed_lines: list[str]) -> None:
    assert framework.assessment is not None
    expected = characteristics(seed_lines)
    assert len(expected) == 12
    assert [flat(p.text) for p in framework.assessment.prompts] == expected


def test_ids_are_unique_and_well_formed(framework: Framework) -> None:
    ids = [framework.id] + [s.id for s in framework.sections] + [
        p.id for _, p in framework.prompts()]
    assert len(ids) == len(set(ids)) == 1 + 6 + 34
    assert all(ID_PATTERN.match(i) for i in ids)


def test_every_question_has_explanation_examples_and_resources(framework: Framework) -> None:
    for question in framework.questions:
        assert len(question.explanation.split()) >= 30, question.id
        assert len(question.examples) >= 2, question.id
        assert all(len(e.split()) >= 5 for e in question.examples), question.id
        assert question.resources, question.id
        assert all(r.title and r.description for r in question.resources), question.id


def test_resources_per_question_follow_the_source(framework: Framework) -> None:
    assert [len(q.resources) for q in framework.questions] == [1, 1, 2, 2, 2]
    titles = [r.title for q in framework.questions for r in q.resources]
    assert "Stakeholder analysis (Peter Block)" in titles
    assert "Kantor's 4-player model" in titles
    assert "Bridges transitions model" in titles


def test_framework_metadata(framework: Framework) -> None:
    assert framework.id == "kings-fund-partnering"
    assert framework.version == "1.0"
    assert framework.title == "A reflective learning framework for partnering"
    assert framework.subtitle == ("Insights from the early work of the Healthy Communities "
                                  "Together partnerships")
    assert framework.source.publisher == "The King's Fund"
    assert "The King's Fund" in framework.source.attribution
    assert framework.sectors == ("NHS", "Local authority", "VCSE", "Community member", "Other")
    assert framework.resources
    assert framework.path == "framework.yaml (bundled)"


def test_lookup_helpers(framework: Framework) -> None:
    assert framework.section("role") is framework.questions[1]
    assert framework.section("nope") is None
    prompt = framework.prompt("workload.power")
    assert prompt is not None
    assert prompt.text.startswith("How will you ensure that power")
    assert framework.section_of("workload.power") is framework.questions[3]
    assert framework.prompt("characteristics.trust") is not None
    assert framework.section_of("characteristics.trust") is framework.assessment
    assert len(list(framework.prompts())) == 34


def test_no_text_has_stray_whitespace(framework: Framework) -> None:
    for section, prompt in framework.prompts():
        assert prompt.text == prompt.text.strip()
        assert "  " not in prompt.text, prompt.id
        assert section.title == " ".join(section.title.split())


# -- one source of truth -------------------------------------------------------------------------
def test_top_level_framework_file_is_the_packaged_one() -> None:
    packaged = resources.files("reflect_cli").joinpath("data", "framework.yaml").read_bytes()
    assert (ROOT / "framework.yaml").read_bytes() == packaged
    assert bundled_framework_text().encode("utf-8") == packaged


def test_top_level_framework_file_loads_to_the_same_framework(framework: Framework) -> None:
    from dataclasses import replace

    loaded = load_framework(ROOT / "framework.yaml")
    assert loaded.path == str(ROOT / "framework.yaml")
    assert replace(loaded, path=framework.path) == framework


def test_bundled_file_declares_the_schema_version() -> None:
    assert re.search(r"^reflect_framework: 1$", bundled_framework_text(), re.M)
