"""Answers files for scripted sessions: a flat mapping of prompt ids to answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import yaml

from reflect_cli.domain.meeting import (
    DEFAULT_SECTORS,
    REVIEW_STATUSES,
    ROLES,
    Action,
    Meeting,
    Participant,
    person_id,
)
from reflect_cli.domain.model import SESSION_KINDS, Framework, Note, parse_day
from reflect_cli.errors import MAX_LISTED, AnswersError, Problem, closest

from .yamlfiles import compose_yaml, key_text, yaml_int, yaml_number

META_KEYS = ("title", "date", "kind")
MEETING_KEYS = ("participants", "minutes", "checkin", "notes", "ratings", "actions", "reviews",
                "time_spent")
#: The date forms reflect reads everywhere (as --date does).
DATE_FORMS = "write it as YYYY-MM-DD (2026-03-12) or DD/MM/YYYY (12/03/2026)"
#: The top-level keys of an answers file that are not prompt ids: no prompt may use them.
ANSWERS_FILE_KEYS = META_KEYS + MEETING_KEYS
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class ScriptedAnswers:
    """What an answers file holds: the answers by prompt id, and optional title, date, kind."""

    values: dict[str, str | int | None] = field(default_factory=dict)
    title: str | None = None
    date: dt.date | None = None
    kind: str | None = None
    #: A meeting's extras: people, check-in, notes, per-person ratings, actions (ids are
    #: given when the session is made), reviews (action id to status), time in minutes.
    meeting: Meeting | None = None
    notes: dict[str, list[Note]] = field(default_factory=dict)
    review_ids: dict[str, str] = field(default_factory=dict)


def parse_answers(text: str, name: str, framework: Framework) -> ScriptedAnswers:
    """Parse and check an answers file (YAML or JSON) against the framework."""
    def fail(line: int | None, key: str, message: str) -> AnswersError:
        return AnswersError([Problem(name, line, key, message)], what=name)

    root = compose_yaml(text, name, AnswersError, "answers file", "YAML or JSON")
    if not isinstance(root, yaml.MappingNode):
        raise fail(1, "", "expected one mapping of prompt ids to answers, like "
                   "'purpose.impact: Fewer people waiting'")
    prompts = {p.id: p for _, p in framework.prompts()}
    meeting_nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    result = ScriptedAnswers()
    problems: list[Problem] = []
    seen: set[str] = set()
    lines = text.split("\n")
    for key_node, node in root.value:
        key = key_text(key_node)
        line = key_node.start_mark.line + 1
        if key in seen:
            problems.append(Problem(name, line, key, "given twice"))
            continue
        seen.add(key)
        if key in MEETING_KEYS:
            meeting_nodes[key] = (key_node, node)
            continue
        if not isinstance(node, yaml.ScalarNode):
            problems.append(Problem(name, line, key, _not_one_value(key, node)))
            continue
        comment = _comment_after(key_node, lines) if node.tag == NULL_TAG else None
        if comment:
            problems.append(Problem(name, line, key, "the answer starts with '#', which YAML "
                                    "reads as a comment, so the answer would be empty. To keep "
                                    "it as text, put it in quotes, like "
                                    f"{key}: {json.dumps(comment, ensure_ascii=False)}; to "
                                    "skip the prompt, delete the comment"))
            continue
        raw = node.value
        is_null = node.tag == NULL_TAG
        if key in META_KEYS:
            if key == "title":
                result.title = "" if is_null else str(raw)
            elif key == "date":
                result.date = parse_day(str(raw))
                if result.date is None:
                    problems.append(Problem(name, line, key, f"'{raw}' is not a date; "
                                            f"{DATE_FORMS}"))
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
            # past the listed problems only the count is shown: no need to look for hints
            close = closest(key, [*prompts, *ANSWERS_FILE_KEYS], cutoff=0.6) if len(
                problems) < MAX_LISTED else None
            hint = f" (did you mean '{close}'?)" if close else ""
            problems.append(Problem(name, line, key, f"no prompt with this id in "
                                    f"{framework.title}{hint}"))
            continue
        if is_null or (node.tag == STR_TAG and not raw.strip()):
            result.values[key] = None
        elif prompt.type == "rating":
            scale = prompt.scale
            assert scale is not None
            number = yaml_int(node)
            if number is None or number not in scale:
                problems.append(Problem(name, node.start_mark.line + 1, key,
                                        f"should be a whole number from {scale.low} to "
                                        f"{scale.high} ({scale.describe()}), or empty to skip; "
                                        f"found {raw!r}"))
                continue
            result.values[key] = number
        else:
            result.values[key] = str(raw)
    if problems:
        raise AnswersError(problems, what=name)
    if meeting_nodes:
        _read_meeting(result, meeting_nodes, name, framework)
    if not result.values and not result.notes and not (
            result.meeting is not None and result.meeting.ratings):
        raise fail(None, "", "no answers in the file: give prompt ids with answers, like "
                   "'purpose.impact: Fewer people waiting'")
    return result


def _comment_after(key_node: yaml.Node, lines: list[str]) -> str | None:
    """The comment on the line of a key with no value (`key: # text`), if there is one."""
    end = key_node.end_mark
    rest = lines[end.line][end.column:] if end.line < len(lines) else ""
    found = re.match(r"\s*:\s+(#.*?)\s*$", rest)
    return found.group(1) if found else None


def _not_one_value(key: str, node: yaml.Node) -> str:
    """Why an answer that YAML reads as a mapping or a list is refused, and how to write it."""
    if isinstance(node, yaml.MappingNode):
        return ("YAML reads this answer as a mapping (key: value pairs), because of a ': ' "
                "(a colon and a space) or braces in it. To keep it as text, put it in quotes "
                f"({key}: \"we agreed: more data\") or write it as a block: '{key}: |' "
                "with the text on the next lines, indented")
    return ("YAML reads this answer as a list, because its lines start with '- '. To keep it "
            f"as text, write it as a block: '{key}: |' with the lines under it, indented")


# -- meetings ------------------------------------------------------------------------------------
def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def participants_from_node(node: yaml.Node, name: str, key: str,
                           sectors: tuple[str, ...]) -> list[Participant]:
    """A list of people: name, organisation, sector and role(s); problems name file and line."""
    def fail(at: yaml.Node, where: str, message: str) -> AnswersError:
        return AnswersError([Problem(name, _line(at), where, message)], what=name)

    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise fail(node, key, "expected a list of people, each like '- name: Aisha Khan'")
    people: list[Participant] = []
    ids: set[str] = set()
    allowed = ("name", "organisation", "sector", "role", "roles")
    for index, item in enumerate(node.value, 1):
        where = f"{key}[{index}]"
        if isinstance(item, yaml.ScalarNode) and item.tag != NULL_TAG and item.value.strip():
            person = Participant(name=" ".join(item.value.split()))
            if person.id in ids:
                raise fail(item, where, f"{person.name} is in the list twice")
            ids.add(person.id)
            people.append(person)
            continue
        if not isinstance(item, yaml.MappingNode):
            raise fail(item, where, "expected a person, like 'name: Aisha Khan'")
        fields: dict[str, object] = {}
        for key_node, value_node in item.value:
            field = key_text(key_node)
            if field not in allowed:
                close = closest(field, allowed, cutoff=0.6)
                hint = f" (did you mean '{close}'?)" if close else (
                    f" (use {', '.join(allowed[:4])})")
                raise fail(key_node, f"{where}.{field}", f"unknown key{hint}")
            if isinstance(value_node, yaml.SequenceNode) and field in ("role", "roles"):
                if not all(isinstance(v, yaml.ScalarNode) for v in value_node.value):
                    raise fail(value_node, f"{where}.{field}", "expected roles as text, like "
                               "'roles: [facilitator]'")
                fields[field] = [str(v.value) for v in value_node.value]
            elif isinstance(value_node, yaml.ScalarNode):
                fields[field] = "" if value_node.tag == NULL_TAG else str(value_node.value)
            else:
                raise fail(value_node, f"{where}.{field}", "expected text")
        person_name = " ".join(str(fields.get("name") or "").split())
        if not person_name:
            raise fail(item, f"{where}.name", "every person needs a name")
        sector = str(fields.get("sector") or "").strip()
        if sector and sectors:
            match = next((s for s in sectors if s.lower() == sector.lower()), None)
            if match is None:
                raise fail(item, f"{where}.sector", f"'{sector}' is not one of the sectors: "
                           f"{', '.join(sectors)}")
            sector = match
        raw_roles = fields.get("roles", fields.get("role")) or []
        roles = [raw_roles] if isinstance(raw_roles, str) else list(raw_roles)  # type: ignore[call-overload]
        roles = [r.strip().lower().replace("lead partner", "lead") for r in roles if r.strip()]
        for role in roles:
            if role not in ROLES:
                raise fail(item, f"{where}.role", f"'{role}' is not a role (use facilitator "
                           "or lead)")
        person = Participant(person_name, str(fields.get("organisation") or "").strip(),
                             sector, tuple(roles))
        if person.id in ids:
            raise fail(item, f"{where}.name", f"{person_name} is in the list twice")
        ids.add(person.id)
        people.append(person)
    return people


def parse_participants(text: str, name: str, sectors: tuple[str, ...]) -> list[Participant]:
    """A participants file: a list of people, or a mapping with a `participants` list."""
    root = compose_yaml(text, name, AnswersError, "participants file", "YAML or JSON")
    if isinstance(root, yaml.MappingNode):
        found = next((v for k, v in root.value if key_text(k) == "participants"), None)
        if found is None:
            raise AnswersError([Problem(name, 1, "participants", "missing: list the people "
                                        "under 'participants:'")], what=name)
        return participants_from_node(found, name, "participants", sectors)
    return participants_from_node(root, name, "participants", sectors)


def _read_meeting(result: ScriptedAnswers, nodes: dict[str, tuple[yaml.Node, yaml.Node]],
                  name: str, framework: Framework) -> None:
    """The meeting keys of an answers file, checked against its people and the framework."""
    def fail(at: yaml.Node, key: str, message: str) -> AnswersError:
        return AnswersError([Problem(name, _line(at), key, message)], what=name)

    def mapping(key: str) -> list[tuple[yaml.Node, yaml.Node]]:
        key_node, node = nodes[key]
        if node.tag == NULL_TAG:
            return []
        if not isinstance(node, yaml.MappingNode):
            raise fail(key_node, key, "expected a mapping (key: value lines)")
        return list(node.value)

    def scalar(node: yaml.Node, key: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise fail(node, key, "expected one value")
        return "" if node.tag == NULL_TAG else str(node.value)

    if "participants" not in nodes:
        raise fail(next(iter(nodes.values()))[0], "participants",
                   "a meeting's check-in, notes, ratings and actions need the people: add "
                   "'participants:' with a list of names")
    people = participants_from_node(nodes["participants"][1], name, "participants",
                                    framework.sectors or DEFAULT_SECTORS)
    meeting = Meeting(participants=people)

    ids = {p.id for p in people}

    def person(node: yaml.Node, key: str) -> str:
        wanted = person_id(scalar(node, key))
        if wanted not in ids:
            raise fail(node, key, f"'{scalar(node, key)}' is not in the participants")
        return wanted

    prompts = {p.id: p for _, p in framework.prompts()}
    sections = {s.id for s in framework.sections}
    if "minutes" in nodes:
        node = nodes["minutes"][1]
        minutes = yaml_int(node)
        if minutes is None or minutes <= 0:
            raise fail(node, "minutes", "should be a whole number of minutes, like 90")
        meeting.minutes = minutes
    if "checkin" in nodes:
        for key_node, value in mapping("checkin"):
            meeting.checkin[person(key_node, "checkin")] = " ".join(
                scalar(value, f"checkin.{key_text(key_node)}").split())
    if "notes" in nodes:
        for key_node, value in mapping("notes"):
            prompt_id = key_text(key_node)
            prompt = prompts.get(prompt_id)
            if prompt is None or prompt.type != "text":
                raise fail(key_node, f"notes.{prompt_id}", "notes go with a text prompt of "
                           "the framework; this is not one")
            if not isinstance(value, yaml.MappingNode):
                raise fail(value, f"notes.{prompt_id}", "expected 'Name: what they said' "
                           "lines")
            result.notes[prompt_id] = [
                Note(person(who, f"notes.{prompt_id}"), scalar(said, f"notes.{prompt_id}"))
                for who, said in value.value if scalar(said, f"notes.{prompt_id}").strip()]
    if "ratings" in nodes:
        for key_node, value in mapping("ratings"):
            prompt_id = key_text(key_node)
            prompt = prompts.get(prompt_id)
            if prompt is None or prompt.scale is None:
                raise fail(key_node, f"ratings.{prompt_id}", "not a rating prompt of the "
                           "framework")
            if not isinstance(value, yaml.MappingNode):
                raise fail(value, f"ratings.{prompt_id}", "expected 'Name: rating' lines")
            given: dict[str, int] = {}
            for who, rating in value.value:
                if rating.tag == NULL_TAG:
                    continue
                number = yaml_int(rating)
                if number is None or number not in prompt.scale:
                    raise fail(rating, f"ratings.{prompt_id}.{key_text(who)}",
                               f"should be a whole number from {prompt.scale.low} to "
                               f"{prompt.scale.high}")
                given[person(who, f"ratings.{prompt_id}")] = number
            if given:
                meeting.ratings[prompt_id] = given
                meeting.scales[prompt_id] = (prompt.scale.low, prompt.scale.high)
    if "actions" in nodes:
        key_node, node = nodes["actions"]
        if not isinstance(node, yaml.SequenceNode):
            raise fail(key_node, "actions", "expected a list of actions, each like "
                       "'- text: Invite housing'")
        for index, item in enumerate(node.value, 1):
            where = f"actions[{index}]"
            if not isinstance(item, yaml.MappingNode):
                raise fail(item, where, "expected text, owner, due and question")
            fields = {key_text(k): (k, v) for k, v in item.value}
            unknown = set(fields) - {"text", "owner", "due", "question"}
            if unknown:
                bad = sorted(unknown)[0]
                raise fail(fields[bad][0], f"{where}.{bad}", "unknown key (use text, owner, "
                           "due, question)")
            text = scalar(fields["text"][1], f"{where}.text") if "text" in fields else ""
            if not text.strip():
                raise fail(item, f"{where}.text", "every action needs a text")
            due = None
            if "due" in fields and scalar(fields["due"][1], f"{where}.due"):
                due = parse_day(scalar(fields["due"][1], f"{where}.due"))
                if due is None:
                    raise fail(fields["due"][1], f"{where}.due", f"not a date; {DATE_FORMS}")
            section = scalar(fields["question"][1], f"{where}.question") \
                if "question" in fields else ""
            if section and section not in sections:
                raise fail(fields["question"][1], f"{where}.question",
                           f"no question '{section}' in the framework")
            owner = scalar(fields["owner"][1], f"{where}.owner") if "owner" in fields else ""
            meeting.actions.append(Action("", " ".join(text.split()), owner.strip(), due,
                                          section))
    if "reviews" in nodes:
        for key_node, value in mapping("reviews"):
            status = scalar(value, f"reviews.{key_text(key_node)}").strip().lower()
            status = {"carried": "carried over", "carry over": "carried over"}.get(status, status)
            if status not in REVIEW_STATUSES:
                raise fail(value, f"reviews.{key_text(key_node)}",
                           f"'{status}' is not a status (use {', '.join(REVIEW_STATUSES)})")
            result.review_ids[key_text(key_node)] = status
    if "time_spent" in nodes:
        for key_node, value in mapping("time_spent"):
            if key_text(key_node) not in sections:
                raise fail(key_node, f"time_spent.{key_text(key_node)}", "no such question")
            spent = yaml_number(value)
            if spent is None or spent < 0:
                raise fail(value, f"time_spent.{key_text(key_node)}", "should be minutes, like 20")
            meeting.seconds_spent[key_text(key_node)] = int(spent * 60)
    result.meeting = meeting
