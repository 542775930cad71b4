"""The audit trail: who saw, searched, exported, changed or erased what, and when.

Append-only and tamper-evident. Every event's hash covers its own content and the
previous event's hash, so changing, deleting or reordering any row breaks the
chain; the anchor row keeps the head, so even removing the newest rows shows.
`record_event` runs inside the caller's transaction: the audited action and its
audit row commit together or not at all. `record_events` appends several events of
one transaction in one go (ingestion audits a redaction and a sensitive-data removal
per message): the anchor moves once, by their number, and the rows go in together.

Concurrent writers are serialised by updating the anchor row first (UPDATE ... RETURNING
reads the head in the same statement): that takes a row lock on PostgreSQL and the
write lock on SQLite before the head is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from paxscreen.store.dialect import insert_ignore
from paxscreen.store.privacy_tables import audit_anchor, audit_events

GENESIS_HASH = "0" * 64
ANCHOR_ID = 1


@dataclass(frozen=True, slots=True)
class NewAuditEvent:
    """An event to append: what `record_event` takes, before the chain gives it a place."""

    actor: str
    action: str
    object_type: str
    object_id: str | int | None = None
    purpose: str | None = None
    details: Mapping[str, Any] | None = None
    now: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    sequence: int
    occurred_at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    purpose: str | None
    details: Mapping[str, Any]
    previous_hash: str
    row_hash: str


def _utc(moment: dt.datetime) -> dt.datetime:
    moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return moment


def event_hash(
    *,
    previous_hash: str,
    sequence: int,
    occurred_at: dt.datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | None,
    purpose: str | None,
    details: Mapping[str, Any],
) -> str:
    """SHA-256 over the previous hash and a canonical JSON rendering of the event."""
    canonical = json.dumps(
        [
            sequence,
            _utc(occurred_at).isoformat(timespec="microseconds"),
            actor,
            action,
            object_type,
            object_id,
            purpose,
            details,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


# Built once: record_event runs with every audited action (every iAPI check-in too), and
# building statements per call cost more than running them.
_NEXT_SEQUENCE = (
    update(audit_anchor)
    .where(audit_anchor.c.id == ANCHOR_ID)
    .values(last_sequence=audit_anchor.c.last_sequence + bindparam("b_count"))
    .returning(audit_anchor.c.last_sequence, audit_anchor.c.last_hash)
)
_SET_HEAD = (
    update(audit_anchor).where(audit_anchor.c.id == ANCHOR_ID).values(last_hash=bindparam("b_hash"))
)
_INSERT_EVENT = audit_events.insert()


def _advance_anchor(connection: Connection, count: int) -> tuple[int, str]:
    """Take `count` sequence numbers (returns the first) and the head hash; the UPDATE
    locks the anchor row (row lock on PostgreSQL, the write lock on SQLite) until the
    caller commits."""
    taken = {"b_count": count}
    row = connection.execute(_NEXT_SEQUENCE, taken).first()
    if row is None:  # the very first event: no anchor yet
        connection.execute(
            insert_ignore(
                connection,
                audit_anchor,
                {"id": ANCHOR_ID, "last_sequence": 0, "last_hash": GENESIS_HASH},
                key=["id"],
            )
        )
        row = connection.execute(_NEXT_SEQUENCE, taken).one()
    return int(row.last_sequence) - count + 1, str(row.last_hash)


def record_event(
    connection: Connection,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    purpose: str | None = None,
    details: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to the trail (inside the caller's transaction)."""
    event = NewAuditEvent(actor, action, object_type, object_id, purpose, details, now)
    return record_events(connection, [event])[0]


def record_events(connection: Connection, events: Sequence[NewAuditEvent]) -> list[AuditEvent]:
    """Append events to the trail in this order (inside the caller's transaction).

    Three statements whatever their number: take the sequence numbers, insert the
    rows, move the head. Each row's hash still covers the row before it.
    """
    if not events:
        return []
    sequence, previous_hash = _advance_anchor(connection, len(events))
    rows: list[dict[str, Any]] = []
    for event in events:
        fields = _fields(event, sequence=sequence + len(rows))
        row_hash = event_hash(previous_hash=previous_hash, **fields)
        rows.append({**fields, "previous_hash": previous_hash, "row_hash": row_hash})
        previous_hash = row_hash
    connection.execute(_INSERT_EVENT, rows)
    connection.execute(_SET_HEAD, {"b_hash": previous_hash})
    return [AuditEvent(**row) for row in rows]


def _fields(event: NewAuditEvent, *, sequence: int) -> dict[str, Any]:
    """The stored fields of an event, as the database will return them (the hash covers them)."""
    # JSON round trip now, so the hash covers exactly what the database will return.
    details = json.loads(json.dumps(dict(event.details or {}), default=str))
    return {
        "sequence": sequence,
        "occurred_at": _utc(event.now or dt.datetime.now(dt.UTC)),
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": None if event.object_id is None else str(event.object_id),
        "purpose": event.purpose,
        "details": details,
    }


@dataclass(slots=True)
class VerificationReport:
    events_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _event_from_row(row: Any) -> AuditEvent:
    return AuditEvent(
        sequence=row.sequence,
        occurred_at=row.occurred_at,
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        purpose=row.purpose,
        details=row.details or {},
        previous_hash=row.previous_hash,
        row_hash=row.row_hash,
    )


def iter_events(connection: Connection, *, batch_size: int = 5_000) -> Iterator[AuditEvent]:
    """Every event in sequence order, read in batches (the trail can be large)."""
    after = 0
    while True:
        rows = connection.execute(
            select(audit_events)
            .where(audit_events.c.sequence > after)
            .order_by(audit_events.c.sequence)
            .limit(batch_size)
        ).all()
        if not rows:
            return
        yield from (_event_from_row(row) for row in rows)
        after = rows[-1].sequence


def verify_chain(connection: Connection) -> VerificationReport:
    """Walk the chain; report every row that was modified, removed, inserted or moved."""
    report = VerificationReport()
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    for event in iter_events(connection):
        report.events_checked += 1
        if event.sequence != expected_sequence:
            report.problems.append(
                f"sequence {expected_sequence}: missing (next present is {event.sequence})"
            )
        if event.previous_hash != expected_previous:
            report.problems.append(
                f"sequence {event.sequence}: does not follow the event before it "
                "(an event was removed, inserted or reordered)"
            )
        recomputed = event_hash(
            previous_hash=event.previous_hash,
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor=event.actor,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            purpose=event.purpose,
            details=event.details,
        )
        if recomputed != event.row_hash:
            report.problems.append(f"sequence {event.sequence}: content was modified")
        expected_previous = event.row_hash
        expected_sequence = event.sequence + 1
    anchor = connection.execute(select(audit_anchor).where(audit_anchor.c.id == ANCHOR_ID)).first()
    if anchor is not None:
        if anchor.last_sequence != expected_sequence - 1 or anchor.last_hash != expected_previous:
            report.problems.append(
                f"the chain ends at sequence {expected_sequence - 1} but its anchor says "
                f"{anchor.last_sequence}: newest events were removed or the anchor was changed"
            )
    elif report.events_checked:
        report.problems.append("events exist but the chain anchor is missing")
    return report


def search_events(
    connection: Connection,
    *,
    actor: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 500,
) -> list[AuditEvent]:
    """The data-protection officer's search: by user, object (traveller ...) or period."""
    query = select(audit_events).order_by(audit_events.c.sequence.desc()).limit(limit)
    if actor:
        query = query.where(audit_events.c.actor == actor)
    if object_type:
        query = query.where(audit_events.c.object_type == object_type)
    if object_id:
        query = query.where(audit_events.c.object_id == str(object_id))
    if action:
        query = query.where(audit_events.c.action == action)
    if since:
        query = query.where(audit_events.c.occurred_at >= since)
    if until:
        query = query.where(audit_events.c.occurred_at < until)
    return [_event_from_row(row) for row in connection.execute(query)]


def count_events(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(audit_events)).scalar_one())


__all__ = [
    "AuditEvent",
    "NewAuditEvent",
    "VerificationReport",
    "count_events",
    "record_event",
    "record_events",
    "search_events",
    "verify_chain",
]
