"""Text that reflect did not write, made safe to show in a terminal (and, by `ascii_slug`, to
use in a file name or an id).

Logs, answers files, frameworks and (soon) other members' entries are untrusted: an escape
sequence in a title could clear the screen, write to the clipboard (OSC 52), retitle the window
or hide a link, and a bidi override could make text read backwards. `visible` shows every such
character as a visible escape (`\\x1b`, `\\u202e`) and keeps all other text as it is. Files keep
every character exactly; only what reaches a person's screen goes through here.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, C1 controls, the bidi controls that can make text
#: read in another order, line and paragraph separators, and lone surrogates. (Zero-width
#: joiners stay: emoji and some scripts need them.)
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control, bidi or lone-surrogate character shown as an escape."""
    if text.isprintable():
        return text  # the common case, fast: nothing to do
    return UNSAFE.sub(_escape, text)


def is_safe(text: str) -> bool:
    """True when `text` holds nothing that `visible` would change."""
    if text.replace("\n", "").isprintable():
        return True  # the common case, fast (a list of 20,000 sessions: 3 MB of text)
    return UNSAFE.search(text) is None


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every character `visible`
    would change written as a \\uXXXX escape, so the JSON stays valid and means the same.

    `json.dumps` escapes C0 controls itself but leaves DEL, C1 controls, bidi controls and
    lone surrogates raw. JSON's own syntax is ASCII, so such a character can only be inside a
    string, where \\uXXXX (a lone surrogate included) reads back as that very character.
    """
    return text if text.isprintable() else UNSAFE.sub(_json_escape, text)


def argument_text(argument: str) -> str:
    """A command-line argument as a person can read it: bytes that were not UTF-8 (which
    Python holds as surrogate escapes) shown as \\xNN, and controls as `visible` shows them."""
    if is_safe(argument):
        return argument
    try:
        raw = argument.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return visible(argument)
    return visible(raw.decode("utf-8", "backslashreplace"))


def not_utf8(argument: str) -> bool:
    """True when an argument held bytes that are not UTF-8 (surrogate escapes)."""
    return any("\udc80" <= ch <= "\udcff" for ch in argument)


def ascii_slug(text: str) -> str:
    """Lowercase ASCII words joined by '-' ('Café déjà vu' gives 'cafe-deja-vu'); may be ''."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
