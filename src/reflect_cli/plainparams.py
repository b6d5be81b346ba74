"""Typer commands whose plain options are checked without pydantic.

Typer 0.2x turns every option's text into its value through a pydantic TypeAdapter. Importing
pydantic and building the adapters costs about 40 ms and 10 MiB on every run, which is more than
reflect's whole time budget for a command (see benchmarks/). `PlainCommand` gives options of
plain types (text, whole numbers, paths, str Enums, and lists of these) typer's own checks,
`coerce_cli_path` and `coerce_cli_choice`, or its own, without pydantic; any other option
keeps typer's coercion. With a typer that lacks this machinery, `PlainCommand` is simply
`TyperCommand`.

Use it as `@app.command("name", cls=PlainCommand)`, and `PlainParams` as the first base of a
group class. A test runs such commands in a fresh process and checks that pydantic is never
imported.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer.core import TyperCommand

try:
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
except ImportError:  # pragma: no cover - another typer: keep its own coercion
    RuntimeParam = None  # type: ignore[assignment,misc]


def _kind(annotation: Any, info: Any) -> str | None:
    """How to coerce a value of this type without pydantic, or None to leave it to typer."""
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return None
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice"
    if annotation is Path and routes_to_path(annotation, info):
        return "path"
    return None


if RuntimeParam is not None:

    @dataclasses.dataclass(frozen=True)
    class _PlainRuntime(RuntimeParam):
        kind: str = "str"

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if param.multiple or param.nargs == -1:
                return [self._one(item, param, ctx) for item in value]
            return self._one(value, param, ctx)

        def _one(self, value: Any, param: Any, ctx: Any) -> Any:
            info = self.parameter_info
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            if self.kind == "str":
                return str(value)
            if self.kind == "bool":
                return _flag(value, param, ctx)
            if self.kind == "int":
                return _whole(value, param, ctx)
            element = _element(self.annotation)
            if self.kind == "choice":
                try:
                    return coerce_cli_choice(value, choices=tuple(element),
                                             case_sensitive=info.case_sensitive, ctx=ctx)
                except ValueError as exc:
                    raise BadParameter(str(exc), ctx=ctx, param=param) from None
            path = value if isinstance(value, Path) else Path(value)
            return coerce_cli_path(path, info, path_type=info.path_type or Path, param=param,
                                   ctx=ctx)


def _element(annotation: Any) -> Any:
    return get_args(annotation)[0] if get_origin(annotation) is list else annotation


def _whole(value: Any, param: Any, ctx: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise BadParameter(f"{value!r} is not a whole number.", ctx=ctx, param=param) from None


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("", "0", "false", "f", "no", "n", "off"):
        return False
    raise BadParameter(f"{value!r} is not a valid boolean.", ctx=ctx, param=param)


def make_plain(param: Any) -> None:
    """Give one typer parameter of a plain type its checks without pydantic."""
    if RuntimeParam is None:
        return  # pragma: no cover
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", "") is not None:
        return
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if get_origin(annotation) not in (None, list):
        return
    kind = _kind(_element(annotation), info)
    if kind is not None:
        param._runtime_param = _PlainRuntime(parameter_info=info, annotation=annotation,
                                             kind=kind)


class PlainParams:
    """For typer commands and groups: plain options (and --help) checked without pydantic."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            make_plain(param)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            make_plain(option)
        return option


class PlainCommand(PlainParams, TyperCommand):
    """A typer command that checks its text, path, choice and flag options without pydantic."""
