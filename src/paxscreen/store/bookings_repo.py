"""Bookings (PNRs): save and load a booking with its travellers and every data element.

Each element type goes to its own table in one statement per table for a whole
batch of bookings, so a PNR push of a full flight costs a fixed number of
round trips. Versioning columns (`version_number`, `superseded`) belong to
ingestion: `save_bookings` writes the version it is told, `mark_superseded`
retires an older one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, select, update

from paxscreen.model import (
    Address,
    Agency,
    Booking,
    BookingStatus,
    Email,
    HistoryEntry,
    ItinerarySegment,
    Payment,
    Phone,
    RecordLocator,
    Remark,
)
from paxscreen.store.rows import (
    from_row,
    insert_returning_ids,
    insert_rows,
    load_children,
    only,
    to_row,
)
from paxscreen.store.tables import (
    addresses,
    agencies,
    booking_history,
    bookings,
    emails,
    itinerary_segments,
    payments,
    phones,
    record_locators,
    remarks,
    split_locators,
    travellers,
)
from paxscreen.store.travellers_repo import insert_travellers, load_travellers, traveller_row

# list elements of a booking mapped field by field: (table, model class, Booking field)
_ELEMENTS: tuple[tuple[Table, type[Any], str], ...] = (
    (record_locators, RecordLocator, "record_locators"),
    (itinerary_segments, ItinerarySegment, "itinerary"),
    (payments, Payment, "payments"),
    (phones, Phone, "phones"),
    (emails, Email, "emails"),
    (addresses, Address, "addresses"),
    (remarks, Remark, "remarks"),
    (booking_history, HistoryEntry, "history"),
)


def _booking_row(booking: Booking, version_number: int, message_id: str | None) -> dict[str, Any]:
    return to_row(
        booking,
        bookings,
        record_locator=booking.record_locator,
        status=str(booking.status),
        sensitive_codes=list(booking.sensitive_codes),
        version_number=version_number,
        message_id=booking.message_id or message_id,
    )


def _element_rows(
    table: Table, attribute: str, owned: Sequence[tuple[int, Booking]]
) -> list[dict[str, Any]]:
    rows = []
    for booking_id, booking in owned:
        for position, element in enumerate(getattr(booking, attribute)):
            extra: dict[str, Any] = {"booking_id": booking_id}
            if "position" in table.c:
                extra["position"] = position
            if "message_id" in table.c:  # locators are keys, not message data
                extra["message_id"] = booking.message_id
            rows.append(to_row(element, table, **extra))
    return rows


def save_bookings(
    connection: Connection,
    batch: Sequence[Booking],
    *,
    version_number: int | Sequence[int] = 1,
    message_id: str | None = None,
) -> list[int]:
    """Insert bookings with travellers and all data elements.

    `version_number` is one for the whole batch or one per booking.
    `message_id` is used for bookings that do not name their message themselves.

    Returns:
        The new booking ids, in the order of `batch`.
    """
    numbers = [version_number] * len(batch) if isinstance(version_number, int) else version_number
    rows = [
        _booking_row(booking, number, message_id)
        for booking, number in zip(batch, numbers, strict=True)
    ]
    ids = insert_returning_ids(connection, bookings, rows)
    owned = list(zip(ids, batch, strict=True))
    for table, _cls, attribute in _ELEMENTS:
        insert_rows(connection, table, _element_rows(table, attribute, owned))
    splits = [
        {"booking_id": booking_id, "position": position, "locator": locator}
        for booking_id, booking in owned
        for position, locator in enumerate(booking.split_locators)
    ]
    insert_rows(connection, split_locators, splits)
    agency_rows = [
        to_row(booking.agency, agencies, booking_id=booking_id, message_id=booking.message_id)
        for booking_id, booking in owned
        if booking.agency is not None
    ]
    insert_rows(connection, agencies, agency_rows)
    traveller_entries = [
        (
            traveller_row(
                traveller,
                booking_id=booking_id,
                booking_position=position,
                message_id=row["message_id"],
            ),
            traveller,
        )
        for (booking_id, booking), row in zip(owned, rows, strict=True)
        for position, traveller in enumerate(booking.travellers)
    ]
    insert_travellers(connection, traveller_entries)
    return ids


def save_booking(connection: Connection, booking: Booking, **options: Any) -> int:
    """One booking; see `save_bookings` for the options."""
    return save_bookings(connection, [booking], **options)[0]


def load_bookings(connection: Connection, booking_ids: Sequence[int]) -> dict[int, Booking]:
    """Several bookings with everything they hold, a fixed number of queries in all."""
    ids = list(booking_ids)
    rows = load_children(connection, bookings, "id", ids) if ids else {}
    elements = {
        attribute: load_children(connection, table, "booking_id", ids)
        for table, _cls, attribute in _ELEMENTS
    }
    splits = load_children(connection, split_locators, "booking_id", ids)
    agency_rows = load_children(connection, agencies, "booking_id", ids)
    members = _travellers_by_booking(connection, ids)
    loaded = {}
    for booking_id, (row,) in rows.items():
        agency = agency_rows[booking_id]
        loaded[booking_id] = from_row(
            Booking,
            row,
            status=BookingStatus(row["status"]),
            sensitive_codes=list(row["sensitive_codes"]),
            split_locators=[split["locator"] for split in splits[booking_id]],
            agency=from_row(Agency, agency[0]) if agency else None,
            travellers=members.get(booking_id, []),
            **{
                attribute: [from_row(cls, element) for element in elements[attribute][booking_id]]
                for _table, cls, attribute in _ELEMENTS
            },
        )
    return loaded


def _travellers_by_booking(connection: Connection, booking_ids: list[int]) -> dict[int, list[Any]]:
    if not booking_ids:
        return {}
    statement = (
        select(travellers.c.id, travellers.c.booking_id)
        .where(travellers.c.booking_id.in_(booking_ids))
        .order_by(travellers.c.booking_position, travellers.c.id)
    )
    pairs = list(connection.execute(statement))
    loaded = load_travellers(connection, [pair.id for pair in pairs])
    grouped: dict[int, list[Any]] = {}
    for pair in pairs:
        grouped.setdefault(pair.booking_id, []).append(loaded[pair.id])
    return grouped


def load_booking(connection: Connection, booking_id: int) -> Booking:
    """Raises NotFoundError when there is no booking with this id."""
    return only(load_bookings(connection, [booking_id]), booking_id, "booking")


def find_booking_ids(
    connection: Connection,
    *,
    record_locator: str | None = None,
    phone_e164: str | None = None,
    email: str | None = None,
    card_hash: str | None = None,
    include_superseded: bool = False,
) -> list[int]:
    """Bookings by a locator, a phone, an e-mail or a card hash (all those given must match)."""
    statement = select(bookings.c.id).order_by(bookings.c.id)
    if not include_superseded:
        statement = statement.where(bookings.c.superseded.is_(False))
    lookups = (
        (record_locators, record_locators.c.locator, record_locator),
        (phones, phones.c.e164, phone_e164),
        (emails, emails.c.normalised, email.strip().lower() if email else None),
        (payments, payments.c.card_hash, card_hash),
    )
    for table, column, value in lookups:
        if value is not None:
            owners = select(table.c.booking_id).where(column == value)
            statement = statement.where(bookings.c.id.in_(owners))
    return list(connection.execute(statement).scalars())


def mark_superseded(connection: Connection, booking_id: int) -> None:
    """Retire a booking version that a newer push replaced (it stays for history)."""
    connection.execute(update(bookings).where(bookings.c.id == booking_id).values(superseded=True))


__all__ = [
    "find_booking_ids",
    "load_booking",
    "load_bookings",
    "mark_superseded",
    "save_booking",
    "save_bookings",
]
