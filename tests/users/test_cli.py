"""`paxscreen users ...` through Typer's runner, on a temporary SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from paxscreen.cli import app
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata
from paxscreen.users.accounts import find_user


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    engine = create_engine_for(url)
    load_metadata().create_all(engine)
    engine.dispose()
    monkeypatch.setenv("PAXSCREEN_DATABASE_URL", url)
    return url


def _user(url: str, name: str) -> object:
    engine = create_engine_for(url)
    with engine.connect() as connection:
        user = find_user(connection, name)
    engine.dispose()
    return user


def test_create_set_role_and_disable(database: str) -> None:
    runner = CliRunner()
    created = runner.invoke(
        app, ["users", "create", "nadia", "--role", "analyst", "--password", "long-enough-1"]
    )
    assert created.exit_code == 0, created.output
    assert "created nadia (analyst)" in created.output
    moved = runner.invoke(app, ["users", "set-role", "nadia", "port-officer"])
    assert moved.exit_code == 0 and "port_officer" in moved.output
    assert runner.invoke(app, ["users", "disable", "nadia"]).exit_code == 0
    user = _user(database, "nadia")
    assert user is not None and not user.active  # type: ignore[attr-defined]


def test_errors_exit_2_with_one_line(database: str) -> None:
    runner = CliRunner()
    weak = runner.invoke(app, ["users", "create", "bob", "--role", "analyst", "--password", "x"])
    assert weak.exit_code == 2 and "at least 10 characters" in weak.output
    unknown = runner.invoke(app, ["users", "set-role", "ghost", "analyst"])
    assert unknown.exit_code == 2 and "no user named 'ghost'" in unknown.output
    bad_role = runner.invoke(
        app, ["users", "create", "eve", "--role", "pilot", "--password", "long-enough-1"]
    )
    assert bad_role.exit_code == 2 and "unknown role" in bad_role.output


@pytest.mark.slow  # seven Argon2 hashes
def test_demo_login_is_idempotent_and_refused_in_production(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["users", "demo-login"])
    assert first.exit_code == 0 and "created demo users: admin" in first.output
    second = runner.invoke(app, ["users", "demo-login"])
    assert second.exit_code == 0 and "created demo users" not in second.output
    assert "paxscreen-demo" in second.output
    monkeypatch.setenv("PAXSCREEN_ENVIRONMENT", "production")
    assert runner.invoke(app, ["users", "demo-login"]).exit_code == 2
