"""Reading and writing `ingest_versions`: the history of every PNR and API traveller.

Each version seen, applied or not, gets a row; exactly one row per entity is
`is_current`. Reading the current versions of a whole push is one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from paxscreen.ingest.versions import Decision, VersionKey
from paxscreen.store.bulk import any_of
from paxscreen.store.dialect import planned_per_call
from paxscreen.store.ingest_tables import ingest_versions
from paxscreen.store.rows import IN_CHUNK, insert_rows


@dataclass(frozen=True, slots=True)
class StoredVersion:
    version: VersionKey
    fingerprint: str | None
    row_id: int | None
    message_id: str | None = None  # the message that carried it


@dataclass(frozen=True, slots=True)
class NewVersion:
    entity_key: str
    version: VersionKey
    decision: Decision
    row_id: int | None = None
    fingerprint: str | None = None


def current_versions(
    connection: Connection, kind: str, entity_keys: Sequence[str]
) -> dict[str, StoredVersion]:
    """The current version of each entity that has one."""
    found: dict[str, StoredVersion] = {}
    keys = sorted(set(entity_keys))
    for start in range(0, len(keys), IN_CHUNK):
        statement = select(
            ingest_versions.c.entity_key,
            ingest_versions.c.version,
            ingest_versions.c.fingerprint,
            ingest_versions.c.row_id,
            ingest_versions.c.message_id,
        ).where(
            ingest_versions.c.kind == kind,
            ingest_versions.c.is_current.is_(True),
            any_of(connection, ingest_versions.c.entity_key, keys[start : start + IN_CHUNK]),
        )
        with planned_per_call(connection):
            rows = connection.execute(statement).all()
        for row in rows:
            found[row.entity_key] = StoredVersion(
                VersionKey.from_text(row.version), row.fingerprint, row.row_id, row.message_id
            )
    return found


def current_by_fingerprint(
    connection: Connection, kind: str, fingerprints: Sequence[str]
) -> dict[str, tuple[str, int | None]]:
    """Fingerprint -> (entity key, row id) of current versions with that fingerprint."""
    found: dict[str, tuple[str, int | None]] = {}
    wanted = sorted(set(fingerprints))
    for start in range(0, len(wanted), IN_CHUNK):
        statement = select(
            ingest_versions.c.fingerprint, ingest_versions.c.entity_key, ingest_versions.c.row_id
        ).where(
            ingest_versions.c.kind == kind,
            ingest_versions.c.is_current.is_(True),
            any_of(connection, ingest_versions.c.fingerprint, wanted[start : start + IN_CHUNK]),
        )
        with planned_per_call(connection):
            rows = connection.execute(statement).all()
        for row in rows:
            found[row.fingerprint] = (row.entity_key, row.row_id)
    return found


def record_versions(
    connection: Connection,
    kind: str,
    versions: Sequence[NewVersion],
    *,
    message_id: str,
    flight_id: int | None,
) -> None:
    """Append the versions; applied ones become current, replacing the previous current."""
    if not versions:
        return
    applied = sorted({v.entity_key for v in versions if v.decision == Decision.APPLY})
    with planned_per_call(connection):
        for start in range(0, len(applied), IN_CHUNK):
            connection.execute(
                update(ingest_versions)
                .where(
                    ingest_versions.c.kind == kind,
                    ingest_versions.c.is_current.is_(True),
                    any_of(
                        connection, ingest_versions.c.entity_key, applied[start : start + IN_CHUNK]
                    ),
                )
                .values(is_current=False)
            )
    insert_rows(
        connection,
        ingest_versions,
        [
            {
                "kind": kind,
                "entity_key": version.entity_key,
                "flight_id": flight_id,
                "message_id": message_id,
                "row_id": version.row_id,
                "version": version.version.to_text(),
                "fingerprint": version.fingerprint,
                "decision": str(version.decision),
                "is_current": version.decision == Decision.APPLY,
            }
            for version in versions
        ],
    )


__all__ = [
    "NewVersion",
    "StoredVersion",
    "current_by_fingerprint",
    "current_versions",
    "record_versions",
]
