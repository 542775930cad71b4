"""A flight is never loaded by two workers at once (PostgreSQL advisory locks)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from paxscreen.ingest.locks import lock_flights, lock_key
from paxscreen.store.engine import create_engine_for
from services import postgres_url_or_skip


def test_lock_keys_are_stable_signed_64_bit_numbers() -> None:
    key = lock_key("XX100/2026-03-01/FRA")
    assert key == lock_key("XX100/2026-03-01/FRA") != lock_key("XX101/2026-03-01/FRA")
    assert -(2**63) <= key < 2**63


@pytest.mark.postgres
def test_second_worker_cannot_take_a_locked_flight_until_the_first_commits() -> None:
    engine = create_engine_for(postgres_url_or_skip())
    flight = "XX100/2026-03-01/FRA"
    probe = text("SELECT pg_try_advisory_xact_lock(:key)")
    try:
        with engine.connect() as first, engine.connect() as second:
            with first.begin():
                lock_flights(first, [flight, "YY200/2026-03-01/CDG"])
                with second.begin():
                    assert second.execute(probe, {"key": lock_key(flight)}).scalar() is False
                    other = lock_key("ZZ300/2026-03-01/LHR")
                    assert second.execute(probe, {"key": other}).scalar() is True
            with second.begin():  # the first transaction ended: its locks went with it
                assert second.execute(probe, {"key": lock_key(flight)}).scalar() is True
    finally:
        engine.dispose()
