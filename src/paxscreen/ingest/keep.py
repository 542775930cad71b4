"""Keep first: the raw bytes are committed before anything reads them.

Whatever happens later (a parser bug, a crash, a full disk during loading), the
message as received is in the database with its SHA-256, sender, transport and
receive time, in status `received`. Every arrival gets its own row, resends
included, so that each duplicate's arrival is on record; de-duplication happens
later, against loaded messages only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Insert, bindparam, insert, select, update

from paxscreen.model import Message, MessageFormat, MessageStatus, MessageType
from paxscreen.privacy.audit import NewAuditEvent
from paxscreen.privacy.audit import record_events as record_audit_events
from paxscreen.store.engine import outside_transactions
from paxscreen.store.ingest_tables import ingest_events
from paxscreen.store.messages_repo import message_row, save_message
from paxscreen.store.rows import field_names
from paxscreen.store.tables import messages


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


@dataclass(slots=True)
class PendingTrail:
    """Writes of a loading transaction left to go in with its last status change.

    Each step of loading a message (raw copy redacted, sensitive data removed, the
    status) used to write its own row update, trail row and, when audited, three
    audit statements. Gathered here they go in together: one UPDATE of the message,
    one INSERT into the trail (rows in the order the steps happened) and one audit
    append. They commit or roll back with the transaction all the same, so nothing
    outside it can tell the difference.
    """

    message_values: dict[str, Any] = field(default_factory=dict)  # `messages` columns
    events: list[dict[str, Any]] = field(default_factory=list)  # `ingest_events` rows
    audit: list[NewAuditEvent] = field(default_factory=list)
    # a status the message went through in this transaction: its trail row is written,
    # the message row takes it (and `message_values`) with the next status
    passed: MessageStatus | None = None

    def clear(self) -> None:
        """Forget what was written (the writes are made once)."""
        self.message_values, self.events, self.audit, self.passed = {}, [], [], None


def event_row(
    message_id: str | None,
    kind: str,
    *,
    now: dt.datetime,
    status: MessageStatus | None = None,
    detail: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One row of a message's trail in `ingest_events`."""
    return {
        "message_id": message_id,
        "at": now,
        "kind": kind,
        "status": str(status) if status is not None else None,
        "detail": dict(detail or {}),
    }


_INSERT_EVENTS = insert(ingest_events)  # built once: every message appends to its trail


def record_events(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Append rows to the trail in `ingest_events` (never updated, never deleted)."""
    if rows:
        connection.execute(_INSERT_EVENTS, list(rows))


def record_audited_step(
    connection: Connection,
    message_id: str,
    kind: str,
    *,
    action: str,
    actor: str,
    purpose: str,
    detail: Mapping[str, Any],
    now: dt.datetime,
    message_values: Mapping[str, Any] | None = None,
    pending: PendingTrail | None = None,
) -> None:
    """A step of loading a message that goes on its trail and, as `action` on the message,
    on the audit trail (with `message_values` written to its row): written now, or added
    to `pending` to go in with the message's status change."""
    writes = PendingTrail() if pending is None else pending
    writes.message_values.update(message_values or {})
    writes.events.append(event_row(message_id, kind, now=now, detail=detail))
    writes.audit.append(
        NewAuditEvent(
            actor=actor,
            action=action,
            object_type="message",
            object_id=message_id,
            purpose=purpose,
            details=detail,
            now=now,
        )
    )
    if pending is None:
        write_pending(connection, message_id, writes)


def write_pending(connection: Connection, message_id: str, pending: PendingTrail) -> None:
    """Write what `pending` holds now, for a step that no status change follows."""
    if pending.message_values:
        connection.execute(
            update(messages).where(messages.c.id == message_id).values(pending.message_values)
        )
    write_trail(connection, pending)


def write_trail(connection: Connection, pending: PendingTrail) -> None:
    """Append `pending`'s trail rows and audit events (one statement, one audit append)."""
    record_events(connection, pending.events)
    record_audit_events(connection, pending.audit)


def record_event(
    connection: Connection,
    message_id: str | None,
    kind: str,
    *,
    now: dt.datetime,
    status: MessageStatus | None = None,
    **detail: Any,
) -> None:
    """Append one row to the message's trail."""
    record_events(connection, [event_row(message_id, kind, now=now, status=status, detail=detail)])


def _received(arrival: Arrival, *, now: dt.datetime) -> Message:
    """The message row-to-be of an arrival: raw bytes, in status `received`."""
    return Message(
        raw=arrival.raw,
        received_at=now,
        transport=arrival.transport,
        sender=arrival.sender,
        type=MessageType.UNKNOWN,
        format=sniff_format(arrival.raw),
        status=MessageStatus.RECEIVED,
    )


def _received_detail(arrival: Arrival) -> dict[str, Any]:
    """What the trail says about an arrival."""
    return {"transport": arrival.transport, "origin": arrival.origin, "size": len(arrival.raw)}


def keep(connection: Connection, arrival: Arrival, *, now: dt.datetime) -> str:
    """Insert the raw message in status `received`; the caller commits. Returns its id."""
    message_id = save_message(connection, _received(arrival, now=now))
    record_event(
        connection,
        message_id,
        "status",
        now=now,
        status=MessageStatus.RECEIVED,
        **_received_detail(arrival),
    )
    return message_id


def _trail_parameter(column_name: str) -> Any:
    column = ingest_events.c[column_name]
    return bindparam(f"trail_{column_name}", type_=column.type)


def _keep_statement() -> Insert:
    """`keep`'s two INSERTs as one PostgreSQL statement: the message row (parameters
    named as its columns, those of `Message`'s fields; `created_at` takes its default)
    and, from what it returns, its first trail row (parameters `trail_<column>`)."""
    fields = set(field_names(Message))
    values = {c.name: bindparam(c.name, type_=c.type) for c in messages.c if c.name in fields}
    kept = insert(messages).values(values).returning(messages.c.id).cte("kept")
    trail = select(kept.c.id, *(_trail_parameter(name) for name in _TRAIL_COLUMNS))
    return insert(ingest_events).from_select(["message_id", *_TRAIL_COLUMNS], trail)


_TRAIL_COLUMNS = ("at", "kind", "status", "detail")
_KEEP_IN_ONE_STATEMENT = _keep_statement()  # built once: every message is kept


def _keep_autocommitted(connection: Connection, arrival: Arrival, *, now: dt.datetime) -> str:
    """`keep` as one statement outside any transaction block (PostgreSQL).

    A statement run in autocommit mode is a transaction of its own, committed (and,
    `synchronous_commit` being left at its default, on disk) before it returns: one
    round trip instead of BEGIN, two INSERTs and COMMIT. The connection goes back to
    transactions for whatever runs on it next.
    """
    row = message_row(_received(arrival, now=now))
    detail = _received_detail(arrival)
    trail = event_row(row["id"], "status", now=now, status=MessageStatus.RECEIVED, detail=detail)
    parameters = row | {f"trail_{name}": trail[name] for name in _TRAIL_COLUMNS}
    with outside_transactions(connection), connection.begin():
        connection.execute(_KEEP_IN_ONE_STATEMENT, parameters)
    return str(row["id"])


def keep_and_commit(connection: Connection, arrival: Arrival, *, now: dt.datetime) -> str:
    """`keep` committed (durably) before returning the id, on a connection outside any
    transaction, which can go on to process the message (one checkout for both)."""
    if connection.dialect.name == "postgresql":
        return _keep_autocommitted(connection, arrival, now=now)
    with connection.begin():
        return keep(connection, arrival, now=now)


def keep_committed(engine: Engine, arrival: Arrival, *, now: dt.datetime) -> str:
    """`keep` in its own transaction, committed before returning the id."""
    with engine.connect() as connection:
        return keep_and_commit(connection, arrival, now=now)


__all__ = [
    "Arrival",
    "PendingTrail",
    "event_row",
    "keep",
    "keep_and_commit",
    "keep_committed",
    "record_audited_step",
    "record_event",
    "record_events",
    "sniff_format",
    "write_pending",
    "write_trail",
]
