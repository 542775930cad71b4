"""Bookings (PNRs): save and load a booking with its travellers and every data element.

Each element type goes to its own table in one statement per table for a whole
batch of bookings, so a PNR push of a full flight costs a fixed number of
round trips. Versioning columns (`version_number`, `superseded`) belong to
ingestion: `save_bookings` writes the version it is told, `mark_superseded`
retires an older one, and `supersede_in_place` writes a newer version whose data
elements did not change over the current row, moving the older version's scalars
to a history row that reads its elements from the current one (`elements_from`).
Readers of a booking's elements go through `element_owner` (or `load_bookings`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, insert, literal, select, update

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
from paxscreen.store.bulk import any_of
from paxscreen.store.rows import (
    IN_CHUNK,
    ElementRows,
    element_rows,
    from_row,
    insert_element_rows,
    insert_returning_ids,
    insert_rows,
    load_children,
    only,
    to_row,
    update_rows,
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
# every Booking field stored in element tables: what `elements_digest` must cover
ELEMENT_FIELDS = (*(attribute for _t, _c, attribute in _ELEMENTS), "split_locators", "agency")


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


def element_owner() -> ColumnElement[int]:
    """The booking row that holds a booking row's data elements (itself, or `elements_from`)."""
    return func.coalesce(bookings.c.elements_from, bookings.c.id)


def element_owners(connection: Connection, booking_ids: Sequence[int]) -> dict[int, int]:
    """Booking id -> the id of the row holding its data elements, for readers of element tables."""
    owners: dict[int, int] = {}
    ids = sorted(set(booking_ids))
    for start in range(0, len(ids), IN_CHUNK):
        statement = select(bookings.c.id, element_owner()).where(
            bookings.c.id.in_(ids[start : start + IN_CHUNK])
        )
        owners.update({booking_id: owner for booking_id, owner in connection.execute(statement)})
    return owners


def _element_rows(
    table: Table, cls: type[Any], attribute: str, owned: Sequence[tuple[int, Booking]]
) -> tuple[ElementRows, list[tuple[Any, ...]]]:
    """The rows of one element list of every booking: owner columns, then the fields."""
    owner_names = tuple(name for name in _OWNER_NAMES if name in table.c)
    layout = element_rows(cls, table, owner_names)
    read = layout.read
    if len(owner_names) == len(_OWNER_NAMES):
        return layout, [
            (booking_id, position, booking.message_id, *read(element))
            for booking_id, booking in owned
            for position, element in enumerate(getattr(booking, attribute))
        ]
    # locators are keys, not message data; itinerary segments are ordered by sequence
    pick = itemgetter(*(_OWNER_NAMES.index(name) for name in owner_names))
    return layout, [
        (*pick((booking_id, position, booking.message_id)), *read(element))
        for booking_id, booking in owned
        for position, element in enumerate(getattr(booking, attribute))
    ]


# an element row's owner columns, in this order, those of them that its table has
_OWNER_NAMES = ("booking_id", "position", "message_id")


def save_bookings(
    connection: Connection,
    batch: Sequence[Booking],
    *,
    version_number: int | Sequence[int] = 1,
    message_id: str | None = None,
    elements_digest: Sequence[str | None] | None = None,
) -> list[int]:
    """Insert bookings with travellers and all data elements.

    `version_number` is one for the whole batch or one per booking.
    `message_id` is used for bookings that do not name their message themselves.
    `elements_digest` (one per booking) is stored for ingestion to tell, at the
    next version, whether the data elements changed (see `supersede_in_place`).

    Returns:
        The new booking ids, in the order of `batch`.
    """
    numbers = [version_number] * len(batch) if isinstance(version_number, int) else version_number
    digests = [None] * len(batch) if elements_digest is None else elements_digest
    rows = [
        {**_booking_row(booking, number, message_id), "elements_digest": digest}
        for booking, number, digest in zip(batch, numbers, digests, strict=True)
    ]
    ids = insert_returning_ids(connection, bookings, rows)
    owned = list(zip(ids, batch, strict=True))
    for table, cls, attribute in _ELEMENTS:
        insert_element_rows(connection, *_element_rows(table, cls, attribute, owned))
    splits = [
        {"booking_id": booking_id, "position": position, "locator": locator}
        for booking_id, booking in owned
        for position, locator in enumerate(booking.split_locators)
    ]
    insert_rows(connection, split_locators, splits)
    agency = element_rows(Agency, agencies, ("booking_id", "message_id"))
    agency_rows = [
        (booking_id, booking.message_id, *agency.read(booking.agency))
        for booking_id, booking in owned
        if booking.agency is not None
    ]
    insert_element_rows(connection, agency, agency_rows)
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


def supersede_in_place(
    connection: Connection,
    current_ids: Sequence[int],
    batch: Sequence[Booking],
    *,
    version_number: Sequence[int],
    message_id: str | None = None,
) -> dict[int, int]:
    """Write each booking over its current row, whose data elements it repeats unchanged.

    Most newer versions of a PNR only move check-in, seats or the push function;
    writing all their element rows again was most of the element rows a push wrote
    (about 20,000 of 37,000 on the ingest bench traffic). So the current row's
    version moves to a new history row instead (a copy of its columns, superseded,
    reading its elements from the current row), and the current row takes the new
    version's columns: it keeps its id, its element rows and its travellers.
    Its elements are never rewritten while it is current, and a superseded row
    keeps them, so a history row always reads the elements of its own version.
    `created_at` becomes now: a booking row's creation time is its version's.
    `batch` (one booking per current id, in order) has its travellers ignored.

    Returns:
        Current row id -> the id of the history row that now holds its older version.
    """
    if not current_ids:
        return {}
    history = _copy_to_history(connection, current_ids)
    now = dt.datetime.now(dt.UTC)
    rows = [
        {"id": booking_id, **_booking_row(booking, number, message_id), "created_at": now}
        for booking_id, booking, number in zip(current_ids, batch, version_number, strict=True)
    ]
    update_rows(connection, bookings, rows)
    return history


# what a history row copies from the current row; it differs in `superseded` and `elements_from`
_COPIED = tuple(
    column
    for column in bookings.columns
    if column.name not in {"id", "superseded", "elements_from"}
)


def _copy_to_history(connection: Connection, current_ids: Sequence[int]) -> dict[int, int]:
    """One INSERT ... SELECT per chunk: the database copies the rows, nothing travels."""
    history: dict[int, int] = {}
    names = [column.name for column in _COPIED] + ["superseded", "elements_from"]
    for start in range(0, len(current_ids), IN_CHUNK):
        chunk = list(current_ids[start : start + IN_CHUNK])
        copies = select(*_COPIED, literal(True), bookings.c.id).where(
            any_of(connection, bookings.c.id, chunk)
        )
        statement = (
            insert(bookings)
            .from_select(names, copies)
            .returning(bookings.c.id, bookings.c.elements_from)
        )
        history.update({row.elements_from: row.id for row in connection.execute(statement)})
    return history


def load_bookings(connection: Connection, booking_ids: Sequence[int]) -> dict[int, Booking]:
    """Several bookings with everything they hold, a fixed number of queries in all.

    A history row's data elements are read from the row that holds them (`elements_from`).
    """
    ids = list(booking_ids)
    rows = load_children(connection, bookings, "id", ids) if ids else {}
    owner_of = {
        booking_id: row["elements_from"] or booking_id for booking_id, (row,) in rows.items()
    }
    owners = sorted(set(owner_of.values()))
    elements = {
        attribute: load_children(connection, table, "booking_id", owners)
        for table, _cls, attribute in _ELEMENTS
    }
    splits = load_children(connection, split_locators, "booking_id", owners)
    agency_rows = load_children(connection, agencies, "booking_id", owners)
    members = _travellers_by_booking(connection, ids)
    loaded = {}
    for booking_id, (row,) in rows.items():
        owner = owner_of[booking_id]
        agency = agency_rows[owner]
        loaded[booking_id] = from_row(
            Booking,
            row,
            status=BookingStatus(row["status"]),
            sensitive_codes=list(row["sensitive_codes"]),
            split_locators=[split["locator"] for split in splits[owner]],
            agency=from_row(Agency, agency[0]) if agency else None,
            travellers=members.get(booking_id, []),
            **{
                attribute: [from_row(cls, element) for element in elements[attribute][owner]]
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
    owner: ColumnElement[int] = bookings.c.id  # a current row holds its own elements
    if include_superseded:
        owner = element_owner()
    else:
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
            statement = statement.where(owner.in_(owners))
    return list(connection.execute(statement).scalars())


def mark_superseded(connection: Connection, booking_id: int) -> None:
    """Retire a booking version that a newer push replaced (it stays for history)."""
    connection.execute(update(bookings).where(bookings.c.id == booking_id).values(superseded=True))


__all__ = [
    "ELEMENT_FIELDS",
    "element_owner",
    "element_owners",
    "find_booking_ids",
    "load_booking",
    "load_bookings",
    "mark_superseded",
    "save_booking",
    "save_bookings",
    "supersede_in_place",
]
