"""Planning a retention run: what is due for depersonalisation, deletion or a recorded hold.

Planning only reads. `paxscreen retention run --dry-run` prints the plan; a real
run applies exactly the same plan, so the dry-run's report is what the run does.

Clocks start when the message that carried the record reached us (EU PNR Directive
art. 12: "from transfer to the PIU"). A traveller is *held* (kept past the normal
deletion date, up to the profile's held limit) when an analyst linked it to a case
(`retention_holds`) or a hit on it was confirmed as a true match; the reason is
recorded once as a `keep` action.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, Table, func, select

from paxscreen.privacy.profiles import RecordKind, RetentionProfile
from paxscreen.store.booking_tables import bookings
from paxscreen.store.hit_tables import hits
from paxscreen.store.iapi_tables import iapi_decisions, iapi_requests
from paxscreen.store.privacy_tables import retention_actions, retention_holds, retention_state
from paxscreen.store.tables import messages, travellers
from paxscreen.store.vetting_tables import hit_dispositions


@dataclass(frozen=True, slots=True)
class RetentionAction:
    action: str  # depersonalise | delete | keep
    object_type: str  # booking | traveller | message
    object_id: str
    record_kind: RecordKind
    elements: tuple[str, ...] = ()
    reason: str = ""

    def describe(self) -> str:
        what = f"{self.action} {self.object_type} {self.object_id} ({self.record_kind})"
        if self.elements:
            what += f" elements={','.join(self.elements)}"
        return f"{what}: {self.reason}" if self.reason else what


@dataclass(frozen=True, slots=True)
class _Record:
    object_type: str
    object_id: str
    kind: RecordKind
    received_at: dt.datetime
    message_id: str | None
    traveller_ids: tuple[int, ...]


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _booking_records() -> Select[tuple[object, ...]]:
    received = func.coalesce(messages.c.received_at, bookings.c.created_at)
    return select(bookings.c.id, bookings.c.message_id, received.label("received_at")).select_from(
        bookings.outerjoin(messages, messages.c.id == bookings.c.message_id)
    )


def _load_records(connection: Connection) -> list[_Record]:
    travellers_by_booking: dict[int, list[int]] = defaultdict(list)
    for traveller_id, booking_id in connection.execute(
        select(travellers.c.id, travellers.c.booking_id).where(travellers.c.booking_id.is_not(None))
    ):
        travellers_by_booking[booking_id].append(traveller_id)
    records = [
        _Record(
            "booking",
            str(row.id),
            "pnr",
            _utc(row.received_at),
            row.message_id,
            tuple(travellers_by_booking[row.id]),
        )
        for row in connection.execute(_booking_records())
    ]
    received = func.coalesce(messages.c.received_at, travellers.c.created_at)
    api_query = (
        select(travellers.c.id, travellers.c.message_id, received.label("received_at"))
        .select_from(travellers.outerjoin(messages, messages.c.id == travellers.c.message_id))
        .where(travellers.c.booking_id.is_(None))
    )
    records += [
        _Record("traveller", str(row.id), "api", _utc(row.received_at), row.message_id, (row.id,))
        for row in connection.execute(api_query)
    ]
    return records


def held_travellers(connection: Connection) -> dict[int, str]:
    """Traveller id -> why it is kept longer (open case, confirmed hit)."""
    reasons: dict[int, str] = {}
    for row in connection.execute(
        select(retention_holds.c.traveller_id, retention_holds.c.reason).where(
            retention_holds.c.released_at.is_(None)
        )
    ):
        reasons[row.traveller_id] = f"case: {row.reason}"
    confirmed = (
        select(hits.c.traveller_id)
        .join(hit_dispositions, hit_dispositions.c.hit_id == hits.c.id)
        .where(hit_dispositions.c.disposition == "true_match")
    )
    for (traveller_id,) in connection.execute(confirmed):
        reasons.setdefault(traveller_id, "confirmed hit")
    return reasons


def _done(connection: Connection) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    depersonalised = {
        (row.object_type, row.object_id)
        for row in connection.execute(
            select(retention_state.c.object_type, retention_state.c.object_id).where(
                retention_state.c.depersonalised_at.is_not(None)
            )
        )
    }
    kept = {
        (row.object_type, row.object_id)
        for row in connection.execute(
            select(retention_actions.c.object_type, retention_actions.c.object_id).where(
                retention_actions.c.action == "keep"
            )
        )
    }
    return depersonalised, kept


def plan_retention(
    connection: Connection, profile: RetentionProfile, *, now: dt.datetime
) -> list[RetentionAction]:
    """Every action due at `now` under `profile`, in a stable order."""
    now = _utc(now)
    held = held_travellers(connection)
    depersonalised, kept = _done(connection)
    plan: list[RetentionAction] = []
    deleted_records: set[tuple[str, str]] = set()
    surviving_messages: set[str] = set()
    for record in _load_records(connection):
        rules = profile.records[record.kind]
        age = now - record.received_at
        hold_reasons = sorted({held[t] for t in record.traveller_ids if t in held})
        key = (record.object_type, record.object_id)
        deletion_due = age >= dt.timedelta(days=rules.delete_after_days)
        if hold_reasons:
            deletion_due = age >= dt.timedelta(days=rules.held_delete_after_days)
            if age >= dt.timedelta(days=rules.delete_after_days) and key not in kept:
                plan.append(
                    RetentionAction("keep", *key, record.kind, reason="; ".join(hold_reasons))
                )
        if deletion_due:
            limit = rules.held_delete_after_days if hold_reasons else rules.delete_after_days
            plan.append(
                RetentionAction("delete", *key, record.kind, reason=f"older than {limit} days")
            )
            deleted_records.add(key)
            continue
        if record.message_id:
            surviving_messages.add(record.message_id)
        if key not in depersonalised and age >= dt.timedelta(days=rules.depersonalise_after_days):
            plan.append(
                RetentionAction(
                    "depersonalise",
                    *key,
                    record.kind,
                    elements=tuple(rules.elements),
                    reason=f"older than {rules.depersonalise_after_days} days",
                )
            )
    surviving = {("message", message_id) for message_id in surviving_messages}
    surviving |= {("iapi_request", r) for r in _held_requests(connection, set(held))}
    plan += _raw_actions(connection, profile, now, surviving, depersonalised)
    order = {"keep": 0, "depersonalise": 1, "delete": 2}
    return sorted(plan, key=lambda a: (order[a.action], a.object_type, int_or_text(a.object_id)))


def int_or_text(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (0, value)


@dataclass(frozen=True, slots=True)
class RawStore:
    """A table that keeps raw bytes as received: they follow the records they carried."""

    object_type: str
    table: Table
    byte_columns: tuple[str, ...]


RAW_STORES = (
    RawStore("message", messages, ("raw",)),
    RawStore("iapi_request", iapi_requests, ("raw", "reply")),  # check-in requests are API data
)


def _raw_rows(connection: Connection, store: RawStore) -> list[tuple[str, RecordKind, Any]]:
    """(id, record kind, received at) of every row of a raw store."""
    if store.table is messages:
        query = select(messages.c.id, messages.c.type, messages.c.received_at)
        return [
            (str(row.id), "api" if row.type == "PAXLST" else "pnr", row.received_at)
            for row in connection.execute(query)
        ]
    query = select(iapi_requests.c.id, iapi_requests.c.received_at)
    return [(str(row.id), "api", row.received_at) for row in connection.execute(query)]


def _held_requests(connection: Connection, held: set[int]) -> set[str]:
    if not held:
        return set()
    query = select(iapi_decisions.c.request_id).where(iapi_decisions.c.traveller_id.in_(held))
    return {str(request_id) for request_id in connection.execute(query).scalars()}


def _raw_actions(
    connection: Connection,
    profile: RetentionProfile,
    now: dt.datetime,
    surviving: set[tuple[str, str]],
    depersonalised: set[tuple[str, str]],
) -> list[RetentionAction]:
    """Raw bytes follow their content: sealed when due, deleted once nothing they
    carried remains (a held traveller's message stays, sealed)."""
    actions: list[RetentionAction] = []
    for store in RAW_STORES:
        for object_id, kind, received in _raw_rows(connection, store):
            rules = profile.records[kind]
            age = now - (_utc(received) if received else now)
            key = (store.object_type, object_id)
            if key not in surviving and age >= dt.timedelta(days=rules.delete_after_days):
                actions.append(
                    RetentionAction(
                        "delete", *key, kind, reason="raw bytes past their deletion date"
                    )
                )
            elif key not in depersonalised and age >= dt.timedelta(
                days=rules.depersonalise_after_days
            ):
                actions.append(
                    RetentionAction("depersonalise", *key, kind, reason="raw bytes sealed")
                )
    return actions


__all__ = ["RAW_STORES", "RawStore", "RetentionAction", "held_travellers", "plan_retention"]
