"""Drive the pipeline: files and folders, messages already stored, a watched folder.

Each source does the same three things in the same order: commit the raw bytes
(`keep`), process the message (`pipeline.process_message`), and only then
acknowledge the source (move the file to the archive or quarantine folder, ack
the AMQP delivery). A crash anywhere leaves either nothing (the source still has
the message and delivers it again) or a `received` message that
`process_pending` finishes at the next start.
"""

from __future__ import annotations

import datetime as dt
import glob
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from paxscreen.config import Settings
from paxscreen.ingest.expiry import expire_part_sets
from paxscreen.ingest.keep import Arrival, keep_and_commit
from paxscreen.ingest.pipeline import Outcome, process_message, process_on
from paxscreen.ingest.status import FAILED
from paxscreen.metrics import RECEIVED, get_logger
from paxscreen.model import MessageStatus
from paxscreen.store.tables import messages

Clock = Callable[[], dt.datetime]
logger = get_logger(__name__)

ARCHIVE = "archive"
QUARANTINE = "quarantine"
QUARANTINED = frozenset({MessageStatus.FAILED_PARSE, MessageStatus.FAILED_LOAD})


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(slots=True)
class Summary:
    """How many messages ended in each status, and which failed, for the operator."""

    statuses: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (origin, status, reason)

    def add(self, outcome: Outcome, origin: str) -> None:
        self.statuses[str(outcome.status)] += 1
        if outcome.status in FAILED:
            self.failures.append((origin, str(outcome.status), outcome.reason or ""))

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


def expand_paths(patterns: Iterable[str]) -> list[Path]:
    """Files named, files under folders (recursively), and glob matches; sorted, unique."""
    found: set[Path] = set()
    for pattern in patterns:
        matches = [Path(p) for p in glob.glob(pattern, recursive=True)] or [Path(pattern)]
        for path in matches:
            if path.is_dir():
                found.update(
                    p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                )
            elif path.is_file():
                found.add(path)
    return sorted(found)


def ingest_file(
    engine: Engine, path: Path, *, settings: Settings, now: dt.datetime, transport: str = "file"
) -> Outcome:
    """Keep the file's bytes (committed durably first), then process them: one checkout
    of the pool (one pre-ping) for the keep's transaction and the message's."""
    arrival = Arrival(raw=path.read_bytes(), transport=transport, origin=str(path))
    with engine.connect() as connection:
        message_id = keep_and_commit(connection, arrival, now=now)
        RECEIVED.labels(transport).inc()
        # the bytes just kept: the claim that starts processing need not send them back
        return process_on(connection, message_id, settings=settings, now=now, raw=arrival.raw)


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    settings: Settings,
    clock: Clock = utc_now,
    on_progress: Callable[[Path, Outcome], None] | None = None,
    parts_timeout: dt.timedelta | None = None,
) -> Summary:
    """Ingest every file, then process multi-part sets that waited past the timeout.

    The summary gives each message's final status (a part that waited and was then
    loaded with the rest of its set counts as loaded).
    """
    origins: dict[str, str] = {}
    for path in paths:
        outcome = ingest_file(engine, path, settings=settings, now=clock())
        origins[outcome.message_id] = str(path)
        if on_progress is not None:
            on_progress(path, outcome)
    timeout = parts_timeout if parts_timeout is not None else default_parts_timeout(settings)
    expire_part_sets(engine, settings=settings, now=clock(), timeout=timeout)
    return summarise(engine, origins)


def summarise(engine: Engine, origins: dict[str, str]) -> Summary:
    """The final status of each message, read back from the database."""
    summary = Summary()
    ids = list(origins)
    with engine.connect() as connection:
        for start in range(0, len(ids), 1000):
            statement = select(messages.c.id, messages.c.status, messages.c.status_reason).where(
                messages.c.id.in_(ids[start : start + 1000])
            )
            for row in connection.execute(statement):
                outcome = Outcome(row.id, MessageStatus(row.status), row.status_reason)
                summary.add(outcome, origins[row.id])
    return summary


def default_parts_timeout(settings: Settings) -> dt.timedelta:
    return dt.timedelta(minutes=settings.ingest.parts_timeout_minutes)


def pending_message_ids(engine: Engine, *, limit: int = 1000) -> list[str]:
    """Messages kept but not processed (a crash, or the HTTP source), oldest first."""
    statement = (
        select(messages.c.id)
        .where(messages.c.status == str(MessageStatus.RECEIVED))
        .order_by(messages.c.received_at, messages.c.created_at)
        .limit(limit)
    )
    with engine.connect() as connection:
        return list(connection.execute(statement).scalars())


def process_pending(engine: Engine, *, settings: Settings, clock: Clock = utc_now) -> list[Outcome]:
    return [
        process_message(engine, message_id, settings=settings, now=clock())
        for message_id in pending_message_ids(engine)
    ]


def _stable_files(folder: Path) -> Iterator[Path]:
    """Files in the drop folder that are not being written (size unchanged for a moment)."""
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.suffix == ".reason":
            continue
        size = path.stat().st_size
        time.sleep(0.05)
        if path.exists() and path.stat().st_size == size:
            yield path


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    counter = 1
    while target.exists():
        target = folder / f"{path.stem}.{counter}{path.suffix}"
        counter += 1
    shutil.move(str(path), target)
    return target


def watch_once(
    engine: Engine, folder: Path, *, settings: Settings, clock: Clock = utc_now
) -> list[tuple[Path, Outcome]]:
    """One pass over the drop folder: ingest, then archive or quarantine each file."""
    done = []
    for path in _stable_files(folder):
        outcome = ingest_file(
            engine, path, settings=settings, now=clock(), transport="watch-folder"
        )
        if outcome.status in QUARANTINED:
            target = _move(path, folder / QUARANTINE)
            why = outcome.reason or "no reason given"
            reason = f"{outcome.status}: {why}\nmessage id: {outcome.message_id}\n"
            target.with_name(target.name + ".reason").write_text(reason, encoding="utf-8")
        else:
            target = _move(path, folder / ARCHIVE)
        logger.info(
            "file ingested", path=str(path), moved_to=str(target), status=str(outcome.status)
        )
        done.append((target, outcome))
    return done


def watch(
    engine: Engine,
    folder: Path | None,
    *,
    settings: Settings,
    interval: float = 2.0,
    clock: Clock = utc_now,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Until told to stop: take files from `folder` (if any), finish messages other
    sources stored (e.g. `POST /api/messages` while a server restarted) and load
    multi-part sets that waited past the timeout."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    process_pending(engine, settings=settings, clock=clock)
    while not should_stop():
        if folder is not None:
            watch_once(engine, folder, settings=settings, clock=clock)
        process_pending(engine, settings=settings, clock=clock)
        expire_part_sets(
            engine, settings=settings, now=clock(), timeout=default_parts_timeout(settings)
        )
        time.sleep(interval)


__all__ = [
    "ARCHIVE",
    "QUARANTINE",
    "Summary",
    "expand_paths",
    "ingest_file",
    "ingest_paths",
    "pending_message_ids",
    "process_pending",
    "utc_now",
    "watch",
    "watch_once",
]
