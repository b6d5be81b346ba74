"""The framework as a handout (Markdown) or as data (JSON, YAML): `reflect framework export`."""

from __future__ import annotations

import json
import re
from typing import Any

from reflect_cli.domain.model import Framework, Prompt, Section
from reflect_cli.textsafe import json_safe, visible


def _flat(text: str) -> str:
    return " ".join(text.split())


def _safe(text: str) -> str:
    """Text from outside on one line, with control and bidi characters shown as escapes."""
    return visible(_flat(text))


# Human-readable outputs (the Markdown handout and reports) show every control or bidi
# character from outside as an escape (`visible`), so neither a terminal that prints them nor
# an editor that opens them is driven by what a log or framework holds. JSON and YAML keep
# each character, written as an escape of their own.
def framework_markdown(framework: Framework) -> str:
    """A printable handout for the people in the room who are not at the keyboard."""
    out = [f"# {_safe(framework.title)}", ""]
    if framework.subtitle:
        out += [f"*{_safe(framework.subtitle)}*", ""]
    if framework.introduction:
        out += [visible(framework.introduction.strip()), ""]
    for number, section in enumerate(framework.sections, 1):
        title = _safe(section.title)
        heading = title if section.is_assessment else f"{number}. {title}"
        out += [f"## {heading}", ""]
        if section.explanation:
            out += [_safe(section.explanation), ""]
        if section.examples:
            out += ["**Examples from partnerships**", ""]
            out += [f"> {_safe(e)}\n" for e in section.examples]
        if section.is_assessment:
            scale = section.prompts[0].scale if section.prompts else None
            if scale:
                out += [f"Rate each from {scale.low} to {scale.high}: "
                        f"{visible(scale.describe())}.", ""]
            out += ["| Characteristic | Rating |", "| --- | --- |"]
            out += [f"| {_safe(p.text).replace('|', '/')} | |" for p in section.prompts]
            out.append("")
        else:
            out += ["**Points to consider**", ""]
            out += [f"- {_safe(p.text)}" for p in section.prompts]
            out.append("")
        if section.resources:
            out += ["**Helpful resources**", ""]
            out += [_md_resource(r.title, r.description) for r in section.resources]
            out.append("")
    if framework.resources:
        out += ["## Further resources", ""]
        out += [_md_resource(r.title, r.description) for r in framework.resources]
        out.append("")
    if framework.source.attribution:
        out += ["---", "", f"*{_safe(framework.source.attribution)}*", ""]
    return "\n".join(out)


def _md_resource(title: str, description: str) -> str:
    return f"- **{_safe(title)}**" + (f": {_safe(description)}" if description else "")


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
    return _dump(framework_data(framework))


def framework_yaml(framework: Framework) -> str:
    """The framework as YAML, in the shape a framework file takes (so it can be adapted)."""

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
    return _yaml_safe(data)


class _SafeDumper:
    """Made on first use: a YAML dumper that writes text holding a control, bidi or lone
    surrogate character in double quotes, where each such character becomes an escape."""

    dumper: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls.dumper is None:
            import yaml

            from reflect_cli.textsafe import is_safe

            class Dumper(yaml.SafeDumper):
                pass

            def text(dumper: Any, value: str) -> Any:
                if is_safe(value):
                    return dumper.represent_str(value)
                return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')

            Dumper.add_representer(str, text)
            cls.dumper = Dumper
        return cls.dumper


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"


def _yaml_safe(data: Any) -> str:
    """YAML of `data` in which every unsafe character is an escape. PyYAML escapes most of
    them in double quotes, but writes bidi controls (and NEL, U+2028, U+2029 when they are
    not line breaks) as they are; those can only stand inside a double-quoted scalar here
    (see _SafeDumper), where \\xNN and \\uNNNN are escapes that read back the same."""
    import yaml

    from reflect_cli.textsafe import UNSAFE

    text = str(yaml.dump(data, Dumper=_SafeDumper.get(), sort_keys=False, allow_unicode=True,
                         width=100))
    return UNSAFE.sub(_yaml_escape, text)


def _resource_yaml(title: str, description: str) -> dict[str, str]:
    return {"title": title, "description": description} if description else {"title": title}




def _dump(data: dict[str, Any]) -> str:
    """JSON for other tools: every character kept, those unsafe to show as \\uXXXX."""
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
