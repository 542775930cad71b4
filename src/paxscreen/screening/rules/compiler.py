"""Compile a rule tree into SQLAlchemy Core: one query per rule, same on SQLite and PostgreSQL.

`compile_rule(tree)` gives the WHERE expression over a traveller and everything
joined one-to-one to it (flight, booking, agency, derived features); entities a
traveller has many of become correlated `EXISTS` sub-queries. `rule_select`
wraps it into the one query that runs over a date range for a back-test or a saved
query (or for one flight), and adds one column per condition holding the value that
satisfied it: the explanation comes from the same query, and sub-queries in the
select list only run for travellers who matched. Screening a flight on load uses
the in-memory evaluator instead (`evaluator.py`: all rules on rows loaded once);
tests hold the two, and the oracle, to the same answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
)

from paxscreen.screening.rules.catalogue import FEATURES_TABLE, Link
from paxscreen.screening.rules.model import AllOf, Condition, Node, NoneOf
from paxscreen.screening.rules.operators import OPERATORS
from paxscreen.screening.rules.validation import TypedCondition, typed_conditions
from paxscreen.screening.rules.values import FieldType
from paxscreen.store import load_metadata

_METADATA = load_metadata()


def table(name: str) -> Table:
    return _METADATA.tables[name]


TRAVELLERS = table("travellers")
FLIGHTS = table("flights")
_ONE_TO_ONE = {  # entity table -> join condition to the traveller row
    "flights": lambda t: t.c.id == TRAVELLERS.c.flight_id,
    "bookings": lambda t: t.c.id == TRAVELLERS.c.booking_id,
    "agencies": lambda t: t.c.booking_id == TRAVELLERS.c.booking_id,
    FEATURES_TABLE: lambda t: t.c.traveller_id == TRAVELLERS.c.id,
}


class _Context:
    """The compiler's side of `operators.SqlContext`."""

    def departure(self) -> ColumnElement[Any]:
        return FLIGHTS.c.departure_utc

    def named_list_values(self, name: str) -> Any:
        items, lists = table("named_list_items"), table("named_lists")
        return (
            select(items.c.value)
            .join(lists, lists.c.id == items.c.list_id)
            .where(lists.c.name == name)
        )


_CONTEXT = _Context()


def _links(entity_table: Table, link: Link) -> list[ColumnElement[bool]]:
    """How rows of a many-valued entity belong to the traveller: one way, or for
    contacts two (the traveller's own, the booking's). Two ways become two sub-queries
    joined by OR, never one OR inside a sub-query: each half then uses its own index
    (an OR of two columns made SQLite scan the whole contacts table per traveller)."""
    ways = {
        Link.MANY_BY_TRAVELLER: ("traveller_id",),
        Link.MANY_BY_BOOKING: ("booking_id",),
        Link.MANY_BY_EITHER: ("traveller_id", "booking_id"),
    }[link]
    owner = {"traveller_id": TRAVELLERS.c.id, "booking_id": TRAVELLERS.c.booking_id}
    return [entity_table.c[way] == owner[way] for way in ways]


def _column(typed: TypedCondition) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """(the stored column, the column as compared: upper-cased for strings)."""
    stored = table(typed.entity.table).c[typed.field.column]
    compared = func.upper(stored) if typed.field.type is FieldType.STRING else stored
    return stored, compared


def _predicate(typed: TypedCondition, operator_name: str | None = None) -> ColumnElement[bool]:
    """The condition on one row of its entity (no EXISTS yet)."""
    operator = OPERATORS[operator_name] if operator_name else typed.operator
    stored, compared = _column(typed)
    condition = operator.sql(compared, typed.value, _CONTEXT)
    if operator.null_aware:
        return condition
    return and_(stored.is_not(None), condition)


def compile_condition(typed: TypedCondition) -> ColumnElement[bool]:
    """One condition as a boolean over the traveller row and its one-to-one joins."""
    link = typed.entity.link
    if not link.is_many:
        return _predicate(typed)
    entity_table = table(typed.entity.table)
    if typed.operator.absence_of:
        opposite = _predicate(typed, typed.operator.absence_of)
        return not_(or_(*(exists().where(way, opposite) for way in _links(entity_table, link))))
    return or_(*(exists().where(way, _predicate(typed)) for way in _links(entity_table, link)))


def _compile(node: Node, path: str, typed: dict[str, TypedCondition]) -> ColumnElement[bool]:
    if isinstance(node, Condition):
        return compile_condition(typed[path])
    if isinstance(node, NoneOf):
        return not_(_compile(node.child, f"{path}.0", typed))
    children = sorted(
        enumerate(node.children), key=lambda item: _cost(item[1], f"{path}.{item[0]}", typed)
    )
    parts = [_compile(child, f"{path}.{index}", typed) for index, child in children]
    return and_(*parts) if isinstance(node, AllOf) else or_(*parts)


def _cost(node: Node, path: str, typed: dict[str, TypedCondition]) -> int:
    """Cheap tests first: the databases evaluate AND/OR terms mostly in the order
    written, so a column of the traveller's own row (or a one-to-one join) prunes
    travellers before any correlated sub-query runs. Order never changes the result."""
    if isinstance(node, Condition):
        return 10 if typed[path].entity.link.is_many else 1
    if isinstance(node, NoneOf):
        return _cost(node.child, f"{path}.0", typed)
    return sum(_cost(child, f"{path}.{index}", typed) for index, child in enumerate(node.children))


def compile_rule(tree: Node) -> ColumnElement[bool]:
    """The rule as a WHERE expression (see `rule_select` for the FROM it needs).

    Raises:
        RuleValidationError: the tree names unknown fields or operators, or bad values.
    """
    return _compile(tree, "0", typed_conditions(tree))


def explanation_label(path: str) -> str:
    return "c_" + path.replace(".", "_")


def explanation_column(typed: TypedCondition) -> ColumnElement[Any]:
    """The value that satisfied a condition: the field itself, or for many-valued
    entities the smallest matching value (contacts: the traveller's own first); for an
    absence test, whether it held."""
    stored, _ = _column(typed)
    link = typed.entity.link
    if not link.is_many:
        return stored.label(explanation_label(typed.path))
    if typed.operator.absence_of:  # nothing to show but the absence itself
        return compile_condition(typed).label(explanation_label(typed.path))
    entity_table = table(typed.entity.table)
    found = [  # ORDER BY + LIMIT rather than min(): PostgreSQL has no min(boolean)
        select(stored).where(way, _predicate(typed)).order_by(stored).limit(1).scalar_subquery()
        for way in _links(entity_table, link)
    ]
    value = found[0] if len(found) == 1 else func.coalesce(*found)
    return value.label(explanation_label(typed.path))


def _from_clause(typed: dict[str, TypedCondition]) -> Any:
    used = {item.entity.table for item in typed.values() if not item.entity.link.is_many}
    source: Any = TRAVELLERS.join(FLIGHTS, FLIGHTS.c.id == TRAVELLERS.c.flight_id)
    for name in ("bookings", "agencies", FEATURES_TABLE):
        if name in used:
            joined = table(name)
            source = source.outerjoin(joined, _ONE_TO_ONE[name](joined))
    return source


def rule_select(
    tree: Node,
    *,
    flight_id: Any = None,
    departure_from: dt.datetime | None = None,
    departure_to: dt.datetime | None = None,
    explain: bool = True,
) -> Select[Any]:
    """The one query of a rule: travellers of a flight (or of flights departing in a
    window) who match, with one explanation column per condition.

    `flight_id` may be a value or a `bindparam` (compiled once, run per flight).
    Every row of a person is tested (the API row holds the checked document, the
    PNR row the booking); `subject_id` is the row the flight lists the person under
    (`merged_into`), where hits go. A person may therefore come back twice.
    """
    typed = typed_conditions(tree)
    columns: list[Any] = [
        func.coalesce(TRAVELLERS.c.merged_into, TRAVELLERS.c.id).label("subject_id"),
        TRAVELLERS.c.id.label("traveller_id"),
        TRAVELLERS.c.flight_id,
        FLIGHTS.c.departure_utc,
    ]
    if explain:
        columns += [explanation_column(item) for item in typed.values()]
    query = select(*columns).select_from(_from_clause(typed)).where(_compile(tree, "0", typed))
    if flight_id is not None:
        query = query.where(TRAVELLERS.c.flight_id == flight_id)
    if departure_from is not None:
        query = query.where(FLIGHTS.c.departure_utc >= departure_from)
    if departure_to is not None:
        query = query.where(FLIGHTS.c.departure_utc < departure_to)
    return query


__all__ = ["compile_condition", "compile_rule", "explanation_label", "rule_select", "table"]
