"""A waiting part is parsed once: its set's completion takes the parse made on arrival.

The parse is handed back only when parsing the stored bytes again would give the
same: same bytes, same secret key, and the same PNRs current (left out unchanged).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from ingest.builders import Person, booking, push
from ingest.conftest import NOW, Ingest
from ingest.snapshot import snapshot
from paxscreen.config import Settings
from paxscreen.ingest import part_parses, pipeline
from paxscreen.ingest.expiry import expire_part_sets
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.parsing import Parsed, Unchanged, parse_units
from paxscreen.ingest.part_parses import keep_parse, take_parse
from paxscreen.ingest.pipeline import process_message
from paxscreen.model import MessageStatus
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata

PREPARED = dt.datetime(2026, 2, 28, 10, 0)
CHANGED = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
SECRET = "test-secret-key-0123456789"
PEOPLE = [Person(f"PASSENGER{n}", "ALEX", dt.date(1970, 1, n + 1), f"P{n}", "1") for n in range(6)]
BOOKINGS = [booking(f"LOC00{n}", [person], changed=CHANGED) for n, person in enumerate(PEOPLE)]


@pytest.fixture(autouse=True)
def empty_memory() -> Iterator[None]:
    part_parses.forget_all()
    yield
    part_parses.forget_all()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the pipeline parsed each message."""
    counted: Counter[str] = Counter()

    def counting(raw: bytes, *, message_id: str, **options: Any) -> Parsed:
        counted[message_id] += 1
        return parse_units(raw, message_id=message_id, **options)

    monkeypatch.setattr(pipeline, "parse_units", counting)
    return counted


def _parts() -> list[bytes]:
    return push(BOOKINGS, prepared=PREPARED, per_part=2)


def test_each_part_is_parsed_once_in_any_order(
    engine: Engine, ingest: Ingest, parses: Counter[str]
) -> None:
    first, second, third = _parts()
    waiting = [ingest(third), ingest(first)]
    assert {outcome.status for outcome in waiting} == {MessageStatus.WAITING_PARTS}
    assert ingest(second).status == MessageStatus.LOADED
    assert sorted(parses.values()) == [1, 1, 1]


def _fresh_engine() -> Engine:
    engine = create_engine_for("sqlite://")
    load_metadata().create_all(engine)
    return engine


def _run(settings: Settings, *, forget_before_last: bool) -> tuple[dict[str, Any], Engine]:
    """Part 1 waits; a push makes its first PNR current; part 2 completes the set."""
    engine = _fresh_engine()
    first, second = push(BOOKINGS[:4], prepared=PREPARED, per_part=2)
    single = push(BOOKINGS[:1], prepared=PREPARED - dt.timedelta(hours=1), control="2")[0]
    for raw in (first, single):
        message_id = keep_committed(engine, Arrival(raw=raw, transport="file"), now=NOW)
        process_message(engine, message_id, settings=settings, now=NOW)
    if forget_before_last:
        part_parses.forget_all()
    message_id = keep_committed(engine, Arrival(raw=second, transport="file"), now=NOW)
    assert process_message(engine, message_id, settings=settings, now=NOW).status == "loaded"
    return snapshot(engine), engine


def test_part_is_parsed_again_when_its_pnrs_became_current_meanwhile(
    settings: Settings, parses: Counter[str]
) -> None:
    kept, kept_engine = _run(settings, forget_before_last=False)
    assert sorted(parses.values()) == [1, 1, 2]  # part 1 again: a PNR of it is current now
    parses.clear()
    parsed_again, again_engine = _run(settings, forget_before_last=True)
    assert kept == parsed_again
    kept_engine.dispose()
    again_engine.dispose()


def test_kept_parse_is_given_only_for_the_same_bytes_and_key() -> None:
    raw = _parts()[0]
    parsed = parse_units(raw, message_id="m1", secret_key=SECRET)
    nothing_current: Unchanged = lambda fingerprints: set()  # noqa: E731
    for other_raw, other_key in ((raw + b"\n", SECRET), (raw, SECRET + "x")):
        keep_parse("m1", raw=raw, secret_key=SECRET, parsed=parsed)
        assert (
            take_parse("m1", raw=other_raw, secret_key=other_key, unchanged=nothing_current) is None
        )
    keep_parse("m1", raw=raw, secret_key=SECRET, parsed=parsed)
    assert take_parse("m1", raw=raw, secret_key=SECRET, unchanged=nothing_current) is parsed
    assert take_parse("m1", raw=raw, secret_key=SECRET, unchanged=nothing_current) is None


def test_kept_parse_is_not_given_when_other_pnrs_are_current() -> None:
    raw = _parts()[0]
    parsed = parse_units(raw, message_id="m1", secret_key=SECRET)
    keep_parse("m1", raw=raw, secret_key=SECRET, parsed=parsed)
    all_current: Unchanged = set  # every fingerprint asked about
    assert take_parse("m1", raw=raw, secret_key=SECRET, unchanged=all_current) is None


def test_memory_keeps_at_most_its_limit_of_raw_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _parts()[0]
    parsed = parse_units(raw, message_id="m1", secret_key=SECRET)
    monkeypatch.setattr(part_parses, "LIMIT_BYTES", 2 * len(raw))
    for message_id in ("m1", "m2", "m3"):
        keep_parse(message_id, raw=raw, secret_key=SECRET, parsed=parsed)
    nothing_current: Unchanged = lambda fingerprints: set()  # noqa: E731
    assert take_parse("m1", raw=raw, secret_key=SECRET, unchanged=nothing_current) is None
    assert take_parse("m3", raw=raw, secret_key=SECRET, unchanged=nothing_current) is parsed


def test_parts_loaded_after_the_timeout_are_not_parsed_again(
    engine: Engine, ingest: Ingest, settings: Settings, parses: Counter[str]
) -> None:
    first, _missing, third = _parts()
    ingest(first)
    ingest(third)
    timeout = dt.timedelta(minutes=10)
    outcomes = expire_part_sets(engine, settings=settings, now=NOW + timeout, timeout=timeout)
    assert {outcome.status for outcome in outcomes} == {MessageStatus.LOADED}
    assert sorted(parses.values()) == [1, 1]


def test_resent_part_number_keeps_no_parse(engine: Engine, ingest: Ingest) -> None:
    first = _parts()[0]
    resent = push(list(reversed(BOOKINGS)), prepared=PREPARED, per_part=2)[0]
    assert ingest(first).status == ingest(resent).status == MessageStatus.WAITING_PARTS
    assert len(part_parses._kept) == 1  # the set's part 1 is the first arrival's
