"""Checking a rule against the catalogue, the operator table and the law.

`typed_condition` turns a condition into what the compiler and the oracle need
(catalogue entries, the resolved operator and the value coerced to the field's
type). `validate_rule` collects every problem of a rule before raising once, each
named by its condition path, so an analyst fixes a rule in one round.

The protected-attribute guard lives here too: a rule whose only conditions test
sex, age, nationality or place of birth is refused outright, and one that uses
any of them needs a written justification (and is flagged for the DPO).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from paxscreen.errors import RuleError
from paxscreen.screening.rules.catalogue import EntitySpec, FieldSpec, find_field
from paxscreen.screening.rules.model import Condition, Node, RuleSpec, walk_conditions
from paxscreen.screening.rules.operators import OPERATORS, Operator, Shape, resolve_operator
from paxscreen.screening.rules.values import coerce_scalar, parse_span_hours

MIN_JUSTIFICATION_CHARS = 20


class RuleValidationError(RuleError):
    """A rule with problems; `problems` lists (condition path or field, message)."""

    def __init__(self, problems: list[tuple[str, str]], *, code: str = "") -> None:
        self.problems = problems
        self.code = code
        where = f"rule {code}: " if code else ""
        text = "; ".join(f"{path}: {message}" for path, message in problems)
        super().__init__(f"{where}{text}")


@dataclass(frozen=True, slots=True)
class TypedCondition:
    """A condition ready to compile or evaluate."""

    path: str
    condition: Condition
    entity: EntitySpec
    field: FieldSpec
    operator: Operator
    value: Any


def _coerce_value(operator: Operator, field: FieldSpec, raw: Any) -> Any:
    shape = operator.shape
    if shape is Shape.NONE:
        if raw not in (None, "", []):
            raise ValueError(f"{operator.name} takes no value")
        return None
    if shape is Shape.SCALAR:
        return coerce_scalar(field.type, raw)
    if shape is Shape.LIST:
        if not isinstance(raw, list) or not raw:
            raise ValueError(f"{operator.name} needs a non-empty list of values")
        return [coerce_scalar(field.type, item) for item in raw]
    if shape is Shape.PAIR:
        if not isinstance(raw, list) or len(raw) != 2:
            raise ValueError(f"{operator.name} needs [low, high]")
        low, high = (coerce_scalar(field.type, item) for item in raw)
        if low > high:
            raise ValueError(f"{operator.name}: low {raw[0]!r} is above high {raw[1]!r}")
        return [low, high]
    if shape is Shape.LIST_NAME:
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(f"{operator.name} needs the name of a named list")
        return raw.strip()
    return parse_span_hours(raw)


def typed_condition(path: str, condition: Condition) -> TypedCondition:
    """Raises ValueError or KeyError saying what is wrong with this one condition."""
    entity, field = find_field(condition.entity, condition.field)
    if condition.operator not in OPERATORS:
        raise KeyError(f"unknown operator {condition.operator!r}")
    declared = OPERATORS[condition.operator]
    if field.type not in declared.types:
        raise ValueError(f"operator {declared.name} does not apply to {field.type} field")
    operator = resolve_operator(condition.operator, field.type)
    value = _coerce_value(declared, field, condition.value)
    return TypedCondition(path, condition, entity, field, operator, value)


def typed_conditions(node: Node) -> dict[str, TypedCondition]:
    """Every condition of a tree, typed, by path; raises RuleValidationError with all problems."""
    typed: dict[str, TypedCondition] = {}
    problems: list[tuple[str, str]] = []
    for path, condition in walk_conditions(node):
        try:
            typed[path] = typed_condition(path, condition)
        except (KeyError, ValueError) as error:
            message = error.args[0] if error.args else str(error)
            problems.append((path, str(message)))
    if problems:
        raise RuleValidationError(problems)
    return typed


def protected_attributes(node: Node) -> list[str]:
    """The protected attributes a tree tests, in order of first use, without repeats."""
    found: list[str] = []
    for _, condition in walk_conditions(node):
        try:
            _, field = find_field(condition.entity, condition.field)
        except KeyError:
            continue
        if field.protected and field.protected not in found:
            found.append(field.protected)
    return found


def _guard_problems(spec: RuleSpec) -> list[tuple[str, str]]:
    conditions = list(walk_conditions(spec.conditions))
    protected = []
    for _, condition in conditions:
        try:
            protected.append(find_field(condition.entity, condition.field)[1].protected)
        except KeyError:
            protected.append(None)
    if not any(protected):
        return []
    used = ", ".join(protected_attributes(spec.conditions))
    if all(protected):
        return [
            (
                "conditions",
                f"refused: every condition tests a protected attribute ({used}); criteria "
                "must rest on travel behaviour, not on who a person is",
            )
        ]
    if len(spec.justification.strip()) < MIN_JUSTIFICATION_CHARS:
        return [
            (
                "justification",
                f"the rule uses a protected attribute ({used}) and needs a written "
                f"justification of at least {MIN_JUSTIFICATION_CHARS} characters",
            )
        ]
    return []


def validate_rule(spec: RuleSpec) -> dict[str, TypedCondition]:
    """Check a rule fully; returns its typed conditions or raises with every problem.

    Raises:
        RuleValidationError: unknown entities, fields or operators, values of the wrong
            type, or a protected-attribute use the guard refuses.
    """
    problems: list[tuple[str, str]] = []
    typed: dict[str, TypedCondition] = {}
    try:
        typed = typed_conditions(spec.conditions)
    except RuleValidationError as error:
        problems.extend(error.problems)
    problems.extend(_guard_problems(spec))
    if problems:
        raise RuleValidationError(problems, code=spec.code)
    return typed


__all__ = [
    "RuleValidationError",
    "TypedCondition",
    "protected_attributes",
    "typed_condition",
    "typed_conditions",
    "validate_rule",
]
