"""The retention job: plan, then (unless a dry run) apply, log and audit.

`paxscreen retention run` calls `run_retention` on a schedule (cron, systemd timer).
It is idempotent: what was depersonalised is recorded in `retention_state`, what
was deleted no longer exists, holds are noted once. Everything happens in the
caller's transaction, so a failed run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection

from paxscreen.privacy.audit import record_event
from paxscreen.privacy.profiles import RetentionProfile
from paxscreen.privacy.retention_apply import delete_record, depersonalise, record_action
from paxscreen.privacy.retention_plan import RetentionAction, plan_retention

SYSTEM_ACTOR = "system:retention"


@dataclass(slots=True)
class RetentionReport:
    profile: str
    now: dt.datetime
    dry_run: bool
    actions: list[RetentionAction] = field(default_factory=list)
    removed: Counter[str] = field(default_factory=Counter)  # rows masked or deleted, by table

    def summary(self) -> dict[str, int]:
        return dict(Counter(f"{a.action} {a.object_type}" for a in self.actions))


def run_retention(
    connection: Connection,
    profile: RetentionProfile,
    *,
    now: dt.datetime,
    pseudonym_key: bytes,
    seal_key: bytes,
    dry_run: bool = False,
) -> RetentionReport:
    report = RetentionReport(profile=profile.name, now=now, dry_run=dry_run)
    report.actions = plan_retention(connection, profile, now=now)
    if dry_run:
        return report
    for action in report.actions:
        counts: dict[str, int] = {}
        if action.action == "depersonalise":
            counts = depersonalise(
                connection, action, pseudonym_key=pseudonym_key, seal_key=seal_key, now=now
            )
        elif action.action == "delete":
            counts = delete_record(connection, action)
        report.removed.update(counts)
        record_action(connection, action, profile=profile.name, counts=counts, now=now)
    if report.actions:
        record_event(
            connection,
            actor=SYSTEM_ACTOR,
            action="retention",
            object_type="retention_run",
            details={
                "profile": profile.name,
                "actions": report.summary(),
                "rows": dict(report.removed),
            },
            now=now,
        )
    return report


__all__ = ["RetentionReport", "run_retention"]
