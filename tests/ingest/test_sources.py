"""The ways in: folders (twice), the drop folder with quarantine, reprocess, HTTP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from ingest.builders import Listed, Person, booking, paxlst, push
from ingest.snapshot import snapshot
from paxscreen.config import Settings
from paxscreen.ingest.catalogue import reprocess, select_message_ids
from paxscreen.ingest.senders import create_sender
from paxscreen.ingest.workers import expand_paths, ingest_paths, watch_once
from paxscreen.model import MessageStatus
from paxscreen.store.tables import messages
from paxscreen.web.app import create_app

CHANGED = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
CLOCK = lambda: dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)  # noqa: E731


def _done(statuses: dict[str, int]) -> dict[str, int]:
    """Loaded and screened count alike (screened when a screener is registered)."""
    done = sum(count for status, count in statuses.items() if status in ("loaded", "screened"))
    rest = {
        status: count for status, count in statuses.items() if status not in ("loaded", "screened")
    }
    return {"loaded": done, **rest}


def _write_day(folder: Path) -> None:
    """A small day of traffic: two pushes (one in two parts), a PAXLST, a close-out."""
    john = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
    jane = Person("DOE", "JANE", dt.date(1982, 5, 6), "P456", "1", "U2", sex="F", title="MRS")
    both = [booking("ABC123", [john], changed=CHANGED), booking("DEF456", [jane], changed=CHANGED)]
    first = push(both, prepared=dt.datetime(2026, 2, 26, 10), per_part=1)
    later = CHANGED + dt.timedelta(days=20)
    second = push(
        [booking("ABC123", [john, jane], changed=later)],
        prepared=dt.datetime(2026, 2, 28, 10),
        function="141",
    )
    listed = [Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "ABC123", "U1")]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pnr-1-part1.edi").write_bytes(first[0])
    (folder / "pnr-1-part2.edi").write_bytes(first[1])
    (folder / "pnr-2.edi").write_bytes(second[0])
    (folder / "api.edi").write_bytes(paxlst(listed, prepared=dt.datetime(2026, 3, 1, 8)))


def test_ingesting_the_same_folder_twice_changes_nothing(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    _write_day(tmp_path / "day")
    files = expand_paths([str(tmp_path / "day")])
    first = ingest_paths(engine, files, settings=settings, clock=CLOCK)
    picture = snapshot(engine)
    second = ingest_paths(engine, files, settings=settings, clock=CLOCK)
    assert _done(first.statuses) == {"loaded": 4}
    assert second.statuses == {"duplicate": 4}
    assert snapshot(engine) == picture
    assert len(picture["bookings"]) == 3 and picture["pairs"]


def test_globs_and_folders_expand_to_sorted_files(tmp_path: Path) -> None:
    _write_day(tmp_path / "day")
    assert [p.name for p in expand_paths([str(tmp_path / "day" / "pnr-*.edi")])] == [
        "pnr-1-part1.edi", "pnr-1-part2.edi", "pnr-2.edi",
    ]  # fmt: skip


def test_reprocess_is_idempotent(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    _write_day(tmp_path / "day")
    ingest_paths(engine, expand_paths([str(tmp_path / "day")]), settings=settings, clock=CLOCK)
    picture = snapshot(engine)
    with engine.connect() as connection:
        ids = select_message_ids(connection)
    outcomes = reprocess(engine, ids, settings=settings, now=CLOCK())
    assert {outcome.status for outcome in outcomes} <= {
        MessageStatus.LOADED,
        MessageStatus.SCREENED,
    }
    assert snapshot(engine) == picture


def test_drop_folder_archives_good_files_and_quarantines_unreadable_ones(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    _write_day(drop)
    (drop / "garbage.txt").write_bytes(b"this is not a message at all")
    done = watch_once(engine, drop, settings=settings, clock=CLOCK)
    assert len(done) == 5
    assert sorted(p.name for p in (drop / "archive").iterdir()) == [
        "api.edi", "pnr-1-part1.edi", "pnr-1-part2.edi", "pnr-2.edi",
    ]  # fmt: skip
    reason = (drop / "quarantine" / "garbage.txt.reason").read_text()
    assert reason.startswith("failed_parse: no readable UNH message header")
    assert (drop / "quarantine" / "garbage.txt").read_bytes() == b"this is not a message at all"
    with engine.connect() as connection:  # the unreadable bytes are kept too
        kept = connection.execute(
            select(messages.c.raw).where(messages.c.status == "failed_parse")
        ).scalar()
    assert bytes(kept) == b"this is not a message at all"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}", secret_key="test-secret-key-0123456789"
    )
    app = create_app(settings)
    from paxscreen.store.schema import load_metadata

    load_metadata().create_all(app.state.engine)
    return TestClient(app)


def test_http_post_answers_202_with_id_after_commit_and_processes(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        key = create_sender(connection, "XX")
    raw = paxlst(
        [Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123")], prepared=dt.datetime(2026, 3, 1, 8)
    )
    response = client.post("/api/messages", content=raw, headers={"X-API-Key": key})
    assert response.status_code == 202
    message_id = response.json()["id"]
    with engine.connect() as connection:
        row = connection.execute(select(messages).where(messages.c.id == message_id)).one()
    assert bytes(row.raw) == raw and row.sender == "XX" and row.transport == "http"
    assert row.status in ("loaded", "screened")  # processed in the background after the answer


def test_http_post_refuses_unknown_key_and_stores_nothing(client: TestClient) -> None:
    response = client.post("/api/messages", content=b"UNB+...", headers={"X-API-Key": "wrong"})
    assert response.status_code == 401
    with client.app.state.engine.connect() as connection:  # type: ignore[attr-defined]
        assert connection.execute(select(messages.c.id)).first() is None


def test_http_message_list_needs_an_operator_session(client: TestClient) -> None:
    assert client.get("/api/messages").status_code == 401


def test_metrics_show_messages_by_type_and_status(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        key = create_sender(connection, "XX")
    raw = paxlst(
        [Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123")], prepared=dt.datetime(2026, 3, 1, 8)
    )
    client.post("/api/messages", content=raw, headers={"Authorization": f"Bearer {key}"})
    text = client.get("/metrics").text
    assert 'type="PAXLST"} 1.0' in text and "paxscreen_messages{" in text
    assert "paxscreen_ingest_queue_depth" in text
    assert "paxscreen_ingest_processing_seconds_bucket" in text
