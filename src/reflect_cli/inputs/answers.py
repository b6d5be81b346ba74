"""Answers files for scripted sessions: a flat mapping of prompt ids to answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import yaml

from reflect_cli.domain.dates import DateError, read_date
from reflect_cli.domain.meeting import (
    DEFAULT_SECTORS,
    REVIEW_STATUSES,
    ROLES,
    Action,
    Meeting,
    Participant,
    join_owners,
    person_id,
)
from reflect_cli.domain.model import SESSION_KINDS, Framework, Note
from reflect_cli.errors import AnswersError, Problem, Problems, closest

from .yamlfiles import compose_yaml, key_text, line_of, yaml_bool, yaml_int, yaml_number

META_KEYS = ("title", "date", "kind", "share")
MEETING_KEYS = ("participants", "minutes", "checkin", "notes", "ratings", "actions", "reviews",
                "time_spent", "count_notes", "key_messages")
#: The top-level keys of an answers file that are not prompt ids: no prompt may use them.
ANSWERS_FILE_KEYS = META_KEYS + MEETING_KEYS
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"


#: What a review in an answers file may say besides its status.
REVIEW_KEYS = ("status", "due", "comment")


@dataclass
class ScriptedReview:
    """What an answers file says about an earlier action: its status, a comment, and, when it
    is carried over, its new date (`new_due` False: it keeps the date it had)."""

    status: str
    comment: str = ""
    due: dt.date | None = None
    new_due: bool = False


@dataclass
class ScriptedAnswers:
    """What an answers file holds: the answers by prompt id, and optional title, date, kind."""

    values: dict[str, str | int | None] = field(default_factory=dict)
    title: str | None = None
    date: dt.date | None = None
    kind: str | None = None
    #: `share: yes`: a journal entry written in a workspace is shared with the partnership.
    share: bool = False
    #: A meeting's extras: people, check-in, notes, per-person ratings, actions (ids are
    #: given when the session is made), reviews (action id to what was said), time in minutes.
    meeting: Meeting | None = None
    notes: dict[str, list[Note]] = field(default_factory=dict)
    review_ids: dict[str, ScriptedReview] = field(default_factory=dict)


def parse_answers(text: str, name: str, framework: Framework) -> ScriptedAnswers:
    """Parse and check an answers file (YAML or JSON) against the framework; every problem
    (the session's answers and the meeting's alike) is listed in one AnswersError."""
    root = compose_yaml(text, name, AnswersError, "answers file", "YAML or JSON")
    if not isinstance(root, yaml.MappingNode):
        raise AnswersError([Problem(name, 1, "", "expected one mapping of prompt ids to "
                                    "answers, like 'purpose.impact: Fewer people waiting'")],
                           what=name)
    prompts = {p.id: p for _, p in framework.prompts()}
    meeting_nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    result = ScriptedAnswers()
    problems = Problems(name, AnswersError, line_of)
    fail = problems.fail
    seen: set[str] = set()
    lines = text.split("\n")
    for key_node, node in root.value:
        key = key_text(key_node)
        if key in seen:
            fail(key_node, key, "given twice")
            continue
        seen.add(key)
        if key in MEETING_KEYS:
            meeting_nodes[key] = (key_node, node)
            continue
        if not isinstance(node, yaml.ScalarNode):
            fail(key_node, key, _not_one_value(key, node))
            continue
        comment = _comment_after(key_node, lines) if node.tag == NULL_TAG else None
        if comment:
            fail(key_node, key, "the answer starts with '#', which YAML reads as a comment, "
                 "so the answer would be empty. To keep it as text, put it in quotes, like "
                 f"{key}: {json.dumps(comment, ensure_ascii=False)}; to skip the prompt, "
                 "delete the comment")
            continue
        raw = node.value
        is_null = node.tag == NULL_TAG
        if key in META_KEYS:
            if key == "title":
                result.title = "" if is_null else str(raw)
            elif key == "share":
                wanted = None if is_null else yaml_bool(node)
                if wanted is None:
                    fail(key_node, key, "should be yes or no (true or false)")
                else:
                    result.share = wanted
            elif key == "date":
                try:
                    result.date = read_date(str(raw))
                except DateError as error:
                    fail(key_node, key, error.message)
            elif is_null or not str(raw).strip():
                result.kind = None  # left empty: the default
            elif str(raw) not in SESSION_KINDS:
                fail(key_node, key, f"'{raw}' is not a kind of session "
                     f"(use {' or '.join(SESSION_KINDS)})")
            else:
                result.kind = str(raw)
            continue
        prompt = prompts.get(key)
        if prompt is None:
            # past the listed problems only the count is shown: no need to look for hints
            close = closest(key, [*prompts, *ANSWERS_FILE_KEYS], cutoff=0.6) \
                if problems.listing else None
            hint = f" (did you mean '{close}'?)" if close else ""
            fail(key_node, key, f"no prompt with this id in {framework.title}{hint}")
            continue
        if is_null or (node.tag == STR_TAG and not raw.strip()):
            result.values[key] = None
        elif prompt.type == "rating":
            scale = prompt.scale
            assert scale is not None
            number = yaml_int(node)
            if number is None or number not in scale:
                fail(node, key, f"should be a whole number from {scale.low} to {scale.high} "
                     f"({scale.describe()}), or empty to skip; found {raw!r}")
                continue
            result.values[key] = number
        else:
            result.values[key] = str(raw)
    if meeting_nodes:
        _read_meeting(result, meeting_nodes, problems, framework)
    problems.raise_if_any()
    if not result.values and not result.notes and not (
            result.meeting is not None and result.meeting.ratings):
        raise AnswersError([Problem(name, None, "", "no answers in the file: give prompt ids "
                                    "with answers, like 'purpose.impact: Fewer people "
                                    "waiting'")], what=name)
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
_PERSON_KEYS = ("name", "organisation", "sector", "role", "roles", "named_in_reports")


def participants_from_node(node: yaml.Node, problems: Problems, key: str,
                           sectors: tuple[str, ...]) -> list[Participant]:
    """A list of people: name, organisation, sector and role(s). Each problem (with its line)
    goes to `problems`; a person with a problem in a detail is kept without that detail, so
    that the rest of the file is checked against the names given."""
    fail = problems.fail
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        fail(node, key, "expected a list of people, each like '- name: Aisha Khan'")
        return []
    people: list[Participant] = []
    ids: set[str] = set()
    for index, item in enumerate(node.value, 1):
        where = f"{key}[{index}]"
        if isinstance(item, yaml.ScalarNode) and item.tag != NULL_TAG and item.value.strip():
            person = Participant(name=" ".join(item.value.split()))
            if "," in person.name:
                fail(item, where, "a name cannot hold a comma (an action's owners are "
                     "separated by commas, so 'Smith, Jo' would be two people): write it as "
                     "'Jo Smith'")
            if person.id in ids:
                fail(item, where, f"{person.name} is in the list twice")
                continue
            ids.add(person.id)
            people.append(person)
            continue
        if not isinstance(item, yaml.MappingNode):
            fail(item, where, "expected a person, like 'name: Aisha Khan'")
            continue
        described = _person(item, where, problems, sectors)
        if described is None:
            continue
        if described.id in ids:
            fail(item, f"{where}.name", f"{described.name} is in the list twice")
            continue
        ids.add(described.id)
        people.append(described)
    return people


def _person(item: yaml.MappingNode, where: str, problems: Problems,
            sectors: tuple[str, ...]) -> Participant | None:
    """One person written as a mapping; None when it has no name."""
    fail = problems.fail
    fields: dict[str, object] = {}
    for key_node, value_node in item.value:
        field = key_text(key_node)
        if field not in _PERSON_KEYS:
            close = closest(field, _PERSON_KEYS, cutoff=0.6) if problems.listing else None
            hint = f" (did you mean '{close}'?)" if close else (
                f" (use {', '.join(_PERSON_KEYS[:4])})")
            fail(key_node, f"{where}.{field}", f"unknown key{hint}")
        elif field == "named_in_reports":
            named = yaml_bool(value_node)
            if named is None:
                fail(value_node, f"{where}.{field}", "should be yes or no (true or false): may "
                     "reports outside the partnership give this person's name?")
            fields[field] = bool(named)
        elif isinstance(value_node, yaml.SequenceNode) and field in ("role", "roles"):
            if not all(isinstance(v, yaml.ScalarNode) for v in value_node.value):
                fail(value_node, f"{where}.{field}", "expected roles as text, like "
                     "'roles: [facilitator]'")
            else:
                fields[field] = [str(v.value) for v in value_node.value]
        elif isinstance(value_node, yaml.ScalarNode):
            fields[field] = "" if value_node.tag == NULL_TAG else str(value_node.value)
        else:
            fail(value_node, f"{where}.{field}", "expected text")
    person_name = " ".join(str(fields.get("name") or "").split())
    if not person_name:
        fail(item, f"{where}.name", "every person needs a name")
        return None
    if "," in person_name:
        fail(item, f"{where}.name", "a name cannot hold a comma (an action's owners are "
             "separated by commas, so 'Smith, Jo' would be two people): write it as "
             "'Jo Smith'")
    sector = str(fields.get("sector") or "").strip()
    if sector and sectors:
        match = next((s for s in sectors if s.lower() == sector.lower()), None)
        if match is None:
            fail(item, f"{where}.sector", f"'{sector}' is not one of the sectors: "
                 f"{', '.join(sectors)}")
        sector = match or ""
    raw_roles = fields.get("roles", fields.get("role")) or []
    roles = [raw_roles] if isinstance(raw_roles, str) else list(raw_roles)  # type: ignore[call-overload]
    roles = [r.strip().lower().replace("lead partner", "lead") for r in roles if r.strip()]
    for role in roles:
        if role not in ROLES:
            fail(item, f"{where}.role", f"'{role}' is not a role (use facilitator or lead)")
    return Participant(person_name, str(fields.get("organisation") or "").strip(), sector,
                       tuple(r for r in roles if r in ROLES),
                       named_in_reports=fields.get("named_in_reports") is True)


def parse_participants(text: str, name: str, sectors: tuple[str, ...]) -> list[Participant]:
    """A participants file: a list of people, or a mapping with a `participants` list. Every
    problem is listed in one AnswersError."""
    root = compose_yaml(text, name, AnswersError, "participants file", "YAML or JSON")
    problems = Problems(name, AnswersError, line_of)
    if isinstance(root, yaml.MappingNode):
        found = next((v for k, v in root.value if key_text(k) == "participants"), None)
        if found is None:
            raise AnswersError([Problem(name, 1, "participants", "missing: list the people "
                                        "under 'participants:'")], what=name)
        root = found
    people = participants_from_node(root, problems, "participants", sectors)
    problems.raise_if_any()
    return people


class _MeetingReader:
    """The meeting keys of an answers file, checked against its people and the framework;
    every problem goes to `problems` and the reading carries on."""

    def __init__(self, nodes: dict[str, tuple[yaml.Node, yaml.Node]], problems: Problems,
                 framework: Framework) -> None:
        self.nodes = nodes
        self.problems = problems
        self.fail = problems.fail
        self.prompts = {p.id: p for _, p in framework.prompts()}
        self.sections = {s.id for s in framework.sections}
        #: The person ids given, or None when the people could not be read (then names are
        #: not checked against them, which would only repeat that problem).
        self.ids: set[str] | None = None

    def mapping(self, key: str) -> list[tuple[yaml.Node, yaml.Node]]:
        key_node, node = self.nodes[key]
        if node.tag == NULL_TAG:
            return []
        if not isinstance(node, yaml.MappingNode):
            self.fail(key_node, key, "expected a mapping (key: value lines)")
            return []
        return list(node.value)

    def scalar(self, node: yaml.Node, key: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, key, "expected one value")
            return None
        return "" if node.tag == NULL_TAG else str(node.value)

    def person(self, node: yaml.Node, key: str) -> str | None:
        given = self.scalar(node, key)
        if given is None:
            return None
        wanted = person_id(given)
        if self.ids is not None and wanted not in self.ids:
            self.fail(node, key, f"'{given}' is not in the participants")
            return None
        return wanted

    def read(self, result: ScriptedAnswers, framework: Framework) -> Meeting:
        nodes = self.nodes
        people: list[Participant] = []
        if "participants" not in nodes:
            if set(nodes) != {"actions"}:  # (actions alone need nobody: a journal's own)
                self.fail(next(iter(nodes.values()))[0], "participants",
                          "a meeting's check-in, notes, ratings and actions need the people: "
                          "add 'participants:' with a list of names")
        else:
            before = len(self.problems)
            node = nodes["participants"][1]
            people = participants_from_node(node, self.problems, "participants",
                                            framework.sectors or DEFAULT_SECTORS)
            if people or len(self.problems) == before:
                self.ids = {p.id for p in people}
        meeting = Meeting(participants=people)
        if "minutes" in nodes:
            node = nodes["minutes"][1]
            minutes = yaml_int(node)
            if minutes is None or minutes <= 0:
                self.fail(node, "minutes", "should be a whole number of minutes, like 90")
            else:
                meeting.minutes = minutes
        if "count_notes" in nodes:
            node = nodes["count_notes"][1]
            wanted = yaml_bool(node)
            if wanted is None:
                self.fail(node, "count_notes", "should be yes or no (true or false)")
            else:
                meeting.count_notes = wanted
        if "key_messages" in nodes:
            meeting.key_messages = self.messages(nodes["key_messages"][1])
        if "checkin" in nodes:
            for key_node, value in self.mapping("checkin"):
                who = self.person(key_node, "checkin")
                said = self.scalar(value, f"checkin.{key_text(key_node)}")
                if who is not None and said is not None:
                    meeting.checkin[who] = " ".join(said.split())
        if "notes" in nodes:
            self.notes(result)
        if "ratings" in nodes:
            self.ratings(meeting)
        if "actions" in nodes:
            self.actions(meeting)
        if "reviews" in nodes:
            for key_node, value in self.mapping("reviews"):
                review = self.review(value, f"reviews.{key_text(key_node)}")
                if review is not None:
                    result.review_ids[key_text(key_node)] = review
        if "time_spent" in nodes:
            for key_node, value in self.mapping("time_spent"):
                key = f"time_spent.{key_text(key_node)}"
                if key_text(key_node) not in self.sections:
                    self.fail(key_node, key, "no such question")
                    continue
                spent = yaml_number(value)
                if spent is None or spent < 0:
                    self.fail(value, key, "should be minutes, like 20")
                    continue
                meeting.seconds_spent[key_text(key_node)] = int(spent * 60)
        return meeting

    def messages(self, node: yaml.Node) -> list[str]:
        """The key messages: a list of texts (one message each), or one text (a message a
        line)."""
        if not isinstance(node, yaml.SequenceNode):
            whole = self.scalar(node, "key_messages") or ""
            return [" ".join(line.split()) for line in whole.split("\n") if line.strip()]
        found = []
        for item in node.value:
            said = self.scalar(item, "key_messages")
            if said is not None and said.strip():
                found.append(" ".join(said.split()))
        return found

    def review(self, value: yaml.Node, key: str) -> ScriptedReview | None:
        """`done`, or `{status: carried over, due: 2026-06-30, comment: ...}`."""
        fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        if isinstance(value, yaml.MappingNode):
            fields = {key_text(k): (k, v) for k, v in value.value}
            for bad in [k for k in fields if k not in REVIEW_KEYS]:
                self.fail(fields[bad][0], f"{key}.{bad}", "unknown key (use "
                          f"{', '.join(REVIEW_KEYS)})")
            if "status" not in fields:
                self.fail(value, f"{key}.status", "missing: say what happened to the action "
                          f"({', '.join(REVIEW_STATUSES)})")
                return None
            value = fields["status"][1]
            key = f"{key}.status"
        before = len(self.problems)
        given = self.scalar(value, key)
        if given is None:
            return None
        status = given.strip().lower()
        status = {"carried": "carried over", "carry over": "carried over"}.get(status, status)
        if status not in REVIEW_STATUSES:
            self.fail(value, key, f"'{status}' is not a status (use "
                      f"{', '.join(REVIEW_STATUSES)})")
        review = ScriptedReview(status)
        where = key.removesuffix(".status")
        if "comment" in fields:
            comment = self.scalar(fields["comment"][1], f"{where}.comment")
            review.comment = " ".join((comment or "").split())
        if "due" in fields:
            node = fields["due"][1]
            when = self.scalar(node, f"{where}.due")
            if status != "carried over":
                self.fail(fields["due"][0], f"{where}.due", "a new date goes with 'carried "
                          "over' only")
            elif when is not None and when.strip().lower() not in ("", "none", "no date"):
                try:
                    review.due = read_date(when)
                except DateError as error:
                    self.fail(node, f"{where}.due", error.message)
            review.new_due = True
        return review if len(self.problems) == before else None

    def notes(self, result: ScriptedAnswers) -> None:
        for key_node, value in self.mapping("notes"):
            prompt_id = key_text(key_node)
            key = f"notes.{prompt_id}"
            prompt = self.prompts.get(prompt_id)
            if prompt is None or prompt.type != "text":
                self.fail(key_node, key, "notes go with a text prompt of the framework; this "
                          "is not one")
                continue
            if not isinstance(value, yaml.MappingNode):
                self.fail(value, key, "expected 'Name: what they said' lines")
                continue
            notes = []
            for who, said in value.value:
                speaker, text = self.person(who, key), self.scalar(said, key)
                if speaker is not None and text is not None and text.strip():
                    notes.append(Note(speaker, text))
            result.notes[prompt_id] = notes

    def ratings(self, meeting: Meeting) -> None:
        for key_node, value in self.mapping("ratings"):
            prompt_id = key_text(key_node)
            key = f"ratings.{prompt_id}"
            prompt = self.prompts.get(prompt_id)
            if prompt is None or prompt.scale is None:
                self.fail(key_node, key, "not a rating prompt of the framework")
                continue
            if not isinstance(value, yaml.MappingNode):
                self.fail(value, key, "expected 'Name: rating' lines")
                continue
            given: dict[str, int] = {}
            for who, rating in value.value:
                if rating.tag == NULL_TAG:
                    continue
                number = yaml_int(rating)
                if number is None or number not in prompt.scale:
                    self.fail(rating, f"{key}.{key_text(who)}", f"should be a whole number "
                              f"from {prompt.scale.low} to {prompt.scale.high}")
                    continue
                person = self.person(who, key)
                if person is not None:
                    given[person] = number
            if given:
                meeting.ratings[prompt_id] = given
                meeting.scales[prompt_id] = (prompt.scale.low, prompt.scale.high)

    def actions(self, meeting: Meeting) -> None:
        key_node, node = self.nodes["actions"]
        if not isinstance(node, yaml.SequenceNode):
            self.fail(key_node, "actions", "expected a list of actions, each like "
                      "'- text: Invite housing'")
            return
        for index, item in enumerate(node.value, 1):
            action = self.action(item, f"actions[{index}]")
            if action is not None:
                meeting.actions.append(action)

    def action(self, item: yaml.Node, where: str) -> Action | None:
        if not isinstance(item, yaml.MappingNode):
            self.fail(item, where, "expected text, owner, due and question")
            return None
        before = len(self.problems)
        fields = {key_text(k): (k, v) for k, v in item.value}
        for bad in [k for k in fields if k not in ("text", "owner", "due", "question")]:
            self.fail(fields[bad][0], f"{where}.{bad}", "unknown key (use text, owner, due, "
                      "question)")
        owner_node = fields["owner"][1] if "owner" in fields else None
        if isinstance(owner_node, yaml.SequenceNode):  # several owners: a list of names
            names = [self.scalar(n, f"{where}.owner") for n in owner_node.value]
            del fields["owner"]
        values = {k: self.scalar(fields[k][1], f"{where}.{k}") if k in fields else ""
                  for k in ("text", "owner", "due", "question")}
        if isinstance(owner_node, yaml.SequenceNode):
            values["owner"] = join_owners(n for n in names if n)
        text, owner, when, section = (values[k] for k in ("text", "owner", "due", "question"))
        if text is not None and not text.strip():
            self.fail(item, f"{where}.text", "every action needs a text")
        due = None
        if when:
            try:
                due = read_date(when)
            except DateError as error:
                self.fail(fields["due"][1], f"{where}.due", error.message)
        if section and section not in self.sections:
            self.fail(fields["question"][1], f"{where}.question",
                      f"no question '{section}' in the framework")
        if len(self.problems) > before:
            return None
        return Action("", " ".join(str(text).split()), join_owners(str(owner).split(",")),
                      due, str(section or ""))


def _read_meeting(result: ScriptedAnswers, nodes: dict[str, tuple[yaml.Node, yaml.Node]],
                  problems: Problems, framework: Framework) -> None:
    """The meeting keys of an answers file, checked against its people and the framework."""
    result.meeting = _MeetingReader(nodes, problems, framework).read(result, framework)
