"""Flights: save by flight key (insert or update), load with legs and codeshare aliases.

A flight is identified by `Flight.key` (carrier + number + suffix + local
departure date + origin), so the PAXLST of the crew, the PAXLST of the
passengers and every PNR push of one flight all land on the same row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, case, delete, func, insert, select, update

from paxscreen.model import Direction, Flight, FlightDesignator, FlightLeg
from paxscreen.store.rows import from_row, insert_rows, load_children, only, to_row
from paxscreen.store.tables import flight_aliases, flight_legs, flights, travellers


def _flight_row(flight: Flight, message_id: str | None) -> dict[str, object]:
    departure_date = flight.departure_local.date() if flight.departure_local else None
    return to_row(
        flight, flights, flight_key=flight.key, departure_date=departure_date, message_id=message_id
    )


def save_flight(connection: Connection, flight: Flight, *, message_id: str | None = None) -> int:
    """Insert the flight, or update the row with the same key; legs and aliases are replaced.

    Returns:
        The flight id.
    """
    row = _flight_row(flight, message_id)
    flight_id = find_flight_id(connection, flight.key)
    if flight_id is None:
        flight_id = connection.execute(
            insert(flights).values(row).returning(flights.c.id)
        ).scalar_one()
    else:
        row.pop("message_id")  # the first message that announced the flight stays recorded
        connection.execute(update(flights).where(flights.c.id == flight_id).values(row))
        connection.execute(delete(flight_legs).where(flight_legs.c.flight_id == flight_id))
        connection.execute(delete(flight_aliases).where(flight_aliases.c.flight_id == flight_id))
    legs = [
        to_row(leg, flight_legs, flight_id=flight_id, message_id=message_id) for leg in flight.legs
    ]
    aliases = [
        to_row(alias, flight_aliases, flight_id=flight_id, position=position)
        for position, alias in enumerate(flight.aliases)
    ]
    insert_rows(connection, flight_legs, legs)
    insert_rows(connection, flight_aliases, aliases)
    return flight_id


def find_flight_id(connection: Connection, key: str) -> int | None:
    return connection.execute(select(flights.c.id).where(flights.c.flight_key == key)).scalar()


def load_flights(connection: Connection, flight_ids: Sequence[int]) -> dict[int, Flight]:
    """Several flights with their legs and aliases, in three queries."""
    rows = connection.execute(select(flights).where(flights.c.id.in_(list(flight_ids)))).mappings()
    legs = load_children(connection, flight_legs, "flight_id", flight_ids)
    aliases = load_children(connection, flight_aliases, "flight_id", flight_ids)
    return {
        row["id"]: from_row(
            Flight,
            row,
            direction=Direction(row["direction"]),
            legs=[from_row(FlightLeg, leg) for leg in legs[row["id"]]],
            aliases=[from_row(FlightDesignator, alias) for alias in aliases[row["id"]]],
        )
        for row in rows
    }


def load_flight(connection: Connection, flight_id: int) -> Flight:
    """Raises NotFoundError when there is no flight with this id."""
    return only(load_flights(connection, [flight_id]), flight_id, "flight")


def find_flight(connection: Connection, key: str) -> Flight | None:
    flight_id = find_flight_id(connection, key)
    return None if flight_id is None else load_flight(connection, flight_id)


@dataclass(slots=True, kw_only=True)
class FlightListing:
    """A flight as the flight list shows it: the flight and who is on board."""

    id: int
    flight: Flight
    travellers: int
    crew: int


def list_flights(
    connection: Connection,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    carrier: str | None = None,
    origin: str | None = None,
    destination: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[FlightListing]:
    """Flights by local departure date (inclusive range), carrier and route, earliest first."""
    statement = select(flights.c.id).order_by(
        flights.c.departure_date, flights.c.departure_local, flights.c.id
    )
    if date_from is not None:
        statement = statement.where(flights.c.departure_date >= date_from)
    if date_to is not None:
        statement = statement.where(flights.c.departure_date <= date_to)
    for column, value in (
        (flights.c.carrier, carrier),
        (flights.c.origin, origin),
        (flights.c.destination, destination),
    ):
        if value is not None:
            statement = statement.where(column == value.upper())
    flight_ids = list(connection.execute(statement.limit(limit).offset(offset)).scalars())
    loaded = load_flights(connection, flight_ids)
    counts = _traveller_counts(connection, flight_ids)
    return [
        FlightListing(id=flight_id, flight=loaded[flight_id], **counts.get(flight_id, _NO_ONE))
        for flight_id in flight_ids
    ]


_NO_ONE = {"travellers": 0, "crew": 0}
_CREW_ROLES = ("crew", "transit_crew")


def _traveller_counts(connection: Connection, flight_ids: list[int]) -> dict[int, dict[str, int]]:
    """Current (not merged away) travellers and crew per flight, in one grouped query."""
    if not flight_ids:
        return {}
    is_crew = case((travellers.c.role.in_(_CREW_ROLES), 1), else_=0)
    statement = (
        select(
            travellers.c.flight_id,
            func.count().label("travellers"),
            func.sum(is_crew).label("crew"),
        )
        .where(travellers.c.flight_id.in_(flight_ids), travellers.c.merged_into.is_(None))
        .group_by(travellers.c.flight_id)
    )
    return {
        row.flight_id: {"travellers": row.travellers, "crew": int(row.crew or 0)}
        for row in connection.execute(statement)
    }


__all__ = [
    "FlightListing",
    "find_flight",
    "find_flight_id",
    "list_flights",
    "load_flight",
    "load_flights",
    "save_flight",
]
