"""Model objects <-> table rows, for the many elements that map field by field.

Most model elements (a leg, a document, a phone...) have one column per
dataclass field of the same name; `to_row` / `from_row` do that mapping once,
plus the `sources` provenance JSON, so each repository only spells out the few
fields that need more than a copy (enums, partial dates, nested lists).
"""

from __future__ import annotations

import dataclasses
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from sqlalchemy import Column, Connection, Executable, Table, bindparam, insert, select, update

from paxscreen.errors import NotFoundError
from paxscreen.findings import Finding, Position, Severity
from paxscreen.model import Provenance, Sources
from paxscreen.store.bulk import (
    COPY_FROM_ROWS,
    bind_processor,
    copy_applies,
    copy_rows,
    copy_values,
    json_text,
)

T = TypeVar("T")

IN_CHUNK = 5_000  # ids per IN (...) list: far below SQLite's and psycopg's parameter limits


def sources_to_json(sources: Sources) -> dict[str, dict[str, Any]]:
    """Provenance mapping as JSON, leaving out the parts that are unknown."""
    return {name: _provenance_json(provenance) for name, provenance in sources.items()}


def _provenance_json(provenance: Provenance) -> dict[str, Any]:
    # spelled out, not a loop over the field names: this runs for every stored element
    found: dict[str, Any] = {}
    if provenance.message_id is not None:
        found["message_id"] = provenance.message_id
    if provenance.segment_index is not None:
        found["segment_index"] = provenance.segment_index
    if provenance.line is not None:
        found["line"] = provenance.line
    if provenance.column is not None:
        found["column"] = provenance.column
    if provenance.segment_tag is not None:
        found["segment_tag"] = provenance.segment_tag
    return found


def sources_json_text(sources: Sources) -> str:
    """`sources` as the JSON text `json_text(sources_to_json(sources))` gives, written by
    orjson in one call: no mapping is built per element and provenance on the way."""
    try:
        return orjson.dumps(
            sources, default=_provenance_json, option=orjson.OPT_PASSTHROUGH_DATACLASS
        ).decode()
    except TypeError:  # orjson.JSONEncodeError: what only `json.dumps` writes
        return json_text(sources_to_json(sources))


def sources_from_json(data: Mapping[str, Mapping[str, Any]] | None) -> Sources:
    return {name: Provenance(**dict(parts)) for name, parts in (data or {}).items()}


def findings_to_json(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Findings with their full position (offset, element, component included)."""
    return [
        {
            "code": finding.code,
            "severity": str(finding.severity),
            "message": finding.message,
            "position": _position_json(finding.position) if finding.position else None,
        }
        for finding in findings
    ]


_POSITION_FIELDS = tuple(field.name for field in dataclasses.fields(Position))
_read_position = operator.attrgetter(*_POSITION_FIELDS)


def _position_json(position: Position) -> dict[str, Any]:
    """`dataclasses.asdict(position)`: its fields are plain numbers, so no deep copy is
    needed (`asdict` copies each value recursively; a message holds hundreds of findings)."""
    return dict(zip(_POSITION_FIELDS, _read_position(position), strict=True))


def findings_from_json(data: Iterable[Mapping[str, Any]] | None) -> list[Finding]:
    return [
        Finding(
            code=item["code"],
            severity=Severity(item["severity"]),
            message=item["message"],
            position=Position(**item["position"]) if item.get("position") else None,
        )
        for item in data or []
    ]


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def field_names(cls: type[Any]) -> tuple[str, ...]:
    """The dataclass's field names, computed once per class (this runs per row)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(field.name for field in dataclasses.fields(cls))
    return names


_COLUMN_FIELDS: dict[tuple[type[Any], Table], tuple[str, ...]] = {}


def column_fields(cls: type[Any], table: Table) -> tuple[str, ...]:
    """The dataclass's fields that `table` has a column for, computed once per pair."""
    names = _COLUMN_FIELDS.get((cls, table))
    if names is None:
        names = tuple(name for name in field_names(cls) if name in table.c)
        _COLUMN_FIELDS[(cls, table)] = names
    return names


_Reader = Callable[[Any], tuple[Any, ...]]
_ROW_READERS: dict[tuple[type[Any], Table], tuple[tuple[str, ...], _Reader]] = {}


def _row_reader(cls: type[Any], table: Table) -> tuple[tuple[str, ...], _Reader]:
    """`column_fields(cls, table)` and a reader of their values in one C call (per pair)."""
    found = _ROW_READERS.get((cls, table))
    if found is None:
        names = column_fields(cls, table)
        found = _ROW_READERS[(cls, table)] = (names, _reader(names))
    return found


def to_row(element: Any, table: Table, **extra: Any) -> dict[str, Any]:
    """Every dataclass field that has a column of the same name, plus `extra`."""
    names, read = _row_reader(type(element), table)
    row = dict(zip(names, read(element), strict=True))
    if "sources" in row:
        row["sources"] = sources_to_json(row["sources"])
    row.update(extra)
    return row


def from_row(cls: type[T], row: Mapping[Any, Any], **extra: Any) -> T:
    """Build `cls` from the columns named like its fields; `extra` overrides."""
    values = {name: row[name] for name in field_names(cls) if name in row and name not in extra}
    if "sources" in values:
        values["sources"] = sources_from_json(values["sources"])
    values.update(extra)
    return cls(**values)


@dataclass(frozen=True, slots=True)
class ElementRows:
    """Rows of `table` for the elements of one model class, as value tuples.

    Each row is its owner's values (the columns `owner_names`, given by the caller)
    followed by `read(element)`: the element's fields that have a column, read in
    one C call. Ingestion writes some 20,000 element rows per 12 flights; a dict
    per row (`to_row`) was built only for COPY to take it apart again.
    """

    table: Table
    owner_names: tuple[str, ...]
    names: tuple[str, ...]  # the row's columns: the owner's, then the element's
    read: Callable[[Any], tuple[Any, ...]]


_ELEMENT_ROWS: dict[tuple[type[Any], Table, tuple[str, ...]], ElementRows] = {}


def element_rows(cls: type[Any], table: Table, owner_names: tuple[str, ...]) -> ElementRows:
    """How elements of `cls` become rows of `table` (worked out once per class and table)."""
    key = (cls, table, owner_names)
    layout = _ELEMENT_ROWS.get(key)
    if layout is None:
        fields = tuple(name for name in column_fields(cls, table) if name not in owner_names)
        layout = _ELEMENT_ROWS[key] = ElementRows(
            table=table, owner_names=owner_names, names=owner_names + fields, read=_reader(fields)
        )
    return layout


def _reader(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """`names`' values of an object, always as a tuple (attrgetter of one name is not)."""
    if not names:
        return lambda _element: ()
    if len(names) == 1:
        read_one = operator.attrgetter(names[0])
        return lambda element: (read_one(element),)
    return operator.attrgetter(*names)


def insert_element_rows(
    connection: Connection, layout: ElementRows, rows: Sequence[tuple[Any, ...]]
) -> None:
    """Like `insert_rows` for rows built by `layout` (their `sources` still provenance):
    COPY straight from the tuples, else `insert_rows` of their mappings."""
    if copy_applies(connection, layout.table, rows):
        copy_values(connection, layout.table, layout.names, rows, converters=_PROVENANCE_AS_TEXT)
    else:
        insert_rows(connection, layout.table, _mappings(layout, rows))


def insert_element_rows_returning_ids(
    connection: Connection, layout: ElementRows, rows: Sequence[tuple[Any, ...]]
) -> list[int]:
    """Like `insert_returning_ids` for rows built by `layout`: their new ids, in order
    (COPY straight from the tuples, else `insert_returning_ids` of their mappings)."""
    table = layout.table
    if copy_applies(connection, table, rows):
        return copy_values(
            connection, table, layout.names, rows, with_ids=True, converters=_PROVENANCE_AS_TEXT
        )
    return insert_returning_ids(connection, table, _mappings(layout, rows))


def _mappings(layout: ElementRows, rows: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """`layout`'s rows as the mappings an executemany takes (`sources` as JSON)."""
    names = layout.names
    mappings = [dict(zip(names, row, strict=True)) for row in rows]
    if "sources" in names:
        for mapping in mappings:
            mapping["sources"] = sources_to_json(mapping["sources"])
    return mappings


_PROVENANCE_AS_TEXT = {"sources": sources_json_text}


_STATEMENTS: dict[tuple[Any, ...], Executable] = {}


def _kept(key: tuple[Any, ...], build: Callable[[], Executable]) -> Executable:
    """The statement `build` makes for `key`, built once and kept.

    SQLAlchemy finds a statement's compiled form by a cache key it derives by walking
    the statement, and remembers that key on the statement object: a statement built
    anew for every batch is walked (and built) every time, one kept is not.
    """
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = build()
    return statement


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """One statement for a batch of child rows: COPY on PostgreSQL, else executemany."""
    if copy_applies(connection, table, rows):
        copy_rows(connection, table, rows)
    elif rows:
        connection.execute(_kept(("insert", table), lambda: insert(table)), list(rows))


def insert_returning_ids(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert many rows and get their ids back in the order given."""
    if not rows:
        return []
    if copy_applies(connection, table, rows):
        return copy_rows(connection, table, rows, with_ids=True)
    statement = _kept(
        ("insert returning ids", table),
        lambda: insert(table).returning(table.c.id, sort_by_parameter_order=True),
    )
    return [row.id for row in connection.execute(statement, list(rows))]


def update_rows(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], *, key: str = "id"
) -> None:
    """Set each stored row (found by `key`) to the values given; all rows name the same columns.

    On PostgreSQL a batch is one `UPDATE ... FROM unnest(arrays)`: one statement
    and one plan instead of one execution per row. Columns with an `onupdate`
    that the rows leave out get it once for the batch, as SQLAlchemy would give it.
    """
    if not rows:
        return
    names = [name for name in rows[0] if name != key]
    if connection.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        statement = _kept(
            ("update by key", table, key, *names),
            lambda: (
                update(table)
                .where(table.c[key] == bindparam("b_key"))
                .values({name: bindparam(name) for name in names})
            ),
        )
        connection.execute(
            statement, [{"b_key": row[key], **{name: row[name] for name in names}} for row in rows]
        )
        return
    columns = [table.c[key]] + [table.c[name] for name in names]
    stamped = [
        column
        for column in table.columns
        if column.onupdate is not None and column.name not in rows[0]
    ]
    arrays = [
        _array_values(connection, column, [row[column.name] for row in rows]) for column in columns
    ]
    preparer = connection.dialect.identifier_preparer
    quoted = [preparer.quote(column.name) for column in columns]
    types = [column.type.compile(dialect=connection.dialect) for column in columns]
    assignments = [f"{name} = v.{name}" for name in quoted[1:]]
    values: list[Any] = []
    for column in stamped:
        assignments.append(f"{preparer.quote(column.name)} = %s")
        values.append(_array_values(connection, column, [_onupdate_value(column)])[0])
    target = preparer.format_table(table)
    sources = ", ".join(f"%b::{kind}[]" for kind in types)  # binary: no text quoting
    sql = (
        f"UPDATE {target} SET {', '.join(assignments)} FROM unnest({sources})"
        f" AS v({', '.join(quoted)}) WHERE {target}.{quoted[0]} = v.{quoted[0]}"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, [*values, *arrays])
    finally:
        cursor.close()


def _onupdate_value(column: Column[Any]) -> Any:
    onupdate: Any = column.onupdate
    if getattr(onupdate, "is_callable", False):
        return onupdate.arg(None)  # SQLAlchemy wrapped it to take a context
    return onupdate.arg


def _array_values(connection: Connection, column: Column[Any], values: list[Any]) -> list[Any]:
    """The values as SQLAlchemy would bind them (UTC times, JSON text)."""
    process = bind_processor(connection, column)
    return values if process is None else [process(value) for value in values]


def load_children(
    connection: Connection, table: Table, owner: str, owner_ids: Sequence[int]
) -> dict[int, list[Mapping[str, Any]]]:
    """Child rows of many owners in one query, grouped by owner, in stored order."""
    grouped: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    if not owner_ids:
        return grouped
    order = [table.c[name] for name in ("position", "sequence") if name in table.c]
    for start in range(0, len(owner_ids), IN_CHUNK):
        chunk = list(owner_ids[start : start + IN_CHUNK])
        statement = select(table).where(table.c[owner].in_(chunk)).order_by(*order, table.c.id)
        for row in connection.execute(statement).mappings():
            grouped[row[owner]].append(dict(row))  # plain dicts: much faster lookups
    return grouped


def only(found: Mapping[int, T], wanted: int, what: str) -> T:
    """The one object a batch loader found for `wanted`.

    Raises:
        NotFoundError: the batch loader found nothing with this id.
    """
    if wanted not in found:
        raise NotFoundError(f"no {what} with id {wanted}")
    return found[wanted]


__all__ = [
    "ElementRows",
    "element_rows",
    "insert_element_rows",
    "insert_element_rows_returning_ids",
    "only",
    "findings_from_json",
    "findings_to_json",
    "from_row",
    "insert_returning_ids",
    "insert_rows",
    "load_children",
    "sources_from_json",
    "sources_json_text",
    "sources_to_json",
    "to_row",
    "update_rows",
]
