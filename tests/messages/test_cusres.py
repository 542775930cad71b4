"""CUSRES replies: written per the iAPI shape, read back by our own parser."""

from __future__ import annotations

import datetime as dt

from tests.messages.paxlst_fixtures import FIXTURES

from paxscreen.edifact import tokenize
from paxscreen.messages import parse_interchange
from paxscreen.messages.cusres import (
    CusresReply,
    Directive,
    MessageLevelError,
    TravellerAnswer,
    write_cusres,
)
from paxscreen.messages.iapi import answer_request, read_iapi_request


def test_fixture_reply_is_read_with_directives_and_message_errors() -> None:
    parsed = parse_interchange((FIXTURES / "37_cusres_reply.edi").read_bytes())[0]
    assert (parsed.message.type, parsed.message.function) == ("CUSRES", "962")
    assert parsed.message.transaction_reference == "0000100"
    assert [(t.passenger_reference, t.boarding_status) for t in parsed.travellers] == [
        ("P1", "0Z"),
        ("P2", "1Z"),
    ]
    assert parsed.travellers[1].other_references == ["FTX+AAP:DO NOT BOARD"]
    assert parsed.flights[0].designator == "MU2599"
    assert "cusres.message-error" in {finding.code for finding in parsed.findings}


def test_reply_to_request_echoes_references_and_reads_back() -> None:
    request = read_iapi_request((FIXTURES / "38_iapi_clear_request.edi").read_bytes())
    reply = answer_request(
        request, lambda traveller: Directive.NO_BOARD, prepared_at=dt.datetime(2017, 1, 2, 10, 1)
    )
    raw = write_cusres(reply)
    interchange = tokenize(raw)
    assert interchange.findings == []
    assert interchange.application_reference == "IAPI"
    assert (interchange.sender, interchange.recipient) == ("NIAC", "CA")
    segments = [str(segment) for segment in interchange.messages[0].segments]
    assert segments[0] == "UNH+IREQ1+CUSRES:D:05B:UN:IATA++01:F"
    assert segments[1:3] == ["BGM+962", "RFF+TN:0000100"]
    expected_answer = ["ERP+2", "RFF+AVF:MLCKPK", "RFF+ABO:P1", "ERC+1Z", "FTX+AAP+++DO NOT BOARD"]
    assert segments[-6:-1] == expected_answer
    parsed = parse_interchange(raw)[0]
    assert parsed.message.message_reference == "IREQ1"
    assert [
        (t.record_locator, t.passenger_reference, t.boarding_status) for t in parsed.travellers
    ] == [("MLCKPK", "P1", "1Z")]
    assert (parsed.flights[0].origin, parsed.flights[0].destination) == ("PNH", "KMG")


def test_message_level_error_and_unsolicited_revocation_round_trip() -> None:
    reply = CusresReply(
        message_reference="U1",
        document="132",
        flight="MU2599",
        errors=[MessageLevelError(code="118", text="CANNOT PROCESS")],
        answers=[
            TravellerAnswer(
                passenger_reference="P7", directive=Directive.NO_BOARD, text="CLEARANCE REVOKED"
            )
        ],
        sender="GOV",
        recipient="MU",
        prepared_at=dt.datetime(2017, 1, 2, 12, 0),
    )
    parsed = parse_interchange(write_cusres(reply))[0]
    assert parsed.message.function == "132"
    assert parsed.travellers[0].boarding_status == "1Z"
    assert parsed.travellers[0].other_references == ["FTX+AAP:CLEARANCE REVOKED"]
    error = next(f for f in parsed.findings if f.code == "cusres.message-error")
    assert "118" in error.message and "CANNOT PROCESS" in error.message


def test_release_characters_in_reply_text_are_escaped() -> None:
    reply = CusresReply(
        message_reference="X",
        answers=[
            TravellerAnswer(passenger_reference="P'1", directive="2Z", text="SEE DESK: GATE+3?")
        ],
        prepared_at=dt.datetime(2020, 1, 1),
    )
    parsed = parse_interchange(write_cusres(reply))[0]
    assert parsed.travellers[0].passenger_reference == "P'1"
    assert parsed.travellers[0].other_references == ["FTX+AAP:SEE DESK: GATE+3?"]
