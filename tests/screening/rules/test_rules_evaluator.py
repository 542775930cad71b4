"""The in-memory evaluator agrees with the oracle on frames large enough for its
shortcuts (value index, sorted ranges and prefixes, cached conditions, rules filed by
anchor, candidates narrowed child by child), on random travellers and random trees."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.screening.rules.evaluator import CompiledRuleSet, compile_tree
from paxscreen.screening.rules.explain import Explainer, explanation_document
from paxscreen.screening.rules.frame import TravellerFrame
from paxscreen.screening.rules.model import AllOf, AnyOf, Condition, Node, NoneOf
from paxscreen.screening.rules.oracle import (
    OracleEnvironment,
    evaluate_rule,
    normalise,
    normalise_each,
)
from paxscreen.screening.rules.values import FieldType

DEPARTURE = dt.datetime(2026, 6, 1, 12, 0)
LISTS = {"hubs": frozenset({"IST", "DXB"})}
PREFIXES = ["+9", "+90", "+44", "+4", "", "+901"]
TEXTS = ["IST", "DXB", "ist", "LHR", "", "IS"]

numbers = st.one_of(st.none(), st.integers(0, 6).map(float), st.sampled_from([2.5, 3.0]))
texts = st.one_of(st.none(), st.sampled_from(TEXTS))
phones = st.one_of(st.none(), st.sampled_from(["+90 555", "+44 20", "+9", "+4", ""]))
created = st.one_of(
    st.none(), st.integers(0, 96).map(lambda hours: DEPARTURE - dt.timedelta(hours=hours))
)


@st.composite
def views(draw: Any) -> dict[str, Any]:
    return {
        "flight": {"origin": "IST", "departure_utc": DEPARTURE},
        "features": {"bag_count": draw(numbers), "route": draw(texts)},
        "booking": draw(st.one_of(st.none(), st.builds(lambda c: {"created": c}, created))),
        "bag": [{"weight": w} for w in draw(st.lists(numbers, max_size=3))],
        "phone": [{"raw": p} for p in draw(st.lists(phones, max_size=3))],
        "payment": [{"type": t} for t in draw(st.lists(texts, max_size=2))],
    }


def _c(entity: str, field: str, operator: str, value: Any = None) -> Condition:
    return Condition(entity=entity, field=field, operator=operator, value=value)


CONDITIONS = [
    *(
        _c("features", "bag_count", op, n)
        for op in ("greater", "greater_or_equal", "less", "less_or_equal", "equal", "not_equal")
        for n in (0, 2, 3, 2.5, 6)
    ),  # fmt: skip
    _c("features", "bag_count", "between", [2, 3]),
    _c("features", "bag_count", "not_between", [2, 3]),
    _c("features", "bag_count", "in", [1, 3]),
    _c("features", "bag_count", "is_null"),
    *(_c("bag", "weight", op, n) for op in ("greater", "less_or_equal", "equal") for n in (2, 5)),
    _c("bag", "weight", "between", [1, 2.5]),
    _c("bag", "weight", "is_null"),
    _c("bag", "weight", "is_not_null"),
    *(_c("phone", "raw", "begins_with", prefix) for prefix in PREFIXES if prefix),
    _c("phone", "raw", "not_begins_with", "+9"),
    _c("phone", "raw", "is_empty"),
    _c("phone", "raw", "is_not_empty"),
    *(
        _c("features", "route", op, "IST")
        for op in ("equal", "begins_with", "not_equal", "contains", "ends_with")
    ),  # fmt: skip
    _c("features", "route", "begins_with", "IS"),
    _c("features", "route", "in_list", "hubs"),
    _c("features", "route", "is_empty"),
    _c("payment", "type", "in", ["IST", "LHR"]),
    _c("payment", "type", "not_in_list", "hubs"),
    _c("payment", "type", "is_null"),
    _c("flight", "origin", "equal", "IST"),
    _c("booking", "created", "within_before_departure", "24h"),
    _c("booking", "created", "before_departure_by_more_than", "2d"),
]


def trees() -> st.SearchStrategy[Node]:
    return st.recursive(
        st.sampled_from(CONDITIONS),
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda kids: AllOf(children=kids)),
            st.lists(children, min_size=1, max_size=3).map(lambda kids: AnyOf(children=kids)),
            children.map(lambda kid: NoneOf(child=kid)),
        ),
        max_leaves=5,
    )


@settings(max_examples=25, deadline=None)
@given(travellers=st.lists(views(), min_size=50, max_size=80), rules=st.lists(trees(), max_size=6))
def test_frame_evaluation_agrees_with_oracle(
    travellers: list[dict[str, Any]], rules: list[Node]
) -> None:
    rules = [*rules, *CONDITIONS]  # every condition alone too: each shortcut on a full frame
    frame = TravellerFrame.from_views(travellers, OracleEnvironment(DEPARTURE, LISTS))
    matches = CompiledRuleSet.of(enumerate(rules)).evaluate(frame)
    found = {match.item: set(match.positions) for match in matches}
    for number, tree in enumerate(rules):
        holds = [evaluate_rule(tree, view, lists=LISTS) for view in travellers]
        expected = {position for position, held in enumerate(holds) if held}
        assert found.get(number, set()) == expected, tree


@settings(max_examples=60, deadline=None)
@given(traveller=views(), rules=st.lists(trees(), min_size=1, max_size=8))
def test_one_traveller_matching_agrees_with_oracle(
    traveller: dict[str, Any], rules: list[Node]
) -> None:
    compiled = CompiledRuleSet.of(enumerate(rules))
    expected = [n for n, tree in enumerate(rules) if evaluate_rule(tree, traveller, lists=LISTS)]
    assert compiled.matching(traveller, LISTS) == expected


def test_rules_are_filed_under_their_most_selective_required_value() -> None:
    """Not a yes/no, not the flight's (the same for everyone), then the fewest values;
    never a condition under OR or NOT."""
    tree = AllOf(
        children=[
            _c("features", "is_one_way", "equal", True),
            _c("flight", "origin", "equal", "IST"),
            _c("agency", "iata_number", "in", ["1", "2", "3"]),
            _c("payment", "type", "in", ["CA", "MS"]),
            AnyOf(children=[_c("phone", "raw", "equal", "1")]),
            NoneOf(child=_c("bag", "count", "equal", 1)),
        ]
    )
    anchor = compile_tree(tree).anchor
    assert anchor is not None and (anchor.entity, anchor.keys) == ("payment", {"CA", "MS"})
    assert compile_tree(AnyOf(children=[_c("payment", "type", "equal", "CA")])).anchor is None
    assert compile_tree(NoneOf(child=_c("payment", "type", "equal", "CA"))).anchor is None


@settings(max_examples=25, deadline=None)
@given(travellers=st.lists(views(), min_size=20, max_size=40), rules=st.lists(trees(), max_size=6))
def test_hit_document_is_the_explanation_document_of_the_explained_conditions(
    travellers: list[dict[str, Any]], rules: list[Node]
) -> None:
    """`Explainer.document` (one pass, used for every new hit) writes the same JSON, key
    order included, as `explanation_document(explain_found(...))`, and the same
    screened values as `screened`: stored hits do not depend on which was used."""
    rules = [*rules, *CONDITIONS]
    frame = TravellerFrame.from_views(travellers, OracleEnvironment(DEPARTURE, LISTS))
    checked = 0
    for match in CompiledRuleSet.of(enumerate(rules)).evaluate(frame):
        explainer = Explainer(rules[match.item])
        for position in match.positions:
            found = match.tree.found(frame, position)
            document, screened = explainer.document("R-7", 3, found, DEPARTURE)
            explained = explainer.explain_found(found, DEPARTURE)
            assert json.dumps(document) == json.dumps(explanation_document("R-7", 3, explained))
            assert screened == explainer.screened(found) == {e.path: e.found for e in explained}
            checked += 1
    assert checked  # every condition alone is among the rules: someone matches


stored_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.text(max_size=4),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5))])),
)


@given(st.sampled_from(list(FieldType)), st.lists(stored_values, max_size=6))
def test_a_column_normalised_at_once_is_each_value_normalised(
    field_type: FieldType, values: list[Any]
) -> None:
    assert normalise_each(field_type, values) == [normalise(field_type, v) for v in values]
