"""Text outputs for files and other tools: Markdown handouts and JSON/YAML data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .journal import Entry
from .model import Framework, Prompt, Section


def _flat(text: str) -> str:
    return " ".join(text.split())


def framework_markdown(framework: Framework) -> str:
    """A printable handout for the people in the room who are not at the keyboard."""
    out = [f"# {framework.title}", ""]
    if framework.subtitle:
        out += [f"*{framework.subtitle}*", ""]
    if framework.introduction:
        out += [framework.introduction.strip(), ""]
    for number, section in enumerate(framework.sections, 1):
        heading = section.title if section.is_assessment else f"{number}. {section.title}"
        out += [f"## {heading}", ""]
        if section.explanation:
            out += [_flat(section.explanation), ""]
        if section.examples:
            out += ["**Examples from partnerships**", ""]
            out += [f"> {_flat(e)}\n" for e in section.examples]
        if section.is_assessment:
            scale = section.prompts[0].scale if section.prompts else None
            if scale:
                out += [f"Rate each from {scale.low} to {scale.high}: {scale.describe()}.", ""]
            out += ["| Characteristic | Rating |", "| --- | --- |"]
            out += [f"| {_flat(p.text).replace('|', '/')} | |" for p in section.prompts]
            out.append("")
        else:
            out += ["**Points to consider**", ""]
            out += [f"- {_flat(p.text)}" for p in section.prompts]
            out.append("")
        if section.resources:
            out += ["**Helpful resources**", ""]
            out += [f"- **{r.title}**" + (f": {_flat(r.description)}" if r.description else "")
                    for r in section.resources]
            out.append("")
    if framework.resources:
        out += ["## Further resources", ""]
        out += [f"- **{r.title}**" + (f": {_flat(r.description)}" if r.description else "")
                for r in framework.resources]
        out.append("")
    if framework.source.attribution:
        out += ["---", "", f"*{_flat(framework.source.attribution)}*", ""]
    return "\n".join(out)


def _prompt_data(prompt: Prompt) -> dict[str, Any]:
    data: dict[str, Any] = {"id": prompt.id, "text": _flat(prompt.text), "type": prompt.type}
    if prompt.scale is not None:
        data["scale"] = [{"value": v, "label": label} for v, label in prompt.scale.labels]
    return data


def _section_data(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "question": section.title,
        "explanation": section.explanation,
        "examples": list(section.examples),
        "prompts": [_prompt_data(p) for p in section.prompts],
        "resources": [{"title": r.title, "description": r.description}
                      for r in section.resources],
    }


def framework_data(framework: Framework) -> dict[str, Any]:
    """The framework as plain data (the documented JSON shape)."""
    assessment = None
    if framework.assessment is not None:
        assessment = _section_data(framework.assessment)
        assessment["title"] = assessment.pop("question")
        assessment["introduction"] = assessment.pop("explanation")
        del assessment["examples"]
    return {
        "id": framework.id,
        "version": framework.version,
        "title": framework.title,
        "subtitle": framework.subtitle,
        "introduction": framework.introduction,
        "source": {"title": framework.source.title, "publisher": framework.source.publisher,
                   "attribution": framework.source.attribution},
        "sectors": list(framework.sectors),
        "questions": [_section_data(s) for s in framework.questions],
        "self_assessment": assessment,
        "resources": [{"title": r.title, "description": r.description}
                      for r in framework.resources],
    }


def framework_json(framework: Framework) -> str:
    return json.dumps(framework_data(framework), indent=2, ensure_ascii=False) + "\n"


def framework_yaml(framework: Framework) -> str:
    """The framework as YAML, in the shape a framework file takes (so it can be adapted)."""
    import yaml

    def prompt_yaml(p: Prompt) -> dict[str, Any]:
        data: dict[str, Any] = {"id": p.id, "text": _flat(p.text)}
        if p.type != "text":
            data["type"] = p.type
            if p.scale is not None:
                data["scale"] = dict(p.scale.labels)
        return data

    def section_yaml(s: Section) -> dict[str, Any]:
        key, text_key = ("title", "introduction") if s.is_assessment else ("question",
                                                                          "explanation")
        data: dict[str, Any] = {"id": s.id, key: s.title}
        if s.explanation:
            data[text_key] = s.explanation
        if s.examples:
            data["examples"] = list(s.examples)
        data["prompts"] = [prompt_yaml(p) for p in s.prompts]
        if s.resources:
            data["resources"] = [_resource_yaml(r.title, r.description) for r in s.resources]
        return data

    data: dict[str, Any] = {"reflect_framework": 1, "id": framework.id,
                            "version": framework.version, "title": framework.title}
    if framework.subtitle:
        data["subtitle"] = framework.subtitle
    if framework.introduction:
        data["introduction"] = framework.introduction
    source = {k: v for k, v in (("title", framework.source.title),
                                ("publisher", framework.source.publisher),
                                ("attribution", framework.source.attribution)) if v}
    if source:
        data["source"] = source
    if framework.sectors:
        data["sectors"] = list(framework.sectors)
    data["questions"] = [section_yaml(s) for s in framework.questions]
    if framework.assessment is not None:
        data["self_assessment"] = section_yaml(framework.assessment)
    if framework.resources:
        data["resources"] = [_resource_yaml(r.title, r.description) for r in framework.resources]
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def _resource_yaml(title: str, description: str) -> dict[str, str]:
    return {"title": title, "description": description} if description else {"title": title}


def list_json(entries: Sequence[Entry]) -> str:
    rows: list[dict[str, Any]] = []
    for entry in entries:
        s = entry.session
        if s is None:
            rows.append({"file": entry.path.name, "error": entry.error.message
                         if entry.error else "unreadable"})
            continue
        rows.append({
            "file": entry.path.name, "id": s.id, "date": s.date.isoformat(),
            "created": s.created.isoformat(), "title": s.title, "kind": s.kind,
            "framework": {"id": s.framework_id, "version": s.framework_version},
            "questions": list(s.sections), "answered": entry.answered,
            "skipped": entry.skipped,
        })
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
