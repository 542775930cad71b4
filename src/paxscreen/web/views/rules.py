"""Rules list and rule page data: spec, life cycle, history, statistics, outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from paxscreen.screening.rules.backtest import BacktestReport
from paxscreen.screening.rules.governance import StoredRule, get_rule, rule_history
from paxscreen.screening.rules.model import tree_to_dict
from paxscreen.screening.rules.statistics import rule_statistics
from paxscreen.store.rule_tables import rules
from paxscreen.store.tables import travellers
from paxscreen.vetting.lookouts import outcome_counts, traveller_display_name


def _totals(connection: Connection, rule_id: int) -> dict[str, Any]:
    stats = rule_statistics(connection, rule_id)
    hits = sum(day.hits for day in stats.days)
    true_positives = sum(day.true_positives for day in stats.days)
    false_positives = sum(day.false_positives for day in stats.days)
    decided = true_positives + false_positives
    return {
        "hits": hits,
        "true_positives": true_positives,
        "false_positives": false_positives,
        "precision": round(true_positives / decided, 3) if decided else None,
        "runs": stats.runs,
        "mean_milliseconds": stats.mean_milliseconds,
        "warnings": stats.warnings,
        "days": [asdict(day) for day in stats.days],
    }


def rule_summary(stored: StoredRule) -> dict[str, Any]:
    spec = stored.spec
    return {
        "id": stored.id,
        "code": stored.code,
        "title": spec.title,
        "description": spec.description,
        "justification": spec.justification,
        "category": spec.category,
        "severity": spec.severity.value,
        "weight": spec.weight,
        "status": stored.status.value,
        "owner": stored.owner,
        "latest_version": stored.latest_version,
        "active_version": stored.active_version,
        "version_author": stored.version_author,
        "review_by": stored.review_by,
        "protected_attributes": stored.protected_attributes,
        "dpo_review_required": stored.dpo_review_required,
        "conditions": tree_to_dict(spec.conditions),
    }


def list_rule_rows(connection: Connection) -> list[dict[str, Any]]:
    outcomes = outcome_counts(connection, "rule")
    rows = []
    for rule_id in list(connection.execute(select(rules.c.id).order_by(rules.c.code)).scalars()):
        summary = rule_summary(get_rule(connection, rule_id))
        summary["statistics"] = _totals(connection, rule_id)
        summary["outcomes"] = outcomes.get(str(rule_id), {})
        rows.append(summary)
    return rows


def rule_detail(connection: Connection, rule_id: int) -> dict[str, Any]:
    summary = rule_summary(get_rule(connection, rule_id))
    summary["statistics"] = _totals(connection, rule_id)
    summary["outcomes"] = outcome_counts(connection, "rule").get(str(rule_id), {})
    summary["history"] = rule_history(connection, rule_id)
    return summary


def _names(connection: Connection, traveller_ids: list[int]) -> list[dict[str, Any]]:
    if not traveller_ids:
        return []
    name = traveller_display_name(travellers.c.id)
    rows = connection.execute(
        select(travellers.c.id, name.label("name")).where(travellers.c.id.in_(traveller_ids))
    )
    found = {row.id: row.name for row in rows}
    return [{"id": item, "name": found.get(item) or f"#{item}"} for item in traveller_ids]


def backtest_summary(connection: Connection, report: BacktestReport) -> dict[str, Any]:
    return {
        "hit_travellers": _names(connection, report.hit_traveller_ids[:50]),
        "code": report.code,
        "version": report.version,
        "start": report.start,
        "end": report.end,
        "flights": report.flights,
        "travellers": report.travellers,
        "hits": len(report.hit_traveller_ids),
        "hit_share": round(report.hit_share, 4),
        "hit_traveller_ids": report.hit_traveller_ids[:200],
        "hits_per_day": dict(sorted(report.hits_per_day.items())),
        "known_positives": len(report.known_positives),
        "known_positives_hit": len(report.known_positives_hit),
        "recall": report.recall,
    }


def backtest_window(days_back: int, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """From `days_back` days ago to three days ahead (flights already announced)."""
    return now - dt.timedelta(days=max(1, min(days_back, 366))), now + dt.timedelta(days=3)
