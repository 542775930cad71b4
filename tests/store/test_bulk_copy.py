"""Batches written by COPY (PostgreSQL) read back exactly as executemany writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from paxscreen.store.bulk import COPY_FROM_ROWS, any_of, copy_applies
from paxscreen.store.rows import insert_returning_ids, insert_rows
from paxscreen.store.tables import bookings, remarks

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
