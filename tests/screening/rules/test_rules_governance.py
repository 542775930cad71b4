"""Governance: the life cycle, four eyes, versions, review dates and the guard."""

from __future__ import annotations

import datetime as dt

import pytest
from rules_support import APPROVER, AUTHOR, NOW
from sqlalchemy import Connection

from paxscreen.errors import PermissionDeniedError, RuleError
from paxscreen.screening.rules.governance import (
    approve_rule,
    create_rule,
    edit_rule,
    get_rule,
    reject_rule,
    retire_rule,
    rule_history,
    submit_rule,
)
from paxscreen.screening.rules.lifecycle import DEFAULT_REVIEW_DAYS, Actor
from paxscreen.screening.rules.model import RuleSpec, RuleStatus
from paxscreen.screening.rules.screen import load_active_rules
from paxscreen.screening.rules.validation import RuleValidationError


def spec(code: str = "cash-late", **changes: object) -> RuleSpec:
    data = {
        "code": code,
        "title": "Cash, booked late",
        "conditions": {"and": [
            {"entity": "payment", "field": "type", "operator": "equal", "value": "CA"},
            {"entity": "features", "field": "hours_booking_to_departure", "operator": "less",
             "value": 24},
        ]},
    }  # fmt: skip
    data.update(changes)
    return RuleSpec.model_validate(data)


def test_draft_review_active_retired(connection: Connection) -> None:
    rule_id = create_rule(connection, spec(), author=AUTHOR, now=NOW)
    assert get_rule(connection, rule_id).status is RuleStatus.DRAFT
    assert load_active_rules(connection) == []
    submit_rule(connection, rule_id, actor=AUTHOR, now=NOW)
    approved = approve_rule(connection, rule_id, approver=APPROVER, now=NOW)
    assert (approved.status, approved.active_version) == (RuleStatus.ACTIVE, 1)
    assert approved.review_by == NOW.date() + dt.timedelta(days=DEFAULT_REVIEW_DAYS)
    assert [rule.id for rule in load_active_rules(connection)] == [rule_id]
    retired = retire_rule(connection, rule_id, actor=APPROVER, now=NOW, comment="obsolete")
    assert (retired.status, retired.active_version) == (RuleStatus.RETIRED, None)
    assert load_active_rules(connection) == []
    actions = [(event["action"], event["actor"]) for event in rule_history(connection, rule_id)]
    assert actions == [
        ("create", "alice"),
        ("submit", "alice"),
        ("approve", "rui"),
        ("retire", "rui"),
    ]


def test_author_cannot_approve_own_version(connection: Connection) -> None:
    manager = Actor("mia", "rule_manager")
    rule_id = create_rule(connection, spec(), author=manager, now=NOW)
    submit_rule(connection, rule_id, actor=manager, now=NOW)
    with pytest.raises(PermissionDeniedError, match="four-eyes"):
        approve_rule(connection, rule_id, approver=manager, now=NOW)


def test_approval_needs_rule_manager_role(connection: Connection) -> None:
    rule_id = create_rule(connection, spec(), author=AUTHOR, now=NOW)
    submit_rule(connection, rule_id, actor=AUTHOR, now=NOW)
    with pytest.raises(PermissionDeniedError, match="rule_manager"):
        approve_rule(connection, rule_id, approver=Actor("bob", "analyst"), now=NOW)


def test_cannot_approve_a_draft_not_in_review(connection: Connection) -> None:
    rule_id = create_rule(connection, spec(), author=AUTHOR, now=NOW)
    with pytest.raises(RuleError, match="cannot approve a rule that is draft"):
        approve_rule(connection, rule_id, approver=APPROVER, now=NOW)


def test_reject_needs_a_reason_and_returns_to_draft(connection: Connection) -> None:
    rule_id = create_rule(connection, spec(), author=AUTHOR, now=NOW)
    submit_rule(connection, rule_id, actor=AUTHOR, now=NOW)
    with pytest.raises(RuleError, match="comment"):
        reject_rule(connection, rule_id, approver=APPROVER, comment=" ", now=NOW)
    rejected = reject_rule(connection, rule_id, approver=APPROVER, comment="too broad", now=NOW)
    assert rejected.status is RuleStatus.DRAFT


def test_editing_an_active_rule_keeps_the_approved_version_running(connection: Connection) -> None:
    rule_id = create_rule(connection, spec(), author=AUTHOR, now=NOW)
    submit_rule(connection, rule_id, actor=AUTHOR, now=NOW)
    approve_rule(connection, rule_id, approver=APPROVER, now=NOW)
    version = edit_rule(connection, rule_id, spec(weight=5), author=AUTHOR, note="heavier", now=NOW)
    assert version == 2
    stored = get_rule(connection, rule_id)
    assert (stored.status, stored.latest_version, stored.active_version) == (RuleStatus.DRAFT, 2, 1)
    assert [(rule.version, rule.spec.weight) for rule in load_active_rules(connection)] == [
        (1, 1.0)
    ]
    submit_rule(connection, rule_id, actor=AUTHOR, now=NOW)
    approve_rule(connection, rule_id, approver=APPROVER, now=NOW)
    assert [(rule.version, rule.spec.weight) for rule in load_active_rules(connection)] == [
        (2, 5.0)
    ]


def test_rule_of_only_protected_attributes_is_refused(connection: Connection) -> None:
    profile = spec("profile", justification="x" * 50, conditions={"and": [
        {"entity": "traveller", "field": "nationality", "operator": "equal", "value": "XXA"},
        {"entity": "features", "field": "age_years", "operator": "between", "value": [18, 30]},
        {"entity": "traveller", "field": "sex", "operator": "equal", "value": "M"},
    ]})  # fmt: skip
    with pytest.raises(RuleValidationError, match="every condition tests a protected attribute"):
        create_rule(connection, profile, author=AUTHOR, now=NOW)


def test_protected_attribute_needs_justification_and_flags_dpo(connection: Connection) -> None:
    conditions = {"and": [
        {"entity": "payment", "field": "type", "operator": "equal", "value": "CA"},
        {"entity": "document", "field": "nationality", "operator": "equal", "value": "XXA"},
    ]}  # fmt: skip
    with pytest.raises(RuleValidationError, match="justification"):
        create_rule(connection, spec("mixed", conditions=conditions), author=AUTHOR, now=NOW)
    justified = spec(
        "mixed",
        conditions=conditions,
        justification="Seizure data 2025: cash couriers on this route use XXA documents",
    )
    rule_id = create_rule(connection, justified, author=AUTHOR, now=NOW)
    stored = get_rule(connection, rule_id)
    assert stored.dpo_review_required is True
    assert stored.protected_attributes == ["nationality"]


def test_invalid_rule_lists_every_problem_with_its_path(connection: Connection) -> None:
    bad = spec("bad", conditions={"or": [
        {"entity": "payment", "field": "colour", "operator": "equal", "value": "CA"},
        {"entity": "bag", "field": "weight", "operator": "between", "value": [30, "x"]},
        {"entity": "booking", "field": "created", "operator": "begins_with", "value": "2026"},
    ]})  # fmt: skip
    with pytest.raises(RuleValidationError) as error:
        create_rule(connection, bad, author=AUTHOR, now=NOW)
    assert [path for path, _ in error.value.problems] == ["0.0", "0.1", "0.2"]
    assert "unknown field 'colour' of payment" in str(error.value)
    assert "expected a number, got 'x'" in str(error.value)
    assert "does not apply to datetime field" in str(error.value)
