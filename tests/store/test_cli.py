from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from paxscreen.cli import app
from paxscreen.errors import ConfigurationError
from paxscreen.store.engine import create_engine_for


@pytest.fixture
def database_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/var/paxscreen.db"
    monkeypatch.setenv("PAXSCREEN_DATABASE_URL", url)
    return url


def test_db_upgrade_then_current_then_check(database_env: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "current"]).output.strip() == "none"
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "0001_initial" in result.output
    assert runner.invoke(app, ["db", "current"]).output.strip() == "0001_initial"
    check = runner.invoke(app, ["db", "check"])
    assert (check.exit_code, check.output.strip()) == (
        0,
        "schema matches the code; every row's owner exists",
    )


def test_db_check_exits_1_on_drift(database_env: str) -> None:
    runner = CliRunner()
    runner.invoke(app, ["db", "upgrade"])
    engine = create_engine_for(database_env)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE remarks")
    engine.dispose()
    result = runner.invoke(app, ["db", "check"])
    assert result.exit_code == 1
    assert "remarks" in result.output


def test_db_check_exits_1_on_a_row_whose_owner_is_missing(database_env: str) -> None:
    runner = CliRunner()
    runner.invoke(app, ["db", "upgrade"])
    engine = create_engine_for(database_env)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO seats (traveller_id, position, seat, checked_in, sources) "
            "VALUES (424242, 0, '12C', 0, '{}')"
        )
    engine.dispose()
    result = runner.invoke(app, ["db", "check"])
    assert result.exit_code == 1
    assert "orphaned: 1 row(s) of seats.traveller_id name a missing owner" in result.output


def test_unreachable_database_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAXSCREEN_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/x")
    result = CliRunner().invoke(app, ["db", "current"])
    assert isinstance(result.exception, ConfigurationError)
    assert result.exception.variable == "PAXSCREEN_DATABASE_URL"
    assert "cannot use the database" in str(result.exception)
