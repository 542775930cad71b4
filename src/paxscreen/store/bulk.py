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

`CopyStream` is COPY for rows the caller is still working out (a flight's new hits):
each is sent as it comes, so the server parses, checks and indexes the first rows
on its own core while the caller builds the next, instead of all of it afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from types import TracebackType
from typing import Any, Self

import orjson
from sqlalchemy import (
    ARRAY,
    JSON,
    Column,
    ColumnElement,
    Connection,
    Dialect,
    Table,
    any_,
    bindparam,
)

COPY_FROM_ROWS = 8  # smaller batches: a plain executemany is as quick


def copy_applies(connection: Connection, table: Table, rows: Sequence[Any]) -> bool:
    """Whether `copy_rows` can write this batch: PostgreSQL, enough rows, plain defaults."""
    if connection.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        return False
    return _has_plain_defaults(table)


def _has_plain_defaults(table: Table) -> bool:
    """Whether every written column's default is known in Python (worked out once)."""
    plain = _PLAIN_DEFAULTS.get(table)
    if plain is None:
        plain = _PLAIN_DEFAULTS[table] = all(
            python_default(column) is not None for column in _written_columns(table)
        )
    return plain


_PLAIN_DEFAULTS: dict[Table, bool] = {}


def copy_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    with_ids: bool = False,
) -> list[int]:
    """COPY `rows` into `table`; with `with_ids`, draw ids first and return them in order.

    The batch's rows usually name the same columns: the columns they leave out
    get their default once for the batch, and each row is read with one
    `itemgetter` call; a batch of mixed shapes is converted value by value.
    """
    given = rows[0].keys()
    if all(row.keys() == given for row in rows):
        names = [column.name for column in _written_columns(table) if column.name in given]
        values: list[Any]
        if len(names) > 1:
            values = list(map(itemgetter(*names), rows))
        elif names:
            values = [(row[names[0]],) for row in rows]
        else:
            values = [()] * len(rows)
        return copy_values(connection, table, names, values, with_ids=with_ids)
    columns = _written_columns(table)
    processors = [bind_processor(connection, column) for column in columns]
    ids = _next_ids(connection, table, len(rows)) if with_ids else []
    statement = _copy_statement(connection, table, columns, with_ids=with_ids)
    _write_copy(connection, statement, _mixed_shape_values(columns, processors, rows), ids)
    return ids


def copy_values(
    connection: Connection,
    table: Table,
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    with_ids: bool = False,
    converters: Mapping[str, Callable[[Any], Any]] | None = None,
) -> list[int]:
    """COPY rows given as value sequences, each in the order of `names`.

    The rows need not be dicts: a caller that reads its values straight from model
    objects (`rows.ElementRows`) saves building a dict per row only for COPY to take
    it apart again. `converters` replace the bind processor of the columns they
    name, for values the caller hands over in another form than SQLAlchemy takes
    (provenance objects rather than their JSON mapping, say). With `with_ids`,
    `rows` must be a sequence: its length is the number of ids drawn.
    """
    shape = _shape(connection, table, tuple(names))
    converted = shape.converters(names, converters or {})
    ids: list[int] = []
    statement = shape.statement
    if with_ids:
        if shape.statement_with_ids is None:
            raise TypeError(f"copy_values(with_ids=True): {table.name} has no id column")
        if not isinstance(rows, Sequence):
            raise TypeError("copy_values(with_ids=True) needs the rows as a sequence")
        statement = shape.statement_with_ids
        ids = _next_ids(connection, table, len(rows))
    values = _converted_values(converted, shape.default_values(), rows)
    _write_copy(connection, statement, values, ids)
    return ids


def _write_copy(
    connection: Connection, statement: str, values: Iterable[list[Any]], ids: list[int]
) -> None:
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(statement) as copy:  # type: ignore[attr-defined]
            write_row = copy.write_row
            if ids:
                for row_id, row_values in zip(ids, values, strict=True):
                    write_row([row_id, *row_values])
            else:
                for row_values in values:
                    write_row(row_values)
    finally:
        cursor.close()


def _copy_statement(
    connection: Connection, table: Table, columns: list[Column[Any]], *, with_ids: bool = False
) -> str:
    preparer = connection.dialect.identifier_preparer
    names = ", ".join(preparer.quote(column.name) for column in columns)
    if with_ids:
        names = f"{preparer.quote(table.c.id.name)}, {names}"
    return f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"


class CopyStream:
    """COPY into `table` row by row, as the caller produces the rows (PostgreSQL).

    Every row names the same columns, `names` (the table's others get their default,
    once); a row of another shape is refused with ValueError. Use it as a context
    manager: leaving the block ends the COPY, and the server's verdict on the rows
    (a unique key refused, say) is raised there, as the DBAPI's error. Leaving it
    with an exception abandons the COPY, so nothing of it is written.
    """

    def __init__(self, connection: Connection, table: Table, names: Sequence[str]) -> None:
        unknown = set(names) - {column.name for column in _written_columns(table)}
        if unknown:
            raise ValueError(f"{table.name} has no column {', '.join(sorted(unknown))}")
        shape = _shape(connection, table, tuple(names))
        self._defaults = shape.default_values()
        self._statement = shape.statement
        self._get = itemgetter(*names)
        self._width = len(names)
        self._converted = [
            (index, _repeats_cached(process, self._text_of)) for index, process in shape.converted
        ]
        self._connection = connection
        self._cursor: Any = None
        self._block: Any = None  # the cursor's copy() block, yielding `_copy`
        self._copy: Any = None

    def __enter__(self) -> Self:
        self._cursor = self._connection.connection.cursor()
        try:
            self._block = self._cursor.copy(self._statement)
            self._copy = self._block.__enter__()
        except BaseException:
            self._cursor.close()
            raise
        return self

    def _text_of(self, value: Any) -> str:
        """The text psycopg sends for `value` in this COPY."""
        from psycopg.adapt import PyFormat  # the driver: imported where COPY runs

        dumper = self._copy.formatter.transformer.get_dumper(value, PyFormat.TEXT)
        return bytes(dumper.dump(value)).decode()

    def write(self, row: Mapping[str, Any]) -> None:
        if len(row) != self._width:
            raise ValueError(f"a row of {len(row)} columns in a COPY of {self._width}")
        values = list(self._get(row)) if self._width > 1 else [self._get(row)]
        for index, process in self._converted:
            values[index] = process(values[index])
        self._copy.write_row(values + self._defaults if self._defaults else values)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self._block.__exit__(exc_type, exc, traceback)
        finally:
            self._cursor.close()


def _repeats_cached(
    process: Callable[[Any], Any], text_of: Callable[[Any], str]
) -> Callable[[Any], Any]:
    """`process`, then for an instant the text psycopg would send for it, remembered for
    the next row: a batch's rows mostly carry the same instant (created, updated), and
    formatting an aware datetime costs psycopg about a microsecond every time."""
    last: list[Any] = [None, None]

    def cached(value: Any) -> Any:
        if value is last[0] and value is not None:
            return last[1]
        converted = process(value)
        if isinstance(value, dt.datetime):  # immutable; other values may be changed
            converted = text_of(converted)
            last[0], last[1] = value, converted
        return converted

    return cached


Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Shape:
    """How a COPY of rows naming the columns `names` goes, for one table and dialect.

    Worked out once and kept (`_shape`): a push writes the same few shapes of
    batch hundreds of times, and reading a table's columns, defaults and bind
    processors is SQLAlchemy work of its own each time.
    """

    columns: tuple[Column[Any], ...]  # the COPY's: the named ones, then the table's others
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # named values to convert, by index
    defaults: tuple[tuple[Callable[[], Any], Processor], ...]  # the others' default, converter
    statement: str
    statement_with_ids: str | None  # None: the table has no `id` column to draw

    instants_at: frozenset[int]  # named columns that hold a datetime

    def default_values(self) -> list[Any]:
        """The other columns' converted defaults, drawn once per batch (a time: now)."""
        values = []
        for default, process in self.defaults:
            value = default()
            if process is not None:
                value = process(value)
            values.append(_instant_text(value) if isinstance(value, dt.datetime) else value)
        return values

    def converters(
        self, names: Sequence[str], given: Mapping[str, Callable[[Any], Any]]
    ) -> list[tuple[int, Callable[[Any], Any]]]:
        """How each named value is converted, for one batch: `given` by column name,
        else the bind processor; an instant then to its text, once per distinct one."""
        processes: dict[int, Processor] = dict(self.converted)
        processes.update({index: given[name] for index, name in enumerate(names) if name in given})
        for index in self.instants_at:
            processes[index] = _instants_as_text(processes.get(index))
        return [(index, process) for index, process in processes.items() if process is not None]


_SHAPES: dict[tuple[Dialect, Table, tuple[str, ...]], _Shape] = {}


def _shape(connection: Connection, table: Table, names: tuple[str, ...]) -> _Shape:
    dialect = connection.dialect
    shape = _SHAPES.get((dialect, table, names))
    if shape is None:
        shape = _SHAPES[(dialect, table, names)] = _new_shape(connection, table, names)
    return shape


def _new_shape(connection: Connection, table: Table, names: tuple[str, ...]) -> _Shape:
    given = set(names)
    present = [table.c[name] for name in names]
    missing = [column for column in _written_columns(table) if column.name not in given]
    converted = tuple(
        (index, process)
        for index, column in enumerate(present)
        if (process := bind_processor(connection, column)) is not None
    )
    defaults = []
    for column in missing:
        default = python_default(column)
        assert default is not None  # copy_applies checked it
        defaults.append((default, bind_processor(connection, column)))
    columns = present + missing
    return _Shape(
        columns=tuple(columns),
        converted=converted,
        instants_at=frozenset(
            index for index, column in enumerate(present) if _holds_instants(column)
        ),
        defaults=tuple(defaults),
        statement=_copy_statement(connection, table, columns),
        statement_with_ids=(
            _copy_statement(connection, table, columns, with_ids=True) if "id" in table.c else None
        ),
    )


def _holds_instants(column: Column[Any]) -> bool:
    try:
        return column.type.python_type is dt.datetime
    except NotImplementedError:  # a type that does not say
        return False


def _instant_text(value: dt.datetime) -> str:
    """The text psycopg's datetime dumper sends for `value` (`str`, for COPY's text form)."""
    return str(value)


def _instants_as_text(process: Processor) -> Callable[[Any], Any]:
    """`process`, then an instant as its text, formatted once per distinct instant.

    Formatting a datetime costs psycopg some 9,000 instructions every time; a
    batch's rows repeat instants (every PNR on a flight flies its departure).
    Only naive and UTC instants are remembered: those equal are written alike
    (an aware time equals the same instant in another zone, written otherwise).
    """
    written: dict[dt.datetime, str] = {}

    def as_text(value: Any) -> Any:
        if process is not None:
            value = process(value)
        if not isinstance(value, dt.datetime):
            return value
        if value.tzinfo is not None and value.tzinfo is not dt.UTC:
            return _instant_text(value)
        text = written.get(value)
        if text is None:
            text = written[value] = _instant_text(value)
        return text

    return as_text


def _converted_values(
    converted: Sequence[tuple[int, Callable[[Any], Any]]],
    defaults: list[Any],
    rows: Iterable[Sequence[Any]],
) -> Iterator[list[Any]]:
    if not converted:
        for row in rows:
            yield [*row, *defaults]
        return
    for row in rows:
        values = [*row, *defaults]
        for index, process in converted:
            values[index] = process(values[index])
        yield values


def _mixed_shape_values(
    columns: list[Column[Any]], processors: list[Processor], rows: Sequence[Mapping[str, Any]]
) -> Iterator[list[Any]]:
    for row in rows:
        values = []
        for column, process in zip(columns, processors, strict=True):
            value = row[column.name] if column.name in row else _default_value(column)
            values.append(process(value) if process is not None else value)
        yield values


def any_of(
    connection: Connection, column: ColumnElement[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """`column IN values`, as one array parameter on PostgreSQL."""
    if connection.dialect.name != "postgresql":
        return column.in_(list(values))
    array = bindparam(None, list(values), type_=_array_of(column))
    return column == any_(array)


def _array_of(column: ColumnElement[Any]) -> ARRAY[Any]:
    """The array type of `column`'s values, one object per table column.

    SQLAlchemy keys its compiled statements by, among others, their parameters' types,
    and works a new type object's key out from its constructor's arguments (the item
    type's too) every time; a kept one remembers it. (Other expressions, which may be
    built per call, get a new array type each time.)
    """
    if not isinstance(column, Column):
        return ARRAY(column.type)
    array = _ARRAYS.get(column)
    if array is None:
        array = _ARRAYS[column] = ARRAY(column.type)
    return array


_ARRAYS: dict[Column[Any], ARRAY[Any]] = {}


def _written_columns(table: Table) -> list[Column[Any]]:
    """Every column but an autoincrement id (the database, or `_next_ids`, fills it)."""
    columns = _WRITTEN_COLUMNS.get(table)
    if columns is None:
        autoincrement = table.autoincrement_column
        columns = [column for column in table.columns if column is not autoincrement]
        _WRITTEN_COLUMNS[table] = columns
    return columns


_WRITTEN_COLUMNS: dict[Table, list[Column[Any]]] = {}


def python_default(column: Column[Any]) -> Callable[[], Any] | None:
    """What an insert that leaves `column` out stores, as a zero-argument callable
    (NULL without a default); None when only the database knows (a SQL expression
    or a sequence)."""
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


def _default_value(column: Column[Any]) -> Any:
    default = python_default(column)
    assert default is not None  # copy_applies checked it
    return default()


def bind_processor(connection: Connection, column: Column[Any]) -> Processor:
    """How SQLAlchemy would bind the column's values (None included, as it does).

    JSON goes out as its text (psycopg would wrap and serialise each value again).
    """
    key = (connection.dialect, column)
    if key not in _BIND_PROCESSORS:
        _BIND_PROCESSORS[key] = _new_bind_processor(connection, column)
    return _BIND_PROCESSORS[key]


_BIND_PROCESSORS: dict[tuple[Dialect, Column[Any]], Processor] = {}


def _new_bind_processor(connection: Connection, column: Column[Any]) -> Processor:
    process = column.type._cached_bind_processor(connection.dialect)  # noqa: SLF001
    impl = column.type.dialect_impl(connection.dialect)
    if isinstance(impl, JSON) and getattr(connection.dialect, "_json_serializer", None) is None:
        none_as_null = impl.none_as_null
        return lambda value: None if value is None and none_as_null else json_text(value)
    return process  # type: ignore[no-any-return]


def json_text(value: Any) -> str:
    """`value` as JSON text, for PostgreSQL to parse: the same document as `json.dumps`
    (orjson's spelling: no spaces, UTF-8 rather than escapes), at a tenth of the cost;
    orjson refuses what `json.dumps` may still write (keys that are not text,
    integers beyond 64 bits), so those go to `json.dumps`. (NaN and infinities, which
    `json.dumps` spells so that PostgreSQL refuses the row, become null.)"""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value)


# The sequence is looked up once per statement (an uncorrelated subquery runs once, as an
# init plan), not once per id drawn: `pg_get_serial_sequence` searches the catalog's
# dependencies, 2.5% of a loading backend's instructions when it ran for every id.
_NEXT_IDS = (
    "SELECT nextval((SELECT pg_get_serial_sequence(%s, 'id')::regclass))"
    " FROM generate_series(1, %s)"
)


def _next_ids(connection: Connection, table: Table, count: int) -> list[int]:
    cursor = connection.connection.cursor()
    try:
        cursor.execute(
            _NEXT_IDS, (connection.dialect.identifier_preparer.format_table(table), count)
        )
        return sorted(row[0] for row in cursor.fetchall())
    finally:
        cursor.close()


__all__ = [
    "COPY_FROM_ROWS",
    "CopyStream",
    "any_of",
    "bind_processor",
    "copy_applies",
    "copy_rows",
    "copy_values",
    "json_text",
    "python_default",
]
