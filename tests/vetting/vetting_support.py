"""Shared by the vetting tests: a stored flight with travellers, and a hit record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from paxscreen.model import Traveller
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.travellers_repo import save_travellers
from paxscreen.vetting.hits import HitRecord
from store.factories import make_flight

MONDAY = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
TUESDAY = MONDAY + dt.timedelta(days=1)


def stored_flight(connection: Connection, *people: Traveller) -> tuple[int, ...]:
    """(flight id, then each traveller's id) of a stored flight with `people` on it."""
    flight_id = save_flight(connection, make_flight())
    return (flight_id, *save_travellers(connection, list(people), flight_id=flight_id))


def watchlist_hit(traveller_id: int, flight_id: int, **changes: object) -> HitRecord:
    values: dict[str, object] = {
        "traveller_id": traveller_id,
        "flight_id": flight_id,
        "source": "watchlist",
        "source_id": "OFAC-123",
        "source_version": "2026-03-01",
        "score": 0.91,
        "band": "alert",
        "severity": 3,
        "category": "sanctions",
        "explanation": {"matched": ["surname", "date_of_birth"]},
        "screened_data": {"surname": "MÜLLER", "date_of_birth": "1965-06"},
        "message_id": None,
    }
    values.update(changes)
    return HitRecord(**values)  # type: ignore[arg-type]
