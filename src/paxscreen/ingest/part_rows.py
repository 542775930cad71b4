"""Multi-part sets in the database: register a part, read a set, find expired sets.

The pure rules live in `parts.py`; this module stores parts as they arrive
(`ingest_part_sets`, `ingest_parts`) so that any worker, after any restart, can
see how far a set has come.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select, update

from paxscreen.ingest.parts import Part, PartSet
from paxscreen.store.dialect import insert_ignore
from paxscreen.store.ingest_tables import ingest_part_sets, ingest_parts


def register_part(
    connection: Connection, key: str, part: Part, *, unit: int, now: dt.datetime
) -> None:
    """Store the part (a resent part number keeps the first arrival)."""
    connection.execute(
        insert_ignore(
            connection,
            ingest_part_sets,
            {"key": key, "first_received_at": now, "timed_out": False},
            key=["key"],
        )
    )
    connection.execute(
        insert_ignore(
            connection,
            ingest_parts,
            {
                "set_key": key,
                "message_id": part.message_id,
                "unit": unit,
                "part_number": part.number,
                "is_last": part.is_last,
                "record_count": part.record_count,
                "record_total": part.record_total,
            },
            key=["set_key", "part_number"],
        )
    )


def read_part_set(
    connection: Connection, key: str
) -> tuple[PartSet, dt.datetime | None, dict[int, int]]:
    """(the set, when it was completed or None, part number -> unit index)."""
    set_row = connection.execute(
        select(ingest_part_sets).where(ingest_part_sets.c.key == key)
    ).one()
    rows = connection.execute(
        select(ingest_parts)
        .where(ingest_parts.c.set_key == key)
        .order_by(ingest_parts.c.part_number)
    ).all()
    parts = tuple(
        Part(row.message_id, row.part_number, row.is_last, row.record_count, row.record_total)
        for row in rows
    )
    part_set = PartSet(key=key, first_received_at=set_row.first_received_at, parts=parts)
    return part_set, set_row.completed_at, {row.part_number: row.unit for row in rows}


def complete_part_set(
    connection: Connection, key: str, *, now: dt.datetime, timed_out: bool = False
) -> None:
    connection.execute(
        update(ingest_part_sets)
        .where(ingest_part_sets.c.key == key)
        .values(completed_at=now, timed_out=timed_out)
    )


def expired_part_set_keys(
    connection: Connection, *, now: dt.datetime, timeout: dt.timedelta
) -> list[str]:
    """Sets still waiting whose first part arrived at least `timeout` ago."""
    statement = (
        select(ingest_part_sets.c.key)
        .where(
            ingest_part_sets.c.completed_at.is_(None),
            ingest_part_sets.c.first_received_at <= now - timeout,
        )
        .order_by(ingest_part_sets.c.first_received_at)
    )
    return list(connection.execute(statement).scalars())


__all__ = ["complete_part_set", "expired_part_set_keys", "read_part_set", "register_part"]
