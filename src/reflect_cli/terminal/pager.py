"""Long output on a terminal goes through a pager, as git does: what reflect would print is
gathered first, and when it is taller than the screen it is piped to `$PAGER` (`less -FRX`
where there is one; `more` on Windows), so the start of a long log or report can be read.

No pager when standard output is not a terminal (a pipe, a file), with --no-pager, or with
PAGER set to nothing or to `cat`. A PAGER may carry arguments (`less -S`); one whose program
cannot be found or started is passed over and the text printed as usual. Colour is kept
through less (`LESS=FRX` is set when LESS is not, as git does); NO_COLOR takes away colour
only, not the pager.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from collections.abc import Iterator
from typing import IO

#: The pager when PAGER is not set: less that quits when the text fits one screen (-F),
#: shows colour (-R) and leaves the text on the screen when it quits (-X).
DEFAULT = "less -FRX"
#: What less shows on its last line instead of a bare ':' (its own PAGER is left as it is):
#: which keys to press, for people who have never met a pager; '(end)' at the end.
LESS_KEYS = r"-PsSpace\: more, b\: back, q\: quit ?e(end)."


def command(stream: IO[str] | None = None) -> list[str] | None:
    """The pager to use for this stream as a program and its arguments, or None for none."""
    stream = stream if stream is not None else sys.stdout
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    chosen = os.environ.get("PAGER")
    if chosen is None:
        if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
            return None  # (an editor's shell buffer, say: less cannot draw there)
        chosen = "more" if sys.platform == "win32" and not shutil.which("less") else DEFAULT
    import shlex

    try:
        words = shlex.split(chosen, posix=sys.platform != "win32")
    except ValueError:  # unbalanced quotes: not a command we can run
        return None
    if not words or os.path.basename(words[0]) in ("cat", "cat.exe"):
        return None
    found = shutil.which(words[0])
    if found is None:
        return None
    if chosen == DEFAULT:
        words.append(LESS_KEYS)
    return [found, *words[1:]]


class _Screen(io.StringIO):
    """Standard output while the text is gathered: a terminal as far as colour and width go
    (so the text is what the screen would show), the real stream's encoding."""

    def __init__(self, real: IO[str], colour: bool) -> None:
        super().__init__()
        self._colour = colour
        self._encoding = getattr(real, "encoding", None) or "utf-8"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self._colour


@contextlib.contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Everything printed on standard output inside goes through the pager when it is taller
    than the screen (and a pager is to be used); otherwise it is printed as usual."""
    pager = command() if enabled else None
    if pager is None:
        yield
        return
    real = sys.stdout
    # `more` (Windows) shows colour codes as text; less -R and a PAGER of one's own show colour.
    colour = os.path.basename(pager[0]).lower() not in ("more", "more.com", "more.exe")
    gathered = _Screen(real, colour)
    sys.stdout = gathered
    try:
        yield
    finally:
        sys.stdout = real
        text = gathered.getvalue()
        height = shutil.get_terminal_size((80, 24)).lines
        if text.count("\n") < height or not _through(pager, text, gathered.encoding):
            real.write(text)


#: A pager's end that means it never showed the text: its program could not be run (126,
#: 127 from a shell or a script), or it crashed (killed by one of these signals).
_CANNOT_RUN = (126, 127)
_CRASHES = ("SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT", "SIGSYS")


def _through(pager: list[str], text: str, encoding: str) -> bool:
    """Show the text in the pager and wait for it; False if the pager could not be started,
    could not run, or crashed (the text is then printed as usual, so nothing is lost). A pager
    that quits by itself, at once or not, showed what it chose to (as with git)."""
    import signal
    import subprocess

    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    environment.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(pager, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: Ctrl-C is not ours to set
        previous = None
    try:
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError, OSError):  # quit before the end: fine
            process.stdin.write(text.encode(encoding, "replace"))
        with contextlib.suppress(BrokenPipeError, OSError):
            process.stdin.close()
        code = process.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    crashes = {-getattr(signal, name) for name in _CRASHES if hasattr(signal, name)}
    return code not in _CANNOT_RUN and code not in crashes
