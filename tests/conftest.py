"""Shared fixtures: every test gets its own empty journal folder and a plain, 80-column terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reflect_cli.cli import app
from reflect_cli.domain.model import Framework
from reflect_cli.inputs.framework import load_framework

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI (the CI variable set, as .ci/run sets it) the git workspace tests must run, never
    be skipped for want of git: .ci/run installs it."""
    import os
    import shutil

    if os.environ.get("CI") and shutil.which("git") is None:
        raise pytest.UsageError("CI is set but git is not installed: the workspace tests "
                                "would be skipped (.ci/run installs it)")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A temporary journal (with its own drafts, index and remembered habits), no colour,
    80 columns, no custom framework from the environment."""
    journal = tmp_path / "journal"
    monkeypatch.setenv("REFLECT_DIR", str(journal))
    monkeypatch.setenv("REFLECT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REFLECT_DRAFTS_DIR", str(tmp_path / "drafts"))
    monkeypatch.setenv("REFLECT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("REFLECT_FRAMEWORK", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")
    return journal


@pytest.fixture
def journal(plain_environment: Path) -> Path:
    return plain_environment


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):  # type: ignore[no-untyped-def]
    """Run reflect with arguments (and optional input) as a user would; returns the result."""

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input)

    return run
