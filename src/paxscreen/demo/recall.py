"""How much of the planted ground truth the running system found: recall, per scenario.

After `paxscreen demo load` (and a watch-list import), every expectation of
`ground_truth.json` is checked against the `hits` table: a watch-list, rule or
document hit on one of the scenario's travellers (found by record locator, on
the API or the PNR side), at review level or above. Innocent look-alikes pass
when no alert was raised. Link expectations are listed but not counted: links
are explored by analysts, they do not raise hits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from paxscreen.store.hit_tables import hits
from paxscreen.store.rule_tables import rules
from paxscreen.store.tables import bookings, travellers

_SOURCES = {"watchlist": "watchlist", "rule": "rule", "document-list": "document"}


@dataclass(frozen=True, slots=True)
class Check:
    scenario: str
    kind: str
    expectation: str  # e.g. "watchlist DW-S001", "rule one-way-cash-late"
    measured: bool  # False for what hits cannot show (links)
    passed: bool
    detail: str


def _traveller_ids(connection: Connection, locators: Iterable[str]) -> list[int]:
    wanted = sorted(set(locators))
    booked = select(bookings.c.id).where(bookings.c.record_locator.in_(wanted))
    query = select(travellers.c.id).where(
        or_(travellers.c.record_locator.in_(wanted), travellers.c.booking_id.in_(booked))
    )
    return list(connection.execute(query).scalars())


def _hit_bands(
    connection: Connection, source: str, source_id: str | None, ids: list[int]
) -> list[str]:
    query = select(hits.c.band).where(hits.c.source == source, hits.c.traveller_id.in_(ids))
    if source_id is not None:
        query = query.where(
            or_(hits.c.source_id == source_id, hits.c.source_id.like(f"%:{source_id}"))
        )
    return list(connection.execute(query).scalars())


def _source_id(connection: Connection, expected: dict[str, Any]) -> str | None:
    if expected["by"] == "watchlist":
        return str(expected["entry_id"])
    if expected["by"] == "rule":
        rule_id = connection.execute(
            select(rules.c.id).where(rules.c.code == expected["rule"])
        ).scalar()
        return str(rule_id) if rule_id is not None else f"missing-rule-{expected['rule']}"
    return None


def _subject(expected: dict[str, Any]) -> str:
    for key in ("entry_id", "rule", "pivot", "number"):
        if expected.get(key):
            return str(expected[key])
    return ""


def check_scenario(connection: Connection, scenario: dict[str, Any]) -> list[Check]:
    ids = _traveller_ids(connection, [t["record_locator"] for t in scenario["travellers"]])
    checks = []
    for expected in scenario["expected"]:
        label = f"{expected['by']} {_subject(expected)}"
        source = _SOURCES.get(expected["by"])
        if source is None:
            checks.append(Check(scenario["id"], scenario["kind"], label, False, False, "not a hit"))
            continue
        bands = _hit_bands(connection, source, _source_id(connection, expected), ids)
        if expected["outcome"] == "no-alert":
            passed = "alert" not in bands
        else:
            passed = any(band in ("review", "alert") for band in bands)
        detail = ", ".join(sorted(set(bands))) or ("no traveller stored" if not ids else "no hit")
        checks.append(Check(scenario["id"], scenario["kind"], label, True, passed, detail))
    return checks


def measure_recall(connection: Connection, truth: dict[str, Any]) -> list[Check]:
    """One check per expectation of every scenario in the ground truth."""
    return [
        check for scenario in truth["scenarios"] for check in check_scenario(connection, scenario)
    ]


__all__ = ["Check", "check_scenario", "measure_recall"]
