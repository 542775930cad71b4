"""The compiled SQL, the in-memory evaluator and the Python oracle agree, for every
operator and every entity, on SQLite and PostgreSQL; and on random trees (Hypothesis).
The evaluator's explanation values are the SQL explanation columns."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_support import NOW
from sqlalchemy import Connection

from paxscreen.screening.rules.catalogue import ENTITIES
from paxscreen.screening.rules.compiler import explanation_label, rule_select
from paxscreen.screening.rules.evaluator import CompiledRuleSet, compile_tree
from paxscreen.screening.rules.features import compute_features
from paxscreen.screening.rules.flight_frame import load_flight_frame
from paxscreen.screening.rules.model import AllOf, AnyOf, Condition, Node, NoneOf
from paxscreen.screening.rules.named_lists import save_named_list
from paxscreen.screening.rules.operators import OPERATORS
from paxscreen.screening.rules.oracle import evaluate_rule

# (entity, field, operator, value, the hub travellers expected to match or None)
CASES: list[tuple[str, str, str, Any, set[str] | None]] = [
    ("traveller", "nationality", "equal", "tur", None),
    ("traveller", "nationality", "not_equal", "TUR", {"cash"}),
    ("traveller", "sex", "is_null", None, None),
    ("traveller", "date_of_birth", "less", "1985-01-01", None),
    ("traveller", "birth_year", "between", [1970, 1990], None),
    ("traveller", "birth_year", "not_between", [1970, 1979], None),
    ("name", "surname", "begins_with", "KA", {"broken"}),
    ("name", "given_names", "ends_with", "ar", {"broken"}),
    ("name", "surname", "contains", "MIT", {"third_party"}),
    ("name", "surname", "not_contains", "A", None),
    ("name", "surname", "not_begins_with", "N", None),
    ("name", "surname", "not_ends_with", "E", None),
    ("document", "issuing_state", "equal", "GBR", {"returning"}),
    ("document", "expiry", "within_after_departure", "30d", {"returning"}),
    ("document", "issue_date", "within_before_departure", "21d", {"returning"}),
    ("document", "issue_date", "within_before_departure", "20d", set()),  # 20.5 days
    ("document", "expiry", "is_empty", None, None),
    ("document", "number", "is_not_empty", None, {"returning"}),
    ("flight", "origin", "in", ["IST", "SAW"], None),
    ("flight", "destination", "not_in", ["LHR"], set()),
    ("flight", "departure_date", "equal", "2026-06-01", None),
    ("flight", "departure_utc", "greater_or_equal", "2026-06-01T12:00", None),
    ("flight", "departure_utc", "after_departure_by_more_than", "0h", set()),
    ("segment", "destination", "equal", "IST", {"returning"}),
    ("segment", "origin", "not_equal", "IST", {"returning"}),
    ("segment", "departure_local", "after_departure_by_more_than", "9d", {"returning"}),
    ("segment", "origin", "in", ["LHR", "IST"], None),  # returning: two segments match
    ("booking", "created", "within_before_departure", "24h", {"cash"}),
    ("booking", "created", "within_before_departure", "6h", {"cash"}),
    ("booking", "created", "within_before_departure", "5h", set()),
    ("booking", "created", "before_departure_by_more_than", "30d", {"returning"}),
    ("booking", "party_size", "greater", 1, None),
    ("booking", "ticketing_date", "is_not_null", None, {"returning"}),
    ("payment", "type", "equal", "CA", {"cash"}),
    ("payment", "payer", "is_not_empty", None, {"third_party"}),
    ("payment", "type", "not_in_list", "card-types", {"cash"}),
    ("payment", "amount", "is_null", None, None),
    ("agency", "iata_number", "is_not_null", None, {"cash"}),
    ("agency", "country", "in_list", "countries", {"cash"}),
    ("phone", "number", "begins_with", "+90", {"third_party"}),
    ("email", "address", "is_empty", None, None),
    ("address", "country", "is_null", None, None),
    ("bag", "weight", "greater_or_equal", 40, {"returning"}),
    ("bag", "count", "less_or_equal", 1, set()),
    ("seat", "seat", "begins_with", "12", {"neighbour_a", "neighbour_b", "neighbour_c"}),
    ("seat", "checked_in", "equal", False, None),
    ("frequent_flyer", "airline", "is_empty", None, None),
    ("ticket", "number", "is_null", None, None),
    ("remark", "code", "is_not_null", None, set()),
    ("features", "is_broken_travel", "equal", True, {"broken"}),
    ("features", "hours_booking_to_departure", "less", 24, {"cash"}),
    ("features", "hours_booking_to_departure", "less", 6, set()),  # cash: exactly 6
    ("features", "hours_booking_to_departure", "less_or_equal", 6, {"cash"}),
    ("features", "payer_is_traveller", "equal", False, {"third_party"}),
    ("features", "neighbours_other_booking", "greater", 0, {"neighbour_a", "neighbour_b"}),
    ("features", "trip_length_days", "not_between", [1, 5], {"returning"}),
    ("features", "route", "contains", "IST-LHR", None),
    ("features", "age_years", "greater", 40, None),
]


def test_cases_cover_every_operator_and_entity() -> None:
    assert {case[2] for case in CASES} == set(OPERATORS)
    assert {case[0] for case in CASES} == set(ENTITIES)


@pytest.fixture
def screened_hub(connection: Connection, hub_flight: dict[str, Any]) -> dict[str, Any]:
    compute_features(connection, hub_flight["flight"], now=NOW)
    save_named_list(connection, "countries", ["tr"], owner="alice", now=NOW)
    save_named_list(connection, "card-types", ["CC", "VI"], owner="alice", now=NOW)
    return hub_flight


def sql_matches(connection: Connection, tree: Node, flight_id: int) -> set[int]:
    return {row.traveller_id for row in connection.execute(rule_select(tree, flight_id=flight_id))}


def oracle_matches(tree: Node, views: dict[int, Any], lists: Any) -> set[int]:
    return {tid for tid, view in views.items() if evaluate_rule(tree, view, lists=lists)}


def memory_matches(
    connection: Connection, trees: list[Node], flight_id: int, lists: Any
) -> list[set[int]]:
    """Every tree's matches from one rule set evaluated on the flight loaded once."""
    rules = CompiledRuleSet.of(enumerate(trees))
    loaded = load_flight_frame(connection, flight_id, rules.columns(), lists)
    found: list[set[int]] = [set() for _ in trees]
    for match in rules.evaluate(loaded.frame):
        found[match.item] = {loaded.traveller_ids[position] for position in match.positions}
    return found


def view_matches(trees: list[Node], views: dict[int, Any], lists: Any) -> list[set[int]]:
    """Every tree's matches, one traveller view at a time (the check-in screen's way)."""
    rules = CompiledRuleSet.of(enumerate(trees))
    found: list[set[int]] = [set() for _ in trees]
    for traveller_id, view in views.items():
        for number in rules.matching(view, lists):
            found[number].add(traveller_id)
    return found


@pytest.fixture
def views(connection: Connection, screened_hub: dict[str, Any], view_of: Any) -> dict[int, Any]:
    from sqlalchemy import select

    from paxscreen.screening.rules.compiler import table

    travellers = table("travellers")
    ids = connection.execute(
        select(travellers.c.id).where(travellers.c.flight_id == screened_hub["flight"])
    ).scalars()
    return {traveller_id: view_of(traveller_id) for traveller_id in ids}


def test_sql_agrees_with_oracle_for_every_case(
    connection: Connection,
    screened_hub: dict[str, Any],
    views: dict[int, Any],
    named_lists_of: Any,
) -> None:
    """One database set-up for all cases (cheap); every disagreement is listed at once."""
    lists = named_lists_of()
    problems = []
    trees = [Condition(entity=c[0], field=c[1], operator=c[2], value=c[3]) for c in CASES]
    trees += [NoneOf(child=tree) for tree in list(trees)]
    in_memory = memory_matches(connection, trees, screened_hub["flight"], lists)
    by_view = view_matches(trees, views, lists)
    for number, (entity, field, operator, value, expected) in enumerate(CASES):
        case = f"{entity}.{field} {operator} {value!r}"
        tree = trees[number]
        found = sql_matches(connection, tree, screened_hub["flight"])
        oracle = oracle_matches(tree, views, lists)
        if found != oracle:
            problems.append(f"{case}: SQL {sorted(found)} but oracle {sorted(oracle)}")
        for way, matched in (("in memory", in_memory), ("by view", by_view)):
            for label, index in (("", number), ("NOT ", number + len(CASES))):
                if matched[index] != sql_matches(connection, trees[index], screened_hub["flight"]):
                    problems.append(f"{label}{case}: {way} {sorted(matched[index])} differs")
        if expected is not None and found != {screened_hub[label] for label in expected}:
            problems.append(f"{case}: SQL {sorted(found)}, expected {sorted(expected)}")
        negated = sql_matches(connection, NoneOf(child=tree), screened_hub["flight"])
        if negated != set(views) - found:
            problems.append(f"{case}: NOT is not the complement: {sorted(negated)}")
    assert problems == []


_CONDITIONS = [Condition(entity=c[0], field=c[1], operator=c[2], value=c[3]) for c in CASES]


def _trees() -> st.SearchStrategy[Node]:
    leaves = st.sampled_from(_CONDITIONS)
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda kids: AllOf(children=kids)),
            st.lists(children, min_size=1, max_size=3).map(lambda kids: AnyOf(children=kids)),
            children.map(lambda kid: NoneOf(child=kid)),
        ),
        max_leaves=6,
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=_trees())
def test_random_trees_agree_with_oracle(
    connection: Connection,
    screened_hub: dict[str, Any],
    views: dict[int, Any],
    named_lists_of: Any,
    tree: Node,
) -> None:
    lists = named_lists_of()
    found = sql_matches(connection, tree, screened_hub["flight"])
    assert found == oracle_matches(tree, views, lists)
    assert memory_matches(connection, [tree], screened_hub["flight"], lists) == [found]
    assert view_matches([tree], views, lists) == [found]


def test_explanation_values_agree_with_sql(
    connection: Connection, screened_hub: dict[str, Any], named_lists_of: Any
) -> None:
    """For every case and every match, the value the evaluator says satisfied each
    condition is the SQL explanation column's (a rule with several conditions, so
    entities are explained side by side)."""
    problems = []
    for entity, field, operator, value, _ in CASES:
        tree = AllOf(
            children=[
                Condition(entity=entity, field=field, operator=operator, value=value),
                NoneOf(child=Condition(entity="payment", field="type", operator="equal",
                                       value="XX")),
            ]
        )  # fmt: skip
        compiled = compile_tree(tree)
        rules = CompiledRuleSet([(0, compiled)])
        loaded = load_flight_frame(
            connection, screened_hub["flight"], rules.columns(), named_lists_of()
        )
        for row in connection.execute(rule_select(tree, flight_id=screened_hub["flight"])):
            position = loaded.traveller_ids.index(row.traveller_id)
            found = compiled.found(loaded.frame, position)
            for path in compiled.conditions:
                sql = row._mapping[explanation_label(path)]
                if compiled.conditions[path].absence and sql is not None:
                    sql = bool(sql)
                if found[path] != sql:
                    problems.append(f"{entity}.{field} {operator} at {path}: {found[path]!r} "
                                    f"but SQL {sql!r} (traveller {row.traveller_id})")  # fmt: skip
    assert problems == []


def test_date_arithmetic_compiles_per_dialect() -> None:
    from sqlalchemy import column
    from sqlalchemy.dialects import mysql, postgresql, sqlite

    from paxscreen.screening.rules.epoch import epoch_seconds

    expression = epoch_seconds(column("created"))
    assert str(expression.compile(dialect=sqlite.dialect())) == (
        "CAST(strftime('%s', created) AS INTEGER)"
    )
    assert str(expression.compile(dialect=postgresql.dialect())) == (
        "CAST(FLOOR(EXTRACT(EPOCH FROM created)) AS BIGINT)"
    )
    with pytest.raises(NotImplementedError, match="mysql"):
        expression.compile(dialect=mysql.dialect())
