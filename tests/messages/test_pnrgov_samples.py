"""Every PNRGOV sample in ../shared/samples/pnr parses with all its PNRs and travellers.

The samples are a development set from the reference (IATA guide examples with PDF
damage, large synthetic pushes, edge cases); they are read, never copied. Tests
skip with a reason when the folder is absent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from paxscreen.findings import Severity
from paxscreen.messages import to_contract
from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.model import Booking, ParsedMessage

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "pnr"


@dataclass(frozen=True)
class Expected:
    pnrs: int
    travellers: int
    locator: str
    surname: str
    given_names: str
    birth: str | None
    documents: tuple[str, ...]


EXPECTED = {
    "bigMessagePnr.txt": Expected(
        1, 7, "86C92D", "HOLCOMBE", "LORELEI", "1998-08-12", ("813281747",)
    ),
    "bigbigPnr.txt": Expected(47, 86, "BGXFR4", "LAI", "BI", "1989-05-28", ("191259499",)),
    "danglingMetaCharacter.txt": Expected(
        1, 1, "BGXFR4", "SERIO", "REUBEN", "1994-10-20", ("9173574",)
    ),
    "modifyPnr77ForCodeShare.txt": Expected(
        1, 1, "W9TEND", "VANDENBERG", "KEVINMICHAEL", "1980-07-04", ("548721687",)
    ),
    "pnrAddressPhoneCTCM.txt": Expected(1, 1, "7C789A", "LOBB", "MOLLY", None, ()),
    "pnrBadFormat.txt": Expected(1, 2, "35K2IO", "DORON", "NINA", "1953-02-05", ()),
    "pnrEdge.txt": Expected(1, 1, "7C789A", "LOBB", "MOLLY", None, ()),
    "pnrMessage.txt": Expected(1, 2, "MFN4TI", "SMITHJR", "JOHN", "1964-07-12", ("123456789",)),
    "pnrMessageExample.txt": Expected(
        1, 5, "7C789A", "LOBB", "MOLLY", "1954-08-13", ("796428965",)
    ),
    "pnrMessagePg75.txt": Expected(2, 2, "2LS6KP", "PARK", "SEJOON", "1972-09-10", ("JR3364288",)),
    "pnrMessagePg76.txt": Expected(1, 2, "35K2IO", "DORON", "NINA", "1953-02-05", ()),
    "pnrMessagePg77.txt": Expected(
        1, 1, "W9TEND", "VANDENBERG", "KEVINMICHAEL", "1980-07-04", ("548721687",)
    ),
    "pnrNoOrgMsg.txt": Expected(1, 1, "7C789A", "LOBB", "MOLLY", None, ()),
    "pnrPhoneCTCM.txt": Expected(1, 1, "7C789A", "LOBB", "MOLLY", None, ()),
    "pnrPhoneCTC_M.txt": Expected(1, 1, "7C789A", "LOBB", "MOLLY", None, ()),
    "pnrSeatFormats.txt": Expected(1, 1, "7C789A", "LOBB", "MOLLY", "1954-08-13", ("796428965",)),
    "pnrWithBags.txt": Expected(
        127, 268, "157313", "FENNER", "JACKI", "1970-06-02", ("448763368",)
    ),
    "pnrWithDoco.txt": Expected(
        1, 1, "06A9FD", "ACKARY", "CHARLES", "1948-12-26", ("602120901", "8675309")
    ),
    "pnrWithPrefixesAndBookingDetailBags.txt": Expected(
        1, 2, "8A4E83", "ADONAY", "YORDA", "1997-06-18", ("182291927",)
    ),
}


def read(name: str) -> ParsedMessage:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample folder {SAMPLES} is absent")
    (parsed,) = parse_pnrgov((SAMPLES / name).read_bytes(), message_id=name, card_hash_key=b"k")
    return parsed


def first(parsed: ParsedMessage) -> Booking:
    return parsed.bookings[0]


def test_the_table_covers_every_sample() -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample folder {SAMPLES} is absent")
    assert sorted(path.name for path in SAMPLES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_parses_with_every_pnr_and_traveller(name: str) -> None:
    parsed = read(name)
    expected = EXPECTED[name]
    assert not [f for f in parsed.findings if f.code == "messages.parser-failed"]
    assert len(parsed.bookings) == expected.pnrs
    assert sum(len(booking.travellers) for booking in parsed.bookings) == expected.travellers
    booking = first(parsed)
    traveller = booking.travellers[0]
    assert booking.record_locator == expected.locator
    assert (traveller.name.surname, traveller.name.given_names) == (
        expected.surname,
        expected.given_names,
    )
    assert (str(traveller.date_of_birth) if traveller.date_of_birth else None) == expected.birth
    assert tuple(document.number for document in traveller.documents) == expected.documents
    assert json.dumps(to_contract(parsed))  # the contract serialises every sample


def test_every_traveller_has_a_name_and_every_pnr_a_locator() -> None:
    for name in EXPECTED:
        for booking in read(name).bookings:
            assert booking.record_locators
            assert all(traveller.name.surname for traveller in booking.travellers)


def test_big_message_payments_masked_and_sponsor() -> None:
    booking = first(read("bigMessagePnr.txt"))
    payment = booking.payments[0]
    assert (payment.type, payment.card_brand, payment.masked_number, str(payment.amount)) == (
        "CC",
        "VI",
        "XXXXXXXXXXXX2786",
        "100.00",
    )
    assert payment.payer == "LORELEI HOLCOMBE" and payment.currency == "GBP"
    assert booking.emails[0].normalised == "lorelei.holcombe@hotmail.com"
    assert booking.travellers[0].frequent_flyers[0].number == "481644"


def test_pnr_with_bags_bag_tags_and_seats() -> None:
    booking = first(read("pnrWithBags.txt"))
    traveller = booking.travellers[0]
    assert traveller.bags[0].tags[0] == "ET0443" and traveller.bags[0].weight_unit == "LB"
    assert [(seat.seat, seat.checked_in) for seat in traveller.seats if seat.checked_in] == [
        ("22J", True)
    ]
    assert booking.itinerary[-1].is_pushed_flight


def test_dangling_meta_character_custom_separators() -> None:
    parsed = read("danglingMetaCharacter.txt")
    booking = first(parsed)
    assert booking.emails[0].raw == "REUBEN_SERIO@GMAIL.COM"
    assert [(i.carrier, i.number) for i in booking.itinerary] == [
        ("VS", "138"),
        ("BA", "117"),
        ("DL", "441"),
    ]
    assert booking.payments[0].type == "MS"


def test_codeshare_sample_operating_carriers() -> None:
    booking = first(read("modifyPnr77ForCodeShare.txt"))
    codeshares = [
        (i.carrier, i.operating_carrier, i.operating_number) for i in booking.itinerary[:2]
    ]
    assert codeshares == [("SQ", "SK", "1524"), ("DL", "KL", "972")]
    assert [entry.action for entry in booking.history] == ["X", "X", "X", "A", "A", "A"]


def test_ig_page_75_recovers_the_traveller_glued_to_org() -> None:
    parsed = read("pnrMessagePg75.txt")
    second = parsed.bookings[1]
    kim = second.travellers[0]
    assert (kim.name.surname, kim.name.given_names, kim.name.title) == ("KIM", "KONG CHUN", "MRS")
    assert [d.number for d in kim.documents] == ["M17072944"]
    assert [s.seat for s in kim.seats if s.checked_in] == ["14A"]
    assert any(f.code == "pnrgov.segments-run-together" for f in parsed.findings)
    park = first(parsed).travellers[0]
    assert park.documents[0].issuing_state == "KOR"  # /P/KR/ and /P/KOR/ are one document
    assert len(park.documents) == 1
    # two overlapping tag runs (2 from ...001, 3 from ...002) name four bags
    assert park.bags[0].tags == ["6181026000001", "6181026000002", "6181026000003", "6181026000004"]


def test_pg76_and_bad_format_documents_without_numbers() -> None:
    for name in ("pnrMessagePg76.txt", "pnrBadFormat.txt"):
        booking = first(read(name))
        assert [t.name.surname for t in booking.travellers] == ["DORON", "LENDROT"]
        assert booking.travellers[1].sex == "F"
        assert [ticket.number for ticket in booking.travellers[0].tickets] == ["3204694511"]


def test_pnr_message_withholds_asian_vegetarian_meals() -> None:
    parsed = read("pnrMessage.txt")
    booking = first(parsed)
    assert booking.sensitive_removed == 5 and set(booking.sensitive_codes) == {"AVML"}
    assert "AVML" not in json.dumps([r.text for r in booking.remarks])
    assert booking.split_locators == ["ABCDEF"]
    assert booking.travellers[0].frequent_flyers[0].tier == "ELITE"


def test_phone_samples_read_ctcm_in_every_spelling() -> None:
    for name in ("pnrPhoneCTCM.txt", "pnrPhoneCTC_M.txt", "pnrAddressPhoneCTCM.txt"):
        booking = first(read(name))
        mobiles = [phone.raw for phone in booking.phones if phone.role == "mobile"]
        assert mobiles in (["123456789"], ["5432109876"])
        assert booking.emails[0].normalised is not None


def test_no_org_msg_and_edge_samples_report_their_gaps() -> None:
    parsed = read("pnrNoOrgMsg.txt")
    assert parsed.message.function is None
    assert any(f.code == "pnrgov.no-push-function" for f in parsed.findings)
    edge = read("pnrEdge.txt")
    assert first(edge).emails[0].raw == "MOLLY_LOUUNT+50BB@GMAIL.COM"


def test_doco_and_seat_samples() -> None:
    traveller = first(read("pnrWithDoco.txt")).travellers[0]
    visa = traveller.documents[1]
    assert (visa.type, visa.place_of_issue, str(visa.issue_date)) == (
        "V",
        "OTHER PLACE",
        "2006-12-22",
    )
    assert traveller.place_of_birth == "HERE VA"
    seats = first(read("pnrSeatFormats.txt")).travellers[0].seats
    assert [seat.seat for seat in seats] == ["36K", "74E"]


def test_prefixes_sample_second_tvl_codeshare() -> None:
    booking = first(read("pnrWithPrefixesAndBookingDetailBags.txt"))
    assert [
        (i.carrier, i.operating_carrier, i.operating_number) for i in booking.itinerary[1:3]
    ] == [("UA", "LH", "624"), ("UA", "LH", "625")]
    assert not [
        f
        for f in read("pnrWithPrefixesAndBookingDetailBags.txt").findings
        if f.severity == Severity.ERROR
    ]
