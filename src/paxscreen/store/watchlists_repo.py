"""Watchlist storage: create lists, store a version per import or manual change, read
entries back. Entries are plain dicts in the JSON shape of the watchlist model, so
the store does not depend on the screening package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from paxscreen.errors import NotFoundError, StoreError
from paxscreen.store.watchlist_tables import (
    WATCHLIST_KINDS,
    watchlist_entries,
    watchlist_versions,
    watchlists,
)

ENTRY_FIELDS = (
    "entry_id",
    "primary_name",
    "names",
    "dates_of_birth",
    "nationalities",
    "sex",
    "documents",
    "category",
    "remarks",
    "source_reference",
    "added_by",
)


# What a record that leaves a field out stores (document lists carry only documents).
FIELD_DEFAULTS: dict[str, Any] = {
    "primary_name": "",
    "names": [],
    "dates_of_birth": [],
    "nationalities": [],
    "documents": [],
    "remarks": "",
    "source_reference": "",
}


def _field(entry: dict[str, Any], name: str) -> Any:
    value = entry.get(name)
    return FIELD_DEFAULTS.get(name) if value is None else value


def create_watchlist(
    connection: Connection,
    name: str,
    *,
    category: str,
    user: str,
    now: dt.datetime,
    kind: str = "person",
    severity: str = "high",
    description: str = "",
) -> int:
    """Raises StoreError for an empty or taken name or an unknown kind."""
    name = name.strip()
    if not name or not category.strip():
        raise StoreError("a watchlist needs a name and a category")
    if kind not in WATCHLIST_KINDS:
        raise StoreError(f"kind must be one of {', '.join(WATCHLIST_KINDS)}")
    if connection.execute(select(watchlists.c.id).where(watchlists.c.name == name)).first():
        raise StoreError(f"a watchlist named {name!r} exists already")
    return int(
        connection.execute(
            insert(watchlists)
            .returning(watchlists.c.id)
            .values(
                name=name,
                kind=kind,
                category=category.strip(),
                severity=severity,
                description=description,
                current_version=0,
                created_by=user,
                created_at=now,
            )
        ).scalar_one()
    )


def find_watchlist(connection: Connection, name: str) -> int | None:
    return connection.execute(select(watchlists.c.id).where(watchlists.c.name == name)).scalar()


def get_watchlist(connection: Connection, list_id: int) -> dict[str, Any]:
    row = connection.execute(select(watchlists).where(watchlists.c.id == list_id)).first()
    if row is None:
        raise NotFoundError(f"no watchlist with id {list_id}")
    return dict(row._mapping)


def list_watchlists(connection: Connection) -> list[dict[str, Any]]:
    """Every list with the number of entries in its current version."""
    counts = select(
        watchlist_versions.c.watchlist_id,
        watchlist_versions.c.version,
        watchlist_versions.c.entries,
        watchlist_versions.c.created_at,
    ).subquery()
    rows = connection.execute(
        select(watchlists, counts.c.entries, counts.c.created_at.label("updated_at"))
        .join(
            counts,
            (counts.c.watchlist_id == watchlists.c.id)
            & (counts.c.version == watchlists.c.current_version),
            isouter=True,
        )
        .order_by(watchlists.c.name)
    )
    return [{**row._mapping, "entries": row.entries or 0} for row in rows]


def _store_version(
    connection: Connection,
    list_id: int,
    entries: Sequence[dict[str, Any]],
    *,
    change: str,
    user: str,
    now: dt.datetime,
    source_name: str = "",
    source_format: str = "",
    rejected: Sequence[dict[str, Any]] = (),
    skipped: int = 0,
) -> int:
    current = get_watchlist(connection, list_id)["current_version"]
    version = int(current) + 1
    connection.execute(
        insert(watchlist_versions).values(
            watchlist_id=list_id,
            version=version,
            change=change,
            source_name=source_name,
            source_format=source_format,
            entries=len(entries),
            rejected=list(rejected),
            skipped=skipped,
            created_by=user,
            created_at=now,
        )
    )
    if entries:
        connection.execute(
            insert(watchlist_entries),
            [
                {"watchlist_id": list_id, "version": version}
                | {name: _field(entry, name) for name in ENTRY_FIELDS}
                for entry in entries
            ],
        )
    connection.execute(
        update(watchlists).where(watchlists.c.id == list_id).values(current_version=version)
    )
    return version


def import_version(
    connection: Connection,
    list_id: int,
    entries: Sequence[dict[str, Any]],
    *,
    user: str,
    now: dt.datetime,
    source_name: str,
    source_format: str,
    rejected: Sequence[dict[str, Any]] = (),
    skipped: int = 0,
) -> int:
    """Store an imported file as the list's new version; returns the version number."""
    return _store_version(
        connection, list_id, entries, change="import", user=user, now=now,
        source_name=source_name, source_format=source_format, rejected=rejected,
        skipped=skipped,
    )  # fmt: skip


def add_entry(
    connection: Connection, list_id: int, entry: dict[str, Any], *, user: str, now: dt.datetime
) -> int:
    """A new version: the current entries plus `entry` (added by `user`)."""
    current = entries_of(connection, list_id, limit=None)
    taken = {item["entry_id"] for item in current}
    if entry["entry_id"] in taken:
        raise StoreError(f"entry id {entry['entry_id']!r} is already on the list")
    return _store_version(
        connection, list_id, [*current, {**entry, "added_by": user}], change="manual",
        user=user, now=now, source_name="manual addition",
    )  # fmt: skip


def entries_of(
    connection: Connection,
    list_id: int,
    *,
    version: int | None = None,
    search: str | None = None,
    limit: int | None = 200,
) -> list[dict[str, Any]]:
    """Entries of one version (the current one by default), optionally filtered by name,
    entry id or document number."""
    chosen = version or get_watchlist(connection, list_id)["current_version"]
    query = (
        select(*(watchlist_entries.c[name] for name in ENTRY_FIELDS))
        .where(watchlist_entries.c.watchlist_id == list_id, watchlist_entries.c.version == chosen)
        .order_by(watchlist_entries.c.id)
    )
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(watchlist_entries.c.primary_name).like(pattern),
                func.lower(watchlist_entries.c.entry_id).like(pattern),
                func.lower(func.cast(watchlist_entries.c.documents, String)).like(pattern),
            )
        )
    if limit is not None:
        query = query.limit(limit)
    return [dict(row._mapping) for row in connection.execute(query)]


def versions_of(connection: Connection, list_id: int) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(watchlist_versions)
        .where(watchlist_versions.c.watchlist_id == list_id)
        .order_by(watchlist_versions.c.version.desc())
    )
    return [dict(row._mapping) for row in rows]


__all__ = [
    "add_entry",
    "create_watchlist",
    "entries_of",
    "find_watchlist",
    "get_watchlist",
    "import_version",
    "list_watchlists",
    "versions_of",
]
