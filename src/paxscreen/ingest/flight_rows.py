"""Find-or-create the stored flight a message talks about, merging what it adds.

A flight is announced many times: by every PNR push (with little more than
designator, date and airports), by the PAXLST (with leg times), under its
marketing designator or its operating one. `merge_flight` (pure) fills in what
the stored flight lacks, unions the codeshare aliases and moves the row to the
operating identity when a message reveals it; `upsert_flight` finds the row by
any of the flight's keys or aliases and writes only when something changed.
"""

from __future__ import annotations

from dataclasses import fields, replace

from sqlalchemy import Connection, bindparam, select, update

from paxscreen.ingest.flights import lookup_keys, normalise_designator
from paxscreen.model import Direction, Flight
from paxscreen.store.flights_repo import (
    StoredFlight,
    find_flights_by_key,
    insert_flight,
    load_stored_flight,
    rewrite_flight,
)
from paxscreen.store.tables import flight_aliases, flights

_IDENTITY = {"carrier", "number", "suffix", "aliases", "legs", "sources", "cancelled", "direction"}
_SCHEDULE = {"departure_local", "arrival_local", "departure_utc", "arrival_utc", "destination"}

# Built once: a flight first named by its marketing designator (see `find_stored_flight`)
_BY_ALIAS = (
    select(flights.c.id)
    .join(flight_aliases, flight_aliases.c.flight_id == flights.c.id)
    .where(
        flight_aliases.c.carrier == bindparam("b_carrier"),
        flight_aliases.c.number == bindparam("b_number"),
        flights.c.departure_date == bindparam("b_date"),
        flights.c.origin == bindparam("b_origin"),
    )
    .limit(1)
)


def merge_flight(stored: Flight, incoming: Flight, *, replace_schedule: bool = False) -> Flight:
    """What the stored flight becomes once `incoming` is known (neither is changed).

    Missing values are filled in; known ones stay (a PNR push must not blank the
    PAXLST's times) unless `replace_schedule` (PAXLST BGM 266 CF, change flight).
    """
    merged = replace(stored, aliases=list(stored.aliases), legs=list(stored.legs))
    for field in fields(Flight):
        name = field.name
        if name in _IDENTITY:
            continue
        value = getattr(incoming, name)
        if value is None:
            continue
        if getattr(merged, name) is None or (replace_schedule and name in _SCHEDULE):
            setattr(merged, name, value)
    if merged.direction == Direction.UNKNOWN:
        merged.direction = incoming.direction
    if incoming.legs and (not merged.legs or replace_schedule):
        merged.legs = list(incoming.legs)
    designators = {str(alias) for alias in merged.aliases}
    if incoming.designator != merged.designator and _names_stored(incoming, merged):
        # the incoming flight is the operating one: the stored designator becomes an alias
        old = normalise_designator(merged.carrier, merged.number, merged.suffix)
        merged.carrier, merged.number, merged.suffix = (
            incoming.carrier,
            incoming.number,
            incoming.suffix,
        )
        merged.aliases = [alias for alias in merged.aliases if str(alias) != merged.designator]
        if str(old) not in designators:
            merged.aliases.append(old)
        designators = {str(alias) for alias in merged.aliases}
    for alias in incoming.aliases:
        if str(alias) not in designators and str(alias) != merged.designator:
            merged.aliases.append(alias)
            designators.add(str(alias))
    return merged


def _names_stored(incoming: Flight, stored: Flight) -> bool:
    """Does `incoming` list the stored designator among its (marketing) aliases?"""
    return any(str(alias) == stored.designator for alias in incoming.aliases)


def find_stored_flight(connection: Connection, flight: Flight) -> StoredFlight | None:
    """The stored flight under this flight's key, one of its aliases' keys, or as an alias.

    Every message looks its flight up: the flight comes with its legs and aliases in
    the same statement, so that the usual case (found, nothing new) is one round trip.
    """
    keys = lookup_keys(flight)
    found = find_flights_by_key(connection, keys)
    for key in keys:
        if key in found:
            return found[key]
    if flight.departure_local is None:
        return None
    alias = {
        "b_carrier": flight.carrier,
        "b_number": flight.number,
        "b_date": flight.departure_local.date(),
        "b_origin": flight.origin,
    }
    flight_id = connection.execute(_BY_ALIAS, alias).scalar()
    return None if flight_id is None else load_stored_flight(connection, flight_id)


def upsert_flight(
    connection: Connection,
    flight: Flight,
    *,
    message_id: str | None,
    replace_schedule: bool = False,
) -> tuple[int, bool]:
    """Store the flight (new or merged into the row found). Returns (flight id, changed)."""
    stored = find_stored_flight(connection, flight)
    if stored is None:  # not under its key either: a new row
        return insert_flight(connection, flight, message_id=message_id), True
    merged = merge_flight(stored.flight, flight, replace_schedule=replace_schedule)
    if merged == stored.flight:
        return stored.id, False
    rewrite_flight(connection, stored.id, merged, message_id=message_id)
    return stored.id, True


def mark_flight_cancelled(connection: Connection, flight_id: int) -> None:
    """PAXLST BGM 266 XF: the flight is cancelled (marked, never deleted)."""
    connection.execute(update(flights).where(flights.c.id == flight_id).values(cancelled=True))


__all__ = ["find_stored_flight", "mark_flight_cancelled", "merge_flight", "upsert_flight"]
