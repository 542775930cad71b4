"""Per-rule statistics, triage order and review reminders.

Criteria must limit false positives and be reviewed regularly (CJEU C-817/19,
paras. ~196-201): for each rule we count hits per day, the analysts' dispositions
(true matches and false positives) and the precision that follows, and remind the
owner as the review-by date nears. No personal data leaves this module: counts only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from paxscreen.screening.rules.lifecycle import is_review_due
from paxscreen.store.hit_tables import hits
from paxscreen.store.rule_tables import rule_runs, rule_warnings, rules
from paxscreen.store.tables import travellers

TRUE_POSITIVE = frozenset({"true_match", "referred"})
FALSE_POSITIVE = frozenset({"false_positive"})


@dataclass(slots=True)
class DayStatistics:
    day: str
    hits: int = 0
    true_positives: int = 0
    false_positives: int = 0

    @property
    def precision(self) -> float | None:
        decided = self.true_positives + self.false_positives
        return self.true_positives / decided if decided else None


@dataclass(slots=True)
class RuleStatistics:
    rule_id: int
    days: list[DayStatistics] = field(default_factory=list)
    runs: int = 0  # flights on which the rule found someone (runs without hits are not kept)
    mean_milliseconds: float | None = None
    warnings: int = 0

    @property
    def hits(self) -> int:
        return sum(day.hits for day in self.days)

    @property
    def precision(self) -> float | None:
        true = sum(day.true_positives for day in self.days)
        decided = true + sum(day.false_positives for day in self.days)
        return true / decided if decided else None


def rule_statistics(connection: Connection, rule_id: int) -> RuleStatistics:
    """Hits per day (by when they were first recorded), dispositions and precision."""
    rows = connection.execute(
        select(hits.c.created_at, hits.c.status).where(
            hits.c.source == "rule", hits.c.source_id == str(rule_id)
        )
    )
    days: dict[str, DayStatistics] = {}
    for created_at, status in rows:
        key = created_at.date().isoformat()
        day = days.setdefault(key, DayStatistics(key))
        day.hits += 1
        day.true_positives += status in TRUE_POSITIVE
        day.false_positives += status in FALSE_POSITIVE
    runs, mean = connection.execute(
        select(func.count(), func.avg(rule_runs.c.milliseconds)).where(
            rule_runs.c.rule_id == rule_id
        )
    ).one()
    warnings = connection.execute(
        select(func.count()).where(rule_warnings.c.rule_id == rule_id)
    ).scalar_one()
    return RuleStatistics(
        rule_id=rule_id,
        days=[days[key] for key in sorted(days)],
        runs=runs,
        mean_milliseconds=float(mean) if mean is not None else None,
        warnings=warnings,
    )


def hits_by_attribute(
    connection: Connection, rule_id: int, attribute: str = "nationality"
) -> dict[str, int]:
    """Hit counts by a traveller attribute, for the bias review of a criterion."""
    column = travellers.c[attribute]
    rows = connection.execute(
        select(column, func.count())
        .join(hits, hits.c.traveller_id == travellers.c.id)
        .where(hits.c.source == "rule", hits.c.source_id == str(rule_id))
        .group_by(column)
    )
    return {str(value) if value is not None else "unknown": count for value, count in rows}


def triage_order(connection: Connection, flight_id: int) -> list[dict[str, Any]]:
    """Travellers of a flight with rule hits: highest severity first, then total weight."""
    rows = connection.execute(
        select(hits.c.traveller_id, hits.c.severity, hits.c.weight, hits.c.source_id).where(
            hits.c.flight_id == flight_id, hits.c.source == "rule"
        )
    )
    grouped: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"severity": 0, "weight": 0.0, "rules": []}
    )
    for traveller_id, severity, weight, source_id in rows:
        entry = grouped[traveller_id]
        entry["severity"] = max(entry["severity"], severity)
        entry["weight"] += weight
        entry["rules"].append(int(source_id))
    ordered = sorted(
        grouped.items(), key=lambda item: (-item[1]["severity"], -item[1]["weight"], item[0])
    )
    return [{"traveller_id": traveller_id, **entry} for traveller_id, entry in ordered]


def remind_reviews(connection: Connection, *, now: dt.datetime) -> list[int]:
    """Warn owners of active rules whose review-by date is near or past (once per rule
    until it is approved again); returns the rule ids reminded."""
    due = []
    active = connection.execute(
        select(
            rules.c.id, rules.c.code, rules.c.owner, rules.c.review_by, rules.c.active_version
        ).where(rules.c.active_version.is_not(None), rules.c.review_reminded_at.is_(None))
    ).all()
    for rule in active:
        if not is_review_due(rule.review_by, today=now.date()):
            continue
        connection.execute(insert(rule_warnings).values(
            rule_id=rule.id, version=rule.active_version, flight_id=None, owner=rule.owner,
            kind="review_due", created_at=now,
            message=f"rule {rule.code} is due for review by {rule.review_by.isoformat()}",
        ))  # fmt: skip
        connection.execute(
            update(rules).where(rules.c.id == rule.id).values(review_reminded_at=now)
        )
        due.append(rule.id)
    return due


__all__ = [
    "DayStatistics",
    "RuleStatistics",
    "hits_by_attribute",
    "remind_reviews",
    "rule_statistics",
    "triage_order",
]
