"""Senders allowed to post messages over HTTP, each with its own API key.

Only a SHA-256 of each key is stored: a key is 32 random bytes, so a fast hash is
enough (there is nothing to brute-force as there is with a password), and the
check costs one indexed lookup per request. The key itself is shown once, when
the sender is created, and can be rotated by creating it again.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import Connection, delete, insert, select

from paxscreen.store.ingest_tables import ingest_senders

KEY_BYTES = 32


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_sender(connection: Connection, name: str) -> str:
    """Create (or re-key) the sender `name`; returns the new API key, shown only now."""
    key = secrets.token_urlsafe(KEY_BYTES)
    connection.execute(delete(ingest_senders).where(ingest_senders.c.name == name))
    connection.execute(
        insert(ingest_senders).values(name=name, key_hash=hash_key(key), active=True)
    )
    return key


def authenticate_sender(connection: Connection, key: str | None) -> str | None:
    """The active sender holding this key, or None."""
    if not key:
        return None
    statement = select(ingest_senders.c.name).where(
        ingest_senders.c.key_hash == hash_key(key), ingest_senders.c.active.is_(True)
    )
    return connection.execute(statement).scalar()


__all__ = ["authenticate_sender", "create_sender", "hash_key"]
