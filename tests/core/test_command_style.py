"""All of our management commands share one style: explained --help, errors as exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = {"screener", "jobs", "resumes", "screening", "profiles", "runs", "llm"}


def _our_commands() -> list[tuple[str, str]]:
    return sorted((name, app) for name, app in get_commands().items() if app in OUR_APPS)


def test_the_project_has_the_commands_the_readme_lists() -> None:
    names = {name for name, _ in _our_commands()}
    expected = {"import_jobs", "enrich_jobs", "import_resumes", "recover_failed_resumes", "screen"}
    assert expected | {"evaluate", "enhance_profiles", "recommend", "demo", "llm_status"} <= names


@pytest.mark.parametrize(("name", "app"), _our_commands(), ids=lambda v: v)
def test_every_command_explains_itself_and_every_option(name: str, app: str) -> None:
    command = load_command_class(app, name)
    assert len(command.help) >= 20, f"{name}: --help needs a sentence saying what it does"
    parser = command.create_parser("manage.py", name)
    ours = [a for a in parser._actions if a.dest not in _DJANGO_DEFAULTS and a.dest != "help"]
    undocumented = [a.option_strings or [a.dest] for a in ours if not a.help]
    assert not undocumented, f"{name}: options without help: {undocumented}"


_DJANGO_DEFAULTS = {
    "version", "verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color",
    "skip_checks",
}  # fmt: skip


def test_a_failing_command_exits_non_zero_with_a_readable_message(db) -> None:  # noqa: ANN001
    """Django turns CommandError into exit code 1 and one line on stderr, no traceback."""
    env = {**os.environ, "EMBEDDED_PG_DB": connection.settings_dict["NAME"]}  # migrated, no team
    result = subprocess.run(
        [sys.executable, "manage.py", "recommend", "--resume", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "CommandError: no team exists yet" in result.stderr
    assert "Traceback" not in result.stderr
