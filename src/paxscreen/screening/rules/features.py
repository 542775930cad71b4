"""Derived traveller features, computed when a flight is loaded or changed.

`compute_features(connection, flight_id)` reads the flight's travellers with their
bookings, itineraries, payments, bags, seats and documents, computes one row per
traveller in `derived_traveller_features`, and replaces the rows the flight had.
Rules then test these like any other field (`features.is_broken_travel`), so the
expensive parts (travel history, other bookings) run once per load, not once per
rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Connection, delete, select, update

from paxscreen.screening.rules.history import identity_matches, other_booking_connections
from paxscreen.screening.rules.itinerary import Leg, payer_is_traveller, seat_neighbours, trip_shape
from paxscreen.screening.rules.timezones import local_to_utc
from paxscreen.store.booking_tables import bookings, itinerary_segments, payments
from paxscreen.store.rows import insert_rows
from paxscreen.store.rule_tables import derived_traveller_features
from paxscreen.store.tables import (
    bags,
    documents,
    flights,
    seats,
    tickets,
    traveller_names,
    travellers,
)

POUNDS_TO_KG = Decimal("0.45359237")


def _plain(table: Any) -> list[Any]:
    """The table's columns but its JSON ones (source references: never read here, and
    decoding them was a third of the work)."""
    return [column for column in table.c if not isinstance(column.type, JSON)]


def _grouped(
    connection: Connection, table: Any, key: str, owners: Any, order: str
) -> dict[int, list[Any]]:
    """Rows of `table` whose `key` is among `owners` (a sub-query: no list of hundreds
    of ids to bind), grouped by that key, in `order`."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    column = table.c[key]
    for row in connection.execute(
        select(*_plain(table)).where(column.in_(owners)).order_by(column, table.c[order])
    ):
        grouped[row._mapping[key]].append(row)
    return grouped


def _hours_before(
    departure: dt.datetime | None, moment: dt.datetime | dt.date | None
) -> float | None:
    if departure is None or moment is None:
        return None
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return round((departure - moment).total_seconds() / 3600, 3)


def _bag_totals(rows: list[Any]) -> tuple[int | None, float | None]:
    if not rows:
        return 0, None
    count = sum(row.count or 0 for row in rows)
    weights = [
        row.weight * (POUNDS_TO_KG if (row.weight_unit or "").upper().startswith("L") else 1)
        for row in rows
        if row.weight is not None
    ]
    return count, float(round(sum(weights), 3)) if weights else None


def _document_features(
    rows: list[Any], nationality: str | None, day: dt.date | None
) -> dict[str, Any]:
    if not rows:
        return {}
    primary = next((row for row in rows if (row.type or "").upper().startswith("P")), rows[0])
    result: dict[str, Any] = {}
    if day is not None and primary.issue_date is not None:
        result["document_issued_days_before_departure"] = float((day - primary.issue_date).days)
    if day is not None and primary.expiry is not None:
        result["document_expires_days_after_departure"] = float((primary.expiry - day).days)
    holder = nationality or primary.nationality
    if primary.issuing_state and holder:
        result["document_state_differs_from_nationality"] = (
            primary.issuing_state.upper() != holder.upper()
        )
    return result


def _age(traveller: Any, day: dt.date | None) -> int | None:
    if day is None:
        return None
    if traveller.birth_date is not None:
        born = traveller.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if traveller.birth_year is not None:
        return day.year - traveller.birth_year
    return None


def _seat_on_flight(rows: list[Any], flight: Any) -> str | None:
    number = str(flight.number).lstrip("0")
    for row in rows:
        if row.flight is None or (
            row.flight.startswith(flight.carrier)
            and row.flight.lstrip(flight.carrier).lstrip("0") == number
        ):
            return str(row.seat)
    return None


def _with_utc_times(connection: Connection, flight_id: int) -> Any:
    """The flight row, after filling UTC departure/arrival from local times when missing
    (rules on "hours before departure" need instants)."""
    flight = connection.execute(select(flights).where(flights.c.id == flight_id)).one()
    filled: dict[str, dt.datetime] = {}
    departure = local_to_utc(flight.departure_local, flight.origin)
    arrival = local_to_utc(flight.arrival_local, flight.destination)
    if flight.departure_utc is None and departure is not None:
        filled["departure_utc"] = departure
    if flight.arrival_utc is None and arrival is not None:
        filled["arrival_utc"] = arrival
    if not filled:
        return flight
    connection.execute(update(flights).where(flights.c.id == flight_id).values(**filled))
    return connection.execute(select(flights).where(flights.c.id == flight_id)).one()


@dataclass(frozen=True, slots=True)
class Person:
    """One person on the flight: the listed row and the rows merged into it (API + PNR)."""

    id: int  # the surviving (listed) traveller row
    member_ids: tuple[int, ...]
    booking_id: int | None
    date_of_birth: str | None
    birth_date: dt.date | None
    birth_year: int | None
    nationality: str | None
    person_id: str | None


def _first(rows: list[Any], attribute: str) -> Any:
    return next((getattr(row, attribute) for row in rows if getattr(row, attribute)), None)


def people_on_flight(connection: Connection, flight_id: int) -> list[Person]:
    """The flight's people: each surviving row with the rows merged into it.

    Ingestion keeps an API row and a PNR row for the same person and points the PNR
    row at the API row (`merged_into`); the booking, payments and itinerary hang off
    the PNR row, the checked document off the API row. Features describe the person.
    """
    rows = connection.execute(
        select(*_plain(travellers)).where(travellers.c.flight_id == flight_id)
    ).all()
    members: dict[int, list[Any]] = defaultdict(list)
    for row in sorted(rows, key=lambda row: (row.merged_into is not None, row.id)):
        members[row.merged_into or row.id].append(row)
    return [
        Person(
            id=person_id,
            member_ids=tuple(row.id for row in group),
            booking_id=_first(group, "booking_id"),
            date_of_birth=_first(group, "date_of_birth"),
            birth_date=_first(group, "birth_date"),
            birth_year=_first(group, "birth_year"),
            nationality=_first(group, "nationality"),
            person_id=_first(group, "person_id"),
        )
        for person_id, group in members.items()
    ]


def _by_person(grouped: dict[int, list[Any]], people: list[Person]) -> dict[int, list[Any]]:
    return {
        person.id: [row for member in person.member_ids for row in grouped.get(member, [])]
        for person in people
    }


def compute_features(
    connection: Connection, flight_id: int, *, now: dt.datetime | None = None
) -> int:
    """Recompute the derived features of every traveller on a flight; returns the row count.

    Every row of a person (API and PNR) gets the person's features, so a rule finds
    them from whichever row it starts.
    """
    flight = _with_utc_times(connection, flight_id)
    people = people_on_flight(connection, flight_id)
    on_flight = select(travellers.c.id).where(travellers.c.flight_id == flight_id)
    booked = select(travellers.c.booking_id).where(travellers.c.flight_id == flight_id)
    booking_rows = {
        row.id: row
        for row in connection.execute(select(*_plain(bookings)).where(bookings.c.id.in_(booked)))
    }
    segments = _grouped(connection, itinerary_segments, "booking_id", booked, "sequence")
    paid = _grouped(connection, payments, "booking_id", booked, "position")
    bag_rows = _grouped(connection, bags, "traveller_id", on_flight, "position")
    seat_rows = _by_person(
        _grouped(connection, seats, "traveller_id", on_flight, "position"), people
    )
    document_rows = _by_person(
        _grouped(connection, documents, "traveller_id", on_flight, "position"), people
    )
    ticket_rows = _by_person(
        _grouped(connection, tickets, "traveller_id", on_flight, "position"), people
    )
    names = _by_person(
        _grouped(connection, traveller_names, "traveller_id", on_flight, "position"), people
    )
    co_travellers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    booked_count: dict[int, int] = defaultdict(int)
    for person in people:
        if person.booking_id is not None and names.get(person.id):
            first = names[person.id][0]
            co_travellers[person.booking_id].append((first.surname, first.given_names))
            booked_count[person.booking_id] += 1
    history = identity_matches(connection, flight, people, names, document_rows)
    connections = other_booking_connections(connection, flight, people, names)
    neighbours = seat_neighbours(
        {
            person.id: seat
            for person in people
            if (seat := _seat_on_flight(seat_rows.get(person.id, []), flight))
        },
        {person.id: person.booking_id for person in people},
    )
    departure = flight.departure_utc
    day = flight.departure_date
    computed_at = now or dt.datetime.now(dt.UTC)
    rows = []
    for person in people:
        booking_id = person.booking_id or 0  # 0: no booking (ids start at 1)
        booking = booking_rows.get(booking_id)
        shape = trip_shape(
            [
                Leg(s.origin, s.destination, s.departure_local, s.arrival_local)
                for s in segments.get(booking_id, [])
            ]
        )
        forms = paid.get(booking_id, [])
        ticketed = booking.ticketing_date if booking is not None else None
        issued = [t.issue_date for t in ticket_rows.get(person.id, []) if t.issue_date]
        reasons = [f"surface gap {gap}" for gap in shape.gaps] + connections.get(person.id, [])
        bag_count, bag_weight = max(
            (_bag_totals(bag_rows.get(member, [])) for member in person.member_ids),
            key=lambda totals: (totals[0] or 0, totals[1] or 0),
        )
        same, other = neighbours.get(person.id, (None, None))
        trips, visits = history.get(person.id, (0, 0))
        row = {
            "traveller_id": person.id,
            "flight_id": flight_id,
            "computed_at": computed_at,
            "hours_booking_to_departure": _hours_before(
                departure, booking.created if booking is not None else None
            ),
            "hours_ticketing_to_departure": _hours_before(
                departure, ticketed or (min(issued) if issued else None)
            ),
            "is_one_way": shape.is_one_way,
            "trip_length_days": shape.trip_length_days,
            "segment_count": shape.segment_count,
            "connection_count": shape.connection_count,
            "max_dwell_hours": shape.max_dwell_hours,
            "route": shape.route or None,
            "itinerary": shape.legs,
            "is_broken_travel": bool(reasons) if booking is not None else None,
            "broken_travel_reason": "; ".join(reasons) or None,
            "trips_last_365_days": trips,
            "previous_visits_to_destination": visits,
            "payment_type": forms[0].type.upper() if forms else None,
            "payer_is_traveller": payer_is_traveller(
                [text for form in forms for text in (form.payer, form.card_holder) if text],
                co_travellers.get(booking_id, []),
            ),
            "party_size": (booking.party_size or booked_count.get(booking_id))
            if booking is not None
            else None,
            "bag_count": bag_count,
            "bag_weight_kg": bag_weight,
            "neighbours_same_booking": same,
            "neighbours_other_booking": other,
            "document_issued_days_before_departure": None,
            "document_expires_days_after_departure": None,
            "document_state_differs_from_nationality": None,
            "age_years": _age(person, day),
        }
        row.update(_document_features(document_rows.get(person.id, []), person.nationality, day))
        rows += [{**row, "traveller_id": member} for member in person.member_ids]
    _write_changed(connection, flight_id, rows)
    return len(rows)


def _write_changed(connection: Connection, flight_id: int, rows: list[dict[str, Any]]) -> None:
    """Replace only the flight's feature rows whose values changed, and drop those of
    travellers no longer on it: a flight is loaded again with every PNR push and API
    message, and most travellers' features stay the same (`computed_at` then says
    when a row's values last changed)."""
    table = derived_traveller_features
    compared = [column.name for column in table.c if column.name != "computed_at"]
    stored = {
        row.traveller_id: row._mapping
        for row in connection.execute(
            select(*(table.c[name] for name in compared)).where(table.c.flight_id == flight_id)
        )
    }
    changed = [
        row
        for row in rows
        if (old := stored.get(row["traveller_id"])) is None
        or any(old[name] != row.get(name) for name in compared)
    ]
    kept = {row["traveller_id"] for row in rows} - {row["traveller_id"] for row in changed}
    gone = [traveller_id for traveller_id in stored if traveller_id not in kept]
    if gone:
        connection.execute(
            delete(table).where(table.c.flight_id == flight_id, table.c.traveller_id.in_(gone))
        )
    insert_rows(connection, table, changed)  # COPY on PostgreSQL


__all__ = ["compute_features"]
