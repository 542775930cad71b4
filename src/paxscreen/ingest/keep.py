"""Keep first: the raw bytes are committed before anything reads them.

Whatever happens later (a parser bug, a crash, a full disk during loading), the
message as received is in the database with its SHA-256, sender, transport and
receive time, in status `received`. Every arrival gets its own row, resends
included, so that each duplicate's arrival is on record; de-duplication happens
later, against loaded messages only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert

from paxscreen.model import Message, MessageFormat, MessageStatus, MessageType
from paxscreen.store.ingest_tables import ingest_events
from paxscreen.store.messages_repo import save_message


@dataclass(frozen=True, slots=True)
class Arrival:
    """One message as it came in, before anyone has looked inside."""

    raw: bytes
    transport: str  # file, watch-folder, http, amqp
    sender: str | None = None
    origin: str | None = None  # file path, queue name, client address: for operators


def sniff_format(raw: bytes) -> MessageFormat:
    """XML starts with `<` (after a BOM or blanks); everything else is read as EDIFACT."""
    return (
        MessageFormat.XML
        if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
        else MessageFormat.EDIFACT
    )


def record_event(
    connection: Connection,
    message_id: str | None,
    kind: str,
    *,
    now: dt.datetime,
    status: MessageStatus | None = None,
    **detail: Any,
) -> None:
    """Append to the message's trail in `ingest_events` (never updated, never deleted)."""
    connection.execute(
        insert(ingest_events).values(
            message_id=message_id,
            at=now,
            kind=kind,
            status=str(status) if status is not None else None,
            detail=detail,
        )
    )


def keep(connection: Connection, arrival: Arrival, *, now: dt.datetime) -> str:
    """Insert the raw message in status `received`; the caller commits. Returns its id."""
    message = Message(
        raw=arrival.raw,
        received_at=now,
        transport=arrival.transport,
        sender=arrival.sender,
        type=MessageType.UNKNOWN,
        format=sniff_format(arrival.raw),
        status=MessageStatus.RECEIVED,
    )
    message_id = save_message(connection, message)
    record_event(
        connection,
        message_id,
        "status",
        now=now,
        status=MessageStatus.RECEIVED,
        transport=arrival.transport,
        origin=arrival.origin,
        size=len(arrival.raw),
    )
    return message_id


def keep_committed(engine: Engine, arrival: Arrival, *, now: dt.datetime) -> str:
    """`keep` in its own transaction, committed before returning the id."""
    with engine.begin() as connection:
        return keep(connection, arrival, now=now)


__all__ = ["Arrival", "keep", "keep_committed", "record_event", "sniff_format"]
