"""Alembic environment: the shared metadata, and the URL or connection handed in.

`paxscreen.store.migrate` builds the Alembic config in code (no alembic.ini):
it sets `sqlalchemy.url`, or passes an open connection in
`config.attributes["connection"]` (tests use that to migrate inside a schema).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata

target_metadata = load_metadata()
MIGRATION_LOCK_KEY = 7_270_001  # any constant shared by every paxscreen process


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """`--sql` mode: write the DDL for the configured URL instead of running it."""
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine_for(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as new_connection:
            new_connection.execution_options(sqlite_begin="IMMEDIATE")
            with new_connection.begin():
                _one_migrator_at_a_time(new_connection)
                _run(new_connection)
    finally:
        engine.dispose()


def _one_migrator_at_a_time(connection: Connection) -> None:
    """Workers starting together must not both create the tables: the second one waits.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: BEGIN IMMEDIATE (above)
    already holds the write lock, and the busy timeout makes the second one wait.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")


if context.is_offline_mode():
    run_offline()
else:
    run_online()
