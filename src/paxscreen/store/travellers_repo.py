"""Travellers: one row per traveller per flight (API) or per booking (PNR), and their parts.

Names, documents, seats, bags (with tags), frequent flyer numbers, tickets and
PAXLST contacts go to their own tables (see `tables.py` for why). Saving and
loading work on batches, one statement per table, because a manifest or a PNR
push brings hundreds of travellers at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, select

from paxscreen.model import (
    Bag,
    FrequentFlyer,
    NameSource,
    PartialDate,
    PersonName,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
    TravellerRole,
    document_number_key,
    name_key,
)
from paxscreen.store.rows import (
    IN_CHUNK,
    from_row,
    insert_returning_ids,
    insert_rows,
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
    documents,
    emails,
    frequent_flyers,
    phones,
    seats,
    tickets,
    traveller_names,
    travellers,
)

# element tables saved with to_row/from_row as they are: (table, model class, Traveller field)
_SIMPLE_ELEMENTS = (
    (documents, TravelDocument, "documents"),
    (seats, Seat, "seats"),
    (frequent_flyers, FrequentFlyer, "frequent_flyers"),
    (tickets, Ticket, "tickets"),
)


def _name_row(name: PersonName, traveller_id: int, position: int) -> dict[str, Any]:
    return {
        "traveller_id": traveller_id,
        "position": position,
        "raw": name.raw,
        "surname": name.surname,
        "given_names": name.given_names,
        "title": name.title,
        "source": str(name.source),
        "name_key": name_key(name.surname, name.given_names),  # = name.key
    }


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
    _insert_parts(connection, owned)
    return ids


def replace_travellers(
    connection: Connection, entries: Sequence[tuple[int, dict[str, Any], Traveller]]
) -> None:
    """Overwrite stored travellers in place: (id, prepared `traveller_row`, traveller).

    The id stays, so hits, links and dispositions stay attached when a newer PNR
    version or a PAXLST change (BGM CP) replaces a traveller's data (ingestion).
    """
    if not entries:
        return
    _delete_parts(connection, [traveller_id for traveller_id, _row, _traveller in entries])
    update_rows(
        connection,
        travellers,
        [{"id": traveller_id, **row} for traveller_id, row, _traveller in entries],
    )
    _insert_parts(
        connection,
        [(traveller_id, row["message_id"], traveller) for traveller_id, row, traveller in entries],
    )


_PART_TABLES = (traveller_names, bags, phones, emails, addresses) + tuple(
    table for table, _cls, _attribute in _SIMPLE_ELEMENTS
)


def _delete_parts(connection: Connection, traveller_ids: list[int]) -> None:
    """Delete every part of these travellers (bag tags go with their bags).

    On PostgreSQL one statement does it, each table's DELETE a data-modifying WITH
    query beside the last, instead of a round trip per table.
    """
    if connection.dialect.name != "postgresql":
        for table in _PART_TABLES:
            for start in range(0, len(traveller_ids), IN_CHUNK):
                chunk = traveller_ids[start : start + IN_CHUNK]
                connection.execute(delete(table).where(table.c.traveller_id.in_(chunk)))
        return
    preparer = connection.dialect.identifier_preparer
    deletes = [
        f"DELETE FROM {preparer.format_table(table)} WHERE traveller_id = ANY(%(ids)s::integer[])"
        for table in _PART_TABLES
    ]
    withs = ", ".join(f"part_{index} AS ({sql})" for index, sql in enumerate(deletes[:-1]))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"WITH {withs} {deletes[-1]}", {"ids": traveller_ids})
    finally:
        cursor.close()


def _insert_parts(
    connection: Connection, owned: Sequence[tuple[int, str | None, Traveller]]
) -> None:
    """Names, documents, seats, frequent flyers, tickets, bags and contacts of travellers."""
    names = [
        _name_row(name, traveller_id, position)
        for traveller_id, _message_id, traveller in owned
        for position, name in enumerate([traveller.name, *traveller.other_names])
    ]
    insert_rows(connection, traveller_names, names)
    for table, _cls, attribute in _SIMPLE_ELEMENTS:
        insert_rows(connection, table, _element_rows(table, owned, attribute))
    _save_bags(connection, owned)
    _save_contacts(connection, owned)


def save_traveller(connection: Connection, traveller: Traveller, **options: Any) -> int:
    """One traveller; see `save_travellers` for the options."""
    return save_travellers(connection, [traveller], **options)[0]


_Owned = Sequence[tuple[int, str | None, Traveller]]  # (traveller id, message id, traveller)


def _element_rows(table: Any, owned: _Owned, attribute: str) -> list[dict[str, Any]]:
    rows = []
    for traveller_id, message_id, traveller in owned:
        for position, element in enumerate(getattr(traveller, attribute)):
            extra: dict[str, Any] = {"traveller_id": traveller_id, "position": position}
            if isinstance(element, TravelDocument):
                extra["number_key"] = document_number_key(element.number)
            rows.append(to_row(element, table, message_id=message_id, **extra))
    return rows


def _save_bags(connection: Connection, owned: _Owned) -> None:
    all_bags = [bag for _tid, _mid, traveller in owned for bag in traveller.bags]
    rows = [
        to_row(bag, bags, traveller_id=traveller_id, position=position, message_id=message_id)
        for traveller_id, message_id, traveller in owned
        for position, bag in enumerate(traveller.bags)
    ]
    bag_ids = insert_returning_ids(connection, bags, rows)
    tags = [
        {"bag_id": bag_id, "position": position, "tag": tag}
        for bag_id, bag in zip(bag_ids, all_bags, strict=True)
        for position, tag in enumerate(bag.tags)
    ]
    insert_rows(connection, bag_tags, tags)


def _save_contacts(connection: Connection, owned: _Owned) -> None:
    """PAXLST contact details (COM / address) are plain strings on the traveller."""
    phone_rows, email_rows, address_rows = [], [], []
    for traveller_id, _message_id, traveller in owned:
        for position, raw in enumerate(traveller.phones):
            phone_rows.append({"traveller_id": traveller_id, "position": position, "raw": raw})
        for position, raw in enumerate(traveller.emails):
            email_rows.append(
                {
                    "traveller_id": traveller_id,
                    "position": position,
                    "raw": raw,
                    "normalised": raw.strip().lower(),
                }
            )
        for position, raw in enumerate(traveller.addresses):
            address_rows.append({"traveller_id": traveller_id, "position": position, "raw": raw})
    insert_rows(connection, phones, phone_rows)
    insert_rows(connection, emails, email_rows)
    insert_rows(connection, addresses, address_rows)


def load_travellers(connection: Connection, traveller_ids: Sequence[int]) -> dict[int, Traveller]:
    """Several travellers with all their parts, one query per table."""
    ids = list(traveller_ids)
    rows = load_children(connection, travellers, "id", ids) if ids else {}
    names = load_children(connection, traveller_names, "traveller_id", ids)
    elements = {
        attribute: load_children(connection, table, "traveller_id", ids)
        for table, _cls, attribute in _SIMPLE_ELEMENTS
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
                for _table, cls, attribute in _SIMPLE_ELEMENTS
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
