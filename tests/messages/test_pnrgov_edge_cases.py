"""Every PNRGOV item of the reference's edge-case checklist (message-formats.md §5)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.fixtures.pnr.builder import pnr, push

from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.model import Booking, ParsedMessage, TravellerRole

TRAVELLER = (
    "TIF+OZUNA+PETERMR:A:1",
    "SSR+DOCS:HK:1:KL:::::/P/USA/548721687/USA/04JUL80/M/12JAN30/OZUNA/PETER",
)


def parse(raw: bytes) -> ParsedMessage:
    (parsed,) = parse_pnrgov(raw)
    return parsed


def only_booking(raw: bytes) -> Booking:
    (booking,) = parse(raw).bookings
    return booking


def codes(parsed: ParsedMessage) -> set[str]:
    return {finding.code for finding in parsed.findings}


def test_01_custom_una_and_a_surname_containing_una() -> None:
    raw = push(pnr(*TRAVELLER)).decode()
    raw = "UNA:-.? *" + raw.replace("+", "-").replace("'", "*")
    booking = only_booking(raw.encode())
    assert booking.travellers[0].name.surname == "OZUNA"
    assert booking.travellers[0].documents[0].number == "548721687"


def test_02_odd_una_with_backslash_release_and_curly_terminators() -> None:
    raw = push(pnr("TIF+PARK:I+SEJOONMR::1", "IFT+4:28::SQ+CTCE PARK\\+1..SJ//EXAMPLE.KR")).decode()
    raw = "UNA:+.\\*'\n" + raw.replace("'\n", "’\n", 3)
    booking = only_booking(raw.encode())
    assert booking.travellers[0].name.given_names == "SEJOON"
    assert [email.raw for email in booking.emails] == ["PARK+1_SJ@EXAMPLE.KR"]


def test_03_release_character_in_names_and_e_mail() -> None:
    booking = only_booking(
        push(pnr("TIF+O?'NEAL+JOHN??MR:A:1", "IFT+4:28::YY+CTCE MOLLY..LONT?+50BB//GMAIL.COM"))
    )
    assert booking.travellers[0].name.surname == "O'NEAL"
    assert booking.travellers[0].name.raw == "O'NEAL/JOHN?MR"
    assert booking.emails[0].normalised == "molly_lont+50bb@gmail.com"


def test_04_unescaped_apostrophe_in_a_surname() -> None:
    parsed = parse(push(pnr("TIF+O'NEAL+JOHNMR:A:1")))
    assert parsed.bookings[0].travellers[0].name.surname == "O'NEAL"


def test_05_wrapped_lines_and_several_segments_on_one_line() -> None:
    raw = push(
        pnr(
            "TIF+VANDENBERG+KEVINMR:A:1",
            "SSR+DOCS:HK:1:TZ:::::/P/USA/548721687/USA/04JUL80/M/12JAN30/VANDENBE\nRG/KEVIN",
        )
    ).replace(b"'\nTIF", b"'TIF")
    booking = only_booking(raw)
    assert booking.travellers[0].documents[0].surname == "VANDENBERG"


def test_06_type_b_envelope_and_junk_after_unz() -> None:
    raw = (
        b"\x01QK AMSGVXS\r\n.KLPNRXH 011200\r\n\x02"
        + push(pnr(*TRAVELLER))
        + b"\x03\nModify above message to create bad message."
    )
    booking = only_booking(raw)
    assert booking.travellers[0].name.surname == "OZUNA"


def test_07_missing_msg_org_rci_and_empty_segments() -> None:
    raw = push(pnr("DAT", "DAT+2:", "TIF+LOBB+MOLLYMRS:A:1", locator=""), function="")
    parsed = parse(raw.replace(b"ORG+KL:AMS+12345678'\n", b""))
    booking = parsed.bookings[0]
    assert booking.travellers[0].name.surname == "LOBB"
    assert {"pnrgov.no-record-locator", "pnrgov.no-push-function"} <= codes(parsed)


def test_08_wrong_counts_and_eqn_zero_are_findings_not_failures() -> None:
    parsed = parse(push(pnr(*TRAVELLER), total=0).replace(b"UNT+", b"UNT+0000999"))
    assert len(parsed.bookings) == 1
    assert "pnrgov.pnr-count-mismatch" in codes(parsed)
    assert "edifact.unt-count" in codes(parsed)


def test_09_dates_centuries_impossible_values_and_three_part_tvl() -> None:
    parsed = parse(
        push(
            pnr(
                "TIF+LOBB+MOLLYMRS:A:1",
                "SSR+DOCS:HK:1:KL:::::/P/GBR/1/GBR/10SEP38/F/31FEB29/LOBB/MOLLY",
                "TVL+140326:0940:1155+AMS+JFK+KL+641",
                "TVL+320326:0940+JFK+AMS+KL+642",
            )
        )
    )
    booking = parsed.bookings[0]
    assert str(booking.travellers[0].date_of_birth) == "1938-09-10"
    assert booking.travellers[0].documents[0].expiry is None
    assert booking.itinerary[0].arrival_local == dt.datetime(2026, 3, 14, 11, 55)
    assert booking.itinerary[1].departure_local is None
    assert {"ssr.bad-date", "pnrgov.bad-date"} <= codes(parsed)


def test_10_documents_in_gr1_gr5_split_shifted_and_visa() -> None:
    parsed = parse(
        push(
            pnr(
                "SSR+DOCS:HK:1:SQ:::::/P/KOR/M17072944/KOR/15FEB57/F/23MAR29/KIM/KONG CHUN"
                "-1KIM/KONG CHUN MRS",
                "TIF+KIM:I+KONG CHUN MRS:A:3",
                "TIF+PARK:I+SEJOONMR:A:4",
                "SSR+DOCS:HK:1:SQ:::::/P/KR/JR3364288/KR/10SEP72/M/05JUL29/PARKVERYLONGSURNAME/SE+::4",
                "SSR+DOCS:HK:1:SQ:::::JOON/+::4",
                "SSR+DOCO:HK:1:SQ:::::/SEOUL/V/9891404/SEOUL/14MAR24/USA+::4",
                "TIF+LEE+MINMR:A:5",
                "TVL+140326:0940::1155+ICN+SIN+SQ+609",
                "SSR+DOCS:HK:1:SQ:::ICN:SIN://P/KOR/M0000001/KOR/01JAN80/M/01JAN30/LEE/MIN+::5",
            )
        )
    )
    kim, park, lee = parsed.bookings[0].travellers
    assert [d.number for d in kim.documents] == ["M17072944"]
    assert [d.type for d in park.documents] == ["P", "V"]
    assert park.documents[0].issuing_state == "KOR"
    assert park.documents[0].given_names == "SEJOON"  # joined over two SSRs
    assert park.place_of_birth == "SEOUL"
    assert [d.number for d in lee.documents] == ["M0000001"]
    assert "ssr.docs-shifted" in codes(parsed)


def test_10_docs_for_nobody_on_the_booking_adds_a_traveller() -> None:
    parsed = parse(
        push(
            pnr(
                "SSR+DOCS:HK:1:KL:::::/P/GBR/999/GBR/01JAN90/M/01JAN30/STRANGER/JOHN",
                "TIF+LOBB+MOLLYMRS:A:1",
                "TIF+LOBB+PETERMR:A:2",
            )
        )
    )
    travellers = parsed.bookings[0].travellers
    assert [t.name.surname for t in travellers] == ["LOBB", "LOBB", "STRANGER"]
    assert travellers[2].name.source.value == "docs"
    assert "pnrgov.ssr-new-traveller" in codes(parsed)


def test_10_docs_in_a_travellers_group_belongs_to_that_traveller() -> None:
    booking = only_booking(
        push(
            pnr(
                "TIF+LOBB+MOLLYMRS:A:1",
                "TIF+LOBB+PETERMR:A:2",
                "SSR+DOCS:HK:1:KL:::::/P/GBR/999/GBR/01JAN90/M/01JAN30/LOBB/PETER/JOHN",
            )
        )
    )
    assert [len(t.documents) for t in booking.travellers] == [0, 1]


def test_11_names_particles_doubled_surname_and_no_docs() -> None:
    booking = only_booking(
        push(
            pnr(
                "TIF+GONZALEZ BLANCO+MARIA DEL MARMRS:A:1",
                "TIF+YY+MOANMISS:A:2",
                "TIF+DE LA CRUZ+JUAN:A:3",
            )
        )
    )
    names = [(t.name.surname, t.name.given_names, t.name.title) for t in booking.travellers]
    assert names == [
        ("GONZALEZ BLANCO", "MARIA DEL MAR", "MRS"),
        ("YY", "MOAN", "MISS"),
        ("DE LA CRUZ", "JUAN", None),
    ]
    assert all(t.documents == [] for t in booking.travellers)  # no DOCS, still travellers


def test_12_latin1_bytes_and_lower_case_are_kept() -> None:
    raw = push(pnr("TIF+Müller+Jürgenmr:A:1")).replace(b"IATA:1", b"UNOC:3")
    booking = only_booking(raw.decode("utf-8").encode("latin-1"))
    assert booking.travellers[0].name.surname == "Müller"


def test_13_truncated_message_keeps_what_is_complete() -> None:
    raw = push(pnr(*TRAVELLER), pnr("TIF+LOBB+MOLLYMRS:A:1", locator="RCI+KL:ZZ9ABC"))
    cut = raw[: raw.index(b"UNT+")]
    parsed = parse(cut)
    assert [b.record_locator for b in parsed.bookings] == ["QX7T2P", "ZZ9ABC"]
    assert parsed.bookings[1].travellers[0].name.surname == "LOBB"


def test_14_update_push_and_cancellation() -> None:
    parsed = parse(push(pnr(*TRAVELLER), pnr("ORG", locator="RCI+KL:ZZ9ABC"), function="141"))
    assert [b.status.value for b in parsed.bookings] == ["active", "cancelled"]
    assert all(b.push_function == "141" for b in parsed.bookings)


def test_15_many_pnrs_in_one_push() -> None:
    pnrs = [
        pnr(f"TIF+PAX{index}+JOHNMR:A:1", locator=f"RCI+KL:R{index:05d}") for index in range(300)
    ]
    parsed = parse(push(*pnrs))
    assert len(parsed.bookings) == 300
    assert parsed.bookings[-1].record_locator == "R00299"


@pytest.mark.parametrize("version", ["10:1", "11:1", "13:1", "15:1", "19:1", "21:1"])
def test_16_versions_old_and_future_are_read_by_tag(version: str) -> None:
    parsed = parse(push(pnr(*TRAVELLER), version=version))
    assert parsed.message.version == version
    assert parsed.bookings[0].travellers[0].documents[0].number == "548721687"


def test_17_flight_identity_zero_padding_and_codeshare() -> None:
    parsed = parse(
        push(
            pnr(
                "TIF+LOBB+MOLLYMRS:A:1",
                "TVL+140326:0940::1155+AMS+JFK+DL:KL+0641:Y",
                "TVL+++++0641:M",
            ),
            flight="TVL+140326:0940:1155+AMS+JFK+KL+0641",
        )
    )
    (flight,) = parsed.flights
    assert (flight.carrier, flight.number) == ("KL", "641")
    segment = parsed.bookings[0].itinerary[0]
    assert (segment.carrier, segment.number, segment.operating_carrier) == ("DL", "641", "KL")
    assert segment.is_pushed_flight


def test_infant_without_inft_is_linked_and_flagged() -> None:
    parsed = parse(push(pnr("TIF+A+ONEMR:A:1", "TIF+A+TWOMRS:A:2", "TIF+A+BABY:IN:3")))
    infant = parsed.bookings[0].travellers[2]
    assert infant.role == TravellerRole.INFANT and infant.infant_of == 0
    assert "pnrgov.infant-adult-guessed" in codes(parsed)


def test_pnr_level_docs_with_a_middle_name_finds_its_family_member() -> None:
    booking = only_booking(
        push(
            pnr(
                "SSR+DOCS:HK:1:KL:::::/P/GBR/111/GBR/01JAN80/F/01JAN30/LOBB/MOLLY/ZARA",
                "SSR+DOCS:HK:1:KL:::::/P/GBR/222/GBR/01JAN78/M/01JAN30/LOBB/PETER",
                "TIF+LOBB+MOLLYMRS:A:1",
                "TIF+LOBB+PETERMR:A:2",
            )
        )
    )
    assert [[d.number for d in t.documents] for t in booking.travellers] == [["111"], ["222"]]


def test_10_docs_split_on_a_slash_is_joined() -> None:
    booking = only_booking(
        push(
            pnr(
                "TIF+VANDENBERG+KEVINMR:A:1",
                "SSR+DOCS:HK:1:TZ:::::/P/USA/548721687/USA/04JUL80/M/12JAN30/VANDENBERG",
                "SSR+DOCS:HK:1:TZ:::::/KEVIN/MICHAEL",
            )
        )
    )
    (document,) = booking.travellers[0].documents
    assert (document.surname, document.given_names) == ("VANDENBERG", "KEVIN MICHAEL")


def test_07_pnr_without_its_src_is_still_read() -> None:
    raw = push(pnr("TIF+LOBB+MOLLYMRS:A:1"), pnr("TIF+LOBB+PETERMR:A:1", locator="RCI+KL:SECOND"))
    parsed = parse(raw.replace(b"SRC'\nRCI+KL:QX7T2P", b"RCI+KL:QX7T2P", 1))
    assert [b.record_locator for b in parsed.bookings] == ["QX7T2P", "SECOND"]
    assert parsed.bookings[0].travellers[0].name.given_names == "MOLLY"
    assert "pnrgov.missing-src" in codes(parsed)
