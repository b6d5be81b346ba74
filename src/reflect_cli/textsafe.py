"""Text that reflect did not write, made safe to show in a terminal.

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
_UNSAFE = re.compile(
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
    return _UNSAFE.sub(_escape, text)


def is_safe(text: str) -> bool:
    """True when `text` holds nothing that `visible` would change."""
    return _UNSAFE.search(text) is None
