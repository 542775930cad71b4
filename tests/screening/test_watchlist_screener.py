"""The flight screener: hits with list version and explanation, cleared pairs, re-screening."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Connection

from paxscreen.config import load_settings
from paxscreen.model import PartialDate, PersonName, TravelDocument, Traveller
from paxscreen.screening.interface import load_screeners, registered_screeners
from paxscreen.screening.watchlist_screener import rescreen_window, screen_flight
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.travellers_repo import save_travellers
from paxscreen.store.watchlists_repo import create_watchlist, import_version
from paxscreen.vetting.cleared_pairs import record_cleared_pair
from paxscreen.vetting.hits import list_hits
from store.databases import *  # noqa: F403  (fixtures: each test runs on SQLite and PostgreSQL)
from store.factories import make_flight

NOW = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)  # three hours before the flight leaves
SETTINGS = load_settings()


def record(
    entry_id: str, name: str, dob: str = "", documents: list[dict[str, Any]] = ()
) -> dict[str, Any]:  # type: ignore[assignment]
    return {
        "entry_id": entry_id,
        "primary_name": name,
        "names": [{"full_name": name, "quality": "strong", "primary": True}],
        "dates_of_birth": [dob] if dob else [],
        "nationalities": [],
        "sex": None,
        "documents": list(documents),
        "category": None,
        "remarks": "",
        "source_reference": "",
    }


def traveller(given: str, surname: str, *, born: PartialDate, number: str) -> Traveller:
    return Traveller(
        name=PersonName(surname=surname, given_names=given),
        date_of_birth=born,
        nationality="EGY",
        documents=[TravelDocument(type="P", number=number, issuing_state="EGY")],
    )


@pytest.fixture
def flight(connection: Connection) -> tuple[int, list[int]]:
    flight_id = save_flight(connection, make_flight())
    ids = save_travellers(
        connection,
        [
            traveller("AIMAN", "ZAWAHRI", born=PartialDate(1951, 6, 19), number="X0000001"),
            traveller("PIERRE", "DUBOIS", born=PartialDate(1980, 1, 2), number="LS123456"),
        ],
        flight_id=flight_id,
    )
    return flight_id, ids


def import_list(
    connection: Connection, name: str, records: list[dict[str, Any]], *, kind: str = "person"
) -> int:
    list_id = create_watchlist(
        connection, name, category="terrorism", user="test", now=NOW, kind=kind
    )
    return import_version(
        connection, list_id, records, user="test", now=NOW, source_name="t.csv", source_format="csv"
    )


def test_listed_traveller_gets_a_hit_with_version_and_explanation(
    connection: Connection, flight: tuple[int, list[int]]
) -> None:
    flight_id, (suspect, innocent) = flight
    import_list(connection, "Test list", [record("E1", "AYMAN MUHAMMAD AL-ZAWAHIRI", "1951-06-19")])
    assert screen_flight(connection, flight_id, settings=SETTINGS, now=NOW) == 1
    (hit,) = list_hits(connection, flight_id=flight_id)
    assert hit.traveller_id == suspect and hit.source_id == "Test list:E1"
    assert hit.source_version == "1" and hit.band in ("review", "alert")
    assert "dob exact" in hit.explanation["summary"]
    assert hit.screened_data["names"][0]["surname"] == "ZAWAHRI"


def test_lost_document_raises_a_document_hit(
    connection: Connection, flight: tuple[int, list[int]]
) -> None:
    flight_id, (_suspect, innocent) = flight
    import_list(
        connection,
        "Lost documents",
        kind="document",
        records=[
            {
                "entry_id": "D1",
                "primary_name": "",
                "documents": [
                    {"number": "LS123456", "issuing_state": "EG", "type": "P", "status": "stolen"}
                ],
            }
        ],
    )
    screen_flight(connection, flight_id, settings=SETTINGS, now=NOW)
    (hit,) = list_hits(connection, flight_id=flight_id)
    assert hit.traveller_id == innocent and hit.source == "document" and hit.band == "alert"


def test_cleared_pair_is_not_raised_again_until_the_entry_changes(
    connection: Connection, flight: tuple[int, list[int]]
) -> None:
    flight_id, _ = flight
    list_id = import_list(connection, "Clearing", [record("E1", "AYMAN AL-ZAWAHIRI", "1951-06-19")])
    assert list_id == 1
    screen_flight(connection, flight_id, settings=SETTINGS, now=NOW)
    (hit,) = list_hits(connection, flight_id=flight_id)
    record_cleared_pair(connection, hit.id, reason="other person", user="analyst", now=NOW)
    connection.execute(hits_table().delete())
    assert screen_flight(connection, flight_id, settings=SETTINGS, now=NOW) == 0
    from paxscreen.store.watchlists_repo import find_watchlist

    import_version(
        connection,
        find_watchlist(connection, "Clearing"),
        [record("E1", "AYMAN AL-ZAWAHIRI", "1951-06-19")],
        user="test",
        now=NOW,
        source_name="t2.csv",
        source_format="csv",
    )
    assert screen_flight(connection, flight_id, settings=SETTINGS, now=NOW) == 1


def test_rescreen_covers_flights_in_the_window(
    connection: Connection, flight: tuple[int, list[int]]
) -> None:
    import_list(connection, "Window", [record("E1", "AYMAN AL-ZAWAHIRI", "1951-06-19")])
    assert rescreen_window(connection, settings=SETTINGS, now=NOW) == 1
    later = NOW + dt.timedelta(days=10)
    assert rescreen_window(connection, settings=SETTINGS, now=later) == 0


def test_screener_is_registered_with_the_interface() -> None:
    load_screeners()
    assert "watchlist" in registered_screeners()


def hits_table():  # noqa: ANN201
    from paxscreen.store.hit_tables import hits

    return hits


def test_paired_rows_of_one_person_get_one_hit_on_the_listed_row(
    connection: Connection, flight: tuple[int, list[int]]
) -> None:
    """A PNR row paired with the suspect's API row (it points there) matches the same
    entry under its own spelling: one hit, on the row the flight lists."""
    from sqlalchemy import update

    from paxscreen.store.tables import travellers

    flight_id, (suspect, _innocent) = flight
    (booked,) = save_travellers(
        connection,
        [traveller("AYMAN", "ZAWAHIRI", born=PartialDate(1951, 6, 19), number="X0000001")],
        flight_id=flight_id,
    )
    connection.execute(
        update(travellers).where(travellers.c.id == booked).values(merged_into=suspect)
    )
    import_list(connection, "Pairs", [record("E1", "AYMAN MUHAMMAD AL-ZAWAHIRI", "1951-06-19")])
    assert screen_flight(connection, flight_id, settings=SETTINGS, now=NOW) == 1
    (hit,) = list_hits(connection, flight_id=flight_id)
    assert hit.traveller_id == suspect
    assert hit.screened_data["names"][0]["given_names"] == "AYMAN"  # the closer spelling
