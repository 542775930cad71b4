"""SSR free-text grammars: DOCS, DOCO, DOCA, FQTV, INFT, TKNE."""

from __future__ import annotations

import datetime as dt

from paxscreen.messages.ssr import (
    parse_doca,
    parse_doco,
    parse_docs,
    parse_fqtv,
    parse_inft,
    parse_tkne,
)
from paxscreen.model import PartialDate

TODAY = dt.date(2026, 3, 1)


def test_docs_reads_every_field() -> None:
    docs = parse_docs("/P/GBR/123456789/GBR/12JUL64/M/23AUG29/SMITH/JONATHON/ROBERT/H", today=TODAY)
    assert (docs.document_type, docs.issuing_state, docs.number, docs.nationality) == (
        "P",
        "GBR",
        "123456789",
        "GBR",
    )
    assert docs.date_of_birth == PartialDate(1964, 7, 12)
    assert docs.sex == "M" and not docs.is_infant
    assert docs.expiry == dt.date(2029, 8, 23)
    assert (docs.surname, docs.given_names) == ("SMITH", "JONATHON ROBERT")
    assert docs.multi_passenger_holder
    assert docs.problems == []


def test_docs_with_infant_gender_is_the_infants_document() -> None:
    docs = parse_docs(
        "/P/COL/AO234000/COL/10AUG25/FI/21DEC30/TESTSURNAMETWO/TESTNAMETWO", today=TODAY
    )
    assert docs.is_infant and docs.sex == "F"
    assert docs.date_of_birth == PartialDate(2025, 8, 10)


def test_docs_shifted_by_one_field_is_realigned_with_a_problem() -> None:
    docs = parse_docs("//P/USA/448763368/USA/02JUN70/F/18MAY32/FENNER/JACKI", today=TODAY)
    assert (docs.document_type, docs.number, docs.sex) == ("P", "448763368", "F")
    assert [problem.code for problem in docs.problems] == ["ssr.docs-shifted"]


def test_docs_with_empty_fields_keeps_what_is_there() -> None:
    docs = parse_docs("/////05FEB53/F//DORON/NINA", today=TODAY)
    assert docs.document_type is None and docs.number is None
    assert docs.date_of_birth == PartialDate(1953, 2, 5)
    assert (docs.surname, docs.given_names) == ("DORON", "NINA")


def test_docs_name_association_is_cut_off_and_kept() -> None:
    docs = parse_docs(
        "/P/KOR/JR3364288/KOR/10SEP72/M/05JUL30/PARK/SE JOON-1PARK/SEJOONMR", today=TODAY
    )
    assert docs.given_names == "SE JOON"
    assert docs.named_traveller == "PARK/SEJOONMR"


def test_docs_bad_dates_and_gender_are_problems_not_errors() -> None:
    docs = parse_docs("/P/GBR/1/GBR/31FEB64/Q/99XXX29/SMITH/J", today=TODAY)
    assert docs.date_of_birth is None and docs.expiry is None and docs.sex is None
    assert {problem.code for problem in docs.problems} == {"ssr.bad-date", "ssr.docs-bad-sex"}


def test_doco_reads_a_visa() -> None:
    doco = parse_doco("/LONDON/V/9891404/LONDON/14MAR17/USA", today=TODAY)
    assert (doco.place_of_birth, doco.document_type, doco.number) == ("LONDON", "V", "9891404")
    assert doco.issue_date == dt.date(2017, 3, 14) and doco.applicable_state == "USA"
    assert not doco.is_infant


def test_doco_without_leading_slash_and_infant_flag() -> None:
    doco = parse_doco(" HERE VA/V/8675309/OTHER PLACE/22DEC06/LI/I", today=TODAY)
    assert doco.place_of_birth == "HERE VA" and doco.place_of_issue == "OTHER PLACE"
    assert doco.is_infant


def test_doca_reads_destination_and_residence() -> None:
    doca = parse_doca("/D/USA/100 OCEAN AVE/SANTA MONICA/CA/90401")
    assert (doca.address_type, doca.country, doca.city, doca.postcode) == (
        "D",
        "USA",
        "SANTA MONICA",
        "90401",
    )
    assert parse_doca("/R/NLD/KEIZERSGRACHT 12/AMSTERDAM//1015CJ/I").is_infant


def test_fqtv_with_and_without_airline_prefix() -> None:
    assert parse_fqtv("/DL1234567890/GOLD", None) == ("DL", "1234567890", "GOLD")
    assert parse_fqtv("1234567890", "KL") == ("KL", "1234567890", None)
    assert parse_fqtv("", "KL") is None


def test_inft_reads_name_and_birth_date() -> None:
    assert parse_inft("TESTSURNAMETWO/TESTNAMETWO/10AUG25", today=TODAY) == (
        "TESTSURNAMETWO",
        "TESTNAMETWO",
        PartialDate(2025, 8, 10),
    )


def test_tkne_finds_the_ticket_number() -> None:
    assert parse_tkne("1392178947000C2") == "1392178947000"
    assert parse_tkne("TKT NBR 0062120234533 20FEB20 E SMITH") == "0062120234533"
    assert parse_tkne("NO NUMBER") is None
