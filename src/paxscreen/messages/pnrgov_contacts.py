"""Contact details in PNR text: SSR CTCE/CTCM/CTCH and OSI `CTCx` conventions.

Reservation text cannot carry `@` or `_`, so e-mail addresses travel as `//` and
`..` (`CTCE MOLLY..LOBB//GMAIL.COM` is molly_lobb@gmail.com). OSIs often start
with the carrier (`EK CTC M 5432109876`, `YY CTCM 123456789`) and some systems
put a space inside the code (`CTC M`). The letter after CTC says what follows
(AIRIMP): E e-mail, M mobile, H home, B business, P phone, T travel agent,
A address, R contact refused.
"""

from __future__ import annotations

import functools
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

_OSI_CONTACT = re.compile(r"^\s*(?:[A-Z0-9]{2}\s+)?CTC\s?([A-Z])\b\s*/?\s*(.*)$", re.S | re.I)
_NAME_ASSOCIATION = re.compile(r"-\d+[A-Z][A-Z .'-]*(?:/[A-Z .'-]*)?$")
_COUNTRY_PREFIX = re.compile(r"^([A-Z]{2})(\+?\d.*)$")
_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class Contact:
    """One contact read from text: kind (email, phone, address, refused) and value."""

    kind: str
    value: str
    role: str | None = None


def decode_osi_email(text: str) -> str:
    """`MOLLY..LOBB//GMAIL.COM` -> `MOLLY_LOBB@GMAIL.COM` (the OSI conventions)."""
    return text.strip().replace("//", "@").replace("..", "_")


@functools.lru_cache(maxsize=16384)  # pushes repeat contacts; results immutable
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


@functools.lru_cache(maxsize=16384)  # pushes repeat contacts; results immutable
def contact_from_osi(text: str) -> Contact | None:
    """A contact from OSI or ADD text such as `YY CTCM 123456789`, or None."""
    match = _OSI_CONTACT.match(text)  # any case; the value keeps the case it was sent in
    if not match:
        return None
    return contact_from_code(match.group(1).upper(), match.group(2))


@functools.lru_cache(maxsize=16384)  # pushes repeat contacts; results immutable
def phone_e164(raw: str) -> str | None:
    """E.164 form when the number says its country (`+`, `00` or a 2-letter prefix).

    Formatting only, without the `phonenumbers` metadata walk: a push carries a
    phone per traveller and parsing each with full validation cost more than
    reading the rest of the PNR. After a country prefix (`NL0205550199`,
    `US12125551234`) digits that start with the country's calling code are taken
    as international, others as national (trunk 0 dropped). Lengths outside
    E.164's 8 to 15 digits give None.
    """
    text = raw.strip().upper()
    prefixed = _COUNTRY_PREFIX.match(text)
    if prefixed:
        calling_code = str(phonenumbers.country_code_for_region(prefixed.group(1)) or "")
        if not calling_code:
            return None
        text = prefixed.group(2)
        digits = _NOT_DIGIT.sub("", text)
        if text.startswith("+") or digits.startswith("00"):
            number = digits[2:] if digits.startswith("00") else digits
        elif digits.startswith(calling_code):
            number = digits
        else:
            number = calling_code + digits.removeprefix("0")
    else:
        digits = _NOT_DIGIT.sub("", text)
        if text.startswith("+"):
            number = digits
        elif digits.startswith("00"):
            number = digits[2:]
        else:
            return None
    return f"+{number}" if 8 <= len(number) <= 15 else None


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
