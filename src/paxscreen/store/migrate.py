"""Run and inspect the Alembic migrations, with the config built in code.

`upgrade(url)` brings a database (new or old) to the current schema;
`current(url)` says which revision it is at; `schema_drift(url)` lists what
differs between the migrated database and the tables in the code (the
`paxscreen db check` command and the migration tests use it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy import inspect as inspect_database
from sqlalchemy.engine import URL

from paxscreen.store.engine import create_engine_for, database_errors, normalise_url
from paxscreen.store.owner_keys import is_ingestion_constraint, orphans
from paxscreen.store.schema import load_metadata
from paxscreen.store.triggers import install_triggers

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

T = TypeVar("T")


def alembic_config(url: str | URL | None = None, *, connection: Connection | None = None) -> Config:
    """An Alembic config for our migrations and either a URL or an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        rendered = normalise_url(url).render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | URL, revision: str = "head") -> None:
    """Create or migrate the database at `url` (a SQLite file's folder is created).

    Raises:
        StoreError: the database cannot be reached or opened.
    """
    create_engine_for(url).dispose()  # creates a SQLite file's folder, checks the URL
    with database_errors(url):
        command.upgrade(alembic_config(url), revision)
        _refresh_triggers(url)


def _refresh_triggers(url: str | URL) -> None:
    """Triggers live outside the migrations' revisions: bring them up to date every time.

    On SQLite the transaction takes the write lock when it begins: a deferred one would
    read first and then fail at once ("database is locked", no busy wait) when another
    process upgrading at the same moment wrote in between.
    """
    engine = create_engine_for(url)
    try:
        with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as connection:
            if inspect_database(connection).has_table("messages"):
                install_triggers(connection)
    finally:
        engine.dispose()


def upgrade_connection(connection: Connection, revision: str = "head") -> None:
    """Migrate through an open connection (inside the caller's transaction)."""
    command.upgrade(alembic_config(connection=connection), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _on(url: str | URL, inspect: Callable[[Connection], T]) -> T:
    """Run `inspect` on a short-lived connection to `url`, with our error messages."""
    engine = create_engine_for(url)
    try:
        with database_errors(url), engine.connect() as connection:
            return inspect(connection)
    finally:
        engine.dispose()


def current(url: str | URL) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    return _on(url, current_of)


def current_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def schema_drift(url: str | URL) -> list[Any]:
    """Differences between the database at `url` and `load_metadata()`; empty when in step."""
    return _on(url, schema_drift_of)


def schema_drift_of(connection: Connection) -> list[Any]:
    options = {"compare_type": True, "include_object": _compared}
    context = MigrationContext.configure(connection, opts=options)
    return list(compare_metadata(context, load_metadata()))


def orphaned_rows(url: str | URL) -> dict[str, int]:
    """Rows naming an owner that does not exist, per ingestion key (`owner_keys`); empty
    when there are none."""

    def count(connection: Connection) -> dict[str, int]:
        return {name: rows for name, rows in orphans(connection, load_metadata()).items() if rows}

    return _on(url, count)


def _compared(item: Any, _name: Any, type_: str, reflected: bool, _compare_to: Any) -> bool:
    """Everything but the constraints of ingestion keys, which the database never has."""
    return reflected or type_ != "foreign_key_constraint" or not is_ingestion_constraint(item)


__all__ = [
    "alembic_config",
    "current",
    "current_of",
    "head_revision",
    "orphaned_rows",
    "schema_drift",
    "schema_drift_of",
    "upgrade",
    "upgrade_connection",
]
