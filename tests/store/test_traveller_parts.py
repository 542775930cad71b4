"""Replacing a stored traveller rewrites only the part tables whose rows changed.

Unchanged part rows keep their ids and the message that first sent them; changed
ones are rewritten with the new message; the traveller row names the new message.
Both databases (the `connection` fixture).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, select

from paxscreen.ingest.traveller_view import load_identities
from paxscreen.model import Bag, PersonName, Seat, Traveller
from paxscreen.store import traveller_parts
from paxscreen.store.bookings_repo import save_bookings
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.messages_repo import save_message
from paxscreen.store.tables import (
    bag_tags,
    bags,
    documents,
    emails,
    frequent_flyers,
    seats,
    tickets,
    traveller_names,
    travellers,
)
from paxscreen.store.traveller_parts import PART_TABLES, compared_columns
from paxscreen.store.travellers_repo import (
    _written_columns,
    load_booking_travellers,
    load_traveller,
    replace_travellers,
    save_travellers,
    traveller_row,
)
from store.factories import make_booking, make_flight, make_message, make_traveller

FIRST = "00000000-0000-4000-8000-00000000000a"
SECOND = "00000000-0000-4000-8000-00000000000b"


def _store(connection: Connection, *stored: Traveller) -> tuple[int, list[int]]:
    for message_id in (FIRST, SECOND):
        save_message(connection, make_message(message_id))
    flight_id = save_flight(connection, make_flight())
    # a traveller saved after them holds the highest part ids, so that a rewritten row
    # gets a new id on SQLite too (it hands out the highest id + 1 again)
    bystander = make_traveller(FIRST, surname="LATER")
    *ids, _bystander_id = save_travellers(
        connection, [*stored, bystander], flight_id=flight_id, message_id=FIRST
    )
    return flight_id, ids


def _replace(connection: Connection, flight_id: int, *pairs: tuple[int, Traveller]) -> None:
    replace_travellers(
        connection,
        [
            (
                traveller_id,
                traveller_row(traveller, flight_id=flight_id, message_id=SECOND),
                traveller,
            )
            for traveller_id, traveller in pairs
        ],
    )


def _rows(connection: Connection, table: Table, traveller_id: int) -> list[tuple[object, ...]]:
    """(id, message_id) of a traveller's rows in a part table, or (id,) where it has none."""
    columns = [table.c.id] + ([table.c.message_id] if "message_id" in table.c else [])
    statement = select(*columns).where(table.c.traveller_id == traveller_id).order_by(table.c.id)
    return [tuple(row) for row in connection.execute(statement)]


def _message_of(connection: Connection, traveller_id: int) -> str | None:
    statement = select(travellers.c.message_id).where(travellers.c.id == traveller_id)
    return connection.execute(statement).scalar_one()


def test_seat_and_checkin_change_rewrites_seats_and_keeps_the_other_parts(
    connection: Connection,
) -> None:
    stored = make_traveller(FIRST)
    flight_id, (traveller_id,) = _store(connection, stored)
    kept_tables = [table for table in PART_TABLES if table is not seats]
    before = {table.name: _rows(connection, table, traveller_id) for table in kept_tables}
    old_seats = _rows(connection, seats, traveller_id)
    newer = dataclasses.replace(
        stored,
        checkin_status="boarded",
        seats=[Seat(flight="LH400A", seat="14F", checked_in=True), stored.seats[1]],
    )
    _replace(connection, flight_id, (traveller_id, newer))
    after = {table.name: _rows(connection, table, traveller_id) for table in kept_tables}
    assert after == before  # same ids, FIRST still named where the table has message_id
    assert before["documents"] and before["tickets"] and before["traveller_names"]
    assert {message for _id, message in before["documents"]} == {FIRST}
    new_seats = _rows(connection, seats, traveller_id)
    assert {message for _id, message in new_seats} == {SECOND}
    assert not {row_id for row_id, _m in new_seats} & {row_id for row_id, _m in old_seats}
    assert _message_of(connection, traveller_id) == SECOND
    loaded = load_traveller(connection, traveller_id)
    assert (loaded.checkin_status, loaded.seats) == ("boarded", newer.seats)


def test_changed_document_rewrites_documents(connection: Connection) -> None:
    stored = make_traveller(FIRST)
    flight_id, (traveller_id,) = _store(connection, stored)
    names, old_documents = (
        _rows(connection, table, traveller_id) for table in (traveller_names, documents)
    )
    expiry_moved = dataclasses.replace(stored.documents[1], expiry=stored.documents[0].expiry)
    newer = dataclasses.replace(stored, documents=[stored.documents[0], expiry_moved])
    _replace(connection, flight_id, (traveller_id, newer))
    new_documents = _rows(connection, documents, traveller_id)
    assert len(new_documents) == 2 and {message for _id, message in new_documents} == {SECOND}
    assert not {row[0] for row in new_documents} & {row[0] for row in old_documents}
    assert _rows(connection, traveller_names, traveller_id) == names
    assert load_traveller(connection, traveller_id).documents == newer.documents


def test_changed_name_gets_new_name_rows(connection: Connection) -> None:
    stored = make_traveller(FIRST)
    flight_id, (traveller_id,) = _store(connection, stored)
    old_names, old_tickets = (
        _rows(connection, table, traveller_id) for table in (traveller_names, tickets)
    )
    renamed = dataclasses.replace(stored, name=PersonName(surname="MEIER", given_names="HANS"))
    _replace(connection, flight_id, (traveller_id, renamed))
    new_names = _rows(connection, traveller_names, traveller_id)
    assert len(new_names) == 2 and not set(new_names) & set(old_names)
    assert _rows(connection, tickets, traveller_id) == old_tickets
    loaded = load_traveller(connection, traveller_id)
    assert (loaded.name, loaded.other_names) == (renamed.name, renamed.other_names)


def _tags(connection: Connection, traveller_id: int) -> list[tuple[int, int, str]]:
    statement = (
        select(bag_tags.c.id, bag_tags.c.bag_id, bag_tags.c.tag)
        .join(bags, bags.c.id == bag_tags.c.bag_id)
        .where(bags.c.traveller_id == traveller_id)
        .order_by(bag_tags.c.id)
    )
    return [tuple(row) for row in connection.execute(statement)]


def test_bags_are_kept_with_their_tags_and_rewritten_when_a_tag_changes(
    connection: Connection,
) -> None:
    stored = make_traveller(FIRST)
    flight_id, (traveller_id,) = _store(connection, stored)
    old_bags, old_tags = _rows(connection, bags, traveller_id), _tags(connection, traveller_id)
    weight_same_value = dataclasses.replace(stored.bags[0], weight=Decimal("23.500"))
    _replace(
        connection,
        flight_id,
        (traveller_id, dataclasses.replace(stored, bags=[weight_same_value, stored.bags[1]])),
    )
    assert (_rows(connection, bags, traveller_id), _tags(connection, traveller_id)) == (
        old_bags,
        old_tags,
    )
    retagged = dataclasses.replace(stored.bags[0], tags=["LH123456", "LH999999"])
    newer = dataclasses.replace(stored, bags=[retagged, Bag(count=0)])
    _replace(connection, flight_id, (traveller_id, newer))
    new_bags, new_tags = _rows(connection, bags, traveller_id), _tags(connection, traveller_id)
    assert {message for _id, message in new_bags} == {SECOND}
    assert not {row[0] for row in new_bags} & {row[0] for row in old_bags}
    assert [tag for _id, _bag, tag in new_tags] == ["LH123456", "LH999999"]
    assert {bag_id for _id, bag_id, _tag in new_tags} <= {row[0] for row in new_bags}
    assert load_traveller(connection, traveller_id).bags == newer.bags


def test_only_the_travellers_whose_rows_changed_are_rewritten(connection: Connection) -> None:
    unchanged, changed = make_traveller(FIRST), make_traveller(FIRST, surname="MEIER")
    flight_id, ids = _store(connection, unchanged, changed)
    before = [_rows(connection, frequent_flyers, traveller_id) for traveller_id in ids]
    gold = dataclasses.replace(changed.frequent_flyers[0], tier="GLD")
    _replace(
        connection,
        flight_id,
        (ids[0], unchanged),
        (ids[1], dataclasses.replace(changed, frequent_flyers=[gold])),
    )
    after = [_rows(connection, frequent_flyers, traveller_id) for traveller_id in ids]
    assert after[0] == before[0]
    assert after[1] != before[1] and [message for _id, message in after[1]] == [SECOND]
    assert [_message_of(connection, traveller_id) for traveller_id in ids] == [SECOND, SECOND]


def test_parts_emptied_reordered_or_added_are_rewritten(connection: Connection) -> None:
    stored = make_traveller(FIRST)
    flight_id, (traveller_id,) = _store(connection, stored)
    newer = dataclasses.replace(
        stored,
        documents=[],
        seats=list(reversed(stored.seats)),
        emails=[*stored.emails, "second@example.org"],
    )
    _replace(connection, flight_id, (traveller_id, newer))
    assert _rows(connection, documents, traveller_id) == []
    assert len(_rows(connection, emails, traveller_id)) == 2
    loaded = load_traveller(connection, traveller_id)
    assert (loaded.documents, loaded.seats, loaded.emails) == ([], newer.seats, newer.emails)


def test_compared_columns_leave_out_ids_owners_and_provenance() -> None:
    assert [column.name for column in compared_columns(documents)] == [
        "position",
        "type",
        "number",
        "number_key",
        "issuing_state",
        "nationality",
        "expiry",
        "issue_date",
        "place_of_issue",
        "surname",
        "given_names",
    ]
    assert "booking_id" not in {column.name for column in compared_columns(emails)}


def test_a_document_only_moved_in_the_message_keeps_its_row_and_first_sources(
    connection: Connection,
) -> None:
    stored = make_traveller(FIRST)
    flight_id, (traveller_id,) = _store(connection, stored)
    old_documents = _rows(connection, documents, traveller_id)
    moved = [dataclasses.replace(document, sources={}) for document in stored.documents]
    _replace(connection, flight_id, (traveller_id, dataclasses.replace(stored, documents=moved)))
    assert _rows(connection, documents, traveller_id) == old_documents
    assert load_traveller(connection, traveller_id).documents == stored.documents


def test_signatures_from_the_model_equal_those_of_the_rows_written() -> None:
    """The fast path (`_Layout.signatures`) against the careful one (built rows)."""
    traveller = make_traveller(FIRST)
    traveller = dataclasses.replace(
        traveller, phones=["+49 30 1234"], emails=[" A@Example.org "], addresses=["1 MAIN ST"]
    )
    owned = [(7, FIRST, traveller)]
    for table in PART_TABLES:
        careful = traveller_parts._row_signatures(table, _built_rows(table, owned))
        if table is bags:  # the tags are the bag's own table's rows
            careful = [
                (*key, tuple(bag.tags)) for key, bag in zip(careful, traveller.bags, strict=True)
            ]
        assert careful, table.name
        assert traveller_parts._signatures(table, traveller) == careful, table.name


def _built_rows(table: Table, owned: traveller_parts.Owned) -> list[dict[str, Any]]:
    """The rows `insert_parts` writes to `table`, as mappings."""
    if table in traveller_parts._ELEMENTS:  # bags included
        layout, rows = traveller_parts._element_rows(table, owned)
    else:
        return traveller_parts._ROW_BUILDERS[table](owned)
    return [dict(zip(layout.names, row, strict=True)) for row in rows]


def test_replace_reads_back_what_it_compares(connection: Connection) -> None:
    """Stored rows read back equal the model's signatures: nothing is rewritten."""
    stored = dataclasses.replace(
        make_traveller(FIRST), phones=["+49 30 1234"], emails=["a@example.org"]
    )
    flight_id, (traveller_id,) = _store(connection, stored)
    parts = traveller_parts.read_parts(connection, [traveller_id])
    for table in PART_TABLES:
        assert parts[table].get(traveller_id, []) == traveller_parts._signatures(table, stored), (
            table.name
        )


def _traveller_rows(connection: Connection, ids: list[int]) -> list[dict[str, object]]:
    statement = select(travellers).where(travellers.c.id.in_(ids)).order_by(travellers.c.id)
    return [
        {name: value for name, value in row.items() if name != "updated_at"}
        for row in connection.execute(statement).mappings()
    ]


def test_an_update_leaving_out_unchanged_columns_stores_what_a_full_one_stores(
    connection: Connection,
) -> None:
    for message_id in (FIRST, SECOND):
        save_message(connection, make_message(message_id))
    flight_id = save_flight(connection, make_flight())
    booking = make_booking(FIRST)
    (booking_id,) = save_bookings(connection, [booking], message_id=FIRST)
    stored = load_booking_travellers(connection, [booking_id])
    ids = [traveller_id for traveller_id, _identity in stored.by_booking[booking_id]]
    assert dict(stored.by_booking[booking_id]) == load_identities(connection, ids)
    adult, infant = booking.travellers
    newer = [
        dataclasses.replace(adult, checkin_status="standby", ticket_numbers=["1", "2"]),
        dataclasses.replace(infant, nationality="FRA"),
    ]
    entries = [
        (
            traveller_id,
            traveller_row(
                traveller,
                flight_id=flight_id,
                booking_id=booking_id,
                booking_position=position,
                message_id=SECOND,
            ),
            traveller,
        )
        for position, (traveller_id, traveller) in enumerate(zip(ids, newer, strict=True))
    ]
    assert set(_written_columns(entries, stored.rows)) == {
        "flight_id",
        "checkin_status",
        "ticket_numbers",
        "nationality",
        "message_id",
        "sources",
    }
    replace_travellers(connection, entries, stored=stored)
    narrowed = _traveller_rows(connection, ids)
    replace_travellers(connection, entries)  # every column written
    assert _traveller_rows(connection, ids) == narrowed
    assert [row["nationality"] for row in narrowed] == ["DEU", "FRA"]
