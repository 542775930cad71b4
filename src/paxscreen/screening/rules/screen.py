"""Run the active rules over flights: on load or change, and again when a rule changes.

For each flight: derived features are recomputed, the flight's travellers are
loaded once (`flight_frame`), and every active rule, compiled once per rule
version into closures (`evaluator`), is evaluated on them in memory; every matching
traveller gets a hit carrying the rule version and the explanation, written only
when new or changed: new hits as one insert batch (on PostgreSQL a COPY that they
stream into as they are explained), changed ones as one upsert. (The SQL compiler
still answers back-tests and saved queries over date ranges.) No hit is ever
dropped (GTAS dropped rules above 300 hits per run, its issue #1795): a rule that
fires on more than its share threshold of a flight keeps all its hits and warns
its owner instead.

Registered with the screening interface as "rules" when this module is imported.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from paxscreen.long_lived import paused_garbage_collection
from paxscreen.screening.interface import register_screener
from paxscreen.screening.rules.evaluator import CompiledRuleSet, CompiledTree, compile_tree
from paxscreen.screening.rules.explain import Explainer
from paxscreen.screening.rules.features import compute_features
from paxscreen.screening.rules.flight_frame import load_flight_frame
from paxscreen.screening.rules.model import RuleSeverity, RuleSpec
from paxscreen.screening.rules.named_lists import named_list_values
from paxscreen.store import bulk
from paxscreen.store.dialect import upsert
from paxscreen.store.hit_tables import hits
from paxscreen.store.rows import insert_rows
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
    """A rule version ready to run: its compiled tree and its explainer."""

    tree: CompiledTree
    explainer: Explainer


# Keyed by the rule's text, not its id: ids repeat across databases (and tests).
_COMPILED: dict[str, CompiledRule] = {}
_COMPILED_MAX = 10_000


def compiled_rule(rule: ActiveRule) -> CompiledRule:
    """The rule's compiled tree and explainer, built once per rule text."""
    key = rule.fingerprint or rule.spec.model_dump_json()
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        compiled = CompiledRule(compile_tree(rule.spec.conditions), Explainer(rule.spec.conditions))
        _COMPILED[key] = compiled
    return compiled


_RULE_SETS: dict[tuple[Any, ...], CompiledRuleSet[ActiveRule]] = {}


def rule_set(active: Sequence[ActiveRule]) -> CompiledRuleSet[ActiveRule]:
    """The active rules filed for evaluation together; the last few sets are kept, so
    flight after flight with the same rules reuses one."""
    key = tuple((rule.id, rule.version, rule.fingerprint or id(rule)) for rule in active)
    found = _RULE_SETS.get(key)
    if found is None:
        if len(_RULE_SETS) >= 4:
            _RULE_SETS.clear()
        found = CompiledRuleSet([(rule, compiled_rule(rule).tree) for rule in active])
        _RULE_SETS[key] = found
    return found


def severity_number(severity: RuleSeverity) -> int:
    """The hits table's integer severity: low 1 ... critical 4."""
    return severity.rank + 1


def rule_hit_fields(rule: ActiveRule) -> dict[str, Any]:
    """The parts of a hits row that are the same for every hit of a rule version."""
    severity = rule.spec.severity
    return {
        "source": HIT_SOURCE,
        "source_id": str(rule.id),
        "source_version": str(rule.version),
        "score": 1.0,
        # every automated hit is reviewed by a person; high and critical rules go first
        "band": "alert" if severity in (RuleSeverity.HIGH, RuleSeverity.CRITICAL) else "review",
        "severity": severity_number(severity),
        "weight": rule.spec.weight,
        "category": rule.spec.category,
        "status": "open",
    }


def hit_values(
    rule: ActiveRule,
    *,
    subject_id: int,
    flight_id: int,
    found: Mapping[str, Any],
    departure: Any,
    now: dt.datetime,
    explainer: Explainer | None = None,
    fields: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The hits row for one match: version, severity, weight and the explanation
    (`found`: the value that satisfied each condition, by path; `fields`: the rule's
    `rule_hit_fields`, when the caller writes many hits of it)."""
    explainer = explainer or Explainer(rule.spec.conditions)
    explanation, conditions = explainer.document(rule.spec.code, rule.version, found, departure)
    return {
        **(fields if fields is not None else rule_hit_fields(rule)),
        "traveller_id": subject_id,
        "flight_id": flight_id,
        "explanation": explanation,
        "screened_data": {"conditions": conditions},
        "created_at": now,
        "updated_at": now,
    }


class NewHits:
    """A flight's new hits, written as screening finds them.

    On PostgreSQL, once there are `COPY_FROM_ROWS` of them, they stream into one COPY
    inside a savepoint while the next ones are still being explained, so the server
    parses, checks and indexes them on its own core meanwhile; fewer, or on SQLite,
    are inserted as one batch when the block ends. Should another screener of the
    flight have written one of them since it was read (the unique key on traveller,
    source and rule refuses the batch), the savepoint is rolled back and `refused`
    holds them all, for the caller to upsert.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.rows: list[dict[str, Any]] = []
        self.refused: list[dict[str, Any]] = []
        self._stream: bulk.CopyStream | None = None
        self._open = ExitStack()  # the savepoint, then the COPY inside it

    def __enter__(self) -> Self:
        return self

    def append(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if self._stream is not None:
            self._stream.write(row)
        elif len(self.rows) == bulk.COPY_FROM_ROWS and bulk.copy_applies(
            self.connection, hits, self.rows
        ):
            self._open.enter_context(self.connection.begin_nested())
            self._stream = self._open.enter_context(
                bulk.CopyStream(self.connection, hits, list(row))
            )
            for written in self.rows:
                self._stream.write(written)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is not None:  # the COPY is abandoned and its savepoint rolled back
            self._open.__exit__(exc_type, exc, traceback)
            return
        try:
            if self._stream is not None:  # the COPY ends (a refusal raised here), then
                self._open.close()  # its savepoint: committed, or rolled back on a refusal
            elif self.rows:
                with self.connection.begin_nested():
                    insert_rows(self.connection, hits, self.rows)
        except (IntegrityError, self.connection.dialect.dbapi.IntegrityError):  # type: ignore[union-attr]
            self.refused = self.rows


def record_rule_hits(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert the hits, or refresh them (never status or disposition) where they exist.

    One statement for the batch (executemany): the values go as parameters. Hits the
    flight's travellers did not have go through `NewHits` first (COPY on PostgreSQL,
    where an upsert goes one row per statement and costs about twice as much), and
    only those another screener wrote meanwhile come here.
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


def _recorded_hits(connection: Connection, flight_id: int) -> dict[tuple[int, str], Any]:
    """The rule hits the flight's travellers already have: (traveller, rule id) ->
    (version, flight, the values found), to write only what changed."""
    on_flight = select(travellers.c.id).where(travellers.c.flight_id == flight_id)
    query = select(
        hits.c.traveller_id,
        hits.c.source_id,
        hits.c.source_version,
        hits.c.flight_id,
        hits.c.screened_data,
    ).where(hits.c.source == HIT_SOURCE, hits.c.traveller_id.in_(on_flight))
    return {
        (row.traveller_id, row.source_id): (
            row.source_version,
            row.flight_id,
            (row.screened_data or {}).get("conditions"),
        )
        for row in connection.execute(query)
    }


def _share_warning(
    rule: ActiveRule, flight_id: int, hit_count: int, listed: int, default: float, now: dt.datetime
) -> dict[str, Any] | None:
    threshold = rule.spec.hit_share_warning or default
    if not listed or hit_count / listed <= threshold:
        return None
    share = hit_count / listed
    message = (
        f"rule {rule.spec.code} v{rule.version} hit {hit_count} of {listed} "
        f"travellers ({share:.0%}, above {threshold:.0%}); all hits kept"
    )
    return {"rule_id": rule.id, "version": rule.version, "flight_id": flight_id,
            "owner": rule.owner, "kind": "hit_share", "share": share, "threshold": threshold,
            "created_at": now, "acknowledged": False, "message": message}  # fmt: skip


@paused_garbage_collection()  # a thousand new hits are ~10^5 objects, none cyclic garbage
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
    """Features, then every active rule (or those given) on one flight; returns hits.

    The flight's travellers are loaded once and every rule evaluated in memory; a
    person is hit once per rule (the first of their rows that matches explains it),
    and only hits that are new or whose version or values changed are written.
    """
    if refresh_features:
        compute_features(connection, flight_id, now=now)
    rules_to_run = load_active_rules(connection) if active is None else active
    if not rules_to_run:
        return 0
    rules_set = rule_set(rules_to_run)
    lists = named_list_values(connection) if rules_set.uses_named_lists() else {}
    loaded = load_flight_frame(connection, flight_id, rules_set.columns(), lists)
    frame, departure = loaded.frame, loaded.frame.environment.departure
    recorded = _recorded_hits(connection, flight_id)
    changed: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    total = 0
    with NewHits(connection) as new:
        for match in rules_set.evaluate(frame):
            rule, explainer = match.item, compiled_rule(match.item).explainer
            first: dict[int, int] = {}
            for position in sorted(match.positions):  # positions follow traveller ids
                first.setdefault(loaded.subject_ids[position], position)
            fields = rule_hit_fields(rule)
            source_id, version = fields["source_id"], fields["source_version"]
            for subject, position in first.items():
                found = match.tree.found(frame, position)
                prior = recorded.get((subject, source_id))
                if prior is not None and prior == (version, flight_id, explainer.screened(found)):
                    continue
                (new if prior is None else changed).append(
                    hit_values(rule, subject_id=subject, flight_id=flight_id, found=found,
                               departure=departure, now=now, explainer=explainer, fields=fields)
                )  # fmt: skip
            total += len(first)
            # Runs that found someone are kept for the statistics; a row for every rule on
            # every flight would be millions of rows a day at a national PIU and say nothing new.
            runs.append({"rule_id": rule.id, "version": rule.version, "flight_id": flight_id,
                         "travellers": loaded.listed, "hit_count": len(first), "reason": reason,
                         "created_at": now, "milliseconds": match.seconds * 1000})  # fmt: skip
            warning = _share_warning(rule, flight_id, len(first), loaded.listed, share_warning,
                                     now)  # fmt: skip
            if warning:
                warnings.append(warning)
    record_rule_hits(connection, [*changed, *new.refused])
    insert_rows(connection, rule_runs, runs)  # a few hundred: COPY on PostgreSQL
    insert_rows(connection, rule_warnings, warnings)
    return total


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
    "compiled_rule",
    "hit_values",
    "load_active_rules",
    "NewHits",
    "record_rule_hits",
    "rule_hit_fields",
    "rule_set",
    "screen_flight",
    "screen_rule_flights",
]
