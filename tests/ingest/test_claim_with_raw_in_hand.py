"""A worker that holds the bytes it just kept stores the same as one that reads them back.

`ingest_file` passes the kept bytes to `process_message`, so the claim does not send
them back from the database; every other source lets the claim read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from ingest.conftest import NOW
from ingest.snapshot import snapshot
from paxscreen.config import Settings
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.pipeline import process_message
from paxscreen.ingest.workers import ingest_file
from paxscreen.store.tables import messages
from store.databases import empty_database

FIXTURES = Path(__file__).parents[1] / "fixtures"
# a push with a card number (FOP): the stored copy is redacted from the bytes parsed
CARDED_PUSH = FIXTURES / "pnr" / "full_push_13_1.edi"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_databases(request: pytest.FixtureRequest) -> Iterator[tuple[Engine, Engine]]:
    with (
        empty_database(request.param, prefix="t_claim") as first,
        empty_database(request.param, prefix="t_claim") as second,
    ):
        yield first, second


def _stored_message(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        row = connection.execute(select(messages)).mappings().one()
    different_per_run = {"id", "created_at", "transport"}
    return {name: value for name, value in row.items() if name not in different_per_run}


def test_raw_in_hand_stores_what_reading_it_back_stores(
    two_databases: tuple[Engine, Engine], settings: Settings, tmp_path: Path
) -> None:
    in_hand, read_back = two_databases
    raw = CARDED_PUSH.read_bytes()
    assert b"4111111111111111" in raw
    path = tmp_path / "push.edi"
    path.write_bytes(raw)
    held = ingest_file(in_hand, path, settings=settings, now=NOW)
    message_id = keep_committed(read_back, Arrival(raw=raw, transport="file"), now=NOW)
    read = process_message(read_back, message_id, settings=settings, now=NOW)
    assert (held.status, held.reason) == (read.status, read.reason) == ("loaded", None)
    stored = _stored_message(in_hand)
    assert b"4111111111111111" not in stored["raw"]  # redacted from the bytes in hand
    assert stored == _stored_message(read_back)
    assert snapshot(in_hand) == snapshot(read_back)
