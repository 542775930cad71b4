"""Batches written by COPY (PostgreSQL) read back exactly as executemany writes them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import Connection, Table, insert, select

from paxscreen.model import HistoryEntry, Provenance, Remark
from paxscreen.store.bulk import COPY_FROM_ROWS, CopyStream, any_of, copy_applies, json_text
from paxscreen.store.rows import (
    element_rows,
    insert_element_rows,
    insert_element_rows_returning_ids,
    insert_returning_ids,
    insert_rows,
    sources_json_text,
    sources_to_json,
    to_row,
    update_rows,
)
from paxscreen.store.tables import booking_history, bookings, remarks

IGNORED = {"id", "created_at", "updated_at", "booking_id"}


def _booking_rows(count: int, prefix: str) -> list[dict[str, Any]]:
    return [
        {
            "record_locator": f"{prefix}{number:04d}",
            "last_changed": dt.datetime(2026, 3, 1, 10, number % 60),  # naive: taken as UTC
            "sources": {"record_locator": {"segment_index": number, "segment_tag": "RCI"}},
            "status": "active",
        }
        for number in range(count)
    ]


def _read(connection: Connection, ids: list[int]) -> list[dict[str, Any]]:
    statement = select(bookings).where(bookings.c.id.in_(ids)).order_by(bookings.c.id)
    return [dict(row) for row in connection.execute(statement).mappings()]


def test_a_large_batch_reads_back_like_a_small_one(connection: Connection) -> None:
    large = _booking_rows(COPY_FROM_ROWS * 3, "CP")
    small = _booking_rows(COPY_FROM_ROWS - 1, "EM")
    assert copy_applies(connection, bookings, large) == (connection.dialect.name == "postgresql")
    assert not copy_applies(connection, bookings, small)

    large_ids = insert_returning_ids(connection, bookings, large)
    small_ids = insert_returning_ids(connection, bookings, small)

    assert len(set(large_ids)) == len(large) and large_ids == sorted(large_ids)
    copied, executed = _read(connection, large_ids), _read(connection, small_ids)
    assert [row["record_locator"] for row in copied] == [row["record_locator"] for row in large]
    for by_copy, by_executemany in zip(copied, executed, strict=False):
        assert by_copy["last_changed"].utcoffset() == dt.timedelta(0)
        assert by_copy["created_at"] is not None
        assert by_copy["sensitive_codes"] == [] and by_copy["version_number"] == 1
        assert by_copy["superseded"] is False
        same = {k: v for k, v in by_copy.items() if k not in IGNORED | {"record_locator"}}
        other = {k: v for k, v in by_executemany.items() if k not in IGNORED | {"record_locator"}}
        assert same == other


def test_child_rows_by_copy_keep_their_order_and_owner(connection: Connection) -> None:
    (booking_id,) = insert_returning_ids(connection, bookings, _booking_rows(1, "OW"))
    rows = [
        {
            "booking_id": booking_id,
            "position": position,
            "kind": "RMK",
            "text": f"remark {position}",
        }
        for position in range(COPY_FROM_ROWS * 2)
    ]
    insert_rows(connection, remarks, rows)
    stored = connection.execute(
        select(remarks.c.position, remarks.c.text, remarks.c.sources)
        .where(remarks.c.booking_id == booking_id)
        .order_by(remarks.c.id)
    ).all()
    assert [(row.position, row.text, row.sources) for row in stored] == [
        (row["position"], row["text"], {}) for row in rows
    ]


def _changes(ids: list[int], prefix: str) -> list[dict[str, Any]]:
    return [
        {
            "id": booking_id,
            "record_locator": f"{prefix}{number:04d}",
            "last_changed": dt.datetime(2026, 3, 5, 8, number % 60),  # naive: taken as UTC
            "ticketing_date": dt.date(2026, 2, 1 + number % 28) if number % 3 else None,
            "group_name": None,
            "party_size": number,
            "sensitive_codes": ["MEDA", "WCHR"][: number % 3],
            "sources": {"": {"segment_index": number, "segment_tag": 'R"CI'}} if number else {},
            "superseded": bool(number % 2),
            "status": "cancelled",
        }
        for number, booking_id in enumerate(ids)
    ]


@pytest.mark.parametrize("count", [COPY_FROM_ROWS - 1, COPY_FROM_ROWS * 3])
def test_updated_rows_read_back_as_given(connection: Connection, count: int) -> None:
    ids = insert_returning_ids(connection, bookings, _booking_rows(count + 1, "UP"))
    before = _read(connection, ids)
    changes = _changes(ids[:-1], "UQ")
    update_rows(connection, bookings, changes)
    after = _read(connection, ids)
    for change, stored, old in zip(changes, after, before, strict=False):
        assert stored["last_changed"] == change["last_changed"].replace(tzinfo=dt.UTC)
        assert {k: stored[k] for k in change if k != "last_changed"} == {
            k: v for k, v in change.items() if k != "last_changed"
        }
        assert stored["updated_at"] >= old["updated_at"]  # the column's onupdate, as SQLAlchemy
        assert stored["created_at"] == old["created_at"]
    assert after[-1] == before[-1]  # a row not named is left alone


def test_any_of_selects_what_in_selects(connection: Connection) -> None:
    ids = insert_returning_ids(connection, bookings, _booking_rows(COPY_FROM_ROWS + 2, "AN"))
    wanted = ids[::3] + [-1]
    by_any = select(bookings.c.id).where(any_of(connection, bookings.c.id, wanted))
    by_in = select(bookings.c.id).where(bookings.c.id.in_(wanted))
    assert sorted(connection.execute(by_any).scalars()) == ids[::3]
    assert sorted(connection.execute(by_in).scalars()) == ids[::3]
    locators = select(bookings.c.id).where(
        any_of(connection, bookings.c.record_locator, ["AN0001"])
    )
    assert list(connection.execute(locators).scalars()) == [ids[1]]


def test_rows_streamed_by_copy_read_back_like_executemany(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    streamed, executed = _booking_rows(5, "ST"), _booking_rows(5, "EX")
    shared = dt.datetime(2026, 3, 2, 9, 30)  # one instant for several rows: converted once
    for row in streamed[:3] + executed[:3]:
        row["last_changed"] = shared
    with CopyStream(connection, bookings, list(streamed[0])) as stream:
        for row in streamed:
            stream.write(row)
    connection.execute(insert(bookings), executed)
    stored = connection.execute(
        select(bookings).where(bookings.c.record_locator.like("ST%")).order_by(bookings.c.id)
    ).mappings()
    by_copy = [dict(row) for row in stored]
    by_executemany = _read(connection, [row["id"] for row in _by_locator(connection, "EX")])
    assert [row["record_locator"] for row in by_copy] == [row["record_locator"] for row in streamed]
    for copied, inserted in zip(by_copy, by_executemany, strict=True):
        same = {k: v for k, v in copied.items() if k not in IGNORED | {"record_locator"}}
        other = {k: v for k, v in inserted.items() if k not in IGNORED | {"record_locator"}}
        assert same == other


def _by_locator(connection: Connection, prefix: str) -> list[Any]:
    statement = select(bookings.c.id).where(bookings.c.record_locator.like(f"{prefix}%"))
    return list(connection.execute(statement.order_by(bookings.c.id)).mappings())


def test_a_streamed_copy_left_by_an_exception_writes_nothing(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    rows = _booking_rows(3, "AB")
    savepoint = connection.begin_nested()
    with (
        pytest.raises(ValueError, match="a row of 1 columns"),
        CopyStream(connection, bookings, list(rows[0])) as stream,
    ):
        stream.write(rows[0])
        stream.write({"record_locator": "AB9999"})  # another shape
    savepoint.rollback()
    assert _by_locator(connection, "AB") == []


def test_a_stream_refuses_a_column_the_table_lacks(connection: Connection) -> None:
    with pytest.raises(ValueError, match="no column colour"):
        CopyStream(connection, bookings, ["record_locator", "colour"])


@pytest.mark.parametrize(
    "value",
    [
        {"rule": "cash-late", "version": 2, "conditions": [{"found": 3.0, "holds": True}]},
        {"text": 'Ünïcödé ☃ and "quotes"\n', "empty": {}, "list": [None, -0.5, 10**18]},
        {1: "a key that is not text"},  # orjson refuses it: json.dumps writes "1"
        [2**70, "an integer beyond 64 bits"],
    ],
)
def test_json_text_is_the_document_json_dumps_writes(value: Any) -> None:
    assert json.loads(json_text(value)) == json.loads(json.dumps(value))


@pytest.mark.parametrize(
    "sources",
    [
        {},
        {"": Provenance("m-1", 17, 19, 1, "SSR")},
        {"": Provenance(segment_index=3), "status": Provenance("m-2", None, 4, None, 'R"PI')},
        {"raw": Provenance("Ünïcödé ☃\n", 10**3, 0, 0, "")},
    ],
)
def test_provenance_text_is_the_json_of_its_mapping(sources: dict[str, Provenance]) -> None:
    assert sources_json_text(sources) == json_text(sources_to_json(sources))


def _remarks(count: int) -> list[Remark]:
    return [
        Remark(
            kind="SSR",
            code="OTHS" if number % 2 else None,
            text=f"remark {number} \t with a tab and a \\ backslash",
            traveller_index=number % 3 or None,
            sources={"": Provenance("m-9", number, number + 2, 1, "SSR")} if number % 4 else {},
        )
        for number in range(count)
    ]


def _history(count: int) -> list[HistoryEntry]:
    shared = dt.datetime(2026, 3, 1, 10, 5, tzinfo=dt.UTC)  # one instant in several rows
    elsewhere = dt.timezone(dt.timedelta(hours=2))
    times = [shared, shared, None, shared.astimezone(elsewhere), dt.datetime(2026, 3, 1, 9)]
    return [
        HistoryEntry(action="A", time=times[number % len(times)], description=f"entry {number}")
        for number in range(count)
    ]


@pytest.mark.parametrize("count", [COPY_FROM_ROWS - 1, COPY_FROM_ROWS * 2])
@pytest.mark.parametrize(("table", "elements"), [(remarks, _remarks), (booking_history, _history)])
def test_element_rows_read_back_like_rows_of_to_row(
    connection: Connection, table: Table, elements: Any, count: int
) -> None:
    first, second = insert_returning_ids(connection, bookings, _booking_rows(2, "EL"))
    cls = type(elements(1)[0])
    layout = element_rows(cls, table, ("booking_id", "position", "message_id"))
    insert_element_rows(
        connection,
        layout,
        [(first, position, "m-9", *layout.read(e)) for position, e in enumerate(elements(count))],
    )
    insert_rows(
        connection,
        table,
        [
            to_row(element, table, booking_id=second, position=position, message_id="m-9")
            for position, element in enumerate(elements(count))
        ],
    )
    by_layout, by_to_row = (_elements_of(connection, table, owner) for owner in (first, second))
    assert len(by_layout) == count and by_layout == by_to_row


@pytest.mark.parametrize("count", [COPY_FROM_ROWS - 1, COPY_FROM_ROWS * 2])
def test_element_rows_returning_ids_give_the_ids_of_their_rows_in_order(
    connection: Connection, count: int
) -> None:
    first, second = insert_returning_ids(connection, bookings, _booking_rows(2, "EI"))
    layout = element_rows(type(_remarks(1)[0]), remarks, ("booking_id", "position", "message_id"))
    elements = _remarks(count)
    ids = insert_element_rows_returning_ids(
        connection,
        layout,
        [(first, position, "m-9", *layout.read(e)) for position, e in enumerate(elements)],
    )
    by_to_row = insert_returning_ids(
        connection,
        remarks,
        [
            to_row(element, remarks, booking_id=second, position=position, message_id="m-9")
            for position, element in enumerate(elements)
        ],
    )
    assert len(ids) == count and ids == sorted(ids)
    positions = dict(connection.execute(select(remarks.c.id, remarks.c.position)).all())
    assert [positions[row_id] for row_id in ids] == list(range(count))
    assert _elements_of(connection, remarks, first) == _elements_of(connection, remarks, second)
    assert len(by_to_row) == count


def _elements_of(connection: Connection, table: Table, booking_id: int) -> list[dict[str, Any]]:
    statement = select(table).where(table.c.booking_id == booking_id).order_by(table.c.position)
    return [
        {k: v for k, v in row.items() if k not in IGNORED}
        for row in connection.execute(statement).mappings()
    ]


def test_a_table_without_an_id_column_is_copied(connection: Connection) -> None:
    """A COPY plan is worked out for tables that draw no ids too (rules' features)."""
    from paxscreen.store.privacy_tables import retention_state

    rows = [
        {"object_type": "traveller", "object_id": f"{number:03d}", "profile": "pnr"}
        for number in range(COPY_FROM_ROWS * 2)
    ]
    assert copy_applies(connection, retention_state, rows) == (
        connection.dialect.name == "postgresql"
    )
    insert_rows(connection, retention_state, rows)
    stored = connection.execute(
        select(retention_state.c.object_id, retention_state.c.profile).order_by(
            retention_state.c.object_id
        )
    ).all()
    assert [tuple(row) for row in stored] == [(row["object_id"], "pnr") for row in rows]
