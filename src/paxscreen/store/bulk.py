"""Big batches on PostgreSQL: inserts through COPY, id lists as one array parameter.

A PNR push writes thousands of child rows (names, documents, itinerary legs,
history...) per message. `executemany` sends each row as its own statement
(psycopg's pipeline mode) and `insertmanyvalues` builds a new, long SQL text
per batch that the driver has to split again; both cost more client and server
CPU than the data itself. COPY streams the rows in one command.

The rows are prepared as SQLAlchemy would bind them: each column's bind
processor (UTC times, JSON) and its Python-side default when the row leaves it
out, so a table reads back the same whichever path wrote it. Ids, where the
caller needs them, are drawn from the table's sequence first (one query) and
written explicitly, in ascending order, as the rows would have received them.

`any_of` is `column IN (...)` for the long id lists ingestion reads and deletes
by: on PostgreSQL one array parameter (`= ANY(%s)`), so the SQL text stays the
same whatever the length and is compiled, converted and planned from cache;
elsewhere a plain IN list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ARRAY, Column, ColumnElement, Connection, Table, any_, bindparam

COPY_FROM_ROWS = 8  # smaller batches: a plain executemany is as quick
_NO_DEFAULT = object()


def copy_applies(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> bool:
    """Whether `copy_rows` can write this batch: PostgreSQL, enough rows, plain defaults."""
    if connection.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        return False
    return all(_default_of(column) is not None for column in _written_columns(table))


def copy_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    with_ids: bool = False,
) -> list[int]:
    """COPY `rows` into `table`; with `with_ids`, draw ids first and return them in order."""
    columns = _written_columns(table)
    ids: list[int] = []
    if with_ids:
        ids = _next_ids(connection, table, len(rows))
    converters = [_converter(connection, column) for column in columns]
    preparer = connection.dialect.identifier_preparer
    names = ", ".join(preparer.quote(column.name) for column in columns)
    if with_ids:
        names = f"{preparer.quote(table.c.id.name)}, {names}"
    statement = f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(statement) as copy:  # type: ignore[attr-defined]
            for index, row in enumerate(rows):
                values = [convert(row) for convert in converters]
                copy.write_row([ids[index], *values] if with_ids else values)
    finally:
        cursor.close()
    return ids


def any_of(
    connection: Connection, column: ColumnElement[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """`column IN values`, as one array parameter on PostgreSQL."""
    if connection.dialect.name != "postgresql":
        return column.in_(list(values))
    array = bindparam(None, list(values), type_=ARRAY(column.type))
    return column == any_(array)


def _written_columns(table: Table) -> list[Column[Any]]:
    """Every column but an autoincrement id (the database, or `_next_ids`, fills it)."""
    return [column for column in table.columns if column is not table.autoincrement_column]


def _default_of(column: Column[Any]) -> object | None:
    """The column's Python-side default as a zero-argument callable; None when unusable."""
    default = column.default
    if default is None:
        return lambda: None
    if getattr(default, "is_scalar", False):
        value = default.arg  # type: ignore[attr-defined]
        return lambda: value
    if getattr(default, "is_callable", False):
        function = default.arg  # type: ignore[attr-defined]
        return lambda: function(None)  # SQLAlchemy wrapped it to take a context
    return None  # a SQL expression or a sequence: leave the batch to executemany


def _converter(connection: Connection, column: Column[Any]) -> Callable[[Mapping[str, Any]], Any]:
    name = column.name
    default = _default_of(column)
    assert callable(default)  # copy_applies checked it
    process = column.type._cached_bind_processor(connection.dialect)  # noqa: SLF001

    def convert(row: Mapping[str, Any]) -> Any:
        value = row[name] if name in row else default()
        return process(value) if process is not None and value is not None else value

    return convert


def _next_ids(connection: Connection, table: Table, count: int) -> list[int]:
    cursor = connection.connection.cursor()
    try:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (connection.dialect.identifier_preparer.format_table(table), count),
        )
        return sorted(row[0] for row in cursor.fetchall())
    finally:
        cursor.close()


__all__ = ["COPY_FROM_ROWS", "any_of", "copy_applies", "copy_rows"]
