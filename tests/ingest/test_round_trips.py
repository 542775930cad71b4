"""A message costs few round trips to the database, and stores the same for it.

`ingest_file` checks out one connection (one pre-ping) for the keep and the load,
and on PostgreSQL keeps the raw bytes in one autocommitted statement. A connection
lost between the two is replaced, and the message still loads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text, update

from ingest.builders import Person, booking, push
from ingest.conftest import NOW
from paxscreen.config import Settings
from paxscreen.ingest.keep import Arrival, event_row, keep, keep_and_commit, record_events
from paxscreen.ingest.pipeline import process_on
from paxscreen.ingest.status_rows import move_status
from paxscreen.ingest.workers import ingest_file
from paxscreen.model import MessageStatus
from paxscreen.store.ingest_tables import ingest_events
from paxscreen.store.tables import messages
from store.databases import empty_database

JOHN = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[Engine]:
    with empty_database(request.param, prefix="t_trips") as created:
        yield created


@pytest.fixture
def postgres() -> Iterator[Engine]:
    with empty_database("postgres", prefix="t_trips") as created:
        yield created


def _raw() -> bytes:
    return push([booking("ABC123", [JOHN], changed=NOW)], prepared=NOW)[0]


def _stored(engine: Engine, message_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The message row and its trail, less what differs from one run to the next."""
    with engine.connect() as connection:
        row = connection.execute(select(messages).where(messages.c.id == message_id)).one()
        trail = connection.execute(
            select(ingest_events).where(ingest_events.c.message_id == message_id)
        ).all()
    message = {k: v for k, v in row._asdict().items() if k not in {"id", "created_at"}}
    events = [
        {k: v for k, v in e._asdict().items() if k not in {"id", "message_id"}} for e in trail
    ]
    return message, events


def test_ingest_file_checks_out_one_connection(
    database: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "push.edi"
    path.write_bytes(_raw())
    checkouts: list[object] = []
    event.listen(database, "checkout", lambda *_args: checkouts.append(_args))
    outcome = ingest_file(database, path, settings=settings, now=NOW)
    assert outcome.status == MessageStatus.LOADED
    assert len(checkouts) == 1


@pytest.mark.postgres
def test_keep_is_one_statement_committed_when_it_returns(postgres: Engine) -> None:
    statements: list[str] = []
    event.listen(postgres, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with postgres.connect() as connection:
        message_id = keep_and_commit(connection, Arrival(raw=_raw(), transport="file"), now=NOW)
        assert len(statements) == 1 and "INSERT INTO ingest_events" in statements[0]
        with postgres.connect() as other:  # committed: seen from another connection
            seen = other.execute(select(messages.c.status).where(messages.c.id == message_id))
            assert seen.scalar() == str(MessageStatus.RECEIVED)
        # and the connection is back to transactions for the load
        assert not connection.connection.driver_connection.autocommit  # type: ignore[union-attr]


@pytest.mark.postgres
def test_one_statement_keep_stores_what_two_statements_store(postgres: Engine) -> None:
    arrival = Arrival(raw=_raw(), transport="file", sender="SENDER", origin="/in/push.edi")
    with postgres.begin() as connection:
        two = keep(connection, arrival, now=NOW)
    with postgres.connect() as connection:
        one = keep_and_commit(connection, arrival, now=NOW)
    assert _stored(postgres, one) == _stored(postgres, two)


@pytest.mark.postgres
def test_connection_lost_after_the_keep_is_replaced(postgres: Engine, settings: Settings) -> None:
    with postgres.connect() as connection:
        message_id = keep_and_commit(connection, Arrival(raw=_raw(), transport="file"), now=NOW)
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        connection.rollback()
        with postgres.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        outcome = process_on(connection, message_id, settings=settings, now=NOW)
    assert (outcome.status, outcome.reason) == (MessageStatus.LOADED, None)
    message, trail = _stored(postgres, message_id)
    assert message["status"] == str(MessageStatus.LOADED)
    assert [row["status"] for row in trail] == ["received", "parsed", "loaded"]


@pytest.mark.postgres
def test_status_and_trail_in_one_statement_store_what_two_store(postgres: Engine) -> None:
    naive = dt.datetime(2026, 2, 28, 12, 0, 0, 123456)  # taken as UTC, as `UtcDateTime` does
    detail = {"reason": "données: ü €", "flights": [3, 1], "nested": {"a": None, "b": 1.5}}
    with postgres.connect() as connection:
        ids = [keep_and_commit(connection, Arrival(raw=_raw(), transport="file"), now=NOW)]
        ids.append(keep_and_commit(connection, Arrival(raw=_raw(), transport="file"), now=NOW))
    trails = [
        [
            event_row(message_id, "redaction", now=NOW + dt.timedelta(hours=2), detail=detail),
            event_row(message_id, "status", now=naive, status=MessageStatus.FAILED_LOAD),
        ]
        for message_id in ids
    ]
    values = {"status": str(MessageStatus.FAILED_LOAD), "status_reason": "why"}
    with postgres.begin() as connection:
        assert move_status(connection, ids[0], values, allowed_from=["received"], events=trails[0])
        connection.execute(update(messages).where(messages.c.id == ids[1]).values(values))
        record_events(connection, trails[1])
        not_in = ["parsed"]  # a status the message is not in: nothing written
        assert not move_status(connection, ids[0], values, allowed_from=not_in, events=trails[0])
    assert _stored(postgres, ids[0]) == _stored(postgres, ids[1])
    assert len(_stored(postgres, ids[0])[1]) == 3
