"""Everything that differs between SQLite and PostgreSQL, in one place.

Tables use the portable types defined here (`JSONType`, `UtcDateTime`) and
repositories build upserts with `upsert` / `insert_ignore`; no other module
imports a `sqlite` or `postgresql` dialect package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Connection, DateTime, Dialect, Table, TypeDecorator
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

# JSONB on PostgreSQL (indexable, `@>` containment for rules); JSON text on SQLite.
JSONType = JSON().with_variant(postgresql.JSONB(), "postgresql")

# JSON kept as written (`json` on PostgreSQL), for documents stored and read whole and
# never searched inside: PostgreSQL only checks the text, where JSONB also builds its
# binary form (a flight's 1,757 new hit explanations: about 10 ms of server CPU).
JSONDocumentType = JSON()


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An instant in time, always returned as an aware UTC datetime.

    PostgreSQL stores `timestamptz`; SQLite has no time zones, so values are
    stored as naive UTC text. A naive value handed in is taken to be UTC already
    (the model's `*_utc` fields and receipt times are UTC by definition).
    Local wall-clock times (a flight's local departure) use plain `DateTime`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _insert_for(connection: Connection, table: Table) -> Any:
    name = connection.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upsert is not implemented for the {name} dialect")


def upsert(
    connection: Connection,
    table: Table,
    values: Mapping[str, Any],
    *,
    key: Sequence[str],
    update: Sequence[str],
) -> Insert:
    """INSERT ... ON CONFLICT (key) DO UPDATE SET the `update` columns.

    Columns not in `update` keep their stored value on conflict, which is how a
    re-screen refreshes a hit's score without touching its disposition.
    """
    statement = _insert_for(connection, table).values(dict(values))
    excluded = statement.excluded
    if not update:
        return statement.on_conflict_do_nothing(index_elements=list(key))  # type: ignore[no-any-return]
    return statement.on_conflict_do_update(  # type: ignore[no-any-return]
        index_elements=list(key), set_={column: excluded[column] for column in update}
    )


def insert_ignore(
    connection: Connection, table: Table, values: Mapping[str, Any], *, key: Sequence[str]
) -> Insert:
    """INSERT ... ON CONFLICT (key) DO NOTHING: first writer wins (de-duplication)."""
    return upsert(connection, table, values, key=key, update=())


@contextmanager
def planned_per_call(connection: Connection) -> Iterator[Connection]:
    """Statements run inside are planned for their own parameters on PostgreSQL.

    psycopg prepares a statement from its fifth run, and PostgreSQL may then keep
    one generic plan for it. A lookup into a table that grows while the
    connection lives (`ingest_versions`, by a push's keys) keeps the plan made
    while the table was small: a scan of every current version instead of the
    index, milliseconds per message growing with the history. Planning each call
    costs a fraction of that. Elsewhere this does nothing.
    """
    if connection.dialect.name != "postgresql":
        yield connection
        return
    driver = connection.connection.driver_connection
    threshold = driver.prepare_threshold  # type: ignore[union-attr]
    driver.prepare_threshold = None  # type: ignore[union-attr]
    try:
        yield connection
    finally:
        driver.prepare_threshold = threshold  # type: ignore[union-attr]


__all__ = [
    "JSONDocumentType",
    "JSONType",
    "UtcDateTime",
    "insert_ignore",
    "planned_per_call",
    "upsert",
]
