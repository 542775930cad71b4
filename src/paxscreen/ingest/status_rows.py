"""A message's status change and the trail rows that go with it, written together.

The status UPDATE is guarded (it matches only a message in a status allowed to move
on, `ingest.status`) and its trail rows append to `ingest_events`. On PostgreSQL
both go in one statement, one round trip: the UPDATE in a WITH, and the INSERT
taking the trail rows (sent as one JSON array) only when the UPDATE matched. SQLite,
which has no UPDATE inside WITH, runs the two statements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Insert, Integer, bindparam, column, func, select, true, update

from paxscreen.ingest.keep import record_events
from paxscreen.store.dialect import JSONType
from paxscreen.store.ingest_tables import ingest_events
from paxscreen.store.tables import messages

_MOVE_STATUS = update(messages).where(
    messages.c.id == bindparam("b_message_id"),
    messages.c.status.in_(bindparam("b_from", expanding=True)),
)
_TRAIL_COLUMNS = ("message_id", "at", "kind", "status", "detail")


def move_status(
    connection: Connection,
    message_id: str,
    values: Mapping[str, Any],
    *,
    allowed_from: list[str],
    events: Sequence[Mapping[str, Any]],
) -> bool:
    """Write `values` (columns of `messages`) to the message if its status is one of
    `allowed_from`, and then append `events` (rows of `ingest_events`, at least one).

    Returns:
        Whether the message moved; when it did not, nothing was written.
    """
    guard = {"b_message_id": message_id, "b_from": allowed_from}
    if connection.dialect.name != "postgresql":
        if connection.execute(_MOVE_STATUS, {**values, **guard}).rowcount != 1:
            return False
        record_events(connection, events)
        return True
    statement = _move_with_trail(tuple(sorted(values)))
    trail = [_trail_json(position, event) for position, event in enumerate(events)]
    appended = connection.execute(statement, {**values, **guard, "b_trail": trail}).rowcount
    return bool(appended == len(events))


@lru_cache(maxsize=64)
def _move_with_trail(columns: tuple[str, ...]) -> Insert:
    """The guarded UPDATE of `columns` and the INSERT of its trail, as one statement
    (built once per set of columns: a handful of shapes)."""
    moved = (
        _MOVE_STATUS.values(
            {name: bindparam(name, type_=messages.c[name].type) for name in columns}
        )
        .returning(messages.c.id)
        .cte("moved")
    )
    rows = (
        func.jsonb_to_recordset(bindparam("b_trail", type_=JSONType))
        .table_valued(
            column("position", Integer),
            *(column(name, ingest_events.c[name].type) for name in _TRAIL_COLUMNS),
        )
        .render_derived("trail", with_types=True)
    )
    trail = (
        select(*(rows.c[name] for name in _TRAIL_COLUMNS))
        .select_from(moved)
        .join(rows, true())
        .order_by(rows.c.position)  # the trail's ids in the order the steps happened
    )
    # the rows appended say whether the UPDATE matched: an INSERT's count, kept on asking
    appended = ingest_events.insert().from_select(list(_TRAIL_COLUMNS), trail)
    return appended.execution_options(preserve_rowcount=True)


def _trail_json(position: int, event: Mapping[str, Any]) -> dict[str, Any]:
    """A trail row as JSON, its instant as `timestamptz` text (naive is UTC, as
    `UtcDateTime` takes it)."""
    at: dt.datetime = event["at"]
    return {
        "position": position,
        "message_id": event["message_id"],
        "at": (at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at).isoformat(),
        "kind": event["kind"],
        "status": event["status"],
        "detail": event["detail"],
    }


__all__ = ["move_status"]
