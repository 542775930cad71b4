"""Travellers: one row per traveller per flight (API) or per booking (PNR), and their parts.

Names, documents, seats, bags (with tags), frequent flyer numbers, tickets and
PAXLST contacts go to their own tables (see `tables.py` for why); their rows
are built, and rewritten only where they changed, in `traveller_parts`. Saving
and loading work on batches, one statement per table, because a manifest or a
PNR push brings hundreds of travellers at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from paxscreen.model import Bag, NameSource, PartialDate, PersonName, Traveller, TravellerRole
from paxscreen.store.rows import (
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
from paxscreen.store.traveller_parts import SIMPLE_ELEMENTS, insert_parts, replace_parts


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
    connection: Connection, entries: Sequence[tuple[int, dict[str, Any], Traveller]]
) -> None:
    """Overwrite stored travellers in place: (id, prepared `traveller_row`, traveller).

    The id stays, so hits, links and dispositions stay attached when a newer PNR
    version or a PAXLST change (BGM CP) replaces a traveller's data (ingestion).
    The `travellers` row is updated (it names the latest message); of the parts,
    only the tables whose rows changed are rewritten (`traveller_parts`).
    """
    if not entries:
        return
    owned = [
        (traveller_id, row["message_id"], traveller) for traveller_id, row, traveller in entries
    ]
    replace_parts(connection, owned)
    update_rows(
        connection,
        travellers,
        [{"id": traveller_id, **row} for traveller_id, row, _traveller in entries],
    )


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
    "insert_travellers",
    "replace_travellers",
    "traveller_row",
    "load_traveller",
    "load_travellers",
    "save_traveller",
    "save_travellers",
    "traveller_ids",
]
