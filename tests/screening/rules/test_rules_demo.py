"""The demo's planted rule patterns: every planted traveller is hit by its demo rule
when the demo loads, and the rule's back-test over the loaded days reports them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from paxscreen.config import load_settings
from paxscreen.demo.load import load_demo
from paxscreen.demo.recall import _traveller_ids, measure_recall
from paxscreen.screening.rules.backtest import backtest_rule
from paxscreen.store.engine import create_engine_for
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import flights, travellers


def _people(connection: Connection, scenario: dict[str, Any]) -> set[int]:
    """The scenario's travellers as the flight lists them (the rows hits go to)."""
    ids = _traveller_ids(connection, [t["record_locator"] for t in scenario["travellers"]])
    listed = func.coalesce(travellers.c.merged_into, travellers.c.id)
    return set(connection.execute(select(listed).where(travellers.c.id.in_(ids))).scalars())


def _hits_twice(connection: Connection) -> list[Any]:
    """(person, source, entry) hit more than once: an API row and its paired PNR row
    are one person, hit once for one rule or list entry, on the listed row."""
    person = func.coalesce(travellers.c.merged_into, travellers.c.id)
    statement = (
        select(person, hits.c.source, hits.c.source_id, func.count())
        .join(travellers, travellers.c.id == hits.c.traveller_id)
        .group_by(person, hits.c.source, hits.c.source_id)
        .having(func.count() > 1)
    )
    return [tuple(row) for row in connection.execute(statement)]


@pytest.mark.slow
def test_planted_rule_patterns_are_hit_and_back_tested(tmp_path: Path) -> None:
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'demo.db'}", data_dir=tmp_path, home_country="DE"
    )
    summary = load_demo(settings, flights=FLIGHTS)
    truth = json.loads((tmp_path / "demo" / "ground_truth.json").read_text())
    planted = {
        scenario["id"]: expected["rule"]
        for scenario in truth["scenarios"]
        for expected in scenario["expected"]
        if expected["by"] == "rule"
    }
    assert set(planted.values()) <= set(summary.rules_activated)
    assert {"one-way-cash-late", "broken-travel", "heavy-bags-inbound-one-way"} <= set(
        planted.values()
    )
    engine = create_engine_for(settings.database_url)
    with engine.begin() as connection:
        rule_checks = [
            check
            for check in measure_recall(connection, truth)
            if check.expectation.startswith("rule ")
        ]
        assert rule_checks and all(check.passed for check in rule_checks), rule_checks
        assert _hits_twice(connection) == []
        first, last = connection.execute(
            select(func.min(flights.c.departure_utc), func.max(flights.c.departure_utc))
        ).one()
        start = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)
        end = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
        for scenario in truth["scenarios"]:
            if scenario["id"] not in planted:
                continue
            people = _people(connection, scenario)
            report = backtest_rule(
                connection, planted[scenario["id"]], start=start, end=end, known_positives=people
            )
            assert report.known_positives_hit, (scenario["id"], sorted(people), report.to_text())


FLIGHTS = 4
