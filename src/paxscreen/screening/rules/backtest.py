"""Back-testing: who would a rule (any version, even a draft) have hit over a date range?

The rule's one query runs over every flight departing in the range at once (the
rule compiled to SQL, with a departure window; it finds whom screening on load
finds, which the tests check against the in-memory evaluator). Nothing
is written: a back-test is analysis for criteria (purpose 6(2)(c)), not screening.
The report counts the travellers hit per day and names the known positives among
them (travellers an analyst confirmed as true matches, or a ground truth given).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from paxscreen.screening.rules.compiler import rule_select
from paxscreen.screening.rules.governance import get_rule, spec_of_version
from paxscreen.screening.rules.model import RuleSpec
from paxscreen.screening.rules.rescreen import ensure_features, flights_departing
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import flights, travellers

CONFIRMED_STATUSES = ("true_match", "referred")


@dataclass(slots=True)
class BacktestReport:
    code: str
    version: int | None
    start: dt.datetime
    end: dt.datetime
    flights: int = 0
    travellers: int = 0
    hit_traveller_ids: list[int] = field(default_factory=list)
    hits_per_day: dict[str, int] = field(default_factory=dict)
    known_positives: list[int] = field(default_factory=list)
    known_positives_hit: list[int] = field(default_factory=list)

    @property
    def hit_share(self) -> float:
        return len(self.hit_traveller_ids) / self.travellers if self.travellers else 0.0

    @property
    def recall(self) -> float | None:
        if not self.known_positives:
            return None
        return len(self.known_positives_hit) / len(self.known_positives)

    def to_text(self) -> str:
        """A short report for the command line."""
        version = self.version or "draft"
        hit = len(self.hit_traveller_ids)
        lines = [
            f"rule {self.code} v{version}: {self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}",
            f"flights {self.flights}, travellers {self.travellers}, hit {hit} "
            f"({self.hit_share:.2%})",
        ]
        lines += [f"  {day}: {count}" for day, count in sorted(self.hits_per_day.items())]
        if self.known_positives:
            found, known = len(self.known_positives_hit), len(self.known_positives)
            lines.append(
                f"known positives hit: {found} of {known} ({self.recall:.0%}); "
                f"ids {self.known_positives_hit}"
            )
        return "\n".join(lines)


def confirmed_positives(connection: Connection, start: dt.datetime, end: dt.datetime) -> list[int]:
    """Travellers on flights in the range with a hit an analyst confirmed."""
    query = (
        select(hits.c.traveller_id)
        .join(travellers, travellers.c.id == hits.c.traveller_id)
        .join(flights, flights.c.id == travellers.c.flight_id)
        .where(hits.c.status.in_(CONFIRMED_STATUSES), flights.c.departure_utc >= start,
               flights.c.departure_utc < end)
        .distinct()
    )  # fmt: skip
    return sorted(connection.execute(query).scalars())


def backtest_spec(
    connection: Connection,
    spec: RuleSpec,
    *,
    start: dt.datetime,
    end: dt.datetime,
    version: int | None = None,
    known_positives: Collection[int] | None = None,
    now: dt.datetime | None = None,
) -> BacktestReport:
    """Run a rule text over [start, end) without recording anything."""
    flight_ids = flights_departing(connection, start, end)
    ensure_features(connection, flight_ids, now=now or dt.datetime.now(dt.UTC))
    report = BacktestReport(
        code=spec.code, version=version, start=start, end=end, flights=len(flight_ids)
    )
    report.travellers = connection.execute(
        select(func.count())
        .select_from(travellers.join(flights, flights.c.id == travellers.c.flight_id))
        .where(travellers.c.merged_into.is_(None), flights.c.departure_utc >= start,
               flights.c.departure_utc < end)
    ).scalar_one()  # fmt: skip
    query = rule_select(spec.conditions, departure_from=start, departure_to=end, explain=False)
    per_day: Counter[str] = Counter()
    found: list[int] = []
    seen: set[int] = set()
    for row in connection.execute(query):
        if row.subject_id in seen:
            continue  # the person's other row (API or PNR) matched too
        seen.add(row.subject_id)
        found.append(row.subject_id)
        per_day[row.departure_utc.date().isoformat() if row.departure_utc else "?"] += 1
    report.hit_traveller_ids = sorted(found)
    report.hits_per_day = dict(per_day)
    positives = (
        sorted(known_positives)
        if known_positives is not None
        else confirmed_positives(connection, start, end)
    )
    report.known_positives = positives
    hit = set(found)
    report.known_positives_hit = [traveller_id for traveller_id in positives if traveller_id in hit]
    return report


def backtest_rule(
    connection: Connection,
    rule: int | str,
    *,
    start: dt.datetime,
    end: dt.datetime,
    version: int | None = None,
    known_positives: Collection[int] | None = None,
) -> BacktestReport:
    """Back-test a stored rule: its latest version unless `version` is given.

    Raises:
        NotFoundError: no such rule.
    """
    stored = get_rule(connection, rule)
    chosen = version or stored.latest_version
    spec = spec_of_version(connection, stored.id, chosen)
    return backtest_spec(
        connection, spec, start=start, end=end, version=chosen, known_positives=known_positives
    )


__all__ = ["BacktestReport", "backtest_rule", "backtest_spec", "confirmed_positives"]
