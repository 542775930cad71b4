"""Why a traveller matched: the rule tree walked once more, against the hit's row.

`rule_select` returns, beside each matching traveller, one column per condition
with the value that satisfied it (`c_0_1` for condition `0.1`). `explain_rule`
walks the same tree as `compile_rule`, re-checks each condition on that value in
Python (the oracle's semantics), and says for each: what the rule asked, what was
found, and whether it held. The result is stored with the hit (JSON) and shown to
the analyst, the DPO, or a court (CJEU C-817/19: people must be able to
understand how the criteria worked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from paxscreen.screening.rules.compiler import explanation_label
from paxscreen.screening.rules.model import Condition, Node, NoneOf
from paxscreen.screening.rules.oracle import OracleEnvironment, holds_for_value, normalise
from paxscreen.screening.rules.validation import TypedCondition, typed_conditions


@dataclass(slots=True)  # not frozen: built for every hit, and frozen init costs twice
class ConditionExplanation:
    path: str
    entity: str
    field: str
    operator: str
    expected: Any
    found: Any
    holds: bool
    negated: bool  # inside a NOT: holding here counts against the match
    protected: str | None

    def to_text(self) -> str:
        said = _said(self.entity, self.field, self.operator, self.expected, negated=self.negated)
        return f"{said}{_show(self.found)} ({'holds' if self.holds else 'does not hold'})"


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


_PLAIN = frozenset({str, bool, int, float, type(None)})  # JSON as they are


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def _explain_one(typed: TypedCondition, found: Any, environment: OracleEnvironment) -> bool:
    if typed.entity.link.is_many:
        if typed.operator.absence_of:
            return bool(found)  # the column is the absence test itself
        return found is not None
    return holds_for_value(typed, found, environment)


def _negated_paths(node: Node, path: str = "0", negated: bool = False) -> dict[str, bool]:
    if isinstance(node, Condition):
        return {path: negated}
    if isinstance(node, NoneOf):
        return _negated_paths(node.child, f"{path}.0", not negated)
    result: dict[str, bool] = {}
    for index, child in enumerate(node.children):
        result.update(_negated_paths(child, f"{path}.{index}", negated))
    return result


class Explainer:
    """The typed conditions of one tree, prepared once, to explain many hits."""

    def __init__(self, tree: Node) -> None:
        self.typed = typed_conditions(tree)
        self.negated = _negated_paths(tree)
        self.labels = {path: explanation_label(path) for path in self.typed}
        self.absence = {  # paths whose found value is whether an absence test held
            path
            for path, item in self.typed.items()
            if item.entity.link.is_many and item.operator.absence_of
        }
        self.fixed = {  # what does not depend on the hit, worked out once
            path: (item.entity.name, item.field.name, item.operator.name,
                   _json_value(item.value), self.negated[path], item.field.protected)
            for path, item in self.typed.items()
        }  # fmt: skip
        self.steps = [  # per path, in document order: what `document` needs, no lookups
            (path, *self.fixed[path], (path in self.absence, item.entity.link.is_many,
             _said(*self.fixed[path][:4], negated=self.negated[path])),
             (item.field.type, item.operator.null_aware, item.operator.python, item.value))
            for path, item in self.typed.items()
        ]  # fmt: skip

    def explain(self, row: Mapping[str, Any]) -> list[ConditionExplanation]:
        """Explain a `rule_select` row (explanation columns and `departure_utc`)."""
        found = {path: row.get(label) for path, label in self.labels.items()}
        return self.explain_found(found, row.get("departure_utc"))

    def screened(self, found: Mapping[str, Any]) -> dict[str, Any]:
        """The hit's `screened_data` conditions: path -> the value found, as JSON (an
        absence test as true/false), as `explain_found` records it."""
        screened = {}
        for path in self.labels:
            value = found.get(path)
            if value is not None and path in self.absence:
                value = bool(value)
            screened[path] = _json_value(value)
        return screened

    def explain_found(self, found: Mapping[str, Any], departure: Any) -> list[ConditionExplanation]:
        """Explain a match from the value found for each condition path."""
        environment = OracleEnvironment(departure=departure)
        explained = []
        for path, item in self.typed.items():
            value = found.get(path)
            if value is not None and path in self.absence:
                value = bool(value)
            entity, field, operator, expected, negated, protected = self.fixed[path]
            holds = _explain_one(item, value, environment)
            shown = _json_value(value)
            explained.append(
                ConditionExplanation(
                    path, entity, field, operator, expected, shown, holds, negated, protected
                )
            )
        return explained

    def document(
        self, code: str, version: int, found: Mapping[str, Any], departure: Any
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The hit's explanation (as `explanation_document` of `explain_found`) and its
        screened conditions (path -> value found), built in one pass.

        This runs for every new hit (~1,750 on a 500-traveller flight's first
        screening): the condition records go straight into the JSON document, and the
        text reuses each condition's label, worked out once per rule.
        """
        environment = OracleEnvironment(departure=departure)
        conditions = []
        screened = {}
        said = []
        for path, entity, field, operator, expected, negated, protected, kind, test in self.steps:
            absence, many, label = kind
            value = found.get(path)
            if many:
                if value is not None and absence:
                    value = bool(value)
                holds = bool(value) if absence else value is not None
            else:  # `holds_for_value`, spelled out with the condition's parts at hand
                field_type, null_aware, python, wanted = test
                normal = normalise(field_type, value)
                holds = (null_aware or normal is not None) and bool(
                    python(normal, wanted, environment)
                )
            shown = value if type(value) in _PLAIN else _json_value(value)
            conditions.append({"path": path, "entity": entity, "field": field, "operator": operator,
                               "expected": expected, "found": shown, "holds": holds,
                               "negated": negated, "protected": protected})  # fmt: skip
            screened[path] = shown
            if holds != negated:
                said.append(f"{label}{_show(shown)} ({'holds' if holds else 'does not hold'})")
        document = {"rule": code, "version": version, "conditions": conditions,
                    "text": "; ".join(said)}  # fmt: skip
        return document, screened


def _said(entity: str, field: str, operator: str, expected: Any, *, negated: bool) -> str:
    """A condition's text up to the value found: the part fixed per rule, which
    `Explainer.document` works out once and `ConditionExplanation.to_text` per call."""
    label = f"{entity}.{field} {operator.replace('_', ' ')}"
    if expected is not None:
        label += f" {_show(expected)}"
    return f"{'NOT ' if negated else ''}{label}: found "


def explain_rule(tree: Node, row: Mapping[str, Any]) -> list[ConditionExplanation]:
    """One explanation per condition, in document order, from a `rule_select` row."""
    return Explainer(tree).explain(row)


def explanation_document(
    code: str, version: int, explained: list[ConditionExplanation]
) -> dict[str, Any]:
    """The JSON stored with a hit."""
    return {
        "rule": code,
        "version": version,
        "conditions": [
            {name: getattr(item, name) for name in ConditionExplanation.__slots__}
            for item in explained
        ],
        "text": "; ".join(item.to_text() for item in explained if item.holds != item.negated),
    }


__all__ = ["ConditionExplanation", "Explainer", "explain_rule", "explanation_document"]
