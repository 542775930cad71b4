"""A newer PNR version rewrites only the traveller parts that changed (issue #6).

The carried traveller keeps its id; part rows that stayed the same keep their ids
and the message that first sent them; changed ones name the newer message.
Runs on SQLite and, when it answers, PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import Engine, Table, select

from ingest.builders import Person, booking, push
from ingest.conftest import Ingest
from paxscreen.model import Bag, Booking, FrequentFlyer, Seat, Ticket
from paxscreen.store.tables import (
    bag_tags,
    bags,
    documents,
    frequent_flyers,
    seats,
    tickets,
    traveller_names,
    travellers,
)
from store.databases import empty_database

JOHN = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
PUSHED = "XX100"
TICKET = Ticket(
    number="2201234567890", issue_date=dt.date(2026, 2, 1), fare_amount=Decimal("420.00"),
    currency="EUR",
)  # fmt: skip
TAGS = ["0220123456", "0220123457"]
STORED_TAGS = ["2200220123456", "2200220123457", "2200220123458"]  # TBD: carrier + tag


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A fresh database per test (ingestion commits): in-memory SQLite or a new schema."""
    with empty_database(request.param, prefix="t_ingest") as engine:
        yield engine


def _version(days: int, **changes: object) -> Booking:
    """JOHN's booking as pushed `days` after the first version, with his data changed."""
    pushed = booking("ABC123", [JOHN], changed=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC))
    john = dataclasses.replace(
        pushed.travellers[0], tickets=[TICKET], seats=[Seat(flight=PUSHED, seat="12A")]
    )
    return dataclasses.replace(
        pushed,
        last_changed=dt.datetime(2026, 2, 1 + days, 9, tzinfo=dt.UTC),
        travellers=[dataclasses.replace(john, **changes)],  # type: ignore[arg-type]
    )


def _send(ingest: Ingest, version: Booking, days: int) -> str:
    prepared = dt.datetime(2026, 2, 20 + days, 10, 0)
    outcome = ingest(push([version], prepared=prepared, function="141", control=str(days + 1))[0])
    assert outcome.message_id is not None
    return outcome.message_id


def _parts(engine: Engine, table: Table) -> list[tuple[object, ...]]:
    """(id, message_id) of the carried traveller's rows in a part table ((id,) for names)."""
    columns = [table.c.id] + ([table.c.message_id] if "message_id" in table.c else [])
    with engine.connect() as connection:
        (traveller_id,) = connection.execute(select(travellers.c.id)).scalars()
        statement = select(*columns).where(table.c.traveller_id == traveller_id)
        return [tuple(row) for row in connection.execute(statement.order_by(table.c.id))]


def _messages(rows: list[tuple[object, ...]]) -> set[object]:
    return {message_id for _id, message_id in rows}


def _checked_in(**changes: object) -> dict[str, object]:
    return {
        "checkin_status": "checked_in",
        "seats": [Seat(flight=PUSHED, seat="12A", checked_in=True)],
        **changes,
    }


def test_seat_and_checkin_change_rewrites_seats_only(engine: Engine, ingest: Ingest) -> None:
    first = _send(ingest, _version(0), 0)
    kept = (traveller_names, documents, tickets)
    before = {table.name: _parts(engine, table) for table in kept}
    old_seats = _parts(engine, seats)
    second = _send(ingest, _version(1, **_checked_in()), 1)
    assert {table.name: _parts(engine, table) for table in kept} == before
    assert _messages(before["documents"]) == _messages(before["tickets"]) == {first}
    assert len(before["traveller_names"]) == 2  # TIF and DOCS
    new_seats = _parts(engine, seats)
    assert _messages(old_seats) == {first} and _messages(new_seats) == {second}
    with engine.connect() as connection:
        row = connection.execute(select(travellers.c.message_id, travellers.c.checkin_status)).one()
    assert tuple(row) == (second, "checked_in")


def test_changed_document_rewrites_documents(engine: Engine, ingest: Ingest) -> None:
    _send(ingest, _version(0), 0)
    names, old_documents = _parts(engine, traveller_names), _parts(engine, documents)
    renewed = dataclasses.replace(_version(0).travellers[0].documents[0], number="P999")
    second = _send(ingest, _version(1, documents=[renewed]), 1)
    new_documents = _parts(engine, documents)
    assert _messages(new_documents) == {second} and new_documents != old_documents
    assert _parts(engine, traveller_names) == names
    with engine.connect() as connection:
        numbers = connection.execute(select(documents.c.number)).scalars().all()
    assert numbers == ["P999"]


def test_changed_name_gets_new_name_rows(engine: Engine, ingest: Ingest) -> None:
    first = _send(ingest, _version(0), 0)
    names, old_tickets = _parts(engine, traveller_names), _parts(engine, tickets)
    john = _version(0).travellers[0]
    _send(ingest, _version(1, name=dataclasses.replace(john.name, given_names="JONATHAN")), 1)
    assert len(_parts(engine, traveller_names)) == len(names) == 2
    assert _parts(engine, tickets) == old_tickets and _messages(old_tickets) == {first}
    with engine.connect() as connection:
        given = connection.execute(select(traveller_names.c.given_names)).scalars().all()
    assert "JONATHAN" in given and "JOHN" not in given


def _tags(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        statement = select(bag_tags.c.id, bag_tags.c.bag_id, bag_tags.c.tag).order_by(bag_tags.c.id)
        return [tuple(row) for row in connection.execute(statement)]


def test_bags_with_tags_are_kept_until_they_change(engine: Engine, ingest: Ingest) -> None:
    bag = Bag(flight=PUSHED, count=2, weight=Decimal("23"), weight_unit="KG", tags=TAGS)
    _send(ingest, _version(0), 0)
    checked = _send(ingest, _version(1, **_checked_in(bags=[bag])), 1)
    old_bags, old_tags = _parts(engine, bags), _tags(engine)
    assert _messages(old_bags) == {checked} and [tag for *_ids, tag in old_tags] == STORED_TAGS[:2]
    flyer = FrequentFlyer(airline="XX", number="123456789")
    _send(ingest, _version(2, **_checked_in(bags=[bag], frequent_flyers=[flyer])), 2)
    assert (_parts(engine, bags), _tags(engine)) == (old_bags, old_tags)
    assert len(_parts(engine, frequent_flyers)) == 1
    third_tag = [*TAGS, "0220123458"]
    more = dataclasses.replace(bag, count=3, tags=third_tag)
    last = _send(ingest, _version(3, **_checked_in(bags=[more], frequent_flyers=[flyer])), 3)
    new_bags, new_tags = _parts(engine, bags), _tags(engine)
    assert _messages(new_bags) == {last}
    assert [tag for *_ids, tag in new_tags] == STORED_TAGS
    assert {bag_id for _id, bag_id, _tag in new_tags} == {row[0] for row in new_bags}
