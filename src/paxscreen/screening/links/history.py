"""A person's travel history: every flight, booking, document, contact and hit, in order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Table, select

from paxscreen.screening.links.identity import current_identity
from paxscreen.store.booking_tables import bookings
from paxscreen.store.bookings_repo import element_owners
from paxscreen.store.hit_tables import hits
from paxscreen.store.link_tables import identity_links
from paxscreen.store.tables import documents, emails, flights, phones, traveller_names, travellers


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _by_traveller(
    connection: Connection, table: Table, columns: tuple[str, ...], ids: list[int]
) -> dict[int, list[dict[str, Any]]]:
    """Rows of `table` for these travellers, as JSON-ready dicts grouped by traveller."""
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    query = select(table.c.traveller_id, *(table.c[name] for name in columns)).where(
        table.c.traveller_id.in_(ids)
    )
    for traveller_id, *values in connection.execute(query):
        grouped[traveller_id].append(
            {name: _plain(value) for name, value in zip(columns, values, strict=True)}
        )
    return grouped


def travel_history(connection: Connection, identity_id: int) -> dict[str, Any]:
    identity_id = current_identity(connection, identity_id)
    rows = connection.execute(
        select(
            travellers.c.id,
            travellers.c.source,
            travellers.c.role,
            travellers.c.booking_id,
            travellers.c.created_at,
            travellers.c.message_id,
            identity_links.c.confidence,
            identity_links.c.method,
            flights.c.id.label("flight_id"),
            flights.c.carrier,
            flights.c.number,
            flights.c.origin,
            flights.c.destination,
            flights.c.departure_local,
            bookings.c.record_locator,
        )
        .join(identity_links, identity_links.c.traveller_id == travellers.c.id)
        .outerjoin(flights, flights.c.id == travellers.c.flight_id)
        .outerjoin(bookings, bookings.c.id == travellers.c.booking_id)
        .where(identity_links.c.identity_id == identity_id)
    ).all()
    ids = [row.id for row in rows]
    names = _by_traveller(connection, traveller_names, ("given_names", "surname", "source"), ids)
    docs = _by_traveller(connection, documents, ("type", "number", "issuing_state", "expiry"), ids)
    booking_ids = sorted({row.booking_id for row in rows if row.booking_id is not None})
    owners = element_owners(connection, booking_ids)  # a history row reads another's elements
    contacts = defaultdict(list)
    for table, column, kind in (
        (phones, phones.c.e164, "phone"),
        (emails, emails.c.normalised, "email"),
    ):
        for booking_id, raw, value in connection.execute(
            select(table.c.booking_id, table.c.raw, column).where(
                table.c.booking_id.in_(sorted(set(owners.values())))
            )
        ):
            contacts[booking_id].append({"kind": kind, "value": value or raw})
    hit_rows = _by_traveller(
        connection,
        hits,
        ("id", "source", "source_id", "band", "score", "status", "created_at"),
        ids,
    )
    events = [
        {
            "traveller_id": row.id,
            "source": row.source,
            "role": row.role,
            "seen_at": row.created_at.isoformat(),
            "message_id": row.message_id,
            "link": {"confidence": row.confidence, "method": row.method},
            "flight": None
            if row.flight_id is None
            else {
                "id": row.flight_id,
                "designator": f"{row.carrier}{row.number}",
                "origin": row.origin,
                "destination": row.destination,
                "departure_local": row.departure_local.isoformat() if row.departure_local else None,
            },
            "booking": None
            if row.booking_id is None
            else {
                "id": row.booking_id,
                "record_locator": row.record_locator,
                "contacts": contacts.get(owners.get(row.booking_id), []),
            },
            "names": names.get(row.id, []),
            "documents": docs.get(row.id, []),
            "hits": hit_rows.get(row.id, []),
        }
        for row in rows
    ]
    events.sort(
        key=lambda event: (
            (event["flight"] or {}).get("departure_local") or event["seen_at"],
            event["traveller_id"],
        )
    )
    return {"identity_id": identity_id, "records": len(events), "history": events}


__all__ = ["travel_history"]
