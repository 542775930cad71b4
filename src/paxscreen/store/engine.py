"""Engines for the two databases paxscreen runs on.

SQLite is the laptop default: it gets WAL (readers never block the writer),
foreign keys (off by default in SQLite!) and a busy timeout so that the web app
and an ingest worker can share one file. PostgreSQL always goes through psycopg 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import StaticPool

from paxscreen.errors import StoreError

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_BEGIN_MODES = ("", "DEFERRED", "IMMEDIATE", "EXCLUSIVE")


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL and pin PostgreSQL to the psycopg 3 driver.

    Raises:
        StoreError: the URL cannot be read or names a database we do not support.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(f"not a database URL: {url!r}") from error
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise StoreError(f"unsupported database {backend!r}; use sqlite:/// or postgresql://")
    return parsed


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_engine_for(url: str | URL, **options: Any) -> Engine:
    """The engine for `url`: SQLite (file or memory) or PostgreSQL.

    For a SQLite file, the parent folder (e.g. `var/`) is created. An in-memory
    SQLite database lives on a single shared connection, so that every
    `engine.connect()` sees the same tables (the fake database of the tests).
    """
    parsed = normalise_url(url)
    # a web request holds one connection for its whole life and the iAPI service opens a
    # few more per request: the default pool (5 + 10) runs dry under concurrent check-ins
    if not is_memory_sqlite(parsed):
        options.setdefault("pool_size", 10)
        options.setdefault("max_overflow", 40)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, **options)
    if is_memory_sqlite(parsed):
        options.setdefault("poolclass", StaticPool)
        options.setdefault("connect_args", {"check_same_thread": False})
    else:
        folder = Path(parsed.database or "").parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the database folder {folder}: {error.strerror}"
            ) from error
        options.setdefault("connect_args", {"check_same_thread": False})
    engine = create_engine(parsed, **options)
    _configure_sqlite(engine, wal=not is_memory_sqlite(parsed))
    return engine


@contextmanager
def database_errors(url: str | URL) -> Iterator[None]:
    """Turn "cannot reach / open the database" into one StoreError line naming the URL."""
    try:
        yield
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        shown = normalise_url(url).render_as_string(hide_password=True)
        raise StoreError(f"cannot use the database at {shown}: {reason}") from error


@contextmanager
def outside_transactions(connection: Connection) -> Iterator[Connection]:
    """Each statement on `connection` commits by itself while inside (PostgreSQL).

    A single statement then needs no BEGIN and no COMMIT of its own: one round trip
    in place of three. psycopg's switch is client-side (no round trip); SQLAlchemy's
    `isolation_level="AUTOCOMMIT"` would be too, but setting it back means knowing the
    level the pool gave the connection. The connection must be outside a transaction.
    """
    driver = connection.connection.driver_connection
    if connection.dialect.name != "postgresql" or driver is None:
        raise StoreError(f"no autocommit switch for {connection.dialect.name}")
    before = driver.autocommit
    driver.autocommit = True
    try:
        yield connection
    finally:
        if not connection.invalidated:  # else lost: asking for it would connect again
            driver.autocommit = before


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    """Pragmas on every new connection, and SQLAlchemy (not pysqlite) owning BEGIN.

    pysqlite's own transaction handling delays BEGIN and breaks SAVEPOINTs; the
    SQLAlchemy-documented recipe turns it off and emits BEGIN itself, which the
    tests need for one rolled-back transaction per test.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # execution option sqlite_begin="IMMEDIATE" takes the write lock at once (migrations)
        mode = connection.get_execution_options().get("sqlite_begin", "")
        if mode not in SQLITE_BEGIN_MODES:
            raise ValueError(f"sqlite_begin must be one of {SQLITE_BEGIN_MODES}, not {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


__all__ = [
    "create_engine_for",
    "database_errors",
    "is_memory_sqlite",
    "normalise_url",
    "outside_transactions",
]
