"""After loading, changed flights go to every registered screener; failures are recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, select

from ingest.builders import Listed, paxlst
from ingest.conftest import Ingest
from paxscreen.ingest.catalogue import message_trail
from paxscreen.model import MessageStatus
from paxscreen.screening.interface import register_screener
from paxscreen.store.tables import flights

JOHN = Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "ABC123", "U1")


def test_changed_flight_is_screened_and_message_marked(engine: Engine, ingest: Ingest) -> None:
    calls: list[Sequence[int]] = []

    def screener(connection: Any, flight_ids: Sequence[int], *, settings: Any, now: Any) -> int:
        calls.append(list(flight_ids))
        return 2

    register_screener("fake", screener)
    outcome = ingest(paxlst([JOHN], prepared=dt.datetime(2026, 3, 1, 8)))
    with engine.connect() as connection:
        flight_id = connection.execute(select(flights.c.id)).scalar_one()
        trail = message_trail(connection, outcome.message_id)
    assert outcome.status == MessageStatus.SCREENED
    assert calls == [[flight_id]]
    assert [event["status"] for event in trail] == ["received", "parsed", "loaded", "screened"]
    assert trail[-1]["detail"]["hits"] == {"fake": 2}


def test_unchanged_flight_is_not_screened_again(engine: Engine, ingest: Ingest) -> None:
    calls: list[Sequence[int]] = []
    register_screener("fake", lambda c, ids, *, settings, now: calls.append(ids) or 0)
    ingest(paxlst([JOHN], prepared=dt.datetime(2026, 3, 1, 8)))
    resend = paxlst([JOHN], prepared=dt.datetime(2026, 3, 1, 8, 5), control="2").replace(
        b"XX OPERATIONS", b"XX OPS"
    )
    assert ingest(resend).status == MessageStatus.LOADED
    assert len(calls) == 1


def test_failing_screener_gives_failed_screen_with_reason(engine: Engine, ingest: Ingest) -> None:
    def broken(connection: Any, flight_ids: Sequence[int], *, settings: Any, now: Any) -> int:
        raise RuntimeError("watchlist index missing")

    register_screener("broken", broken)
    register_screener("fine", lambda c, ids, *, settings, now: 0)
    outcome = ingest(paxlst([JOHN], prepared=dt.datetime(2026, 3, 1, 8)))
    assert outcome.status == MessageStatus.FAILED_SCREEN
    assert outcome.reason == "broken: RuntimeError: watchlist index missing"
