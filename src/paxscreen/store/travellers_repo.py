"""Travellers: one row per traveller per flight (API) or per booking (PNR), and their parts.

Names, documents, seats, bags (with tags), frequent flyer numbers, tickets and
PAXLST contacts go to their own tables (see `tables.py` for why); their rows
are built, and rewritten only where they changed, in `traveller_parts`. Saving
and loading work on batches, one statement per table, because a manifest or a
PNR push brings hundreds of travellers at once.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, select

from paxscreen.model import (
    Bag,
    NameSource,
    PartialDate,
    PersonName,
    TravelDocument,
    Traveller,
    TravellerRole,
)
from paxscreen.store.bulk import any_of
from paxscreen.store.rows import (
    IN_CHUNK,
    from_row,
    insert_returning_ids,
    load_children,
    only,
    sources_from_json,
    to_row,
    update_rows,
)
from paxscreen.store.tables import (
    addresses,
    bag_tags,
    bags,
    emails,
    phones,
    traveller_names,
    travellers,
)
from paxscreen.store.traveller_parts import (
    SIMPLE_ELEMENTS,
    StoredParts,
    insert_parts,
    read_parts,
    replace_parts,
    stored_documents,
    stored_names,
)


def traveller_row(
    traveller: Traveller,
    *,
    flight_id: int | None = None,
    booking_id: int | None = None,
    booking_position: int | None = None,
    source: str | None = None,
    message_id: str | None = None,
) -> dict[str, Any]:
    """The `travellers` row; `source` defaults to 'pnr' in a booking and 'api' otherwise."""
    birth = traveller.date_of_birth
    return to_row(
        traveller,
        travellers,
        date_of_birth=birth.isoformat() if birth else None,
        birth_year=birth.year if birth else None,
        birth_date=birth.to_date() if birth else None,
        ticket_numbers=list(traveller.ticket_numbers),
        flight_id=flight_id,
        booking_id=booking_id,
        booking_position=booking_position,
        source=source or ("pnr" if booking_id is not None else "api"),
        message_id=message_id,
    )


def save_travellers(
    connection: Connection,
    batch: Sequence[Traveller],
    *,
    flight_id: int | None = None,
    booking_id: int | None = None,
    source: str | None = None,
    message_id: str | None = None,
) -> list[int]:
    """Insert travellers of one flight and/or booking with all their parts.

    A booking traveller keeps its index in the booking (`infant_of` refers to it).

    Returns:
        The new traveller ids, in the order of `batch`.
    """
    rows = [
        traveller_row(
            traveller,
            flight_id=flight_id,
            booking_id=booking_id,
            booking_position=position if booking_id is not None else None,
            source=source,
            message_id=message_id,
        )
        for position, traveller in enumerate(batch)
    ]
    return insert_travellers(connection, list(zip(rows, batch, strict=True)))


def insert_travellers(
    connection: Connection, entries: Sequence[tuple[dict[str, Any], Traveller]]
) -> list[int]:
    """Insert prepared `traveller_row`s and every part of each traveller, table by table."""
    ids = insert_returning_ids(connection, travellers, [row for row, _traveller in entries])
    owned = [
        (traveller_id, row["message_id"], traveller)
        for traveller_id, (row, traveller) in zip(ids, entries, strict=True)
    ]
    insert_parts(connection, owned)
    return ids


def replace_travellers(
    connection: Connection,
    entries: Sequence[tuple[int, dict[str, Any], Traveller]],
    *,
    stored: StoredTravellers | None = None,
) -> None:
    """Overwrite stored travellers in place: (id, prepared `traveller_row`, traveller).

    The id stays, so hits, links and dispositions stay attached when a newer PNR
    version or a PAXLST change (BGM CP) replaces a traveller's data (ingestion).
    The `travellers` row is updated (it names the latest message); of the parts,
    only the tables whose rows changed are rewritten (`traveller_parts`).
    `stored` (`load_booking_travellers`, for these travellers or more) saves
    reading the parts again, and lets the update leave out the columns that no
    traveller of the batch changed.
    """
    if not entries:
        return
    owned = [
        (traveller_id, row["message_id"], traveller) for traveller_id, row, traveller in entries
    ]
    replace_parts(connection, owned, stored=stored.parts if stored else None)
    names = _written_columns(entries, stored.rows if stored else None)
    update_rows(
        connection,
        travellers,
        [
            {"id": traveller_id, **{name: row[name] for name in names}}
            for traveller_id, row, _traveller in entries
        ],
    )


# what the update of a carried traveller always writes: the message it now comes from
_ALWAYS_WRITTEN = frozenset({"message_id", "sources"})
# the `travellers` columns that `load_booking_travellers` reads to compare
_COMPARED = tuple(
    column
    for column in travellers.columns
    if column.name not in _ALWAYS_WRITTEN | {"id", "created_at", "updated_at"}
)
_AT = {column.name: index for index, column in enumerate(_COMPARED)}


def _written_columns(
    entries: Sequence[tuple[int, dict[str, Any], Traveller]],
    stored_rows: Mapping[int, Sequence[Any]] | None,
) -> list[str]:
    """The row's columns that some traveller of the batch changes, and those always written.

    Most carried travellers change only check-in, seats or bags: an update of all
    ~30 columns cost more worker CPU (one array per column) than the rows it wrote.
    A column whose stored value equals (==) the new one in every row is left out:
    for these columns' values (text, a role's StrEnum and its text, integers,
    booleans, dates, JSON lists of text) equal means stored the same. `stored_rows`
    hold `_COMPARED` values, in that order; without them every column is written.
    """
    first = entries[0][1]
    if stored_rows is None:
        return list(first)
    compared = [column.name for column in _COMPARED if column.name in first]
    stored_values = itemgetter(*(_AT[name] for name in compared))
    new_values = itemgetter(*compared)
    differing: set[str] = set()
    for traveller_id, row, _traveller in entries:
        old = stored_rows.get(traveller_id)
        if old is None:
            return list(first)
        before, after = stored_values(old), new_values(row)
        if before != after:
            differing.update(
                name for name, was, now in zip(compared, before, after, strict=True) if was != now
            )
    kept = set(compared) - differing
    return [name for name in first if name not in kept]


@dataclass(slots=True)
class StoredTravellers:
    """Some bookings' stored travellers: what carrying them to a newer version reads.

    `by_booking`: (id, identity) per booking in booking order, the identity holding
    what pairing versions reads (names, documents, date of birth, references, role,
    statuses; `traveller_view.load_identities` reads the same); `rows`: each one's
    `_COMPARED` columns; `parts`: their part rows, as `replace_parts` compares them.
    """

    by_booking: dict[int, list[tuple[int, Traveller]]]
    rows: dict[int, Sequence[Any]]
    parts: StoredParts


def load_booking_travellers(connection: Connection, booking_ids: list[int]) -> StoredTravellers:
    """The stored travellers of these bookings, one query per table."""
    rows: dict[int, Sequence[Any]] = {}
    by_booking: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(booking_ids), IN_CHUNK):
        chunk = booking_ids[start : start + IN_CHUNK]
        statement = (
            select(travellers.c.id, *_COMPARED)
            .where(any_of(connection, travellers.c.booking_id, chunk))
            .order_by(travellers.c.booking_position, travellers.c.id)
        )
        for traveller_id, *values in connection.execute(statement).all():  # not row by row
            rows[traveller_id] = values
            by_booking[values[_BOOKING]].append(traveller_id)
    parts = read_parts(connection, list(rows))
    names, documents = stored_names(parts), stored_documents(parts)
    identities = {
        booking_id: [
            (traveller_id, _identity(rows[traveller_id], names, documents, traveller_id))
            for traveller_id in ids
        ]
        for booking_id, ids in by_booking.items()
    }
    return StoredTravellers(identities, rows, parts)


_BOOKING = _AT["booking_id"]
_IDENTITY = itemgetter(
    *(
        _AT[name]
        for name in (
            "role",
            "date_of_birth",
            "record_locator",
            "passenger_reference",
            "reference_number",
            "checkin_status",
            "boarding_status",
        )
    )
)
_ROLES = {str(role): role for role in TravellerRole}


def _identity(
    row: Sequence[Any],
    names: Mapping[int, list[PersonName]],
    documents: Mapping[int, list[TravelDocument]],
    traveller_id: int,
) -> Traveller:
    return stored_identity(_IDENTITY(row), names.get(traveller_id), documents.get(traveller_id, []))


def stored_identity(
    values: Sequence[Any],
    names: list[PersonName] | None,
    documents: list[TravelDocument],
) -> Traveller:
    """A traveller's identity (what version pairing and API/PNR merging compare) from
    its stored role, date of birth, locator, references and check-in and boarding
    status, in that order, with its stored names and documents."""
    role, birth, locator, reference, number, checkin, boarding = values
    person_names = names or [PersonName()]
    return Traveller(
        role=_ROLES[role],
        name=person_names[0],
        other_names=person_names[1:],
        date_of_birth=stored_birth_date(birth) if birth else None,
        record_locator=locator,
        passenger_reference=reference,
        reference_number=number,
        checkin_status=checkin,
        boarding_status=boarding,
        documents=documents,
    )


@functools.lru_cache(maxsize=65_536)
def stored_birth_date(text: str) -> PartialDate:
    """A stored date of birth (PartialDate is immutable: one object per text will do)."""
    return PartialDate.parse(text)


def save_traveller(connection: Connection, traveller: Traveller, **options: Any) -> int:
    """One traveller; see `save_travellers` for the options."""
    return save_travellers(connection, [traveller], **options)[0]


def load_travellers(connection: Connection, traveller_ids: Sequence[int]) -> dict[int, Traveller]:
    """Several travellers with all their parts, one query per table."""
    ids = list(traveller_ids)
    rows = load_children(connection, travellers, "id", ids) if ids else {}
    names = load_children(connection, traveller_names, "traveller_id", ids)
    elements = {
        attribute: load_children(connection, table, "traveller_id", ids)
        for table, _cls, attribute in SIMPLE_ELEMENTS
    }
    bag_rows = load_children(connection, bags, "traveller_id", ids)
    tags = load_children(
        connection, bag_tags, "bag_id", [bag["id"] for found in bag_rows.values() for bag in found]
    )
    contacts = {
        attribute: load_children(connection, table, "traveller_id", ids)
        for table, attribute in ((phones, "phones"), (emails, "emails"), (addresses, "addresses"))
    }
    loaded = {}
    for traveller_id, (row,) in rows.items():
        person_names = [_name_from_row(name) for name in names[traveller_id]]
        loaded[traveller_id] = from_row(
            Traveller,
            row,
            role=TravellerRole(row["role"]),
            name=person_names[0] if person_names else PersonName(),
            other_names=person_names[1:],
            date_of_birth=PartialDate.parse(row["date_of_birth"]) if row["date_of_birth"] else None,
            ticket_numbers=list(row["ticket_numbers"]),
            bags=[
                from_row(Bag, bag, tags=[tag["tag"] for tag in tags[bag["id"]]])
                for bag in bag_rows[traveller_id]
            ],
            sources=sources_from_json(row["sources"]),
            **{
                attribute: [from_row(cls, element) for element in elements[attribute][traveller_id]]
                for _table, cls, attribute in SIMPLE_ELEMENTS
            },
            **{
                attribute: [contact["raw"] for contact in found[traveller_id]]
                for attribute, found in contacts.items()
            },
        )
    return loaded


def _name_from_row(row: Any) -> PersonName:
    return PersonName(
        raw=row["raw"],
        surname=row["surname"],
        given_names=row["given_names"],
        title=row["title"],
        source=NameSource(row["source"]),
    )


def load_traveller(connection: Connection, traveller_id: int) -> Traveller:
    """Raises NotFoundError when there is no traveller with this id."""
    return only(load_travellers(connection, [traveller_id]), traveller_id, "traveller")


def traveller_ids(
    connection: Connection, *, flight_id: int | None = None, booking_id: int | None = None
) -> list[int]:
    """Ids of the travellers of a flight or a booking, in the order they were saved."""
    statement = select(travellers.c.id).order_by(travellers.c.id)
    if flight_id is not None:
        statement = statement.where(travellers.c.flight_id == flight_id)
    if booking_id is not None:
        statement = statement.where(travellers.c.booking_id == booking_id)
    return list(connection.execute(statement).scalars())


__all__ = [
    "StoredTravellers",
    "insert_travellers",
    "load_booking_travellers",
    "replace_travellers",
    "traveller_row",
    "load_traveller",
    "load_travellers",
    "save_traveller",
    "save_travellers",
    "traveller_ids",
]
