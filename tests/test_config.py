import subprocess
import sys

import pytest

from paxscreen.config import load_settings
from paxscreen.errors import ConfigurationError


def test_default_database_is_sqlite_under_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAXSCREEN_DATABASE_URL", raising=False)
    assert load_settings().database_url == "sqlite:///var/paxscreen.db"


def test_postgresql_url_gets_the_psycopg3_driver() -> None:
    settings = load_settings(database_url="postgresql://u@h:5432/db")
    assert settings.database_url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize("bad", ["nonsense", "mysql://u@h/db", "://"])
def test_bad_database_url_names_the_variable(bad: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        load_settings(database_url=bad)
    assert raised.value.variable == "PAXSCREEN_DATABASE_URL"


def test_cli_reports_bad_url_in_one_line_without_traceback() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "paxscreen.cli", "version"],
        env={"PAXSCREEN_DATABASE_URL": "not a url", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "PAXSCREEN_DATABASE_URL" in lines[0]
    assert "Traceback" not in completed.stderr
