"""`redact_raw`: card numbers and withheld sensitive text leave the raw copy, nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeElementTree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.edifact import tokenize
from paxscreen.messages.contract import to_contract
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.messages.pnrgov_booking import PnrOptions
from paxscreen.model import MessageFormat
from paxscreen.privacy.redaction import RedactedRaw, redact_raw

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pnr"
EDIFACT = (FIXTURES / "full_push_13_1.edi").read_text()
XML = (FIXTURES / "xml_two_pnrs.xml").read_bytes()
TODAY = dt.date(2026, 3, 13)
OPTIONS = {"options": PnrOptions(card_hash_key=b"key", today=TODAY)}
WHEELCHAIR_OSI = "IFT+4:28::KL+PAX NEEDS WHEELCHAIR AT JFK'"


def _parse(raw: bytes) -> list[Any]:
    return parse_interchange(raw, message_id="m1", today=TODAY, parser_options=OPTIONS)


def _redact(raw: bytes, format: MessageFormat = MessageFormat.EDIFACT) -> RedactedRaw:
    findings = [finding for unit in _parse(raw) for finding in unit.findings]
    return redact_raw(raw, findings=findings, format=format)


def _edifact(*replacements: tuple[str, str]) -> bytes:
    text = EDIFACT
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text.encode("ascii")


def _comparable(raw: bytes) -> list[dict[str, Any]]:
    """The parsed bookings without what only a full number or the withheld text gives."""
    bookings = [booking for unit in _parse(raw) for booking in to_contract(unit)["bookings"]]
    for booking in bookings:
        booking["sensitive_codes"] = len(booking["sensitive_codes"])
        for payment in booking["payments"]:
            payment["card_hash"] = None
    return bookings


def test_full_card_number_in_fop_keeps_only_its_last_four_digits() -> None:
    raw = _edifact()
    redacted = _redact(raw)
    assert len(redacted.raw) == len(raw)
    assert b"4111111111111111" not in redacted.raw
    assert b"FOP+CC::812.40:VI:XXXXXXXXXXXX1111:0828'" in redacted.raw
    assert redacted.card_numbers_masked == 1


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("PAID WITH 5555555555554444 THANKS", "PAID WITH XXXXXXXXXXXX4444 THANKS"),
        ("PAID WITH 5555 5555 5555 4444", "PAID WITH XXXX XXXX XXXX 4444"),
        ("AMEX 3782-822463-10005 USED", "AMEX XXXX-XXXXXX-X0005 USED"),
    ],
)
def test_card_number_in_free_text_is_masked_with_its_separators(written: str, masked: str) -> None:
    raw = _edifact((WHEELCHAIR_OSI, f"IFT+4:28::KL+{written}'"))
    redacted = _redact(raw)
    assert f"IFT+4:28::KL+{masked}'".encode() in redacted.raw
    assert redacted.card_numbers_masked == 2  # this one and the FOP


def test_card_number_in_a_history_line_is_masked() -> None:
    history = "IFT+4:19+NAME CORRECTION DEVRIES TO DE VRIES'"
    raw = _edifact((history, "IFT+4:19+FOP CHANGED FROM 4012888888881881'"))
    assert b"IFT+4:19+FOP CHANGED FROM XXXXXXXXXXXX1881'" in _redact(raw).raw


@pytest.mark.parametrize(
    "digits",
    [
        "4111111111111112",  # a card-shaped number failing the Luhn check
        "0742301234568",  # a ticket number
        "+31 6123 4567 890",  # a phone number
    ],
)
def test_digit_runs_failing_the_luhn_check_are_left_alone(digits: str) -> None:
    raw = _edifact((WHEELCHAIR_OSI, f"IFT+4:28::KL+REF {digits} NOTED'"))
    assert f"IFT+4:28::KL+REF {digits} NOTED'".encode() in _redact(raw).raw


def test_ticket_phone_and_frequent_flyer_numbers_stay_as_sent() -> None:
    redacted = _redact(_edifact()).raw
    for kept in (b"TKT+0742301234567:T:1'", b"KL CTCM 31612345678", b"FTI+KL:2234556677"):
        assert kept in redacted


def test_sensitive_ssr_keeps_its_code_and_loses_the_rest() -> None:
    redacted = _redact(_edifact())
    assert b"SSR+KSML:XX:X:XX+::X'" in redacted.raw
    assert b"IFT+4:28::KL+XXXXXXXXXXXXXXXXXXXXXXXXXXX'" in redacted.raw
    assert redacted.sensitive_segments_masked == 2


def test_redacted_interchange_reads_as_the_same_model() -> None:
    raw = _edifact((WHEELCHAIR_OSI, "IFT+4:28::KL+PAX IS WHEELCHAIR USER 5555555555554444'"))
    redacted = _redact(raw).raw
    original, again = _comparable(raw), _comparable(redacted)
    assert again == original
    assert original[0]["sensitive_removed"] == 2
    assert again[0]["payments"][0]["masked_number"] == "XXXXXXXXXXXX1111"


def test_custom_una_and_released_separators_stay_intact() -> None:
    # same interchange in other service characters: * | ! ~ instead of : + ? '
    source = EDIFACT.replace(WHEELCHAIR_OSI, "IFT+4:28::KL+PAX NEEDS WHEELCHAIR?+ AT JFK'")
    custom = source.translate(str.maketrans(":+?'", "*|!~")).encode("ascii")
    assert custom.startswith(b"UNA*|.! ~")
    redacted = _redact(custom)
    masked = b"X" * len("PAX NEEDS WHEELCHAIR!| AT JFK")  # the release pair masked as data
    assert b"IFT|4*28**KL|" + masked + b"~" in redacted.raw
    assert b"TIF|O!~NEAL|SEANMR*A*1~" in redacted.raw  # a release outside the masks, as sent
    assert b"XXXXXXXXXXXX1111" in redacted.raw
    before, after = tokenize(custom), tokenize(redacted.raw)
    assert [s.tag for s in after.segments] == [s.tag for s in before.segments]
    assert [len(s.elements) for s in after.segments] == [len(s.elements) for s in before.segments]
    assert _comparable(redacted.raw) == _comparable(custom)


def test_xml_card_and_sensitive_ssr_text_masked_and_still_well_formed() -> None:
    redacted = _redact(XML, MessageFormat.XML)
    assert len(redacted.raw) == len(XML)
    assert b"4111111111111111" not in redacted.raw
    assert b'AccountNbr="XXXXXXXXXXXX1111"' in redacted.raw
    assert b"NO PORK" not in redacted.raw and b"WHEELCHAIR" not in redacted.raw
    assert b'<SSR SSR_Code="MOML"' in redacted.raw  # the code is what sensitive_codes keeps
    SafeElementTree.fromstring(redacted.raw)
    assert redacted.sensitive_segments_masked == 2
    assert _comparable(redacted.raw) == _comparable(XML)


def test_xml_card_in_remark_text_is_masked() -> None:
    remark = b'<OSI Code="KL">CTCE ANNE..DEVRIES//EXAMPLE.NL</OSI>'
    assert remark in XML
    raw = XML.replace(remark, b'<OSI Code="KL">PAID BY CARD 4012 8888 8888 1881 ON ARRIVAL</OSI>')
    redacted = _redact(raw, MessageFormat.XML)
    assert b"PAID BY CARD XXXX XXXX XXXX 1881 ON ARRIVAL" in redacted.raw


def test_redacting_twice_changes_nothing_more() -> None:
    once = _redact(_edifact())
    twice = _redact(once.raw)
    assert twice.raw == once.raw
    assert (twice.changed, twice.card_numbers_masked, twice.sensitive_segments_masked) == (
        False,
        0,
        0,
    )


def test_utf8_text_is_masked_byte_for_byte() -> None:
    text = EDIFACT.replace("UNB+IATA:1", "UNB+UNOW:4").replace(
        WHEELCHAIR_OSI, "IFT+4:28::KL+PASSAGIER IM ROLLSTUHL WHEELCHAIR ÄRZTLICH'"
    )
    raw = text.encode("utf-8")
    redacted = _redact(raw)
    assert len(redacted.raw) == len(raw)
    assert "ÄRZTLICH".encode() not in redacted.raw
    redacted.raw.decode("ascii")  # every masked multi-byte character became mask bytes


SERVICE_CHARACTERS = ":+?'*|!~#^@\\"


@settings(max_examples=30, deadline=None)
@given(
    st.permutations(list(SERVICE_CHARACTERS)).map(lambda chars: "".join(chars[:4])),
    st.sampled_from(["", "\n", "\r\n"]),
)
def test_any_service_characters_keep_their_segments(service: str, line_end: str) -> None:
    source = EDIFACT.replace(
        WHEELCHAIR_OSI, "IFT+4:28::KL+PAX NEEDS WHEELCHAIR?+ 5555555555554444'"
    )
    # the fixture's own : + ? ' become the drawn characters (UNA line included)
    table = str.maketrans(":+?'", service)
    custom = source.translate(table).replace(service[3] + "\n", service[3] + line_end)
    raw = custom.encode("ascii")
    redacted = _redact(raw)
    before, after = tokenize(raw), tokenize(redacted.raw)
    assert len(redacted.raw) == len(raw)
    assert [(s.tag, len(s.elements)) for s in after.segments] == [
        (s.tag, len(s.elements)) for s in before.segments
    ]
    assert b"4111111111111111" not in redacted.raw and b"5555555555554444" not in redacted.raw
    assert b"WHEELCHAIR" not in redacted.raw
