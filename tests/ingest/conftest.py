"""Fixtures for ingestion tests: a fresh database per test, settings, an `ingest` helper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from paxscreen.config import Settings, load_settings
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.pipeline import Outcome, process_message
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata

NOW = dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)
Ingest = Callable[..., Outcome]


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = create_engine_for("sqlite://")
    load_metadata().create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def settings() -> Settings:
    return load_settings(database_url="sqlite://", secret_key="test-secret-key-0123456789")


@pytest.fixture
def ingest(engine: Engine, settings: Settings) -> Ingest:
    """Keep and process one raw message, as any source does."""

    def run(raw: bytes, *, now: dt.datetime = NOW, transport: str = "file") -> Outcome:
        message_id = keep_committed(engine, Arrival(raw=raw, transport=transport), now=now)
        return process_message(engine, message_id, settings=settings, now=now)

    return run


@pytest.fixture(autouse=True)
def no_screeners(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Ingestion tests run without the screeners other modules register on import
    (and without the ones the CLI and the app load when they start)."""
    import paxscreen.cli
    import paxscreen.web.app

    monkeypatch.setattr(paxscreen.cli, "load_screeners", lambda: [])
    monkeypatch.setattr(paxscreen.web.app, "load_screeners", lambda: [])
    from paxscreen.screening.interface import (
        register_screener,
        registered_screeners,
        unregister_screener,
    )

    saved = registered_screeners()
    for name in saved:
        unregister_screener(name)
    yield
    for name in registered_screeners():
        unregister_screener(name)
    for name, screener in saved.items():
        register_screener(name, screener)
