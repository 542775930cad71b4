"""Run the active rules over flights: on load or change, and again when a rule changes.

For each flight: derived features are recomputed, then each active rule's one
query runs (compiled once per rule version, bound per flight), and every matching
traveller gets a hit carrying the rule version and the explanation. No hit is ever
dropped (GTAS dropped rules above 300 hits per run, its issue #1795): a rule that
fires on more than its share threshold of a flight keeps all its hits and warns
its owner instead.

Registered with the screening interface as "rules" when this module is imported.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, bindparam, func, insert, select

from paxscreen.screening.interface import register_screener
from paxscreen.screening.rules.compiler import rule_select
from paxscreen.screening.rules.explain import Explainer, explanation_document
from paxscreen.screening.rules.features import compute_features
from paxscreen.screening.rules.model import RuleSeverity, RuleSpec
from paxscreen.store.dialect import upsert
from paxscreen.store.hit_tables import hits
from paxscreen.store.rule_tables import rule_runs, rule_versions, rule_warnings, rules
from paxscreen.store.tables import travellers

if TYPE_CHECKING:
    from paxscreen.config import Settings

DEFAULT_SHARE_WARNING = 0.2
HIT_SOURCE = "rule"
_REFRESHED = ("flight_id", "source_version", "score", "band", "severity", "weight", "category",
              "explanation", "screened_data", "updated_at")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActiveRule:
    id: int
    version: int
    owner: str
    spec: RuleSpec
    fingerprint: str = ""  # the version's JSON text: keys the compiled-query cache


def load_active_rules(
    connection: Connection, rule_ids: Sequence[int] | None = None
) -> list[ActiveRule]:
    """Rules with an approved version in force, with that version's text."""
    query = (
        select(rules.c.id, rules.c.owner, rules.c.active_version, rule_versions.c.spec)
        .join(
            rule_versions,
            (rule_versions.c.rule_id == rules.c.id)
            & (rule_versions.c.version == rules.c.active_version),
        )
        .where(rules.c.active_version.is_not(None))
        .order_by(rules.c.id)
    )  # fmt: skip
    if rule_ids is not None:
        query = query.where(rules.c.id.in_(rule_ids))
    return [
        ActiveRule(
            row.id,
            row.active_version,
            row.owner,
            RuleSpec.model_validate(row.spec),
            json.dumps(row.spec, sort_keys=True),
        )
        for row in connection.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule version ready to run: its one query (bound per flight) and its explainer."""

    query: Select[Any]
    explainer: Explainer


# Keyed by the rule's text, not its id: ids repeat across databases (and tests).
_COMPILED: dict[str, CompiledRule] = {}
_COMPILED_MAX = 10_000


def compiled_rule(rule: ActiveRule) -> CompiledRule:
    """The rule's query for one flight (`:flight_id`) and explainer, built once per text."""
    key = rule.fingerprint or rule.spec.model_dump_json()
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        query = rule_select(rule.spec.conditions, flight_id=bindparam("flight_id"))
        compiled = CompiledRule(query, Explainer(rule.spec.conditions))
        _COMPILED[key] = compiled
    return compiled


def severity_number(severity: RuleSeverity) -> int:
    """The hits table's integer severity: low 1 ... critical 4."""
    return severity.rank + 1


def hit_values(
    rule: ActiveRule, row: Any, *, now: dt.datetime, explainer: Explainer | None = None
) -> dict[str, Any]:
    """The hits row for one match: version, severity, weight and the explanation."""
    mapping = row._mapping
    explained = (explainer or Explainer(rule.spec.conditions)).explain(mapping)
    document = explanation_document(rule.spec.code, rule.version, explained)
    severity = rule.spec.severity
    return {
        "traveller_id": mapping["subject_id"],
        "flight_id": mapping["flight_id"],
        "source": HIT_SOURCE,
        "source_id": str(rule.id),
        "source_version": str(rule.version),
        "score": 1.0,
        # every automated hit is reviewed by a person; high and critical rules go first
        "band": "alert" if severity in (RuleSeverity.HIGH, RuleSeverity.CRITICAL) else "review",
        "severity": severity_number(severity),
        "weight": rule.spec.weight,
        "category": rule.spec.category,
        "explanation": document,
        "screened_data": {"conditions": {item.path: item.found for item in explained}},
        "status": "open",
        "created_at": now,
        "updated_at": now,
    }


def record_rule_hits(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert the hits, or refresh them (never status or disposition) where they exist.

    One statement for the batch (executemany): the values go as parameters.
    """
    if not rows:
        return
    dialect = connection.dialect.name
    statement = _UPSERTS.get(dialect)
    if statement is None:
        key = ("traveller_id", "source", "source_id")
        statement = _UPSERTS[dialect] = upsert(connection, hits, {}, key=key, update=_REFRESHED)
    connection.execute(statement, list(rows))


_UPSERTS: dict[str, Any] = {}  # one hits upsert statement per dialect, built once


@dataclass(slots=True)
class RuleOutcome:
    """What one rule found on one flight: hits, its statistics row, maybe a warning."""

    hits: list[dict[str, Any]]
    run: dict[str, Any]
    warning: dict[str, Any] | None


def run_rule(
    connection: Connection,
    rule: ActiveRule,
    flight_id: int,
    *,
    traveller_count: int,
    share_warning: float,
    now: dt.datetime,
    reason: str = "load",
) -> RuleOutcome:
    """One rule on one flight: its query, the hits with explanations, and the share check.

    Nothing is written here; `screen_flight` writes every rule's outcome in batches.
    """
    started = time.perf_counter()
    compiled = compiled_rule(rule)
    rows = connection.execute(compiled.query, {"flight_id": flight_id}).all()
    first_rows = {row.subject_id: row for row in reversed(rows)}  # one hit per person
    rows = [first_rows[subject] for subject in sorted(first_rows)]
    found = [hit_values(rule, row, now=now, explainer=compiled.explainer) for row in rows]
    run = {"rule_id": rule.id, "version": rule.version, "flight_id": flight_id,
           "travellers": traveller_count, "hit_count": len(rows), "reason": reason,
           "created_at": now, "milliseconds": (time.perf_counter() - started) * 1000}  # fmt: skip
    threshold = rule.spec.hit_share_warning or share_warning
    warning = None
    if traveller_count and len(rows) / traveller_count > threshold:
        share = len(rows) / traveller_count
        message = (
            f"rule {rule.spec.code} v{rule.version} hit {len(rows)} of {traveller_count} "
            f"travellers ({share:.0%}, above {threshold:.0%}); all hits kept"
        )
        warning = {"rule_id": rule.id, "version": rule.version, "flight_id": flight_id,
                   "owner": rule.owner, "kind": "hit_share", "share": share,
                   "threshold": threshold, "created_at": now, "acknowledged": False,
                   "message": message}  # fmt: skip
    return RuleOutcome(found, run, warning)


def screen_flight(
    connection: Connection,
    flight_id: int,
    *,
    now: dt.datetime,
    active: Sequence[ActiveRule] | None = None,
    share_warning: float = DEFAULT_SHARE_WARNING,
    reason: str = "load",
    refresh_features: bool = True,
) -> int:
    """Features, then every active rule (or those given) on one flight; returns hits."""
    if refresh_features:
        compute_features(connection, flight_id, now=now)
    rules_to_run = load_active_rules(connection) if active is None else active
    count = connection.execute(
        select(func.count()).where(
            travellers.c.flight_id == flight_id, travellers.c.merged_into.is_(None)
        )
    ).scalar_one()
    outcomes = [
        run_rule(
            connection,
            rule,
            flight_id,
            traveller_count=count,
            share_warning=share_warning,
            now=now,
            reason=reason,
        )  # fmt: skip
        for rule in rules_to_run
    ]
    found = [hit for outcome in outcomes for hit in outcome.hits]
    record_rule_hits(connection, found)
    # Runs that found someone are kept for the statistics; a row for every rule on every
    # flight would be millions of rows a day at a national PIU and say nothing new.
    runs = [outcome.run for outcome in outcomes if outcome.run["hit_count"]]
    if runs:
        connection.execute(insert(rule_runs), runs)
    warnings = [outcome.warning for outcome in outcomes if outcome.warning]
    if warnings:
        connection.execute(insert(rule_warnings), warnings)
    return len(found)


def share_warning_from(settings: Settings | None) -> float:
    screening = getattr(settings, "screening", None)
    return float(getattr(screening, "rule_hit_share_warning", DEFAULT_SHARE_WARNING))


def screen_rule_flights(
    connection: Connection, flight_ids: Sequence[int], *, settings: Settings, now: dt.datetime
) -> int:
    """The screener ingestion calls after loading: every active rule on every changed flight."""
    active = load_active_rules(connection)
    share = share_warning_from(settings)
    return sum(
        screen_flight(connection, flight_id, now=now, active=active, share_warning=share)
        for flight_id in flight_ids
    )


register_screener("rules", screen_rule_flights)

__all__ = [
    "ActiveRule",
    "CompiledRule",
    "RuleOutcome",
    "compiled_rule",
    "hit_values",
    "load_active_rules",
    "record_rule_hits",
    "run_rule",
    "screen_flight",
    "screen_rule_flights",
]
