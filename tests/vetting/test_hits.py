"""record_hit is idempotent per (traveller, source, source id) and keeps dispositions."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, update
from vetting_support import MONDAY, TUESDAY, stored_flight, watchlist_hit

from paxscreen.store.hit_tables import hits
from paxscreen.vetting.hits import list_hits, record_hit
from store.databases import *  # noqa: F403  (fixtures: each test runs on SQLite and PostgreSQL)
from store.factories import make_traveller


@pytest.fixture
def on_board(connection: Connection) -> tuple[int, ...]:
    """(flight id, traveller id, crew id) of a stored flight."""
    return stored_flight(connection, make_traveller(), make_traveller(surname="CREW"))


def test_recorded_hit_is_listed_with_everything(
    connection: Connection, on_board: tuple[int, ...]
) -> None:
    flight_id, passenger, _crew = on_board
    hit = watchlist_hit(passenger, flight_id)
    hit_id = record_hit(connection, hit, now=MONDAY)
    (listed,) = list_hits(connection, flight_id=flight_id)
    assert listed.id == hit_id
    assert (listed.status, listed.created_at, listed.updated_at) == ("open", MONDAY, MONDAY)
    listed.id, listed.created_at, listed.updated_at = None, None, None
    assert listed == hit


def test_rescreening_refreshes_the_hit_and_keeps_its_disposition(
    connection: Connection, on_board: tuple[int, ...]
) -> None:
    flight_id, passenger, _crew = on_board
    hit_id = record_hit(connection, watchlist_hit(passenger, flight_id), now=MONDAY)
    connection.execute(update(hits).where(hits.c.id == hit_id).values(status="cleared"))
    again = watchlist_hit(passenger, flight_id, score=0.95, source_version="2026-03-02")
    assert record_hit(connection, again, now=TUESDAY) == hit_id
    (listed,) = list_hits(connection, traveller_id=passenger)
    assert (listed.score, listed.source_version, listed.status) == (0.95, "2026-03-02", "cleared")
    assert (listed.created_at, listed.updated_at) == (MONDAY, TUESDAY)


def test_another_entry_or_traveller_is_another_hit(
    connection: Connection, on_board: tuple[int, ...]
) -> None:
    flight_id, passenger, crew = on_board
    first = record_hit(connection, watchlist_hit(passenger, flight_id))
    second = record_hit(connection, watchlist_hit(passenger, flight_id, source_id="UN-9"))
    third = record_hit(connection, watchlist_hit(crew, flight_id))
    assert len({first, second, third}) == 3


def test_list_filters_and_orders_most_pressing_first(
    connection: Connection, on_board: tuple[int, ...]
) -> None:
    flight_id, passenger, crew = on_board
    record_hit(connection, watchlist_hit(passenger, flight_id, band="review", score=0.75))
    record_hit(
        connection, watchlist_hit(crew, flight_id, severity=5, source="rule", source_id="R1")
    )
    record_hit(connection, watchlist_hit(crew, flight_id, source_id="X", urgent=True, severity=1))
    assert [hit.source_id for hit in list_hits(connection, flight_id=flight_id)] == [
        "X",
        "R1",
        "OFAC-123",
    ]
    assert [hit.traveller_id for hit in list_hits(connection, band="review")] == [passenger]
    assert [hit.source_id for hit in list_hits(connection, source="rule")] == ["R1"]


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [({"source": "tarot"}, "source"), ({"band": "red"}, "band"), ({"score": 1.5}, "score")],
)
def test_invalid_hits_are_refused_with_the_reason(
    changes: dict[str, object], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        watchlist_hit(1, 1, **changes)
