"""A pure-Python evaluator of rule trees: the oracle the compiled SQL is tested against.

It reads a *traveller view*: for each catalogue entity, the row (a mapping of store
column -> value, or None when there is none) or, for entities a traveller can have
many of, the list of rows. Its semantics are the compiler's, stated once more in
plain Python:
- strings compare upper-cased; numbers as floats; date-times as naive UTC;
- a missing value fails every operator but the null/empty tests;
- a condition on a many-valued entity holds when at least one row satisfies it;
  the emptiness tests hold when *no* row has a value (the absence of the opposite).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from paxscreen.screening.rules.model import AllOf, AnyOf, Condition, Node, NoneOf
from paxscreen.screening.rules.operators import OPERATORS
from paxscreen.screening.rules.validation import TypedCondition, typed_conditions
from paxscreen.screening.rules.values import FieldType, as_naive_utc

Row = Mapping[str, Any]
TravellerView = Mapping[str, Row | Sequence[Row] | None]


@dataclass(slots=True)
class OracleEnvironment:
    """What the oracle needs besides the traveller: the departure and the named lists."""

    departure: Any = None
    lists: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def named_list(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())


def normalise(field_type: FieldType, value: Any) -> Any:
    """A stored value as the rules compare it."""
    if value is None:
        return None
    if field_type is FieldType.STRING:
        return str(value).upper()
    if field_type is FieldType.NUMBER:
        return float(value) if isinstance(value, Decimal | int | float) else value
    if field_type is FieldType.DATETIME and isinstance(value, dt.datetime):
        return as_naive_utc(value)
    return value


_NUMBERS = (Decimal, int, float)


def normalise_each(field_type: FieldType, values: Sequence[Any]) -> list[Any]:
    """`normalise` over many values of one field type (a frame's column): the same
    values, without dispatching on the type for each one."""
    if field_type is FieldType.STRING:
        return [None if value is None else str(value).upper() for value in values]
    if field_type is FieldType.NUMBER:
        return [float(value) if isinstance(value, _NUMBERS) else value for value in values]
    if field_type is FieldType.DATETIME:
        return [
            as_naive_utc(value) if isinstance(value, dt.datetime) else value for value in values
        ]
    return list(values)


def rows_of(view: TravellerView, entity: str) -> list[Row]:
    """The rows of an entity in a view, as a list whatever its cardinality."""
    found = view.get(entity)
    if found is None:
        return []
    if isinstance(found, Mapping):
        return [found]
    return list(found)


def holds_for_value(typed: TypedCondition, raw: Any, environment: OracleEnvironment) -> bool:
    """Whether one stored value satisfies a condition (one row of one entity)."""
    value = normalise(typed.field.type, raw)
    if value is None and not typed.operator.null_aware:
        return False
    return bool(typed.operator.python(value, typed.value, environment))


def holds(typed: TypedCondition, view: TravellerView, environment: OracleEnvironment) -> bool:
    """Whether a condition holds for a traveller."""
    column = typed.field.column
    rows = rows_of(view, typed.entity.name)
    if typed.entity.link.is_many:
        if typed.operator.absence_of:
            opposite = OPERATORS[typed.operator.absence_of]
            return not any(
                opposite.python(normalise(typed.field.type, row.get(column)), None, environment)
                for row in rows
            )
        return any(holds_for_value(typed, row.get(column), environment) for row in rows)
    raw = rows[0].get(column) if rows else None
    return holds_for_value(typed, raw, environment)


def environment_for(view: TravellerView, lists: Mapping[str, frozenset[str]]) -> OracleEnvironment:
    flight = rows_of(view, "flight")
    departure = flight[0].get("departure_utc") if flight else None
    return OracleEnvironment(departure=departure, lists=lists)


@dataclass(frozen=True, slots=True)
class PreparedRule:
    """A rule tree with its conditions typed once, to evaluate it on many views (the
    tests' reference; screening uses the compiled `evaluator.CompiledRuleSet`)."""

    node: Node
    typed: Mapping[str, TypedCondition]

    @classmethod
    def of(cls, node: Node) -> PreparedRule:
        return cls(node, typed_conditions(node))

    def holds_for(
        self,
        view: TravellerView,
        *,
        lists: Mapping[str, frozenset[str]] | None = None,
        environment: OracleEnvironment | None = None,
    ) -> bool:
        """Evaluate on `view`; pass `environment` when evaluating many rules on one view."""
        environment = environment or environment_for(view, lists or {})
        return _evaluate(self.node, "0", self.typed, view, environment)


def evaluate_rule(
    node: Node, view: TravellerView, *, lists: Mapping[str, frozenset[str]] | None = None
) -> bool:
    """Whether a traveller satisfies a rule tree.

    Args:
        node: the rule's conditions.
        view: the traveller's rows by entity (see the module docstring).
        lists: named lists by name, values upper-cased.
    """
    return PreparedRule.of(node).holds_for(view, lists=lists)


def _evaluate(
    node: Node,
    path: str,
    typed: Mapping[str, TypedCondition],
    view: TravellerView,
    environment: OracleEnvironment,
) -> bool:
    if isinstance(node, Condition):
        return holds(typed[path], view, environment)
    if isinstance(node, NoneOf):
        return not _evaluate(node.child, f"{path}.0", typed, view, environment)
    results = (
        _evaluate(child, f"{path}.{index}", typed, view, environment)
        for index, child in enumerate(node.children)
    )
    if isinstance(node, AllOf):
        return all(results)
    assert isinstance(node, AnyOf)
    return any(results)


__all__ = [
    "OracleEnvironment",
    "PreparedRule",
    "TravellerView",
    "evaluate_rule",
    "holds",
    "holds_for_value",
    "normalise",
    "normalise_each",
]
