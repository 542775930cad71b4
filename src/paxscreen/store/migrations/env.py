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
        with engine.begin() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
