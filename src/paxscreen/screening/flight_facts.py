"""Facts about a flight that later screening relies on, filled in when it is loaded.

Messages rarely say whether a flight comes in or goes out: that depends on whose
border we guard (`PAXSCREEN_HOME_COUNTRY`). This first screener sets the direction
of every loaded flight whose direction is still unknown, from the countries of its
airports, so that rules such as "inbound with heavy bags" can test it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

import airportsdata
from sqlalchemy import Connection, select, update

from paxscreen.config import Settings
from paxscreen.model import Direction
from paxscreen.screening.interface import register_screener
from paxscreen.store.tables import flights


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    return {code: str(airport["country"]) for code, airport in airportsdata.load("IATA").items()}


def direction_of(origin: str | None, destination: str | None, *, home_country: str) -> Direction:
    """Inbound when it lands in the home country from abroad, outbound the other way."""
    countries = _countries()
    leaves_home = countries.get((origin or "").upper()) == home_country
    lands_home = countries.get((destination or "").upper()) == home_country
    if lands_home and not leaves_home:
        return Direction.INBOUND
    if leaves_home and not lands_home:
        return Direction.OUTBOUND
    return Direction.UNKNOWN


def fill_directions(
    connection: Connection, flight_ids: Sequence[int], *, settings: Settings, now: dt.datetime
) -> int:
    if not settings.home_country:
        return 0
    rows = connection.execute(
        select(flights.c.id, flights.c.origin, flights.c.destination).where(
            flights.c.id.in_(list(flight_ids)), flights.c.direction == Direction.UNKNOWN.value
        )
    ).all()
    for row in rows:
        direction = direction_of(row.origin, row.destination, home_country=settings.home_country)
        if direction is not Direction.UNKNOWN:
            connection.execute(
                update(flights).where(flights.c.id == row.id).values(direction=direction.value)
            )
    return 0  # facts, not hits


register_screener("flight-facts", fill_directions, order=5)

__all__ = ["direction_of", "fill_directions"]
