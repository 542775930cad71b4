"""The public implementation-guide sample in ../shared/samples/api (skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from paxscreen.messages import parse_interchange
from paxscreen.model import ParsedMessage

SAMPLE = Path(__file__).parents[2] / ".." / "shared" / "samples" / "api" / "apisMessage.txt"


@pytest.fixture(scope="module")
def parsed() -> ParsedMessage:
    if not SAMPLE.exists():
        pytest.skip(f"shared samples not present at {SAMPLE.resolve()}")
    messages = parse_interchange(SAMPLE.read_bytes(), message_id="apisMessage")
    assert len(messages) == 1
    return messages[0]


def test_sample_header(parsed: ParsedMessage) -> None:
    message = parsed.message
    assert (message.type, message.version, message.function) == ("PAXLST", "D:05B", "745")
    assert (message.sender, message.recipient, message.message_reference) == (
        "AIR1",
        "DHS",
        "PAX001",
    )
    assert message.transaction_reference == "AJYTR1070219"
    assert message.prepared_at == dt.datetime(2007, 2, 18, 15, 45)
    assert message.reporting_party is not None and message.reporting_party.startswith("JOHN SMITH")


def test_sample_flights_and_legs(parsed: ParsedMessage) -> None:
    flights = [
        (f.designator, f.origin, f.destination, f.departure_local, f.arrival_local)
        for f in parsed.flights
    ]
    assert flights == [
        ("AA123", "ATL", "ORD", dt.datetime(2007, 2, 19, 15, 40), dt.datetime(2007, 2, 19, 17, 40)),
        ("AA124", "ORD", "JFK", dt.datetime(2007, 2, 19, 18, 40), dt.datetime(2007, 2, 19, 19, 55)),
    ]


def test_sample_every_traveller_and_document(parsed: ParsedMessage) -> None:
    travellers = [
        (
            t.name.surname,
            t.name.given_names,
            t.sex,
            str(t.date_of_birth),
            t.embarkation,
            t.debarkation,
            t.record_locator,
            t.passenger_reference,
        )
        for t in parsed.travellers
    ]
    assert travellers == [
        ("CLARK", "MICHAEL", "M", "1972-09-07", "ATL", "JFK", "TYR123", "ABC123"),
        ("CLARK", "CHERYL", "F", "1973-04-07", "ORD", "JFK", "TYR123", "TYL009"),
    ]
    assert parsed.travellers[0].redress_number == "1234567890ABC"
    assert parsed.travellers[0].frequent_flyers[0].number == "20060907NY123"
    # the sample carries no DOC group: no document is invented
    assert [len(t.documents) for t in parsed.travellers] == [0, 0]


def test_sample_oddities_become_findings(parsed: ParsedMessage) -> None:
    codes = {finding.code for finding in parsed.findings}
    assert {
        "edifact.indented-segments",  # every line starts with a blank
        "messages.padded-identifier",  # UNG recipient " DHS"
        "paxlst.missing-document",  # no DOC for either traveller
        "paxlst.missing-nationality",
        "paxlst.century-guessed",
    } <= codes
    assert "messages.parser-failed" not in codes
    assert all(f.position is None or f.position.line >= 1 for f in parsed.findings)
