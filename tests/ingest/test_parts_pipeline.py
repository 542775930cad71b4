"""Multi-part pushes: parts in any order, a missing part processed after the timeout."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from ingest.builders import Person, booking, push
from ingest.conftest import NOW, Ingest
from paxscreen.config import Settings
from paxscreen.ingest.expiry import expire_part_sets
from paxscreen.model import MessageStatus
from paxscreen.store.tables import bookings, messages

PREPARED = dt.datetime(2026, 2, 28, 10, 0)
CHANGED = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)


def _parts() -> list[bytes]:
    people = [
        Person(f"PASSENGER{n}", "ALEX", dt.date(1970, 1, n + 1), f"P{n}", "1") for n in range(6)
    ]
    pnrs = [booking(f"LOC00{n}", [person], changed=CHANGED) for n, person in enumerate(people)]
    return push(pnrs, prepared=PREPARED, per_part=2)


def _booking_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(bookings)).scalar_one()


def test_parts_out_of_order_wait_then_load_together(engine: Engine, ingest: Ingest) -> None:
    first, second, third = _parts()
    assert ingest(third).status == MessageStatus.WAITING_PARTS
    assert ingest(first).status == MessageStatus.WAITING_PARTS
    assert _booking_count(engine) == 0
    assert ingest(second).status == MessageStatus.LOADED
    assert _booking_count(engine) == 6
    with engine.connect() as connection:
        statuses = connection.execute(select(messages.c.status)).scalars()
        assert sorted(statuses) == ["loaded"] * 3


def test_missing_part_is_processed_after_timeout_with_finding(
    engine: Engine, ingest: Ingest, settings: Settings
) -> None:
    first, _missing, third = _parts()
    ingest(first)
    ingest(third)
    timeout = dt.timedelta(minutes=10)
    assert (
        expire_part_sets(
            engine, settings=settings, now=NOW + dt.timedelta(minutes=9), timeout=timeout
        )
        == []
    )
    outcomes = expire_part_sets(engine, settings=settings, now=NOW + timeout, timeout=timeout)
    assert {outcome.status for outcome in outcomes} == {MessageStatus.LOADED}
    assert _booking_count(engine) == 4
    with engine.connect() as connection:
        for findings in connection.execute(select(messages.c.findings)).scalars():
            missing = [f for f in findings if f["code"] == "ingest.missing-parts"]
            assert len(missing) == 1 and "missing 2" in missing[0]["message"]


def test_late_part_after_timeout_is_loaded_on_arrival(
    engine: Engine, ingest: Ingest, settings: Settings
) -> None:
    first, second, third = _parts()
    ingest(first)
    ingest(third)
    expire_part_sets(
        engine, settings=settings, now=NOW + dt.timedelta(hours=1), timeout=dt.timedelta(minutes=10)
    )
    assert ingest(second, now=NOW + dt.timedelta(hours=2)).status == MessageStatus.LOADED
    assert _booking_count(engine) == 6
