"""Reading and writing `ingest_versions`: the history of every PNR and API traveller.

Each version seen, applied or not, gets a row; exactly one row per entity is
`is_current`. Reading the current versions of a whole push is one query.
A row's `row_id` names the stored row that holds its version's data: when a
version moves from its row to a history row (a PNR written over its row in
place), the rows that named it are moved along (`record_versions(moved=...)`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, Integer, String, Update, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY

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
    # the entity had no current version when the message was read (a new PNR, a
    # traveller just inserted): applying it retires nothing, so no UPDATE looks
    first: bool = False


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
    moved: Mapping[str, tuple[int, int]] | None = None,
) -> None:
    """Append the versions; applied ones become current, replacing the previous current.

    `moved`: entity key -> (row id, history row id) for entities whose stored version
    left its row for a history row; the rows (stored and given) that named the row for
    that version name the history row instead. Applied versions name their own row.
    The current version of a moved entity is one of the rows that named its row (the
    row a newer version was written over is the one the current version names), so
    the move retires it in the same write (`_move_row_ids`) and the flip of the
    other applied entities' current versions leaves it out, as it leaves out the
    entities' `first` versions (nothing current to retire).
    """
    if moved:
        _move_row_ids(connection, kind, moved)
        versions = [_moved(version, moved) for version in versions]
    if not versions:
        return
    applied = sorted(
        {v.entity_key for v in versions if v.decision == Decision.APPLY and not v.first}
        - (moved or {}).keys()
    )
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


def _moved(version: NewVersion, moved: Mapping[str, tuple[int, int]]) -> NewVersion:
    named, held_by = moved.get(version.entity_key, (None, None))
    if version.decision == Decision.APPLY or version.row_id is None or version.row_id != named:
        return version
    return replace(version, row_id=held_by)


def _move_row_ids(connection: Connection, kind: str, moved: Mapping[str, tuple[int, int]]) -> None:
    """Every stored version row of these entities that names the row names the history row,
    and none of them is current any more (the caller applies a newer version of each).

    Moving and retiring in one UPDATE writes the current version's row once, not
    twice (each write of a row is a new row version, and one that changes
    `is_current` a new entry in each index). One UPDATE ... FROM unnest(arrays) on
    PostgreSQL (a statement compiled once); SQLite, which has no unnest, runs one
    small UPDATE per entity.
    """
    moves = sorted(moved.items())
    if connection.dialect.name == "postgresql":
        arrays = {
            "b_keys": [key for key, _rows in moves],
            "b_named": [rows[0] for _key, rows in moves],
            "b_held_by": [rows[1] for _key, rows in moves],
        }
        with planned_per_call(connection):
            connection.execute(_MOVE_ROW_IDS, {"b_kind": kind, **arrays})
        return
    table = ingest_versions
    statement = (
        update(table)
        .where(
            table.c.kind == kind,
            table.c.entity_key == bindparam("b_key"),
            table.c.row_id == bindparam("b_named"),
        )
        .values(row_id=bindparam("b_held_by"), is_current=False)
    )
    connection.execute(
        statement,
        [{"b_key": key, "b_named": rows[0], "b_held_by": rows[1]} for key, rows in moves],
    )


def _move_row_ids_statement() -> Update:
    table = ingest_versions
    moves = (
        func.unnest(
            bindparam("b_keys", type_=ARRAY(String)),
            bindparam("b_named", type_=ARRAY(Integer)),
            bindparam("b_held_by", type_=ARRAY(Integer)),
        )
        .table_valued("entity_key", "named", "held_by")
        .render_derived()
    )
    return (
        update(table)
        .where(
            table.c.kind == bindparam("b_kind"),
            table.c.entity_key == moves.c.entity_key,
            table.c.row_id == moves.c.named,
        )
        .values(row_id=moves.c.held_by, is_current=False)
    )


_MOVE_ROW_IDS = _move_row_ids_statement()


__all__ = [
    "NewVersion",
    "StoredVersion",
    "current_by_fingerprint",
    "current_versions",
    "record_versions",
]
