"""A loading transaction's trail: every step on record, in order, committed with the load.

The steps after parsing (raw copy redacted, sensitive data removed, the status)
go in together with the last status change; the trail, the audit chain and the
message row must read as if each step had written on its own, and a failed load
must leave none of it behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

import paxscreen.ingest.pipeline
from ingest.builders import Person, booking, push
from ingest.conftest import NOW, Ingest
from paxscreen.ingest.keep import Arrival, PendingTrail, keep_committed
from paxscreen.ingest.pipeline import set_status
from paxscreen.ingest.status import StatusTransitionError
from paxscreen.model import MessageStatus, Remark
from paxscreen.privacy.audit import search_events, verify_chain
from paxscreen.store.ingest_tables import ingest_events
from paxscreen.store.tables import messages
from store.databases import empty_database

S = MessageStatus
JOHN = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
MEAL = Remark(kind="SSR", code="MOML", text="NO PORK", traveller_index=0)  # sensitive: withheld
CHANGED = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
PUSHED = dt.datetime(2026, 2, 28, 10, 0)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """Both databases: PostgreSQL writes a status and its trail in one statement."""
    with empty_database(request.param, prefix="t_trail") as created:
        yield created


def _raw() -> bytes:
    return push([booking("ABC123", [JOHN], changed=CHANGED, remarks=[MEAL])], prepared=PUSHED)[0]


def _trail(engine: Engine, message_id: str) -> list[tuple[str, str | None]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(ingest_events.c.kind, ingest_events.c.status)
            .where(ingest_events.c.message_id == message_id)
            .order_by(ingest_events.c.id)
        )
        return [(kind, status) for kind, status in rows]


def test_loaded_message_trail_audit_and_row_read_step_by_step(
    engine: Engine, ingest: Ingest
) -> None:
    raw = _raw()
    outcome = ingest(raw)
    assert outcome.status == S.LOADED
    assert _trail(engine, outcome.message_id) == [
        ("status", "received"),
        ("status", "parsed"),
        ("redaction", None),
        ("sensitive", None),
        ("status", "loaded"),
    ]
    with engine.connect() as connection:
        row = connection.execute(select(messages).where(messages.c.id == outcome.message_id)).one()
        audited = search_events(connection)
        chain = verify_chain(connection)
    assert (row.status, row.type) == ("loaded", "PNRGOV")  # the header went in with `loaded`
    assert len(row.raw) == len(raw) and b"NO PORK" in raw and b"NO PORK" not in row.raw
    assert [event.action for event in reversed(audited)] == ["redaction", "sensitive-data-removed"]
    assert [event.sequence for event in reversed(audited)] == [1, 2]
    assert chain.ok and chain.events_checked == 2, chain.problems


def test_failed_load_leaves_no_redaction_audit_or_parsed_step_behind(
    engine: Engine, ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(paxscreen.ingest.pipeline, "load_unit", broken)
    raw = _raw()
    outcome = ingest(raw)
    assert outcome.status == S.FAILED_LOAD
    assert _trail(engine, outcome.message_id) == [("status", "received"), ("status", "failed_load")]
    with engine.connect() as connection:
        row = connection.execute(select(messages).where(messages.c.id == outcome.message_id)).one()
        assert search_events(connection) == []
    assert (row.status, row.type, bytes(row.raw)) == ("failed_load", "PNRGOV", raw)


def _received(engine: Engine) -> str:
    return keep_committed(engine, Arrival(raw=_raw(), transport="file"), now=NOW)


def test_status_passed_on_the_way_is_held_to_the_machine(engine: Engine) -> None:
    message_id = _received(engine)
    with engine.begin() as connection:
        with pytest.raises(StatusTransitionError):  # parsed cannot go straight to screened
            set_status(
                connection, message_id, S.SCREENED, now=NOW, pending=PendingTrail(passed=S.PARSED)
            )
        set_status(connection, message_id, S.LOADED, now=NOW, pending=PendingTrail(passed=S.PARSED))
    with engine.begin() as connection, pytest.raises(StatusTransitionError):
        # loaded is not a status parsed comes from
        set_status(connection, message_id, S.LOADED, now=NOW, pending=PendingTrail(passed=S.PARSED))


def test_status_columns_that_the_table_lacks_are_refused(engine: Engine) -> None:
    """The status UPDATE takes its columns as execution parameters, which SQLAlchemy
    would drop without a word when one names no column: a misspelt header column
    must fail, not vanish."""
    message_id = _received(engine)
    with engine.begin() as connection, pytest.raises(ValueError, match="sender_refrence"):
        set_status(connection, message_id, S.PARSED, now=NOW, extra={"sender_refrence": "misspelt"})
