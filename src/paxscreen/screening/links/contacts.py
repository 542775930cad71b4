"""Link keys: the forms under which trivially different contacts are the same.

`+44 20 7946 0000` and `00442079460000` are one phone; `John.Smith+travel@googlemail.com`
and `johnsmith@gmail.com` one mailbox; `12 High Street, London` and `12 HIGH ST LONDON`
one address. Links join on these keys, never on the text as sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

# Providers that ignore dots in the local part and/or treat "+tag" as the same mailbox.
_DOTS_IGNORED = frozenset({"gmail.com"})
_PLUS_TAGS = frozenset(
    {
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "yahoo.com",
        "proton.me",
        "protonmail.com",
        "fastmail.com",
    }
)
_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}

_ADDRESS_WORDS = {
    "STREET": "ST",
    "STR": "ST",
    "STRASSE": "STR",
    "ROAD": "RD",
    "AVENUE": "AVE",
    "AV": "AVE",
    "BOULEVARD": "BLVD",
    "LANE": "LN",
    "DRIVE": "DR",
    "PLACE": "PL",
    "SQUARE": "SQ",
    "APARTMENT": "APT",
    "FLAT": "APT",
    "NUMBER": "NO",
    "NR": "NO",
}
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def email_link_key(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    local, _, domain = address.strip().lower().rpartition("@")
    domain = _DOMAIN_ALIASES.get(domain, domain)
    if domain in _PLUS_TAGS:
        local = local.split("+", 1)[0]
    if domain in _DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{domain}" if local and domain else None


_COUNTRY_DASH = re.compile(r"^\+?(\d{1,3})[-/ ](\d[\d -]{5,})$")


def phone_link_key(raw: str | None, regions: Iterable[str]) -> str | None:
    """E.164 for a number sent without its country (`05012999166`, `44-7400939127`).

    The country is read from a `CC-` prefix, else tried from the booking's own
    countries (addresses, agency, travellers' nationalities) in order; the first
    region under which the number is valid wins. None when no region makes it valid.
    """
    if not raw or not any(ch.isdigit() for ch in raw):
        return None
    text = raw.strip()
    if match := _COUNTRY_DASH.match(text):
        text = f"+{match.group(1)}{match.group(2)}"
    candidates = (
        [None] if text.startswith("+") or text.startswith("00") else list(dict.fromkeys(regions))
    )
    text = "+" + text[2:] if text.startswith("00") else text
    for region in candidates:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def address_link_key(*parts: str | None) -> str | None:
    """Upper case, punctuation folded, common street words abbreviated, in order."""
    words = _NOT_ALNUM.sub(" ", " ".join(part for part in parts if part).upper()).split()
    words = [_ADDRESS_WORDS.get(word, word) for word in words]
    return " ".join(words) or None


__all__ = ["address_link_key", "email_link_key", "phone_link_key"]
