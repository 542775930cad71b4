"""Load one flight's travellers into a `TravellerFrame`: a handful of queries for all.

One query for the travellers with what they have one of (the flight, the booking,
the derived features, joined), then one per other entity the rules test; each reads
only the columns the rules read plus the keys that tie rows to travellers. Rows
reach travellers exactly as in the SQL compiler (`compiler._ONE_TO_ONE`,
`compiler._links`): the booking and agency by booking id,
derived features by traveller id, payments and remarks by booking, documents and
bags by traveller, contacts by either (the traveller's own first).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from paxscreen.screening.rules.catalogue import ENTITIES, Link
from paxscreen.screening.rules.compiler import table
from paxscreen.screening.rules.frame import Row, TravellerFrame
from paxscreen.screening.rules.oracle import OracleEnvironment

_TRAVELLER_KEYS = ("id", "merged_into", "booking_id", "flight_id")


@dataclass(frozen=True, slots=True)
class FlightFrame:
    """A flight's frame with who each position is: its traveller row, and the row the
    flight lists the person under (`merged_into`, where hits go)."""

    frame: TravellerFrame
    traveller_ids: list[int]
    subject_ids: list[int]
    listed: int  # people on the flight: rows not merged into another


def _rows(connection: Connection, query: Any) -> list[dict[str, Any]]:
    result = connection.execute(query)
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


def _select(table_name: str, columns: set[str], keys: tuple[str, ...]) -> Any:
    entity_table = table(table_name)
    present = [key for key in keys if key in entity_table.c]  # features: no id of their own
    wanted = list(dict.fromkeys([*present, *sorted(columns)]))
    return select(*(entity_table.c[name] for name in wanted)), entity_table


_JOINED = {  # one-to-one entities read in the travellers query: entity -> its join
    Link.FLIGHT: lambda found, travellers: found.c.id == travellers.c.flight_id,
    Link.BOOKING: lambda found, travellers: found.c.id == travellers.c.booking_id,
    Link.ONE_BY_TRAVELLER: lambda found, travellers: found.c.traveller_id == travellers.c.id,
}


def _one_to_one(
    connection: Connection, flight_id: int, columns: Mapping[str, set[str]]
) -> tuple[list[dict[str, Any]], dict[str, list[Row | None]]]:
    """The flight's traveller rows, and for the flight, the booking and the derived
    features (keyed by id or traveller id: one row each), in the same query."""
    travellers = table("travellers")
    wanted = list(dict.fromkeys([*_TRAVELLER_KEYS, *sorted(columns.get("traveller", ()))]))
    selected: list[Any] = [travellers.c[name] for name in wanted]
    source: Any = travellers
    joined: dict[str, list[str]] = {}
    for name in sorted({*columns, "flight"}):  # the flight always: its departure
        spec = ENTITIES[name]
        join = _JOINED.get(spec.link)
        if join is None:
            continue
        found = table(spec.table)
        present = "departure_utc" if spec.link is Link.FLIGHT else found.primary_key.columns[0].name
        joined[name] = list(dict.fromkeys([present, *sorted(columns.get(name, ()))]))
        selected += [found.c[column].label(f"{name}__{column}") for column in joined[name]]
        source = source.outerjoin(found, join(found, travellers))
    query = select(*selected).select_from(source).where(travellers.c.flight_id == flight_id)
    rows = _rows(connection, query.order_by(travellers.c.id))
    people = [{name: row[name] for name in wanted} for row in rows]
    entities: dict[str, list[Row | None]] = {}
    for name, names in joined.items():
        present = f"{name}__{names[0]}"
        entities[name] = [
            {column: row[f"{name}__{column}"] for column in names}
            if row[present] is not None or ENTITIES[name].link is Link.FLIGHT
            else None
            for row in rows
        ]
    return people, entities


def load_flight_frame(
    connection: Connection,
    flight_id: int,
    columns: Mapping[str, set[str]],
    lists: Mapping[str, frozenset[str]] | None = None,
) -> FlightFrame:
    """The flight's traveller rows with the entities named in `columns` (entity ->
    the store columns to read)."""
    travellers = table("travellers")
    people, one_to_one = _one_to_one(connection, flight_id, columns)
    flight = next(iter(one_to_one["flight"]), None)
    departure = flight["departure_utc"] if flight is not None else None
    frame = TravellerFrame(len(people), OracleEnvironment(departure, lists or {}))
    frame.one.update(one_to_one)
    on_flight = select(travellers.c.id).where(travellers.c.flight_id == flight_id)
    booked = select(travellers.c.booking_id).where(
        travellers.c.flight_id == flight_id, travellers.c.booking_id.is_not(None)
    )
    for name, wanted in columns.items():
        spec = ENTITIES[name]
        if spec.link is Link.SELF:
            frame.one[name] = list(people)
        elif spec.link is Link.ONE_BY_BOOKING:
            query, found = _select(spec.table, wanted, ("id", "booking_id"))
            first: dict[Any, Row] = {}
            query = query.where(found.c.booking_id.in_(booked)).order_by(*found.primary_key)
            for row in _rows(connection, query):
                first.setdefault(row["booking_id"], row)
            frame.one[name] = [first.get(person["booking_id"]) for person in people]
        elif spec.link.is_many:
            _load_many(connection, frame, name, wanted, people, on_flight, booked)
    return FlightFrame(
        frame,
        [person["id"] for person in people],
        [person["merged_into"] or person["id"] for person in people],
        sum(person["merged_into"] is None for person in people),
    )


def _load_many(
    connection: Connection,
    frame: TravellerFrame,
    name: str,
    wanted: set[str],
    people: list[dict[str, Any]],
    on_flight: Any,
    booked: Any,
) -> None:
    spec = ENTITIES[name]
    by_traveller = spec.link in (Link.MANY_BY_TRAVELLER, Link.MANY_BY_EITHER)
    by_booking = spec.link in (Link.MANY_BY_BOOKING, Link.MANY_BY_EITHER)
    keys = (
        ("id",)
        + (("traveller_id",) if by_traveller else ())
        + (("booking_id",) if by_booking else ())
    )
    query, found = _select(spec.table, wanted, keys)
    ways = []
    if by_traveller:
        ways.append(found.c.traveller_id.in_(on_flight))
    if by_booking:
        ways.append(found.c.booking_id.in_(booked))
    own: dict[Any, list[Row]] = defaultdict(list)
    shared: dict[Any, list[Row]] = defaultdict(list)
    for row in _rows(connection, query.where(or_(*ways)).order_by(*found.primary_key)):
        if by_traveller and row["traveller_id"] is not None:
            own[row["traveller_id"]].append(row)
        if by_booking and row["booking_id"] is not None:
            shared[row["booking_id"]].append(row)
    rows: list[Sequence[Row]] = []
    counts: list[int] = []
    for person in people:
        mine = own.get(person["id"], [])
        theirs = shared.get(person["booking_id"], []) if person["booking_id"] is not None else []
        if by_traveller and by_booking:  # a contact of both ways counts once, as the own one
            theirs = [row for row in theirs if row.get("traveller_id") != person["id"]]
        rows.append([*mine, *theirs])
        counts.append(len(mine))
    frame.many[name] = rows
    if by_traveller and by_booking:
        frame.own[name] = counts


__all__ = ["FlightFrame", "load_flight_frame"]
