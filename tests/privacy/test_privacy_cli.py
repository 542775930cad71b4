"""`paxscreen audit verify` and `paxscreen retention run --dry-run` from the command line."""

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import delete, update
from typer.testing import CliRunner

from paxscreen.cli import app
from paxscreen.privacy.audit import record_event
from paxscreen.store.engine import create_engine_for
from paxscreen.store.migrate import upgrade
from paxscreen.store.privacy_tables import audit_events


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    monkeypatch.setenv("PAXSCREEN_DATABASE_URL", url)
    upgrade(url)
    engine = create_engine_for(url)
    with engine.begin() as connection:
        for index in range(4):
            record_event(
                connection,
                actor="analyst1",
                action="view",
                object_type="traveller",
                object_id=index,
                now=dt.datetime(2026, 6, 1, 9, index, tzinfo=dt.UTC),
            )
    engine.dispose()
    return url


def _verify() -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify"])
    return result.exit_code, result.output


def _tamper(url: str, statement: object) -> None:
    engine = create_engine_for(url)
    with engine.begin() as connection:
        connection.execute(statement)  # type: ignore[call-overload]
    engine.dispose()


def test_verify_passes_on_an_intact_trail(database: str) -> None:
    code, output = _verify()
    assert code == 0 and "intact: 4 events" in output


@pytest.mark.parametrize(
    "tampering",
    [
        update(audit_events).where(audit_events.c.sequence == 2).values(action="export"),
        delete(audit_events).where(audit_events.c.sequence == 3),
        update(audit_events).where(audit_events.c.sequence == 1).values(sequence=99),
    ],
    ids=["modified", "deleted", "reordered"],
)
def test_verify_detects_tampering(database: str, tampering: object) -> None:
    _tamper(database, tampering)
    code, output = _verify()
    assert code == 1
    assert "BROKEN" in output


def test_retention_dry_run_changes_nothing(database: str) -> None:
    result = CliRunner().invoke(app, ["retention", "run", "--dry-run", "--now", "2030-01-01"])
    assert result.exit_code == 0, result.output
    assert "would do" in result.output
