"""What the data-protection officer's pages show: retention status, holds,
re-identification requests, rules using protected attributes, the audit trail."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import Connection, func, select

from paxscreen.privacy.audit import AuditEvent
from paxscreen.privacy.profiles import RetentionProfile
from paxscreen.privacy.reidentification import list_requests
from paxscreen.privacy.retention_plan import plan_retention
from paxscreen.store.privacy_tables import retention_actions, retention_holds
from paxscreen.store.rule_tables import rules


def retention_status(
    connection: Connection, profile: RetentionProfile, *, now: dt.datetime
) -> dict[str, Any]:
    """What is due now (the dry-run plan) and what was done, by action and kind of record."""
    due = Counter(
        f"{a.action} {a.object_type}" for a in plan_retention(connection, profile, now=now)
    )
    done_query = select(
        retention_actions.c.action, retention_actions.c.object_type, func.count()
    ).group_by(retention_actions.c.action, retention_actions.c.object_type)
    done = {f"{action} {kind}": count for action, kind, count in connection.execute(done_query)}
    last_run = connection.execute(select(func.max(retention_actions.c.run_at))).scalar()
    return {
        "profile": profile.name,
        "description": profile.description,
        "records": {kind: rules.model_dump() for kind, rules in profile.records.items()},
        "due": dict(sorted(due.items())),
        "done": dict(sorted(done.items())),
        "last_run": last_run,
    }


def active_holds(connection: Connection) -> list[dict[str, Any]]:
    query = (
        select(retention_holds)
        .where(retention_holds.c.released_at.is_(None))
        .order_by(retention_holds.c.created_at.desc())
    )
    return [dict(row._mapping) for row in connection.execute(query)]


def protected_attribute_rules(connection: Connection) -> list[dict[str, Any]]:
    query = (
        select(
            rules.c.id,
            rules.c.code,
            rules.c.title,
            rules.c.owner,
            rules.c.status,
            rules.c.protected_attributes,
            rules.c.review_by,
        )
        .where(rules.c.dpo_review_required.is_(True))
        .order_by(rules.c.code)
    )
    return [dict(row._mapping) for row in connection.execute(query)]


def request_rows(connection: Connection) -> list[dict[str, Any]]:
    return [
        {
            "id": request.id,
            "traveller_id": request.traveller_id,
            "requested_by": request.requested_by,
            "justification": request.justification,
            "requested_at": request.requested_at,
            "status": request.status,
            "decided_by": request.decided_by,
            "decided_at": request.decided_at,
            "decision_reason": request.decision_reason,
            "access_until": request.access_until,
        }
        for request in list_requests(connection)
    ]


def event_row(event: AuditEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "at": event.occurred_at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "purpose": event.purpose,
        "details": dict(event.details),
    }


__all__ = [
    "active_holds",
    "event_row",
    "protected_attribute_rules",
    "request_rows",
    "retention_status",
]
