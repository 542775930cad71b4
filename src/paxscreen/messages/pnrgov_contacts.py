"""Contact details in PNR text: SSR CTCE/CTCM/CTCH and OSI `CTCx` conventions.

Reservation text cannot carry `@` or `_`, so e-mail addresses travel as `//` and
`..` (`CTCE MOLLY..LOBB//GMAIL.COM` is molly_lobb@gmail.com). OSIs often start
with the carrier (`EK CTC M 5432109876`, `YY CTCM 123456789`) and some systems
put a space inside the code (`CTC M`). The letter after CTC says what follows
(AIRIMP): E e-mail, M mobile, H home, B business, P phone, T travel agent,
A address, R contact refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

# letter after CTC -> (kind of contact, role)
CONTACT_CODES: dict[str, tuple[str, str | None]] = {
    "E": ("email", None),
    "M": ("phone", "mobile"),
    "H": ("phone", "home"),
    "B": ("phone", "business"),
    "P": ("phone", None),
    "T": ("phone", "agency"),
    "U": ("phone", None),
    "A": ("address", None),
    "R": ("refused", None),
}

_OSI_CONTACT = re.compile(r"^\s*(?:[A-Z0-9]{2}\s+)?CTC\s?([A-Z])\b\s*/?\s*(.*)$", re.S)
_NAME_ASSOCIATION = re.compile(r"-\d+[A-Z][A-Z .'-]*(?:/[A-Z .'-]*)?$")
_COUNTRY_PREFIX = re.compile(r"^([A-Z]{2})(\+?\d.*)$")


@dataclass(frozen=True, slots=True)
class Contact:
    """One contact read from text: kind (email, phone, address, refused) and value."""

    kind: str
    value: str
    role: str | None = None


def decode_osi_email(text: str) -> str:
    """`MOLLY..LOBB//GMAIL.COM` -> `MOLLY_LOBB@GMAIL.COM` (the OSI conventions)."""
    return text.strip().replace("//", "@").replace("..", "_")


def normalise_email(address: str) -> str | None:
    """Lower case, one `@`, a dot in the domain; None when it is not an address."""
    address = address.strip().lower()
    local, _, domain = address.partition("@")
    if not local or "." not in domain or "@" in domain or " " in address:
        return None
    return address


def strip_name_association(text: str) -> str:
    """Drop a trailing `-1SMITH/JOHNMR` (the traveller the SSR names) from free text."""
    return _NAME_ASSOCIATION.sub("", text.strip()).strip()


def contact_from_code(code_letter: str, text: str) -> Contact | None:
    """A contact from the CTC letter and its free text, decoded per its kind."""
    kind, role = CONTACT_CODES.get(code_letter, ("phone", None))
    value = strip_name_association(text.lstrip("/ "))
    if not value and kind != "refused":
        return None
    if kind == "email":
        value = decode_osi_email(value)
    return Contact(kind=kind, value=value, role=role)


def contact_from_osi(text: str) -> Contact | None:
    """A contact from OSI or ADD text such as `YY CTCM 123456789`, or None."""
    match = _OSI_CONTACT.match(text.upper())
    if not match:
        return None
    return contact_from_code(match.group(1), match.group(2))


def phone_e164(raw: str) -> str | None:
    """E.164 form when the number says its country (`+`, `00` or a country prefix)."""
    text = re.sub(r"[\s().-]", "", raw.upper())
    region = None
    prefixed = _COUNTRY_PREFIX.match(text)
    if prefixed:
        region, text = prefixed.group(1), prefixed.group(2)
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith("+") and region is None:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


__all__ = [
    "CONTACT_CODES",
    "Contact",
    "contact_from_code",
    "contact_from_osi",
    "decode_osi_email",
    "normalise_email",
    "phone_e164",
    "strip_name_association",
]
