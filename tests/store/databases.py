"""Database fixtures: an in-memory SQLite engine always, a PostgreSQL one when it answers.

Any test folder can use them with `from store.databases import *` in its conftest.py
(the `engine` fixture then runs each test on both databases).

PostgreSQL tests run in a fresh schema per test session (other helpers hit the
same `test` database at the same time), dropped at the end. Each test gets one
connection inside a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, Engine, event, text

from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata

__all__ = [
    "connection",
    "empty_database",
    "engine",
    "fresh_postgres_schema",
    "postgres_engine",
    "postgres_engine_in",
    "postgres_schema_url",
    "sqlite_engine",
]
from services import postgres_url_or_skip


@pytest.fixture(scope="session")
def sqlite_engine() -> Iterator[Engine]:
    engine = create_engine_for("sqlite://")
    load_metadata().create_all(engine)
    yield engine
    engine.dispose()


def _pin_search_path(engine: Engine, schema: str) -> None:
    @event.listens_for(engine, "connect")
    def _set_search_path(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute(f"SET search_path TO {schema}")
        cursor.close()
        dbapi_connection.commit()  # type: ignore[attr-defined]


@contextmanager
def fresh_postgres_schema(url: str, prefix: str = "t_store") -> Iterator[str]:
    """A new, empty PostgreSQL schema (dropped afterwards): isolation from other helpers."""
    schema = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine_for(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[tuple[str, str]]:
    """(URL, schema): a fresh, empty PostgreSQL schema for this test session."""
    url = postgres_url_or_skip()
    with fresh_postgres_schema(url) as schema:
        yield url, schema


def postgres_engine_in(url: str, schema: str) -> Engine:
    engine = create_engine_for(url)
    _pin_search_path(engine, schema)
    return engine


@pytest.fixture(scope="session")
def postgres_engine(postgres_schema_url: tuple[str, str]) -> Iterator[Engine]:
    url, schema = postgres_schema_url
    engine = postgres_engine_in(url, schema)
    load_metadata().create_all(engine)
    yield engine
    engine.dispose()


@contextmanager
def empty_database(kind: str, *, prefix: str) -> Iterator[Engine]:
    """A new database with every table and no rows: in-memory SQLite ("sqlite") or
    a fresh PostgreSQL schema ("postgres"; skips the test when it does not answer).

    For tests of code that commits, where a rolled-back connection cannot isolate them.
    """
    if kind == "sqlite":
        engine = create_engine_for("sqlite://")
        load_metadata().create_all(engine)
        yield engine
        engine.dispose()
        return
    url = postgres_url_or_skip()
    with fresh_postgres_schema(url, prefix) as schema:
        engine = postgres_engine_in(url, schema)
        load_metadata().create_all(engine)
        yield engine
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each test using it runs twice: on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_engine")  # type: ignore[no-any-return]


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()
