import datetime as dt

import pytest
from sqlalchemy import Connection, select

from paxscreen.config import load_settings
from paxscreen.errors import ConfigurationError
from paxscreen.model import Direction, Flight
from paxscreen.screening.flight_facts import direction_of, fill_directions
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.tables import flights
from store.databases import *  # noqa: F403  (the shared two-database fixtures)

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("origin", "destination", "expected"),
    [
        ("JFK", "FRA", Direction.INBOUND),
        ("FRA", "JFK", Direction.OUTBOUND),
        ("MUC", "FRA", Direction.UNKNOWN),
        ("JFK", "LHR", Direction.UNKNOWN),
    ],
)
def test_direction_as_seen_from_home(origin: str, destination: str, expected: Direction) -> None:
    assert direction_of(origin, destination, home_country="DE") is expected


def test_loaded_flights_get_their_direction(connection: Connection) -> None:
    inbound = save_flight(
        connection,
        Flight(
            carrier="UA",
            number="900",
            origin="IAD",
            destination="FRA",
            departure_local=dt.datetime(2026, 6, 2, 18),
        ),
    )
    overflight = save_flight(
        connection,
        Flight(
            carrier="XQ",
            number="1",
            origin="IST",
            destination="LHR",
            departure_local=dt.datetime(2026, 6, 2, 9),
            direction=Direction.OVERFLIGHT,
        ),
    )
    fill_directions(
        connection, [inbound, overflight], settings=load_settings(home_country="de"), now=NOW
    )
    stored = dict(connection.execute(select(flights.c.id, flights.c.direction)).all())
    assert stored == {inbound: "inbound", overflight: "overflight"}  # a message's word stands


def test_home_country_must_be_an_iso2_code() -> None:
    with pytest.raises(ConfigurationError, match="PAXSCREEN_HOME_COUNTRY"):
        load_settings(home_country="Germany")
