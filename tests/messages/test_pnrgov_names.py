"""Titles glued to given names, and contacts in OSI conventions."""

from __future__ import annotations

import pytest

from paxscreen.messages.pnrgov_contacts import (
    contact_from_code,
    contact_from_osi,
    decode_osi_email,
    normalise_email,
    phone_e164,
)
from paxscreen.messages.pnrgov_names import booking_name, split_title
from paxscreen.model import NameSource


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("MOLLYMRS", ("MOLLY", "MRS")),
        ("PETERMR", ("PETER", "MR")),
        ("MOANMISS", ("MOAN", "MISS")),
        ("JOHNMSTR", ("JOHN", "MSTR")),
        ("NINA MS", ("NINA", "MS")),
        ("TESTNAME MRS", ("TESTNAME", "MRS")),
        ("KONG CHUN MRS", ("KONG CHUN", "MRS")),
        ("JOHN DR", ("JOHN", "DR")),
        ("LIMR", ("LI", "MR")),
        ("VAISHNAVI", ("VAISHNAVI", None)),  # GTAS #505
        ("AMR", ("AMR", None)),  # too short to hold a name and a title
        ("ALEXANDR", ("ALEXANDR", None)),  # DR is split only after a space
        ("BI", ("BI", None)),
        ("SE JOON", ("SE JOON", None)),
        ("Jürgenmr", ("Jürgen", "MR")),  # any case; the name keeps its own
        ("", ("", None)),
    ],
)
def test_split_title(given: str, expected: tuple[str, str | None]) -> None:
    assert split_title(given) == expected


def test_booking_name_keeps_the_raw_text_and_its_source() -> None:
    name = booking_name("LOBB", "MOLLYMRS", source=NameSource.TIF)
    assert (name.surname, name.given_names, name.title) == ("LOBB", "MOLLY", "MRS")
    assert name.raw == "LOBB/MOLLYMRS" and name.source == NameSource.TIF


def test_osi_email_conventions() -> None:
    assert decode_osi_email("MOLLY..LOBB//GMAIL.COM") == "MOLLY_LOBB@GMAIL.COM"
    assert normalise_email("MOLLY_LOBB@GMAIL.COM") == "molly_lobb@gmail.com"
    assert normalise_email("NOT AN ADDRESS") is None


@pytest.mark.parametrize(
    ("text", "kind", "value", "role"),
    [
        ("CTCE MOLLY..LOBB//GMAIL.COM", "email", "MOLLY_LOBB@GMAIL.COM", None),
        ("YY CTCM 123456789", "phone", "123456789", "mobile"),
        ("YY CTC M 123456789", "phone", "123456789", "mobile"),
        ("EK CTC M 5432109876", "phone", "5432109876", "mobile"),
        ("CTCH 1234536789", "phone", "1234536789", "home"),
        (
            "CTCT SEA 866 746 4647 CARLSON WAGONLIT TVL",
            "phone",
            "SEA 866 746 4647 CARLSON WAGONLIT TVL",
            "agency",
        ),
        ("CTCE/JOHN.SMITH//EXAMPLE.COM-1SMITH/JOHNMR", "email", "JOHN.SMITH@EXAMPLE.COM", None),
    ],
)
def test_contacts_in_osi_text(text: str, kind: str, value: str, role: str | None) -> None:
    contact = contact_from_osi(text)
    assert contact is not None
    assert (contact.kind, contact.value, contact.role) == (kind, value, role)


def test_contact_values_keep_the_case_they_were_sent_in() -> None:
    contact = contact_from_osi("ctce John..Doe//Example.com")
    assert contact is not None and contact.value == "John_Doe@Example.com"


def test_text_without_a_contact_code_is_not_a_contact() -> None:
    assert contact_from_osi("THIS PASSENGER IS A VIP") is None
    assert contact_from_code("E", "   ") is None


def test_phone_e164_only_when_the_country_is_known() -> None:
    assert phone_e164("00441753637285") == "+441753637285"
    assert phone_e164("+31 20 555 0199") == "+31205550199"
    assert phone_e164("NL0205550199") == "+31205550199"
    assert phone_e164("1234536789") is None
