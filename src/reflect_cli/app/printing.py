"""A PDF from the report's HTML page, printed by a browser that is installed: Chromium or
Chrome in headless mode (`--print-to-pdf`), found as REFLECT_BROWSER, chromium,
chromium-browser, google-chrome or google-chrome-stable (or where Windows and macOS put them).
With none, reflect says how to make the PDF another way: open the HTML page in any browser and
choose Print, then Save as PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from reflect_cli.errors import ReflectError

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
         "msedge")
#: Where a browser usually is when it is not on the PATH.
PLACES = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
)
#: How long the browser may take to print, in seconds (REFLECT_BROWSER_TIMEOUT changes it).
TIMEOUT = 60.0
ANOTHER_WAY = ("To make the PDF another way: write the report as a web page (reflect report "
               "--format html), open it in any browser, choose Print, then Save as PDF (A4). "
               "Or install Chromium, or name a browser with REFLECT_BROWSER.")


class NoBrowser(ReflectError):
    """No browser to print with: exit code 1, with the other way to make a PDF."""


def find_browser() -> list[str] | None:
    """The browser to print with, as a command (REFLECT_BROWSER first), or None."""
    chosen = os.environ.get("REFLECT_BROWSER", "").strip()
    if chosen:
        found = shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
        if found is None:
            raise NoBrowser(f"REFLECT_BROWSER names {chosen!r}, which cannot be found",
                            hint=ANOTHER_WAY)
        return [found]
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return [found]
    for place in PLACES:
        if Path(place).is_file():
            return [place]
    return None


def _timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("REFLECT_BROWSER_TIMEOUT", TIMEOUT)))
    except ValueError:
        return TIMEOUT


def print_pdf(html: str, browser: Sequence[str] | None = None) -> bytes:
    """The PDF's bytes, printed from `html` by a headless browser in a folder of its own (its
    profile too, so a browser that is open already is not disturbed), within a time limit."""
    command = list(browser) if browser else find_browser()
    if not command:
        raise NoBrowser("no browser to print the PDF with: reflect looks for Chromium or "
                        "Chrome (" + ", ".join(NAMES[:4]) + ")", hint=ANOTHER_WAY)
    with tempfile.TemporaryDirectory(prefix="reflect-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(folder) / "report.pdf"
        arguments = [*command, "--headless", "--disable-gpu", "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions",
                     "--no-pdf-header-footer", "--print-to-pdf-no-header",
                     f"--user-data-dir={Path(folder) / 'profile'}",
                     f"--print-to-pdf={pdf}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium will not start as root without it
        limit = _timeout()
        try:
            code, stderr = _run(arguments, limit)
        except subprocess.TimeoutExpired:
            raise ReflectError(f"the browser took longer than {limit:g} second"
                               f"{'' if limit == 1 else 's'} to print the PDF, and was stopped "
                               "(REFLECT_BROWSER_TIMEOUT gives it longer)",
                               hint=ANOTHER_WAY) from None
        except OSError as error:
            raise NoBrowser(f"the browser {command[0]} could not be started: "
                            f"{error.strerror or error}", hint=ANOTHER_WAY) from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            said = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise ReflectError(f"the browser {command[0]} did not make the PDF (exit code "
                               f"{code}{': ' + said[0] if said[0] else ''})",
                               hint=ANOTHER_WAY)
        return pdf.read_bytes()


def _run(arguments: list[str], limit: float) -> tuple[int, bytes]:
    """Run the browser within `limit` seconds: its exit code and what it said on stderr.
    On POSIX it runs in a process group of its own, stopped whole when it is done or too
    slow: a browser's helpers (or the shell script that starts Chromium) never live on,
    printing into a folder that is gone. subprocess.TimeoutExpired when too slow."""
    own_group = os.name == "posix"
    with subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, start_new_session=own_group) as process:
        try:
            _, stderr = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _stop(process, own_group)
            raise
        finally:
            if own_group:  # what it left running
                _stop(process, own_group)
        return process.returncode, stderr


def _stop(process: subprocess.Popen[bytes], own_group: bool) -> None:
    import contextlib
    import signal

    if own_group:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
