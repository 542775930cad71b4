"""What operators ask about messages: the list with statuses, one message's trail,
and re-processing stored messages after a parser upgrade.

`reprocess` sends stored messages back to `received` and runs them again. It is
idempotent by construction: the raw bytes are unchanged, loading the same
content again finds equal versions and equal flights and writes no travel data,
and only the message's trail (`ingest_events`) records that it happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from paxscreen.config import Settings
from paxscreen.ingest.pipeline import Outcome, process_message, set_status
from paxscreen.model import MessageStatus
from paxscreen.store.ingest_tables import ingest_events
from paxscreen.store.tables import messages


@dataclass(frozen=True, slots=True)
class MessageSummary:
    id: str
    received_at: dt.datetime | None
    transport: str | None
    sender: str | None
    type: str
    status: str
    status_reason: str | None
    size: int
    part_number: int | None
    function: str | None
    function_modifier: str | None
    findings: int

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["received_at"] = self.received_at.isoformat() if self.received_at else None
        return data


def list_messages(
    connection: Connection,
    *,
    status: str | None = None,
    type: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[MessageSummary]:
    """Newest first; the raw bytes are not read (only their length)."""
    statement = select(
        messages.c.id,
        messages.c.received_at,
        messages.c.transport,
        messages.c.sender,
        messages.c.type,
        messages.c.status,
        messages.c.status_reason,
        func.length(messages.c.raw).label("size"),
        messages.c.part_number,
        messages.c.function,
        messages.c.function_modifier,
        messages.c.findings,
    ).order_by(messages.c.received_at.desc(), messages.c.id)
    if status is not None:
        statement = statement.where(messages.c.status == status)
    if type is not None:
        statement = statement.where(messages.c.type == type.upper())
    rows = connection.execute(statement.limit(limit).offset(offset))
    return [
        MessageSummary(**{**row._asdict(), "findings": len(row.findings or [])}) for row in rows
    ]


def count_by_status(connection: Connection) -> dict[str, int]:
    statement = select(messages.c.status, func.count()).group_by(messages.c.status)
    return {status: count for status, count in connection.execute(statement)}


def message_trail(connection: Connection, message_id: str) -> list[dict[str, Any]]:
    """Every event of one message, in order: arrival, statuses, duplicates, removals."""
    statement = (
        select(
            ingest_events.c.at, ingest_events.c.kind, ingest_events.c.status, ingest_events.c.detail
        )
        .where(ingest_events.c.message_id == message_id)
        .order_by(ingest_events.c.id)
    )
    return [
        {"at": row.at.isoformat(), "kind": row.kind, "status": row.status, "detail": row.detail}
        for row in connection.execute(statement)
    ]


def reprocess(
    engine: Engine,
    message_ids: Sequence[str],
    *,
    settings: Settings,
    now: dt.datetime,
) -> list[Outcome]:
    """Parse and load stored messages again, oldest first."""
    with engine.connect() as connection:
        ordered = list(
            connection.execute(
                select(messages.c.id)
                .where(messages.c.id.in_(list(message_ids)))
                .order_by(messages.c.received_at, messages.c.id)
            ).scalars()
        )
    outcomes = []
    for message_id in ordered:
        with engine.begin() as connection:
            set_status(connection, message_id, MessageStatus.RECEIVED, now=now, reprocess=True)
        outcomes.append(process_message(engine, message_id, settings=settings, now=now))
    return outcomes


def select_message_ids(
    connection: Connection, *, status: str | None = None, type: str | None = None
) -> list[str]:
    statement = select(messages.c.id).order_by(messages.c.received_at, messages.c.id)
    if status is not None:
        statement = statement.where(messages.c.status == status)
    if type is not None:
        statement = statement.where(messages.c.type == type.upper())
    return list(connection.execute(statement).scalars())


__all__ = [
    "MessageSummary",
    "count_by_status",
    "list_messages",
    "message_trail",
    "reprocess",
    "select_message_ids",
]
