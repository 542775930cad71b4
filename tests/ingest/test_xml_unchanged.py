"""PNRGOV XML pushes leave out PNRs identical to their current version, as EDIFACT ones do.

A PNR left out is never read: only its sighting is recorded, and it must be what a
read would have recorded (the version with the PNR's own transaction time). The
fingerprint covers the pushed flight, so a connecting passenger's PNR pushed
unchanged for a second flight is loaded there, and never taken as already stored.
The sighting test runs on EDIFACT pushes too: both formats must record what a read
records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from ingest.builders import (
    CHANGED_1,
    CHANGED_2,
    FLIGHT,
    JANE,
    JOHN,
    T24,
    T72,
    booking,
    push,
    xml_push,
)
from ingest.conftest import NOW
from ingest.snapshot import snapshot
from paxscreen.config import Settings
from paxscreen.findings import Finding
from paxscreen.ingest import pipeline
from paxscreen.ingest.fingerprint import xml_digests
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.parsing import parse_units, unchanged_findings
from paxscreen.ingest.pipeline import Outcome, process_message
from paxscreen.ingest.redaction_marks import REDACTION_CODES, forget_all
from paxscreen.model import Booking, Flight, ItinerarySegment, MessageStatus, Remark
from paxscreen.privacy.redaction import redact_raw
from paxscreen.store.engine import create_engine_for
from paxscreen.store.ingest_tables import ingest_versions
from paxscreen.store.schema import load_metadata
from paxscreen.store.tables import bookings, flights, messages, travellers

KEY = "xml-unchanged-test-key-0123456789"
FIXTURE = (Path(__file__).parents[1] / "fixtures" / "pnr" / "xml_two_pnrs.xml").read_bytes()
MEAL = Remark(kind="SSR", code="MOML", text="", traveller_index=0)  # withheld as sensitive
ONWARD = Flight(
    carrier="XX",
    number="200",
    origin="JFK",
    destination="LAX",
    departure_local=dt.datetime(2026, 3, 1, 16, 0),
    arrival_local=dt.datetime(2026, 3, 1, 19, 0),
)


def _ingest(engine: Engine, settings: Settings, raw: bytes) -> Outcome:
    message_id = keep_committed(engine, Arrival(raw=raw, transport="file"), now=NOW)
    return process_message(engine, message_id, settings=settings, now=NOW)


def _versions_of(engine: Engine, message_id: str) -> list[tuple[Any, ...]]:
    """What the message recorded per PNR: key, flight, row, version text, fingerprint ..."""
    columns = ingest_versions.c
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                columns.entity_key, columns.flight_id, columns.row_id, columns.version,
                columns.fingerprint, columns.decision, columns.is_current,
            )
            .where(columns.message_id == message_id)
            .order_by(columns.entity_key)
        ).all()  # fmt: skip
    return [tuple(row) for row in rows]


def _message(engine: Engine, message_id: str) -> tuple[bytes, list[str]]:
    with engine.connect() as connection:
        row = connection.execute(
            select(messages.c.raw, messages.c.findings).where(messages.c.id == message_id)
        ).one()
    return bytes(row.raw), [finding["code"] for finding in row.findings]


def _edifact_push(bookings: list[Booking], *, prepared: dt.datetime, function: str = "22") -> bytes:
    (interchange,) = push(bookings, prepared=prepared, function=function)
    return interchange


def _two_pushes(
    engine: Engine, settings: Settings, write: Callable[..., bytes]
) -> tuple[Outcome, Outcome]:
    """ABC123 sent again unchanged (with a sensitive SSR to redact), XYZ999 changed."""
    kept = booking("ABC123", [JOHN], changed=CHANGED_1, remarks=[MEAL])
    first = [kept, booking("XYZ999", [JANE], changed=CHANGED_1)]
    second = [kept, booking("XYZ999", [JANE, JOHN], changed=CHANGED_2)]
    return (
        _ingest(engine, settings, write(first, prepared=T72)),
        _ingest(engine, settings, write(second, prepared=T24, function="141")),
    )


@pytest.mark.parametrize("write", [xml_push, _edifact_push], ids=["xml", "edifact"])
def test_unchanged_pnr_is_left_out_and_recorded_as_a_read_records_it(
    engine: Engine,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    write: Callable[..., bytes],
) -> None:
    """Both formats: EDIFACT's sighting takes the PNR's DAT 700 from the stored version."""
    forget_all()  # redaction of the left-out PNR: read again, not remembered
    skipping = _two_pushes(engine, settings, write)
    careful = create_engine_for("sqlite://")
    load_metadata().create_all(careful)
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "_current_pnrs", lambda _c: lambda _prints: set())
        reading = _two_pushes(careful, settings, write)

    assert [o.status for o in skipping + reading] == [MessageStatus.LOADED] * 4
    left_out, read = (
        _versions_of(engine, skipping[1].message_id),
        _versions_of(careful, reading[1].message_id),
    )
    assert left_out == read
    assert [(key.split("/")[0], decision) for key, _f, _r, _v, _p, decision, _c in read] == [
        ("ABC123", "same"),  # unchanged: only its sighting ...
        ("XYZ999", "apply"),  # ... the changed PNR is read and applied
    ]
    assert read[0][3].startswith("2026-02-01T09:00:00")  # the PNR's own time, not T24
    assert snapshot(engine) == snapshot(careful)
    raw_left_out, codes_left_out = _message(engine, skipping[1].message_id)
    raw_read, codes_read = _message(careful, reading[1].message_id)
    assert "ingest.pnr-unchanged" in codes_left_out and "ingest.pnr-unchanged" not in codes_read
    assert "pnrgov.pnr-count-mismatch" not in codes_left_out  # NumberOfPnrs counts it
    assert raw_left_out == raw_read  # its withheld SSR redacted all the same
    careful.dispose()


def _connecting(locator: str) -> Booking:
    """A passenger booked on FLIGHT and on ONWARD: the same PNR is pushed for both."""
    first = booking(locator, [JOHN], changed=CHANGED_1)
    onward = ItinerarySegment(
        sequence=2, carrier="XX", number="200", origin="JFK", destination="LAX",
        departure_local=ONWARD.departure_local, arrival_local=ONWARD.arrival_local,
        class_of_service="Y", status="HK",
    )  # fmt: skip
    return dataclasses.replace(first, itinerary=[*first.itinerary, onward])


def test_connecting_xml_pnr_pushed_unchanged_for_a_second_flight_is_loaded_there(
    engine: Engine, settings: Settings
) -> None:
    pnr = _connecting("ABC123")
    first = _ingest(engine, settings, xml_push([pnr], prepared=T72, flight=FLIGHT))
    second = _ingest(engine, settings, xml_push([pnr], prepared=T72, flight=ONWARD))

    assert first.status == second.status == MessageStatus.LOADED
    with engine.connect() as connection:
        onward_id = connection.execute(
            select(flights.c.id).where(flights.c.flight_key.like("XX200%"))
        ).scalar_one()
        on_onward = connection.execute(
            select(travellers.c.id).where(travellers.c.flight_id == onward_id)
        ).all()
        current = connection.execute(
            select(bookings.c.record_locator).where(bookings.c.superseded.is_(False))
        ).all()
    assert _versions_of(engine, second.message_id)[0][:2] == (
        f"ABC123/flight:{onward_id}",
        onward_id,
    )
    assert _versions_of(engine, second.message_id)[0][5] == "apply"
    assert len(on_onward) == 1 and len(current) == 2  # one version per pushed flight
    assert "ingest.pnr-unchanged" not in _message(engine, second.message_id)[1]


def test_xml_pnr_fingerprint_covers_the_pushed_flight() -> None:
    pnr = _connecting("ABC123")
    on_first = xml_digests(xml_push([pnr], prepared=T72, flight=FLIGHT))[1]
    resent = xml_digests(xml_push([pnr], prepared=T24, function="141", flight=FLIGHT))[1]
    on_onward = xml_digests(xml_push([pnr], prepared=T72, flight=ONWARD))[1]
    assert on_first == resent  # the envelope is not the PNR
    assert len(on_first) == len(on_onward) == 1 and on_first != on_onward


def _places(findings: list[Finding]) -> set[tuple[str, int]]:
    return {
        (finding.code, finding.position.offset)
        for finding in findings
        if finding.code in REDACTION_CODES and finding.position is not None
    }


def test_left_out_xml_pnrs_are_redacted_at_the_same_places_remembered_or_read_again() -> None:
    forget_all()
    first = parse_units(FIXTURE, message_id="m1", secret_key=KEY)  # every PNR read: remembered
    expected = _places([finding for unit in first.units for finding in unit.findings])
    assert expected, "the fixture holds sensitive items to redact"

    repeat = parse_units(FIXTURE, message_id="m2", secret_key=KEY, unchanged=set)
    assert repeat.units[0].bookings == [] and repeat.digests[0].fingerprints is None
    assert repeat.digests[0].unchanged == first.digests[0].fingerprints
    remembered = unchanged_findings(FIXTURE, repeat, message_id="m2", secret_key=KEY)
    forget_all()
    read_again = unchanged_findings(FIXTURE, repeat, message_id="m2", secret_key=KEY)

    assert _places(remembered) == _places(read_again) == expected
    redacted = [
        redact_raw(FIXTURE, findings=found, format="xml").raw for found in (remembered, read_again)
    ]
    assert redacted[0] == redacted[1] != FIXTURE


def test_left_out_xml_pnrs_carry_their_own_transaction_times() -> None:
    first = parse_units(FIXTURE, message_id="m1", secret_key=KEY)
    repeat = parse_units(FIXTURE, message_id="m2", secret_key=KEY, unchanged=set)
    assert repeat.digests[0].unchanged_times == [
        booking.last_changed for booking in first.units[0].bookings
    ]
