"""Reading the files people write (frameworks, answers and participants files, log front
matter): one careful reader for all of them.

Only regular files are read (a pipe or a device such as /dev/zero is refused, never waited
on), up to MAX_INPUT_BYTES; the text must be UTF-8 without control characters; the YAML may nest
at most MAX_DEPTH levels, numbers may have at most MAX_NUMBER_DIGITS digits, and aliases may not
multiply the document beyond MAX_ALIAS_EXPANSION nodes. Surrogate pairs written by JSON tools
(`"\\ud83d\\ude00"`) are joined into the character they stand for. Every refusal is a
FileProblemsError naming the file and, where there is one, the line.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from pathlib import Path
from typing import IO, Any

import yaml

from reflect_cli.errors import FileProblemsError, Problem

#: The largest input file reflect reads (documented in the README).
MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 100
MAX_NUMBER_DIGITS = 100
MAX_ALIAS_EXPANSION = 100_000

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

#: What YAML does not allow in a file (the same set as PyYAML's reader refuses).
_NOT_ALLOWED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                          "\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _fail(error: type[FileProblemsError], name: str, line: int | None,
          message: str, key: str = "") -> FileProblemsError:
    return error([Problem(name, line, key, message)], what=name)


def read_limited(handle: IO[bytes], error: type[FileProblemsError], name: str,
                 what: str) -> bytes:
    """All the bytes of an open file, or `error` when it cannot be read or holds more than
    MAX_INPUT_BYTES."""
    try:
        data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise _fail(error, name, None, f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise _fail(error, name, None, f"is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, "
                    f"the most reflect reads; is this the right {what}?")
    return data


def read_file_bytes(path: Path, error: type[FileProblemsError], what: str) -> bytes:
    """The bytes of a regular file of at most MAX_INPUT_BYTES, or `error` saying why not."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _fail(error, name, None, f"{what} not found") from None
    except IsADirectoryError:
        raise _fail(error, name, None, f"is a folder; give the path of the {what}") from None
    except OSError as exc:
        if path.is_dir():
            raise _fail(error, name, None, f"is a folder; give the path of the {what}") from None
        raise _fail(error, name, None, f"cannot read: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise _fail(error, name, None, f"is a folder; give the path of the {what}")
        raise _fail(error, name, None, f"is not a regular file (it is a device, pipe or "
                    f"socket); give the path of the {what}")
    with os.fdopen(fd, "rb") as handle:
        return read_limited(handle, error, name, what)


def decode_text(data: bytes, name: str, error: type[FileProblemsError]) -> str:
    """UTF-8 bytes as text (a BOM is allowed), or `error` with the line and column where they
    stop being UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise _fail(error, name, line, f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at "
                    f"column {column}); save it as UTF-8 and try again") from None


def read_text_file(path: Path, error: type[FileProblemsError], what: str) -> str:
    """Read a UTF-8 file (a BOM is allowed), raising `error` with a clear problem otherwise."""
    return decode_text(read_file_bytes(path, error, what), str(path), error)


def read_standard_input(error: type[FileProblemsError], what: str) -> tuple[str, str]:
    """The text on standard input (with the same limits as a file) and the name for messages."""
    name = "<standard input>"
    return decode_text(read_limited(sys.stdin.buffer, error, name, what), name, error), name


def describe_character(char: str) -> str:
    """A character as a person can look it up: U+0000 (NUL)."""
    import unicodedata

    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x08": "backspace"}
    label = names.get(char) or unicodedata.name(char, "a control character")
    return f"U+{ord(char):04X} ({label})"


def control_character_problems(text: str, name: str) -> list[Problem]:
    """One problem for each line with a character YAML does not allow (NUL, ESC, ...)."""
    problems: list[Problem] = []
    last_line = 0
    for found in _NOT_ALLOWED.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        if line == last_line:
            continue
        last_line = line
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(Problem(name, line, "", f"contains the control character "
                                f"{describe_character(found.group())} at column {column}, "
                                "which cannot be in the file; delete it"))
    return problems


class _TooMuch(yaml.MarkedYAMLError):
    """Input that is valid YAML but larger or deeper than reflect reads."""


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with limits: depth, number length, alias expansion; surrogate pairs
    joined and non-text keys refused."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}
        self._expanded = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        is_alias = self.check_event(yaml.AliasEvent)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _TooMuch(None, None, f"nested more than {MAX_DEPTH} levels deep; reflect's "
                           "files never need that many", mark)
        try:
            node: yaml.Node = super().compose_node(parent, index)  # type: ignore[assignment]
        finally:
            self._depth -= 1
        size = self._sizes.get(id(node))
        if size is None and not is_alias:
            size = 1
            if isinstance(node, yaml.ScalarNode):
                _check_scalar(node)
            elif isinstance(node, yaml.SequenceNode):
                size += sum(self._sizes.get(id(item), 1) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if not isinstance(key, yaml.ScalarNode):
                        found = "a list" if isinstance(key, yaml.SequenceNode) else "a mapping"
                        raise _TooMuch(None, None, f"a key must be plain text, found {found}",
                                       key.start_mark)
                    size += self._sizes.get(id(key), 1) + self._sizes.get(id(value), 1)
            self._sizes[id(node)] = size
        if is_alias:
            size = self._sizes.get(id(node), 0)
            if id(node) not in self._sizes:
                raise _TooMuch(None, None, "an alias (*name) refers to the value it is in; "
                               "reflect's files never need that", node.start_mark)
            self._expanded += size
            if self._expanded > MAX_ALIAS_EXPANSION:
                raise _TooMuch(None, None, "its aliases (*name) repeat more than "
                               f"{MAX_ALIAS_EXPANSION} values; write them out instead",
                               node.start_mark)
        return node


def _check_scalar(node: yaml.ScalarNode) -> None:
    value = node.value
    if _SURROGATE.search(value):
        try:  # a JSON tool's "\ud83d\ude00" is one character written as two halves
            node.value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            half = _SURROGATE.search(value)
            assert half is not None
            raise _TooMuch(None, None, f"contains half of a character (\\u{ord(half.group()):x}"
                           " without its other half); remove the \\u escape or write the "
                           "character itself", node.start_mark) from None
    if node.tag in (INT_TAG, FLOAT_TAG) and sum(c.isdigit() for c in value) > MAX_NUMBER_DIGITS:
        raise _TooMuch(None, None, f"has a number with more than {MAX_NUMBER_DIGITS} digits; "
                       "if it is meant as text, put it in quotes", node.start_mark)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark) from None


_Loader.add_constructor(TIMESTAMP_TAG, _construct_timestamp)


def _syntax_message(problem: str, text: str, line: int | None) -> str:
    """PyYAML's reason in words a person can act on."""
    if problem == "mapping values are not allowed here" and line is not None:
        source = text.split("\n")[line - 1] if line - 1 < len(text.split("\n")) else ""
        key, sep, rest = source.partition(": ")
        if sep and rest.strip() and not key.startswith((" ", "-")):
            quoted = json.dumps(rest.strip(), ensure_ascii=False)
            return (f"the text after '{key.strip()}:' has ': ' (a colon and a space) in it, "
                    f"which YAML reads as a new key; put the text in quotes, like "
                    f"{key.strip()}: {quoted}")
        return ("a ': ' (colon and space) where YAML expects none; if it is part of a text, "
                "put the text in quotes")
    if problem.startswith("found character '\\t'"):
        return "a tab where YAML expects spaces; indent with spaces"
    return problem


def compose(text: str, name: str, error: type[FileProblemsError], what: str = "file",
            syntax: str = "YAML") -> yaml.Node | None:
    """The YAML node tree of some text (None for only comments), within reflect's limits, or
    `error` saying where and what is wrong."""
    problems = control_character_problems(text, name)
    if problems:
        raise error(problems, what=name)
    quick = _quick_compose(text)
    if quick is not None:
        return quick
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = _syntax_message(exc.problem or str(exc), text, line)
        prefix = "" if isinstance(exc, _TooMuch) else f"not valid {syntax}: "
        raise _fail(error, name, line, prefix + reason) from None
    except yaml.YAMLError as exc:
        raise _fail(error, name, None, f"not valid {syntax}: {exc}") from None
    finally:
        loader.dispose()


def compose_yaml(text: str, name: str, error: type[FileProblemsError], what: str = "file",
                 syntax: str = "YAML") -> yaml.Node:
    """The YAML node tree of a file's text (safe loading only; nodes know their lines), or
    `error` saying that the file is empty or where its syntax goes wrong."""
    text = text.lstrip("\ufeff")
    empty = error([Problem(name, None, "", f"the {what} is empty")], what=name)
    if not text.strip():
        raise empty
    root = compose(text, name, error, what, syntax)
    if root is None:  # only comments
        raise empty
    return root


#: What only the careful reader handles: aliases, anchors and tags, long numbers, deep flow or
#: block nesting, \u escapes of surrogates, and any character YAML does not allow.
_NEEDS_CARE = re.compile(
    "|".join([
        r"(?:^|[\s\[{,])[&*!][^\s,\[\]{}]",  # an anchor, alias or tag
        rf"\d{{{MAX_NUMBER_DIGITS + 1},}}",  # a very long number
        r"(?:[\[{]\s*){8,}|(?:-[ \t]+){8,}|^ {48,}",  # deep nesting
        r"\\[uU]0*[dD][89a-fA-F]",  # a \u escape of half a character
    ]), re.MULTILINE)


def _plain_keys(root: yaml.Node) -> bool:
    """Is every key of every mapping in the tree plain text (as reflect's files have)?"""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    return False
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return True


def _quick_compose(text: str) -> yaml.Node | None:
    """The node tree from libyaml when the text has nothing the careful reader must look at;
    None otherwise (or when libyaml finds fault: the careful reader then says what)."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None or len(text) > 1_000_000 or _NEEDS_CARE.search(text):
        return None
    try:
        node = yaml.compose(text, Loader=loader)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return None
    return node if node is None or _plain_keys(node) else None


def _quick_load(text: str) -> tuple[bool, Any]:
    """(True, data) when libyaml can read the text as reflect writes it: plain, shallow, no
    aliases. (False, None) sends it to the careful reader, which also says what is wrong."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None or len(text) > 1_000_000 or _NEEDS_CARE.search(text) or \
            _NOT_ALLOWED.search(text):
        return False, None
    try:
        return True, yaml.load(text, Loader=loader)  # noqa: S506 - the C *safe* loader
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return False, None


def load_data(text: str, name: str, error: type[FileProblemsError],
              what: str = "front matter") -> Any:
    """Python data from YAML text (as yaml.safe_load gives), within the same limits; a date
    that does not exist (2026-02-30) is refused with its line.

    Logs are read by the thousand, so text with nothing unusual in it is read by libyaml (ten
    times faster); anything else, and anything libyaml refuses, by the careful reader."""
    quick, data = _quick_load(text)
    if quick:
        return data
    node = compose(text, name, error, what)
    if node is None:
        return None
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise _fail(error, name, mark.line + 1 if mark else None,
                    f"{what} is not valid YAML: {exc.problem}") from None
    finally:
        loader.dispose()


def yaml_number(node: yaml.Node) -> int | float | None:
    """The number a scalar node holds as YAML reads it (`1:30` is 90, `0x3` is 3), else None."""
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (INT_TAG, FLOAT_TAG):
        return None
    if sum(c.isdigit() for c in node.value) > MAX_NUMBER_DIGITS:
        return None
    loader = _Loader("")
    try:
        value = loader.construct_object(node)
    except (yaml.YAMLError, ValueError):
        return None
    finally:
        loader.dispose()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def yaml_int(node: yaml.Node) -> int | None:
    """The whole number a scalar node holds, else None."""
    value = yaml_number(node)
    return value if isinstance(value, int) else None


def yaml_bool(node: yaml.Node) -> bool | None:
    """yes or no (true/false, on/off) as a scalar node holds it, else None."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    word = str(node.value).strip().lower()
    if word in ("yes", "true", "on", "y"):
        return True
    if word in ("no", "false", "off", "n"):
        return False
    return None


def key_text(node: yaml.Node) -> str:
    """A mapping key as text (the reader refuses keys that are not plain text)."""
    return node.value if isinstance(node, yaml.ScalarNode) else "?"


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def path_line(root: yaml.Node | None, key: str) -> int | None:
    """The line of a key path like `meeting.actions[2].due` in a node tree (prompt ids with
    dots, like `ratings.purpose.impact`, are found too); the deepest part found when the whole
    path is not there, None when nothing is."""
    parts = re.findall(r"\[(\d+)\]|([^.\[\]]+)", key)
    node, line = root, None
    index = 0
    while node is not None and index < len(parts):
        number, name = parts[index]
        if number:
            if not isinstance(node, yaml.SequenceNode) or not 0 < int(number) <= len(node.value):
                break
            node = node.value[int(number) - 1]
            line = line_of(node)
            index += 1
            continue
        if not isinstance(node, yaml.MappingNode):
            break
        keys = {key_text(k): (k, v) for k, v in node.value}
        for end in range(len(parts), index, -1):  # the longest dotted name that is a key
            if any(n for n, _ in parts[index:end]):
                continue
            joined = ".".join(p for _, p in parts[index:end])
            if joined in keys:
                key_node, node = keys[joined]
                line = line_of(key_node)
                index = end
                break
        else:
            break
    return line
