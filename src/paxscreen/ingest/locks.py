"""A flight is never loaded by two workers at once.

On PostgreSQL each worker takes a transaction-scoped advisory lock per flight
(`pg_advisory_xact_lock`) before it reads the flight's current state; the lock
ends with the transaction, so a crashed worker can never leave one behind. Keys
are locked in sorted order so that two messages touching the same flights cannot
deadlock. SQLite has a single writer: the first write of a transaction takes the
database lock (waiting up to the busy timeout), so a loading transaction starts
by writing its message's status before it reads any flight, and other
transactions that read before they write start with `hold_writer`: a read
transaction that later tries to write while another connection has committed
fails at once ("database is locked") instead of waiting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import Connection, text

_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
# a write that changes nothing still makes SQLite take the writer's lock
_TAKE_SQLITE_WRITE_LOCK = text("UPDATE ingest_part_sets SET timed_out = timed_out WHERE 1 = 0")
_NAMESPACE = b"paxscreen.flight:"


def lock_key(flight_key: str) -> int:
    """A stable signed 64-bit number for a flight key (advisory locks take bigint)."""
    digest = hashlib.blake2b(_NAMESPACE + flight_key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_flights(connection: Connection, flight_keys: Iterable[str]) -> None:
    """Wait for exclusive use of these flights until the transaction ends."""
    if connection.dialect.name != "postgresql":
        hold_writer(connection)
        return
    for key in sorted({lock_key(flight_key) for flight_key in flight_keys}):
        connection.execute(_ADVISORY_LOCK, {"key": key})


def hold_writer(connection: Connection) -> None:
    """On SQLite, become the writer now (waiting up to the busy timeout), before reading."""
    if connection.dialect.name == "sqlite":
        connection.execute(_TAKE_SQLITE_WRITE_LOCK)


__all__ = ["hold_writer", "lock_flights", "lock_key"]
