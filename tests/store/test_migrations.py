"""The one migration builds, from nothing, exactly the schema the code defines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, update
from sqlalchemy.exc import DBAPIError

from paxscreen.store.engine import create_engine_for
from paxscreen.store.messages_repo import save_message
from paxscreen.store.migrate import (
    alembic_config,
    current,
    current_of,
    head_revision,
    schema_drift,
    schema_drift_of,
    upgrade,
    upgrade_connection,
)
from paxscreen.store.regenerate import INITIAL_FILE, render_initial_migration
from paxscreen.store.schema import load_metadata
from paxscreen.store.tables import messages
from services import postgres_url_or_skip
from store.databases import fresh_postgres_schema, postgres_engine_in
from store.factories import make_message


def test_committed_initial_migration_is_regenerated_from_current_tables() -> None:
    """Fails after a table change until `python -m paxscreen.store.regenerate` is run.

    Compares syntax trees, so that another ruff version's formatting does not count.
    """
    committed = ast.dump(ast.parse(INITIAL_FILE.read_text()))
    assert committed == ast.dump(ast.parse(render_initial_migration()))


def test_upgrade_from_empty_sqlite_matches_the_metadata(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/var/paxscreen.db"
    assert current(url) is None
    upgrade(url)
    assert current(url) == head_revision() == "0001_initial"
    assert schema_drift(url) == []
    upgrade(url)  # a second upgrade is a no-op
    engine = create_engine_for(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(load_metadata().tables) <= tables


@pytest.mark.postgres
def test_upgrade_from_empty_postgresql_matches_the_metadata() -> None:
    url = postgres_url_or_skip()
    with fresh_postgres_schema(url, prefix="t_migrate") as schema:
        in_schema = f"{url}?options=-csearch_path%3D{schema}"  # libpq option: our schema only
        assert current(in_schema) is None
        upgrade(in_schema)
        assert current(in_schema) == "0001_initial"
        assert schema_drift(in_schema) == []
        engine = postgres_engine_in(url, schema)
        with engine.connect() as connection:
            assert set(load_metadata().tables) <= set(inspect(connection).get_table_names())
        engine.dispose()


@pytest.mark.postgres
def test_upgrade_through_an_open_connection_stays_in_its_transaction() -> None:
    url = postgres_url_or_skip()
    with fresh_postgres_schema(url, prefix="t_migrate") as schema:
        engine = postgres_engine_in(url, schema)
        with engine.connect() as connection:
            transaction = connection.begin()
            upgrade_connection(connection)
            assert current_of(connection) == "0001_initial"
            assert schema_drift_of(connection) == []
            transaction.rollback()  # PostgreSQL DDL is transactional: nothing stays
            assert current_of(connection) is None
        engine.dispose()


def test_migrated_database_protects_raw_bytes_and_downgrades_to_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/paxscreen.db"
    upgrade(url)
    engine = create_engine_for(url)
    with engine.begin() as connection:
        save_message(connection, make_message())
    with pytest.raises(DBAPIError, match="immutable"), engine.begin() as connection:
        connection.execute(update(messages).values(raw=b"forged"))
    command.downgrade(alembic_config(url), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()


def test_drift_is_reported_when_a_table_is_missing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/paxscreen.db"
    upgrade(url)
    engine = create_engine_for(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE bag_tags")
    engine.dispose()
    assert [diff[0] for diff in schema_drift(url)][0] == "add_table"


def test_two_processes_upgrading_at_once_both_succeed(tmp_path: Path) -> None:
    """Alembic's context is process-global, so this needs real processes, not threads."""
    url = f"sqlite:///{tmp_path}/paxscreen.db"
    script = f"from paxscreen.store.migrate import upgrade; upgrade({url!r})"
    workers = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    assert current(url) == "0001_initial"
    assert schema_drift(url) == []
