"""The edge-case checklist of message-formats.md §5, one or more named tests per item.

The messages are our own fixtures in tests/fixtures/api (see paxlst_fixtures);
test_paxlst_fixtures pins their whole projection, these tests name the behaviour.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.messages.paxlst_fixtures import FIXTURES, TODAY

from paxscreen.errors import EdifactSyntaxError
from paxscreen.messages import parse_interchange
from paxscreen.model import Direction, MessageStatus, ParsedMessage, TravellerRole


def parse(name: str) -> list[ParsedMessage]:
    return parse_interchange((FIXTURES / f"{name}.edi").read_bytes(), today=TODAY)


def first(name: str) -> ParsedMessage:
    return parse(name)[0]


def codes(parsed: ParsedMessage) -> set[str]:
    return {finding.code for finding in parsed.findings}


# 1. custom UNA -------------------------------------------------------------------------
def test_custom_una_star_and_dollar_and_surname_containing_una() -> None:
    parsed = first("01_custom_una_star_dollar")
    assert parsed.travellers[0].name.surname == "OZUNA"
    assert parsed.flights[0].designator == "AA346"


def test_una_with_paren_release_inside_type_b_envelope() -> None:
    parsed = first("02_type_b_envelope_paren_release")
    assert parsed.travellers[0].name.surname == "SMITH-JONES"
    assert "edifact.envelope" in codes(parsed)


def test_backslash_release_character() -> None:
    traveller = first("03_una_backslash_release").travellers[0]
    assert (traveller.name.surname, traveller.name.given_names) == ("O'NEAL", "SEAN+PAT")
    assert traveller.documents[0].number == "IRL\\77"


# 2. odd, broken or PDF-damaged UNAs ------------------------------------------------------
def test_five_character_una_with_curly_terminators() -> None:
    parsed = first("04_una_five_characters")
    assert parsed.travellers[0].name.surname == "SE JOON"
    assert {"edifact.una-incomplete", "edifact.terminator-variant"} <= codes(parsed)


def test_una_declaring_curly_terminator_while_data_uses_apostrophe() -> None:
    parsed = first("05_una_declares_curly_terminator")
    assert parsed.travellers[0].name.surname == "LEE"
    assert parsed.message.function == "745"


def test_no_una_separators_sniffed_and_blank_after_tag() -> None:
    parsed = first("06_no_una_separators_sniffed")
    assert parsed.travellers[0].name.surname == "BROWN"
    assert parsed.flights[0].number == "989"
    assert {"edifact.separators-detected", "edifact.malformed-tag"} <= codes(parsed)


# 3./4. release character and unescaped apostrophes --------------------------------------
def test_release_parity_chains_in_names() -> None:
    names = [(t.name.surname, t.name.given_names) for t in first("07_release_parity").travellers]
    assert names == [("O'NEAL", "WHY?"), ("A?'B", "C+D:E")]


def test_unescaped_apostrophes_are_rejoined_with_warnings() -> None:
    parsed = first("08_unescaped_apostrophe")
    names = [(t.name.surname, t.name.given_names) for t in parsed.travellers]
    assert names == [("O'BRIEN", "MARY"), ("LEGRAND", "D'ORE")]
    assert "edifact.unreleased-terminator" in codes(parsed)


# 5. terminator variants and line wrapping ------------------------------------------------
def test_wrapped_lines_and_several_segments_per_line() -> None:
    parsed = first("09_wrapped_lines_crlf")
    traveller = parsed.travellers[0]
    assert (traveller.name.surname, traveller.documents[0].number) == ("VANDENBERG", "NX812345")
    assert "edifact.line-wrapped" in codes(parsed)


# 6. envelopes and junk -------------------------------------------------------------------
def test_bom_leading_blanks_and_junk_after_unz() -> None:
    parsed = first("10_bom_indent_junk_after_unz")
    assert len(parsed.travellers) == 1
    assert {"edifact.envelope", "edifact.indented-segments", "edifact.junk-after-unz"} <= codes(
        parsed
    )
    assert "edifact.charset-fallback" not in codes(parsed)


# 7. missing or empty segments and values -------------------------------------------------
def test_missing_and_empty_values_become_findings() -> None:
    parsed = first("11_missing_and_empty_values")
    traveller = parsed.travellers[0]
    assert traveller.name.surname == "STRANSKY" and traveller.name.given_names == ""
    assert traveller.documents[0].type is None and traveller.documents[0].number == "123456"
    assert traveller.date_of_birth is None
    assert {
        "paxlst.no-flight-number",
        "paxlst.document-without-type",
        "paxlst.bad-birth-date",
        "paxlst.bad-date",
        "paxlst.no-given-name",
    } <= codes(parsed)


# 8. trailer inconsistencies --------------------------------------------------------------
def test_wrong_counts_are_reported_never_fatal() -> None:
    parsed = first("12_trailer_inconsistencies")
    assert len(parsed.travellers) == 2
    assert {
        "edifact.unt-count",
        "edifact.unt-reference",
        "edifact.unz-count",
        "edifact.missing-terminator",
        "paxlst.cnt-separator",
        "paxlst.crew-total-on-passenger-list",
    } <= codes(parsed)


def test_cnt_whole_flight_total_in_a_part_is_information() -> None:
    parsed = first("27_part_two_of_three")
    assert "paxlst.cnt-flight-total" in codes(parsed)
    assert "paxlst.cnt-mismatch" not in codes(parsed)


# 9. dates ------------------------------------------------------------------------------
def test_dates_centuries_formats_placeholders_and_impossible_dates() -> None:
    parsed = first("13_dates")
    births = {t.name.surname: t.date_of_birth for t in parsed.travellers}
    assert str(births["OLD"]) == "1915-09-19"  # CCYYMMDD with format 102
    assert str(births["YOUNG"]) == "2016-02-29"  # 2-digit year, not after the message date
    assert str(births["YEAR"]) == "1965"  # partial date, format 602
    assert births["BAD"] is None
    document = parsed.travellers[0].documents[0]
    assert (document.expiry, document.issue_date) == (dt.date(2035, 1, 1), dt.date(2015, 1, 1))
    assert parsed.flights[0].departure_local == dt.datetime(2017, 1, 27, 17, 25)
    assert {
        "paxlst.placeholder-birth-date",
        "paxlst.bad-birth-date",
        "paxlst.century-guessed",
    } <= codes(parsed)


# 10. several documents per traveller -----------------------------------------------------
def test_up_to_five_documents_and_more_kept_with_a_warning() -> None:
    parsed = first("14_multiple_documents")
    documents = parsed.travellers[0].documents
    assert [document.type for document in documents] == ["P", "V", "I", "A", "C", "IP"]
    assert documents[0].issuing_state == "CHN"  # 2-letter CN normalised
    assert documents[1].expiry is None  # the visa came without DTM/LOC
    assert "paxlst.too-many-documents" in codes(parsed)


# 11. names -------------------------------------------------------------------------------
def test_names_keep_particles_fnu_and_case_as_sent() -> None:
    names = [(t.name.surname, t.name.given_names) for t in first("15_names").travellers]
    assert names == [
        ("GONZALEZ BLANCO", "MARIA DEL CARMEN"),
        ("DE LA CRUZ", "JUAN"),
        ("SINGH", "FNU"),
        ("Kuchel", "Rachel"),
    ]


# 12. character sets ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "surname", "fallback"),
    [
        ("16_unoc_latin1", "M\u00dcLLER", False),
        ("17_unoa_with_utf8_bytes", "GAR\u00c7ON", True),
        ("18_unoa_with_codepage_byte", "FRAN\u2021OIS", True),
    ],
)
def test_character_sets(name: str, surname: str, fallback: bool) -> None:
    parsed = first(name)
    assert parsed.travellers[0].name.surname == surname
    assert ("edifact.charset-fallback" in codes(parsed)) is fallback


# 13. truncated messages ----------------------------------------------------------------------
def test_truncated_message_keeps_what_is_complete() -> None:
    parsed = first("19_truncated")
    assert parsed.travellers[0].name.surname == "DOE"
    assert {"edifact.truncated-message", "edifact.missing-unz"} <= codes(parsed)


# 14. updates, cancellations, close-outs ------------------------------------------------------
def test_close_out_on_board_list_marks_travellers_by_reference() -> None:
    parsed = first("20_close_out_clob")
    assert (parsed.message.function, parsed.message.function_modifier) == ("266", "CLOB")
    assert parsed.message.transaction_reference == "BART34567890"
    assert [t.passenger_reference for t in parsed.travellers] == ["UUI34T543", "UUI99", None]
    assert {t.boarding_status for t in parsed.travellers} == {"on_board"}
    assert "paxlst.unidentified-close-out" in codes(parsed)


@pytest.mark.parametrize(
    ("name", "modifier", "status"),
    [("22_change_passenger_cp", "CP", None), ("23_cancel_reservation_xr", "XR", "cancelled")],
)
def test_passenger_list_variants(name: str, modifier: str, status: str | None) -> None:
    parsed = first(name)
    assert parsed.message.function_modifier == modifier
    assert parsed.travellers[0].boarding_status == status


def test_cancel_flight_marks_the_flight_cancelled() -> None:
    parsed = first("21_cancel_flight_xf")
    assert parsed.flights[0].cancelled and parsed.travellers == []


def test_crew_list_roles_functions_and_mismatches() -> None:
    parsed = first("24_crew_list")
    roles = [(t.role, t.crew_function) for t in parsed.travellers]
    assert roles == [
        (TravellerRole.CREW, "CR1"),
        (TravellerRole.TRANSIT_CREW, "CR2"),
        (TravellerRole.PASSENGER, None),
    ]
    assert {"paxlst.passengers-on-crew-list", "paxlst.cnt-mismatch"} <= codes(parsed)


def test_master_crew_list_is_read() -> None:
    parsed = first("25_master_crew_list")
    assert (parsed.message.function, parsed.message.function_modifier) == ("336", "G")
    assert parsed.flights[0].carrier == "SK"
    assert parsed.travellers[0].role == TravellerRole.CREW


def test_overflight_mode() -> None:
    assert first("26_overflight").flights[0].direction == Direction.OVERFLIGHT


@pytest.mark.parametrize(
    ("name", "part", "last"),
    [("29_first_part", 1, False), ("27_part_two_of_three", 2, False), ("28_last_part", 3, True)],
)
def test_multi_part_identification(name: str, part: int, last: bool) -> None:
    message = first(name).message
    assert (message.common_access_reference, message.part_number, message.last_part) == (
        "ABC01",
        part,
        last,
    )


# 15. very large messages: see bench/bench_edifact.py and test_large_manifest_parses below.


# 16. dialect detection ---------------------------------------------------------------------
def test_us_legacy_dialect_is_refused_with_a_finding() -> None:
    parsed = first("30_us_legacy_dialect")
    assert parsed.message.status == MessageStatus.FAILED_PARSE
    assert "paxlst.us-legacy-dialect" in codes(parsed)


def test_non_air_paxlst_is_read_with_findings() -> None:
    parsed = first("31_non_air_ace")
    assert {"paxlst.unknown-function", "paxlst.unknown-party"} <= codes(parsed)
    assert parsed.travellers[0].documents[0].type == "5K"


def test_unknown_qualifiers_are_kept() -> None:
    traveller = first("34_all_traveller_fields").travellers[0]
    assert "RFF+AGK:X9" in traveller.other_references


# 17. flight identity ---------------------------------------------------------------------
def test_flight_identity_forms() -> None:
    flights = first("32_flight_identity").flights
    assert [(f.carrier, f.number, f.suffix) for f in flights] == [
        ("TN", "506", None),
        ("XZ", "877", None),
        ("UA", "989", None),
        ("BA", "123", "A"),
    ]
    assert [str(alias) for alias in flights[1].aliases] == ["ZX877"]


def test_progressive_flight_legs_and_transit_traveller() -> None:
    parsed = first("33_progressive_multileg")
    legs = [[(leg.origin, leg.destination) for leg in flight.legs] for flight in parsed.flights]
    assert legs == [[("MIA", "IAD")], [("IAD", "JFK")], [("JFK", "CDG"), ("CDG", "NCE")]]
    assert (parsed.flights[2].origin, parsed.flights[2].destination) == ("JFK", "CDG")
    traveller = parsed.travellers[0]
    assert traveller.role == TravellerRole.TRANSIT_PASSENGER
    assert (traveller.clearance_airport, traveller.embarkation, traveller.debarkation) == (
        "CDG",
        "MIA",
        "NCE",
    )


def test_every_traveller_field_is_read() -> None:
    parsed = first("34_all_traveller_fields")
    assert parsed.message.reporting_party == "JOHN SMITH 703-555-1212:TE 703-555-4545:FX"
    traveller = parsed.travellers[0]
    assert traveller.addresses == ["1 RUE X, PARIS, 75001, FRA"]
    assert (traveller.sex, str(traveller.date_of_birth), traveller.verified) == (
        "F",
        "1980-02-29",
        True,
    )
    assert (traveller.residence_country, traveller.place_of_birth, traveller.birth_country) == (
        "FRA",
        "LONDON",
        "GBR",
    )
    assert (traveller.phones, traveller.emails) == (["33 1 234"], ["jane.doe.at.example.org"])
    assert traveller.seat == "12A" and traveller.redress_number == "RD998877"
    assert traveller.frequent_flyers[0].number == "FF123456"
    assert traveller.ticket_numbers == ["7842836432717C2"]
    bag = traveller.bags[0]
    assert (bag.count, str(bag.weight), bag.weight_unit) == (2, "23.5", "KG")
    assert bag.tags == ["DL012345", "DL012346", "DL012347"]
    assert [document.type for document in traveller.documents] == ["P", "V"]


def test_several_messages_in_one_interchange() -> None:
    parsed = parse("35_two_messages_grouped")
    assert [item.message.message_reference for item in parsed] == ["M1", "M2"]
    assert [item.travellers[0].name.surname for item in parsed] == ["DOE", "SECOND"]


def test_no_readable_unh_raises_typed_error() -> None:
    with pytest.raises(EdifactSyntaxError) as caught:
        parse("36_no_unh")
    assert caught.value.position is not None


def test_large_manifest_parses_every_traveller() -> None:
    from bench.bench_edifact import generate_manifest

    parsed = parse_interchange(generate_manifest(500))[0]
    assert len(parsed.travellers) == 500
    assert all(len(traveller.documents) == 1 for traveller in parsed.travellers)
    assert not [f for f in parsed.findings if f.severity == "warning"]
