"""The operator table: each operator's SQL form and Python form side by side.

GTAS's 22 operators plus membership of an analyst-maintained named list and date
arithmetic relative to the flight's departure. One row per operator keeps the
SQL compiler and the oracle evaluator in lock-step: a test compares the two on
both databases.

Conventions shared by both forms (the caller applies them, not the operator):
- strings are compared upper-cased (`upper(column)` in SQL, `str.upper` in Python);
- a missing value makes every operator false except the null/empty tests, so a
  condition never evaluates to SQL's "unknown" and `NOT` behaves as people expect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, literal, not_, or_

from paxscreen.screening.rules.epoch import epoch_seconds
from paxscreen.screening.rules.values import FieldType, to_epoch_seconds


class Shape(StrEnum):
    """What a condition's `value` must look like for an operator."""

    NONE = "none"  # no value
    SCALAR = "scalar"  # one value of the field's type
    LIST = "list"  # a non-empty list of values of the field's type
    PAIR = "pair"  # [low, high], both inclusive
    LIST_NAME = "list_name"  # the name of a named list
    SPAN = "span"  # a duration: 24h, 30d


class SqlContext(Protocol):
    """What an operator needs from the compiler besides its column."""

    def departure(self) -> ColumnElement[Any]: ...

    def named_list_values(self, name: str) -> Any: ...


class OracleContext(Protocol):
    departure: Any

    def named_list(self, name: str) -> frozenset[str]: ...


SqlForm = Callable[[Any, Any, SqlContext], ColumnElement[bool]]
PythonForm = Callable[[Any, Any, OracleContext], bool]

ALL_TYPES = frozenset(FieldType)
ORDERED = frozenset({FieldType.NUMBER, FieldType.DATE, FieldType.DATETIME})
TEXT = frozenset({FieldType.STRING})
EQUATABLE = frozenset({FieldType.STRING, FieldType.NUMBER, FieldType.DATE, FieldType.DATETIME})
TIMED = frozenset({FieldType.DATE, FieldType.DATETIME})


@dataclass(frozen=True, slots=True)
class Operator:
    """One operator. `null_aware` operators see missing values; the others never do.

    `absence_of` marks the emptiness tests: on an entity a traveller can have many
    of (bags, phones), "bag weight is null" means *no* bag has a weight, i.e. the
    absence of any record satisfying the named opposite operator.
    """

    name: str
    shape: Shape
    types: frozenset[FieldType]
    sql: SqlForm
    python: PythonForm
    label: str
    null_aware: bool = False
    absence_of: str | None = None


def _is_empty_python(field: Any) -> bool:
    return field is None or field == ""


def _elapsed_sql(later: Any, earlier: Any) -> ColumnElement[Any]:
    return epoch_seconds(later) - epoch_seconds(earlier)


def _elapsed_python(later: Any, earlier: Any) -> int | None:
    later_seconds, earlier_seconds = to_epoch_seconds(later), to_epoch_seconds(earlier)
    if later_seconds is None or earlier_seconds is None:
        return None
    return later_seconds - earlier_seconds


def _seconds(hours: float) -> int:
    return round(hours * 3600)


def _within_sql(before: bool) -> SqlForm:
    def build(column: Any, hours: float, context: SqlContext) -> ColumnElement[bool]:
        departure = context.departure()
        elapsed = _elapsed_sql(departure, column) if before else _elapsed_sql(column, departure)
        return and_(departure.is_not(None), elapsed.between(0, _seconds(hours)))

    return build


def _within_python(before: bool) -> PythonForm:
    def test(field: Any, hours: float, context: OracleContext) -> bool:
        departure = context.departure
        elapsed = _elapsed_python(departure, field) if before else _elapsed_python(field, departure)
        return elapsed is not None and 0 <= elapsed <= _seconds(hours)

    return test


def _beyond_sql(before: bool) -> SqlForm:
    def build(column: Any, hours: float, context: SqlContext) -> ColumnElement[bool]:
        departure = context.departure()
        elapsed = _elapsed_sql(departure, column) if before else _elapsed_sql(column, departure)
        return and_(departure.is_not(None), elapsed > _seconds(hours))

    return build


def _beyond_python(before: bool) -> PythonForm:
    def test(field: Any, hours: float, context: OracleContext) -> bool:
        departure = context.departure
        elapsed = _elapsed_python(departure, field) if before else _elapsed_python(field, departure)
        return elapsed is not None and elapsed > _seconds(hours)

    return test


def _in_list_sql(column: Any, name: str, context: SqlContext) -> ColumnElement[bool]:
    return column.in_(context.named_list_values(name))


def _not_in_list_sql(column: Any, name: str, context: SqlContext) -> ColumnElement[bool]:
    return column.not_in(context.named_list_values(name))


def _table() -> dict[str, Operator]:
    rows = [
        Operator("equal", Shape.SCALAR, ALL_TYPES, lambda c, v, _: c == v,
                 lambda f, v, _: f == v, "equals"),
        Operator("not_equal", Shape.SCALAR, ALL_TYPES, lambda c, v, _: c != v,
                 lambda f, v, _: f != v, "does not equal"),
        Operator("greater", Shape.SCALAR, ORDERED, lambda c, v, _: c > v,
                 lambda f, v, _: f > v, "is greater than"),
        Operator("greater_or_equal", Shape.SCALAR, ORDERED, lambda c, v, _: c >= v,
                 lambda f, v, _: f >= v, "is at least"),
        Operator("less", Shape.SCALAR, ORDERED, lambda c, v, _: c < v,
                 lambda f, v, _: f < v, "is less than"),
        Operator("less_or_equal", Shape.SCALAR, ORDERED, lambda c, v, _: c <= v,
                 lambda f, v, _: f <= v, "is at most"),
        Operator("in", Shape.LIST, EQUATABLE, lambda c, v, _: c.in_(v),
                 lambda f, v, _: f in v, "is one of"),
        Operator("not_in", Shape.LIST, EQUATABLE, lambda c, v, _: c.not_in(v),
                 lambda f, v, _: f not in v, "is none of"),
        Operator("between", Shape.PAIR, ORDERED, lambda c, v, _: c.between(v[0], v[1]),
                 lambda f, v, _: v[0] <= f <= v[1], "is between"),
        Operator("not_between", Shape.PAIR, ORDERED,
                 lambda c, v, _: not_(c.between(v[0], v[1])),
                 lambda f, v, _: not v[0] <= f <= v[1], "is not between"),
        Operator("begins_with", Shape.SCALAR, TEXT,
                 lambda c, v, _: c.startswith(v, autoescape=True),
                 lambda f, v, _: f.startswith(v), "begins with"),
        Operator("not_begins_with", Shape.SCALAR, TEXT,
                 lambda c, v, _: not_(c.startswith(v, autoescape=True)),
                 lambda f, v, _: not f.startswith(v), "does not begin with"),
        Operator("ends_with", Shape.SCALAR, TEXT,
                 lambda c, v, _: c.endswith(v, autoescape=True),
                 lambda f, v, _: f.endswith(v), "ends with"),
        Operator("not_ends_with", Shape.SCALAR, TEXT,
                 lambda c, v, _: not_(c.endswith(v, autoescape=True)),
                 lambda f, v, _: not f.endswith(v), "does not end with"),
        Operator("contains", Shape.SCALAR, TEXT,
                 lambda c, v, _: c.contains(v, autoescape=True),
                 lambda f, v, _: v in f, "contains"),
        Operator("not_contains", Shape.SCALAR, TEXT,
                 lambda c, v, _: not_(c.contains(v, autoescape=True)),
                 lambda f, v, _: v not in f, "does not contain"),
        Operator("is_empty", Shape.NONE, ALL_TYPES,
                 lambda c, _v, _: or_(c.is_(None), c == literal("")),
                 lambda f, _v, _: _is_empty_python(f), "is empty",
                 null_aware=True, absence_of="is_not_empty"),
        Operator("is_not_empty", Shape.NONE, ALL_TYPES,
                 lambda c, _v, _: and_(c.is_not(None), c != literal("")),
                 lambda f, _v, _: not _is_empty_python(f), "is not empty", null_aware=True),
        Operator("is_null", Shape.NONE, ALL_TYPES, lambda c, _v, _: c.is_(None),
                 lambda f, _v, _: f is None, "is missing",
                 null_aware=True, absence_of="is_not_null"),
        Operator("is_not_null", Shape.NONE, ALL_TYPES, lambda c, _v, _: c.is_not(None),
                 lambda f, _v, _: f is not None, "is present", null_aware=True),
        Operator("in_list", Shape.LIST_NAME, TEXT, _in_list_sql,
                 lambda f, v, ctx: f in ctx.named_list(v), "is in the named list"),
        Operator("not_in_list", Shape.LIST_NAME, TEXT, _not_in_list_sql,
                 lambda f, v, ctx: f not in ctx.named_list(v), "is not in the named list"),
        Operator("within_before_departure", Shape.SPAN, TIMED, _within_sql(True),
                 _within_python(True), "is at most this long before departure"),
        Operator("before_departure_by_more_than", Shape.SPAN, TIMED, _beyond_sql(True),
                 _beyond_python(True), "is more than this long before departure"),
        Operator("within_after_departure", Shape.SPAN, TIMED, _within_sql(False),
                 _within_python(False), "is at most this long after departure"),
        Operator("after_departure_by_more_than", Shape.SPAN, TIMED, _beyond_sql(False),
                 _beyond_python(False), "is more than this long after departure"),
    ]  # fmt: skip
    return {row.name: row for row in rows}


OPERATORS: dict[str, Operator] = _table()

_EMPTINESS_OFF_TEXT = {"is_empty": "is_null", "is_not_empty": "is_not_null"}


def resolve_operator(name: str, field_type: FieldType) -> Operator:
    """The operator to apply: emptiness of a number or date is simply its absence.

    (`column = ''` on a number column is an error on PostgreSQL.)
    """
    if field_type is not FieldType.STRING:
        name = _EMPTINESS_OFF_TEXT.get(name, name)
    return OPERATORS[name]


__all__ = ["OPERATORS", "Operator", "OracleContext", "Shape", "SqlContext", "resolve_operator"]
