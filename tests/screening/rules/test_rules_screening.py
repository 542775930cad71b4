"""Screening a flight: hits with rule version and explanation, warnings, triage, re-screening."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

import pytest
from rules_support import APPROVER, AUTHOR, DEPARTURE, NOW
from sqlalchemy import Connection, select

from paxscreen.screening.rules.explain import ConditionExplanation
from paxscreen.screening.rules.governance import create_rule, edit_rule, submit_rule
from paxscreen.screening.rules.model import RuleSpec
from paxscreen.screening.rules.rescreen import activate_rule
from paxscreen.screening.rules.screen import screen_flight
from paxscreen.screening.rules.statistics import (
    hits_by_attribute,
    remind_reviews,
    rule_statistics,
    triage_order,
)
from paxscreen.store.hit_tables import hits
from paxscreen.store.rule_tables import rule_warnings

CASH_LATE = {
    "code": "cash-late",
    "title": "Cash one-way booked within 24 h",
    "severity": "high",
    "weight": 5,
    "conditions": {"and": [
        {"entity": "payment", "field": "type", "operator": "equal", "value": "CA"},
        {"entity": "booking", "field": "created", "operator": "within_before_departure",
         "value": "24h"},
        {"entity": "features", "field": "is_one_way", "operator": "equal", "value": True},
        {"not": {"entity": "frequent_flyer", "field": "number", "operator": "is_not_null"}},
    ]},
}  # fmt: skip
BROKEN = {
    "code": "broken-travel",
    "title": "Broken travel into the hub",
    "severity": "medium",
    "weight": 2,
    "conditions": {"entity": "features", "field": "is_broken_travel", "operator": "equal",
                   "value": True},
}  # fmt: skip
ONE_WAY = {
    "code": "one-way",
    "title": "Any one-way ticket",
    "severity": "low",
    "weight": 1,
    "conditions": {"entity": "features", "field": "is_one_way", "operator": "equal", "value": True},
}  # fmt: skip
NOW_BEFORE = DEPARTURE.replace(tzinfo=dt.UTC) - dt.timedelta(hours=30)


def activate(connection: Connection, data: dict[str, Any], now: dt.datetime = NOW_BEFORE) -> int:
    rule_id = create_rule(connection, RuleSpec.model_validate(data), author=AUTHOR, now=now)
    submit_rule(connection, rule_id, actor=AUTHOR, now=now)
    activate_rule(connection, rule_id, approver=APPROVER, now=now)
    return rule_id


def rule_hits(connection: Connection, rule_id: int) -> dict[int, Any]:
    rows = connection.execute(
        select(hits).where(hits.c.source == "rule", hits.c.source_id == str(rule_id))
    )
    return {row.traveller_id: row for row in rows}


def test_activation_rescreens_coming_flights_with_explanations(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    rule_id = activate(connection, CASH_LATE)
    found = rule_hits(connection, rule_id)
    assert set(found) == {hub_flight["cash"]}
    hit = found[hub_flight["cash"]]
    assert (hit.source_version, hit.severity, hit.weight, hit.band) == ("1", 3, 5.0, "alert")
    conditions = hit.explanation["conditions"]
    assert all(set(c) == {f.name for f in fields(ConditionExplanation)} for c in conditions)
    assert [(c["path"], c["found"], c["holds"], c["negated"]) for c in conditions] == [
        ("0.0", "CA", True, False),
        ("0.1", "2026-06-01T06:00:00+00:00", True, False),
        ("0.2", True, True, False),
        ("0.3.0", None, False, True),
    ]
    assert hit.explanation["text"].startswith("payment.type equal 'CA': found 'CA' (holds)")
    assert (
        "NOT frequent_flyer.number is not null: found nothing (does not hold)"
        in (hit.explanation["text"])
    )


def test_flights_outside_the_window_are_not_rescreened(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    rule_id = activate(connection, CASH_LATE, now=NOW_BEFORE - dt.timedelta(hours=72))
    assert rule_hits(connection, rule_id) == {}
    screen_flight(connection, hub_flight["flight"], now=NOW_BEFORE)  # the flight loads later
    assert set(rule_hits(connection, rule_id)) == {hub_flight["cash"]}


def test_changed_rule_rescreens_and_records_new_version(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    rule_id = activate(connection, BROKEN)
    assert set(rule_hits(connection, rule_id)) == {hub_flight["broken"]}
    wider = {
        **BROKEN,
        "conditions": {
            "or": [
                BROKEN["conditions"],
                {
                    "entity": "features",
                    "field": "payer_is_traveller",
                    "operator": "equal",
                    "value": False,
                },
            ]
        },
    }
    edit_rule(connection, rule_id, RuleSpec.model_validate(wider), author=AUTHOR, now=NOW_BEFORE)
    submit_rule(connection, rule_id, actor=AUTHOR, now=NOW_BEFORE)
    activate_rule(connection, rule_id, approver=APPROVER, now=NOW_BEFORE)
    found = rule_hits(connection, rule_id)
    assert set(found) == {hub_flight["broken"], hub_flight["third_party"]}
    assert {hit.source_version for hit in found.values()} == {"2"}


def test_screening_twice_refreshes_instead_of_duplicating(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    rule_id = activate(connection, BROKEN)
    screen_flight(connection, hub_flight["flight"], now=NOW_BEFORE)
    screen_flight(connection, hub_flight["flight"], now=NOW_BEFORE)
    assert len(rule_hits(connection, rule_id)) == 1


def test_rule_above_share_warns_owner_and_keeps_every_hit(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    rule_id = activate(connection, ONE_WAY)
    assert len(rule_hits(connection, rule_id)) == 6  # all but the returning traveller
    warning = connection.execute(select(rule_warnings)).one()
    assert (warning.rule_id, warning.owner, warning.kind) == (rule_id, "alice", "hit_share")
    assert "hit 6 of 7 travellers (86%, above 20%); all hits kept" in warning.message


def test_triage_orders_by_severity_then_weight(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    cash, broken, one_way = (activate(connection, data) for data in (CASH_LATE, BROKEN, ONE_WAY))
    order = triage_order(connection, hub_flight["flight"])
    assert [entry["traveller_id"] for entry in order[:2]] == [
        hub_flight["cash"],
        hub_flight["broken"],
    ]
    assert order[0]["severity"] == 3 and order[0]["weight"] == 6.0
    assert sorted(order[1]["rules"]) == sorted([broken, one_way])
    assert cash in order[0]["rules"]


def test_statistics_count_hits_and_precision(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    rule_id = activate(connection, ONE_WAY)
    from sqlalchemy import update

    first, second = sorted(rule_hits(connection, rule_id))[:2]
    connection.execute(update(hits).where(hits.c.traveller_id == first).values(status="true_match"))
    connection.execute(
        update(hits).where(hits.c.traveller_id == second).values(status="false_positive")
    )
    statistics = rule_statistics(connection, rule_id)
    assert statistics.hits == 6
    assert statistics.precision == 0.5
    assert statistics.runs == 1 and statistics.warnings == 1
    assert hits_by_attribute(connection, rule_id) == {"TUR": 5, "GBR": 1}


def test_review_reminder_once_near_the_date(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    rule_id = activate(connection, {**BROKEN, "review_by": "2026-06-10"})
    assert remind_reviews(connection, now=NOW) == [rule_id]  # 9 days before: inside 14
    assert remind_reviews(connection, now=NOW) == []
    kinds = connection.execute(select(rule_warnings.c.kind)).scalars().all()
    assert kinds == ["review_due"]


def test_merged_api_and_pnr_rows_are_one_person(
    connection: Connection, travel: Any, hub_flight: dict[str, Any]
) -> None:
    """Ingestion points the PNR row at the API row; the hit goes to the listed (API) row,
    once, and the API row carries the booking's features."""
    from sqlalchemy import update

    from paxscreen.model import PersonName, TravelDocument, Traveller
    from paxscreen.screening.rules.features import compute_features
    from paxscreen.store.rule_tables import derived_traveller_features as features
    from paxscreen.store.tables import travellers

    api = Traveller(
        name=PersonName(surname="DOE", given_names="JANE"),
        nationality="GBR",
        documents=[TravelDocument(type="P", number="X1", issuing_state="GBR")],
    )
    (api_id,) = travel.api_travellers(hub_flight["flight"], [api])
    connection.execute(
        update(travellers).where(travellers.c.id == hub_flight["cash"]).values(merged_into=api_id)
    )
    compute_features(connection, hub_flight["flight"], now=NOW)
    row = connection.execute(select(features).where(features.c.traveller_id == api_id)).one()
    assert (row.payment_type, row.is_one_way, row.hours_booking_to_departure) == ("CA", True, 6.0)
    rule_id = activate(connection, CASH_LATE)
    assert set(rule_hits(connection, rule_id)) == {api_id}
    both = {**ONE_WAY, "code": "one-way-gbr", "conditions": {"and": [
        ONE_WAY["conditions"],
        {"entity": "document", "field": "issuing_state", "operator": "equal", "value": "GBR"},
    ]}}  # fmt: skip
    assert set(rule_hits(connection, activate(connection, both))) == {api_id}


def test_rescreening_rewrites_only_hits_whose_values_changed(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    """An unchanged hit is left as it is (its refresh time too); a hit whose stored
    values differ from what the rule finds now is rewritten with the new explanation."""
    from sqlalchemy import update

    rule_id = activate(connection, ONE_WAY)
    found = rule_hits(connection, rule_id)
    stale, kept = sorted(found)[:2]
    connection.execute(
        update(hits)
        .where(hits.c.traveller_id == stale, hits.c.source_id == str(rule_id))
        .values(screened_data={"conditions": {"0": False}}, explanation={})
    )
    later = NOW_BEFORE + dt.timedelta(hours=1)
    assert screen_flight(connection, hub_flight["flight"], now=later) == 6
    again = rule_hits(connection, rule_id)
    assert again[stale].screened_data == {"conditions": {"0": True}}
    assert again[stale].explanation["conditions"][0]["found"] is True
    assert again[stale].updated_at == later
    assert again[kept].updated_at == found[kept].updated_at


def test_new_hits_written_by_another_screener_meanwhile_are_refreshed(
    connection: Connection, hub_flight: dict[str, Any], monkeypatch: Any
) -> None:
    """Two screeners of one flight both find a hit new: the second one's insert batch
    (a COPY streamed on PostgreSQL, here from the first hit) meets the unique key, so
    its savepoint is rolled back and the hits are upserted: one hit each, the
    analyst's status kept, and the transaction still usable."""
    from sqlalchemy import update

    from paxscreen.screening.rules.screen import (
        NewHits,
        hit_values,
        load_active_rules,
        record_rule_hits,
    )
    from paxscreen.store import bulk

    monkeypatch.setattr(bulk, "COPY_FROM_ROWS", 1)
    rule_id = activate(connection, ONE_WAY)
    first = rule_hits(connection, rule_id)
    assert len(first) == 6
    decided = min(first)
    connection.execute(update(hits).where(hits.c.id == first[decided].id).values(status="cleared"))
    (rule,) = load_active_rules(connection, [rule_id])
    later = NOW_BEFORE + dt.timedelta(hours=1)
    raced = [
        hit_values(rule, subject_id=traveller_id, flight_id=hub_flight["flight"],
                   found={"0": True}, departure=None, now=later)
        for traveller_id in first
    ]  # fmt: skip
    with NewHits(connection) as new:
        for row in raced:
            new.append(row)
    assert new.refused == raced
    record_rule_hits(connection, new.refused)
    again = rule_hits(connection, rule_id)
    assert {traveller: hit.id for traveller, hit in again.items()} == {
        traveller: hit.id for traveller, hit in first.items()
    }
    assert again[decided].status == "cleared"
    assert {hit.updated_at for hit in again.values()} == {later}


def test_screening_interrupted_while_its_new_hits_stream_writes_none_of_them(
    connection: Connection, hub_flight: dict[str, Any], monkeypatch: Any
) -> None:
    from sqlalchemy import delete

    from paxscreen.screening.rules.screen import NewHits, hit_values, load_active_rules
    from paxscreen.store import bulk

    monkeypatch.setattr(bulk, "COPY_FROM_ROWS", 1)
    rule_id = activate(connection, ONE_WAY)
    travellers_hit = sorted(rule_hits(connection, rule_id))
    connection.execute(delete(hits).where(hits.c.source_id == str(rule_id)))
    (rule,) = load_active_rules(connection, [rule_id])
    with pytest.raises(RuntimeError, match="explaining failed"), NewHits(connection) as new:
        for traveller_id in travellers_hit[:3]:
            new.append(
                hit_values(rule, subject_id=traveller_id, flight_id=hub_flight["flight"],
                           found={"0": True}, departure=None, now=NOW_BEFORE)
            )  # fmt: skip
        raise RuntimeError("explaining failed")
    assert rule_hits(connection, rule_id) == {}
    assert screen_flight(connection, hub_flight["flight"], now=NOW_BEFORE) == 6
    assert sorted(rule_hits(connection, rule_id)) == travellers_hit
