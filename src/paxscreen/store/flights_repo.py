"""Flights: save by flight key (insert or update), load with legs and codeshare aliases.

A flight is identified by `Flight.key` (carrier + number + suffix + local
departure date + origin), so the PAXLST of the crew, the PAXLST of the
passengers and every PNR push of one flight all land on the same row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    update,
)

from paxscreen.model import Direction, Flight, FlightDesignator, FlightLeg
from paxscreen.store.rows import from_row, insert_rows, load_children, only, to_row
from paxscreen.store.tables import flight_aliases, flight_legs, flights, travellers


@dataclass(frozen=True, slots=True)
class StoredFlight:
    """A flight as stored: its row id and key, with its legs and aliases."""

    id: int
    key: str  # as stored
    flight: Flight


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
    flight_id = find_flight_id(connection, flight.key)
    if flight_id is None:
        return insert_flight(connection, flight, message_id=message_id)
    rewrite_flight(connection, flight_id, flight, message_id=message_id)
    return flight_id


def insert_flight(connection: Connection, flight: Flight, *, message_id: str | None = None) -> int:
    """A new flight row with its legs and aliases, for a caller that knows its key is free.

    Returns:
        The new flight id.
    """
    row = _flight_row(flight, message_id)
    flight_id: int = connection.execute(_INSERT_FLIGHT, row).scalar_one()
    _insert_legs_and_aliases(connection, flight_id, flight, message_id)
    return flight_id


def rewrite_flight(
    connection: Connection, flight_id: int, flight: Flight, *, message_id: str | None = None
) -> None:
    """Overwrite the row `flight_id` with `flight` (key included) and replace its legs and
    aliases; the first message that announced the flight stays recorded on the row."""
    row = _flight_row(flight, message_id)
    row.pop("message_id")
    connection.execute(_UPDATE_FLIGHT, {**row, "b_flight_id": flight_id})
    connection.execute(_DELETE_LEGS, {"b_flight_id": flight_id})
    connection.execute(_DELETE_ALIASES, {"b_flight_id": flight_id})
    _insert_legs_and_aliases(connection, flight_id, flight, message_id)


def _insert_legs_and_aliases(
    connection: Connection, flight_id: int, flight: Flight, message_id: str | None
) -> None:
    legs = [
        to_row(leg, flight_legs, flight_id=flight_id, message_id=message_id) for leg in flight.legs
    ]
    aliases = [
        to_row(alias, flight_aliases, flight_id=flight_id, position=position)
        for position, alias in enumerate(flight.aliases)
    ]
    insert_rows(connection, flight_legs, legs)
    insert_rows(connection, flight_aliases, aliases)


# built once: ingestion writes a flight when a message adds to it
_INSERT_FLIGHT = insert(flights).returning(flights.c.id)
_UPDATE_FLIGHT = update(flights).where(flights.c.id == bindparam("b_flight_id"))
_DELETE_LEGS = delete(flight_legs).where(flight_legs.c.flight_id == bindparam("b_flight_id"))
_DELETE_ALIASES = delete(flight_aliases).where(
    flight_aliases.c.flight_id == bindparam("b_flight_id")
)


def find_flight_id(connection: Connection, key: str) -> int | None:
    return connection.execute(select(flights.c.id).where(flights.c.flight_key == key)).scalar()


def _with_legs_and_aliases(condition: ColumnElement[bool]) -> Select[Any]:
    """Flights with their legs and aliases in one statement: one row per (leg, alias),
    legs by sequence and aliases by position (a flight has a few of each at most)."""
    joined = flights.outerjoin(flight_legs, flight_legs.c.flight_id == flights.c.id).outerjoin(
        flight_aliases, flight_aliases.c.flight_id == flights.c.id
    )
    return (
        select(flights, flight_legs, flight_aliases)
        .select_from(joined)
        .where(condition)
        .order_by(
            flights.c.id,
            flight_legs.c.sequence,
            flight_legs.c.id,
            flight_aliases.c.position,
            flight_aliases.c.id,
        )
    )


# built once: ingestion looks up the flight of every message
_BY_KEYS = _with_legs_and_aliases(flights.c.flight_key.in_(bindparam("b_keys", expanding=True)))
_BY_ID = _with_legs_and_aliases(flights.c.id == bindparam("b_flight_id"))
_FLIGHT_NAMES = tuple(column.name for column in flights.columns)
_LEG_NAMES = tuple(column.name for column in flight_legs.columns)
_ALIAS_NAMES = tuple(column.name for column in flight_aliases.columns)


def find_flights_by_key(connection: Connection, keys: Sequence[str]) -> dict[str, StoredFlight]:
    """The stored flights with these keys (flight key -> id and flight), in one statement."""
    rows = connection.execute(_BY_KEYS, {"b_keys": list(keys)}).all()
    return {stored.key: stored for stored in _stored_flights(rows)}


def load_stored_flight(connection: Connection, flight_id: int) -> StoredFlight | None:
    """`load_flight` in one statement; None when there is no flight with this id."""
    found = _stored_flights(connection.execute(_BY_ID, {"b_flight_id": flight_id}).all())
    return found[0] if found else None


def _stored_flights(rows: Sequence[Sequence[Any]]) -> list[StoredFlight]:
    """Flights from `_with_legs_and_aliases` rows (a leg repeats for each alias and an
    alias for each leg: each is taken once, in the order first seen)."""
    flight_end = len(_FLIGHT_NAMES)
    leg_end = flight_end + len(_LEG_NAMES)
    parts: dict[int, tuple[dict[str, Any], dict[int, Any], dict[int, Any]]] = {}
    for row in rows:
        flight_id = row[0]
        if flight_id not in parts:
            parts[flight_id] = (dict(zip(_FLIGHT_NAMES, row[:flight_end], strict=True)), {}, {})
        _row, legs, aliases = parts[flight_id]
        leg_id, alias_id = row[flight_end], row[leg_end]
        if leg_id is not None and leg_id not in legs:
            legs[leg_id] = dict(zip(_LEG_NAMES, row[flight_end:leg_end], strict=True))
        if alias_id is not None and alias_id not in aliases:
            aliases[alias_id] = dict(zip(_ALIAS_NAMES, row[leg_end:], strict=True))
    return [
        StoredFlight(
            flight_id, row["flight_key"], _flight_from_rows(row, legs.values(), aliases.values())
        )
        for flight_id, (row, legs, aliases) in parts.items()
    ]


def _flight_from_rows(
    row: Mapping[Any, Any], legs: Iterable[Mapping[str, Any]], aliases: Iterable[Mapping[str, Any]]
) -> Flight:
    return from_row(
        Flight,
        row,
        direction=Direction(row["direction"]),
        legs=[from_row(FlightLeg, leg) for leg in legs],
        aliases=[from_row(FlightDesignator, alias) for alias in aliases],
    )


def load_flights(connection: Connection, flight_ids: Sequence[int]) -> dict[int, Flight]:
    """Several flights with their legs and aliases, in three queries."""
    rows = connection.execute(select(flights).where(flights.c.id.in_(list(flight_ids)))).mappings()
    legs = load_children(connection, flight_legs, "flight_id", flight_ids)
    aliases = load_children(connection, flight_aliases, "flight_id", flight_ids)
    return {row["id"]: _flight_from_rows(row, legs[row["id"]], aliases[row["id"]]) for row in rows}


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
    "StoredFlight",
    "find_flight",
    "find_flight_id",
    "find_flights_by_key",
    "insert_flight",
    "list_flights",
    "load_flight",
    "load_flights",
    "load_stored_flight",
    "rewrite_flight",
    "save_flight",
]
