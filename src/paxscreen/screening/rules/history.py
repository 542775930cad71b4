"""Travel history and broken travel: the same person on other flights and bookings.

Identity here is deliberately simple and strict: the same document number, the
same `person_id` (once link analysis resolves people), or the same name key *and*
date of birth. A shared common name alone never joins two people, since a false
history would make an innocent traveller look like a frequent visitor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from paxscreen.screening.rules.itinerary import CONNECTION_MAX_HOURS
from paxscreen.store.booking_tables import bookings, itinerary_segments
from paxscreen.store.tables import documents, flights, traveller_names, travellers

HISTORY_DAYS = 365
Identities = dict[tuple[str, str], list[int]]  # (name key, date of birth) -> people


def _name_key(names: Mapping[int, list[Any]], traveller_id: int) -> str | None:
    rows = names.get(traveller_id)
    return rows[0].name_key if rows and rows[0].name_key else None


def _identities(people: Sequence[Any], names: Mapping[int, list[Any]]) -> Identities:
    """(name key, date of birth) -> the people with it; people without a birth date have none."""
    found: Identities = defaultdict(list)
    for person in people:
        key = _name_key(names, person.id)
        if key and person.date_of_birth:
            found[(key, person.date_of_birth)].append(person.id)
    return found


def _identity_filter(identities: Identities) -> list[Any]:
    """Both halves as IN lists: selective on both databases (exact pairs are checked after)."""
    return [
        traveller_names.c.name_key.in_({key for key, _ in identities}),
        travellers.c.date_of_birth.in_({birth for _, birth in identities}),
    ]


def identity_matches(
    connection: Connection,
    flight: Any,
    people: Sequence[Any],
    names: Mapping[int, list[Any]],
    document_rows: Mapping[int, list[Any]],
) -> dict[int, tuple[int, int]]:
    """Per traveller: (flights in the previous year, of which to this flight's destination)."""
    if flight.departure_utc is None or not people:
        return {}
    start = flight.departure_utc - dt.timedelta(days=HISTORY_DAYS)
    window = and_(
        flights.c.departure_utc >= start,
        flights.c.departure_utc < flight.departure_utc,
        flights.c.id != flight.id,
    )
    seen: dict[int, set[tuple[int, str | None]]] = defaultdict(set)
    identities = _identities(people, names)
    by_name = (
        connection.execute(
            select(
                traveller_names.c.name_key,
                travellers.c.date_of_birth,
                flights.c.id,
                flights.c.destination,
            )
            .join(travellers, travellers.c.id == traveller_names.c.traveller_id)
            .join(flights, flights.c.id == travellers.c.flight_id)
            .where(window, traveller_names.c.position == 0, *_identity_filter(identities))
        ).all()
        if identities
        else []
    )
    for name_key, birth, flight_id, destination in by_name:
        for person_id in identities.get((name_key, birth), ()):
            seen[person_id].add((flight_id, destination))
    document_keys = {
        row.number_key for rows in document_rows.values() for row in rows if row.number_key
    }
    by_document = (
        connection.execute(
            select(documents.c.number_key, flights.c.id, flights.c.destination)
            .join(travellers, travellers.c.id == documents.c.traveller_id)
            .join(flights, flights.c.id == travellers.c.flight_id)
            .where(window, documents.c.number_key.in_(document_keys))
        ).all()
        if document_keys
        else []
    )
    for person in people:
        own = {row.number_key for row in document_rows.get(person.id, [])}
        seen[person.id].update((fid, dest) for key, fid, dest in by_document if key in own)
    person_ids = {person.person_id for person in people if person.person_id}
    by_person = (
        connection.execute(
            select(travellers.c.person_id, flights.c.id, flights.c.destination)
            .join(flights, flights.c.id == travellers.c.flight_id)
            .where(window, travellers.c.person_id.in_(person_ids))
        ).all()
        if person_ids
        else []
    )
    for person in people:
        seen[person.id].update(
            (fid, dest) for pid, fid, dest in by_person if pid == person.person_id and pid
        )
    destination = flight.destination
    return {
        person.id: (
            len(seen[person.id]),
            sum(1 for _, dest in seen[person.id] if dest == destination),
        )
        for person in people
    }


def other_booking_connections(
    connection: Connection, flight: Any, people: Sequence[Any], names: Mapping[int, list[Any]]
) -> dict[int, list[str]]:
    """Broken travel: journeys of the same person, in *other* bookings, that connect to
    this flight (arriving at its origin up to a day before departure, or leaving its
    destination up to a day after arrival). Returns reasons per traveller."""
    identities = _identities([person for person in people if person.booking_id], names)
    if not identities or flight.departure_local is None:
        return {}
    window = dt.timedelta(hours=CONNECTION_MAX_HOURS)
    inbound = and_(
        itinerary_segments.c.destination == flight.origin,
        itinerary_segments.c.arrival_local.between(
            flight.departure_local - window, flight.departure_local
        ),
    )
    conditions = [inbound]
    if flight.arrival_local is not None:
        leaving = itinerary_segments.c.departure_local
        conditions.append(
            and_(
                itinerary_segments.c.origin == flight.destination,
                leaving.between(flight.arrival_local, flight.arrival_local + window),
            )
        )
    segments = itinerary_segments.c
    first_name = and_(
        traveller_names.c.traveller_id == travellers.c.id, traveller_names.c.position == 0
    )
    found = connection.execute(
        select(
            traveller_names.c.name_key,
            travellers.c.date_of_birth,
            segments.booking_id,
            bookings.c.record_locator,
            segments.origin,
            segments.destination,
            segments.arrival_local,
        )
        .join(travellers, travellers.c.booking_id == segments.booking_id)
        .join(traveller_names, first_name)
        .join(bookings, bookings.c.id == segments.booking_id)
        .where(bookings.c.superseded.is_(False), *_identity_filter(identities), or_(*conditions))
    ).all()
    booking_of = {person.id: person.booking_id for person in people}
    reasons: dict[int, list[str]] = defaultdict(list)
    for name_key, birth, booking_id, locator, origin, destination, arrives in found:
        for person_id in identities.get((name_key, birth), ()):
            if booking_id == booking_of[person_id]:
                continue  # the person's own booking: an ordinary connection
            if destination == flight.origin:
                hours = (flight.departure_local - arrives).total_seconds() / 3600
                text = (
                    f"arrives from {origin} in booking {locator or booking_id}, "
                    f"{hours:.1f} h before departure"
                )
            else:
                text = f"continues to {destination} in booking {locator or booking_id}"
            if text not in reasons[person_id]:
                reasons[person_id].append(text)
    return dict(reasons)


__all__ = ["HISTORY_DAYS", "identity_matches", "other_booking_connections"]
