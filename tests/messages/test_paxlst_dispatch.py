"""The dispatcher routes on UNH type; unknown or missing parsers give findings, not crashes."""

from __future__ import annotations

import datetime as dt

import pytest

from paxscreen.errors import EdifactSyntaxError
from paxscreen.messages import PARSERS, parse_interchange, to_contract
from paxscreen.messages import dispatch as dispatch_module
from paxscreen.model import MessageStatus

HEADER = b"UNA:+.? 'UNB+UNOA:4+A+B+170127:1200+1'"


def test_unknown_message_type_is_a_finding() -> None:
    parsed = parse_interchange(HEADER + b"UNH+1+INVOIC:D:96A:UN'BGM+380'UNT+3+1'UNZ+1+1'")[0]
    assert parsed.message.status == MessageStatus.FAILED_PARSE
    assert "messages.unsupported-type" in {f.code for f in parsed.findings}


def test_missing_parser_module_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PARSERS, "PAXLST", "paxscreen.messages.not_there:parse")
    parsed = parse_interchange(HEADER + b"UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'UNZ+1+1'")[0]
    assert "messages.parser-unavailable" in {f.code for f in parsed.findings}


def test_parser_bug_keeps_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(context: object, **options: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(dispatch_module, "_load", lambda target: broken)
    parsed = parse_interchange(HEADER + b"UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'UNZ+1+1'")[0]
    assert parsed.message.status == MessageStatus.FAILED_PARSE
    assert parsed.message.raw.startswith(b"UNA")
    assert "messages.parser-failed" in {f.code for f in parsed.findings}


def test_message_ids_are_numbered_per_message() -> None:
    raw = HEADER + (
        b"UNH+1+PAXLST:D:05B'BGM+745'UNT+3+1'UNH+2+PAXLST:D:05B'BGM+745'UNT+3+2'UNZ+2+1'"
    )
    assert [p.message.id for p in parse_interchange(raw, message_id="f")] == ["f#1", "f#2"]


def test_two_digit_years_use_today_when_unb_has_no_date() -> None:
    raw = b"UNH+1+PAXLST:D:05B'BGM+745'NAD+FL+++A:B'DTM+329:150101'UNT+5+1'"
    early = parse_interchange(raw, today=dt.date(2014, 6, 1))[0]
    late = parse_interchange(raw, today=dt.date(2016, 6, 1))[0]
    assert str(early.travellers[0].date_of_birth) == "1915-01-01"
    assert str(late.travellers[0].date_of_birth) == "2015-01-01"


def test_nothing_readable_raises_edifact_syntax_error() -> None:
    with pytest.raises(EdifactSyntaxError):
        parse_interchange(b"just some text")


def test_contract_of_an_empty_booking_list_and_iso_times() -> None:
    raw = (
        HEADER + b"UNH+1+PAXLST:D:05B'BGM+745'TDT+20+DL1+++DL'LOC+125+FRA'"
        b"DTM+189:1701271725:201'UNT+6+1'UNZ+1+1'"
    )
    contract = to_contract(parse_interchange(raw)[0])
    assert contract["bookings"] == []
    assert contract["flights"][0]["departure_local"] == "2017-01-27T17:25"
    assert contract["prepared_at"] == "2017-01-27T12:00"


def test_concatenated_interchanges_each_with_its_own_una_are_all_read() -> None:
    from tests.messages.paxlst_fixtures import FIXTURES

    first = (FIXTURES / "01_custom_una_star_dollar.edi").read_bytes()
    second = (FIXTURES / "38_iapi_clear_request.edi").read_bytes()
    parsed = parse_interchange(first + second, message_id="f")
    assert [(p.message.id, p.message.sender) for p in parsed] == [("f", "AIRX"), ("f/2", "CA")]
    assert "edifact.next-interchange" in {f.code for f in parsed[0].findings}
    assert "edifact.junk-after-unz" not in {f.code for f in parsed[0].findings}


def test_unicode_and_overlong_digits_in_counts_and_parts_are_findings() -> None:
    raw = HEADER + (
        "UNH+1+PAXLST:D:05B:UN:IATA+CAR+\u00b301:C'BGM+745'NAD+FL+++A:B'FTX+BAG+++AB1:"
        + "9" * 5000
        + "'CNT+42:\u00b3'UNT+"
        + "1" * 5000
        + "+1'UNZ+1+1'"
    ).encode("utf-8")
    parsed = parse_interchange(raw)[0]
    codes = {finding.code for finding in parsed.findings}
    assert {"messages.bad-part-number", "paxlst.bad-cnt", "edifact.unt-count"} <= codes
    assert parsed.travellers[0].bags[0].tags == ["AB1"]
