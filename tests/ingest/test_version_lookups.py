"""A push's version lookups visit the rows they ask for, not the whole history.

Every push asks `ingest_versions` for the current versions of its PNRs (by entity
key) and for PNRs already current with the same fingerprint. On PostgreSQL without
statistics (autovacuum off, tables never analysed) the planner once answered both
through an index leading with "kind, is_current" and visited every current version
of the kind on each push (41,862 rows for 93 fingerprints after 120 flights), a
cost that grew with the history. These tests count the rows the plans visit, so
they fail if a lookup scans again (both failed then: 6,000 rows for 40 asked).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event

from paxscreen.ingest.version_rows import (
    NewVersion,
    current_by_fingerprint,
    current_versions,
    record_versions,
)
from paxscreen.ingest.versions import Decision, VersionKey
from paxscreen.model import Message
from paxscreen.store.messages_repo import save_message
from store.databases import empty_database

pytestmark = pytest.mark.postgres

ENTITIES = 3_000  # PNRs on flights, each with an older and a current version
ASKED = 40  # the PNRs of one push
T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def database() -> Iterator[Engine]:
    with empty_database("postgres", prefix="version_lookups") as created:
        yield created


def _fingerprint(entity: int, version: int) -> str:
    return hashlib.sha256(f"{entity}/{version}".encode()).hexdigest()


def _version(hours: int) -> VersionKey:
    moment = T0 + dt.timedelta(hours=hours)
    return VersionKey(moment, moment, 22, 0, moment)


def _history(connection: Connection) -> None:
    """ENTITIES bookings with two versions each, and API travellers beside them."""
    message_id = save_message(connection, Message(raw=b"UNA:+.? '", received_at=T0))
    for version in (1, 2):
        record_versions(
            connection,
            "booking",
            [
                NewVersion(
                    f"PNR{entity:05d}/flight:1",
                    _version(version),
                    Decision.APPLY,
                    row_id=entity,
                    fingerprint=_fingerprint(entity, version),
                )
                for entity in range(ENTITIES)
            ],
            message_id=message_id,
            flight_id=None,
        )
    record_versions(
        connection,
        "api",
        [
            NewVersion(str(entity), _version(1), Decision.APPLY, row_id=entity)
            for entity in range(ENTITIES)
        ],
        message_id=message_id,
        flight_id=None,
    )


def _rows_visited(connection: Connection, lookup: Callable[[], object]) -> int:
    """The most rows any node of the lookup's plan produced or filtered away."""
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        captured.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", capture)
    try:
        lookup()
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    ((statement, parameters),) = captured
    raw = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    raw.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters)
    (plan,) = raw.fetchone()
    raw.close()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return _most_rows(plan[0]["Plan"])


def _most_rows(node: dict[str, Any]) -> int:
    own = int(node.get("Actual Rows", 0)) + int(node.get("Rows Removed by Filter", 0))
    return max([own, *(_most_rows(child) for child in node.get("Plans", []))])


def test_fingerprint_lookup_visits_only_the_fingerprints_asked_for(database: Engine) -> None:
    with database.begin() as connection:
        _history(connection)
        asked = [_fingerprint(entity, 2) for entity in range(0, ENTITIES, ENTITIES // ASKED)]
        found = current_by_fingerprint(connection, "booking", asked)
        assert len(found) == len(asked)  # the current versions, found
        visited = _rows_visited(
            connection, lambda: current_by_fingerprint(connection, "booking", asked)
        )
    assert visited <= 2 * len(asked), f"{visited} rows visited for {len(asked)} fingerprints"


def test_current_version_lookup_visits_only_the_entities_asked_for(database: Engine) -> None:
    with database.begin() as connection:
        _history(connection)
        keys = [f"PNR{entity:05d}/flight:1" for entity in range(0, ENTITIES, ENTITIES // ASKED)]
        found = current_versions(connection, "booking", keys)
        assert {key: stored.version.to_text() for key, stored in found.items()} == dict.fromkeys(
            keys, _version(2).to_text()
        )
        visited = _rows_visited(connection, lambda: current_versions(connection, "booking", keys))
    # an entity's older versions may be read and left: two versions each here
    assert visited <= 2 * len(keys), f"{visited} rows visited for {len(keys)} entities"
