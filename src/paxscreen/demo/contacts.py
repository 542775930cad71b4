"""Phones, e-mail addresses and postal addresses as bookings carry them.

Phone numbers start from `phonenumbers`' example mobile number of the country
(so prefixes and lengths are right) with the subscriber digits redrawn, and
are written the way agents and websites write them: E.164, 00-prefixed,
national with a trunk zero, with spaces or dashes. Cities come from the
airports table (a city with an airport exists); streets from small per-language
word lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

import phonenumbers
from phonenumbers import PhoneNumberType

from paxscreen.demo.airports import _table
from paxscreen.demo.regions import alpha2


@dataclass(frozen=True, slots=True)
class Contact:
    """One person's (or household's) reachable details, shared when a network shares them."""

    phone_e164: str
    phone_raw: str
    email: str
    street: str
    city: str
    postcode: str
    country: str  # ISO alpha-2


@cache
def _mobile_template(country: str) -> tuple[int, str]:
    example = phonenumbers.example_number_for_type(country, PhoneNumberType.MOBILE)
    if example is None:
        example = phonenumbers.example_number(country) or phonenumbers.example_number("DE")
    assert example is not None  # Germany always has an example number
    return int(example.country_code or 49), str(example.national_number)


def phone_number(rng: random.Random, country: str) -> tuple[str, str]:
    """(E.164, as written) for a mobile number in `country` (alpha-2)."""
    code, national = _mobile_template(country)
    keep = max(2, len(national) - 6)
    national = national[:keep] + "".join(rng.choice("0123456789") for _ in national[keep:])
    e164 = f"+{code}{national}"
    style = rng.random()
    if style < 0.35:
        raw = e164
    elif style < 0.55:
        raw = f"00{code}{national}"
    elif style < 0.7:
        raw = f"+{code} {national[:3]} {national[3:]}"
    elif style < 0.85:
        raw = f"{code}-{national}"
    else:
        raw = f"0{national}" if code not in (1, 7) else national  # national form, no country
    return e164, raw


@cache
def _cities_by_country() -> dict[str, tuple[str, ...]]:
    """Every country's airport cities, indexed in one pass over the table."""
    found: dict[str, set[str]] = {}
    for row in _table().values():
        city = str(row["city"]).upper()
        if city and city.isascii() and len(city) < 25:
            found.setdefault(str(row["country"]), set()).add(city)
    return {country: tuple(sorted(cities)) for country, cities in found.items()}


def _cities(country: str) -> tuple[str, ...]:
    return _cities_by_country().get(country) or ("CAPITAL CITY",)


_STREETS = {
    "german": (
        (
            "HAUPTSTRASSE",
            "BAHNHOFSTRASSE",
            "GARTENWEG",
            "SCHILLERSTRASSE",
            "BERLINER ALLEE",
            "AM MARKT",
        ),
        "{street} {number}",
    ),
    "french": (
        ("RUE DE LA PAIX", "AVENUE VICTOR HUGO", "RUE DU MOULIN", "BOULEVARD VOLTAIRE"),
        "{number} {street}",
    ),
    "spanish": (
        ("CALLE MAYOR", "AVENIDA DE LA CONSTITUCION", "CALLE REAL", "PASEO DEL PRADO"),
        "{street} {number}",
    ),
    "italian": (("VIA ROMA", "VIA GARIBALDI", "CORSO ITALIA", "VIA DANTE"), "{street} {number}"),
    "portuguese": (("RUA DAS FLORES", "AVENIDA PAULISTA", "RUA AUGUSTA"), "{street} {number}"),
    "polish": (("ULICA DLUGA", "ULICA KOSCIUSZKI", "ALEJA JEROZOLIMSKIE"), "{street} {number}"),
    "turkish": (("ATATURK CADDESI", "CUMHURIYET CAD", "ISTIKLAL CAD"), "{street} NO {number}"),
}
_DEFAULT_STREETS = (
    (
        "MAIN STREET",
        "HIGH STREET",
        "PARK AVENUE",
        "STATION ROAD",
        "CHURCH LANE",
        "KING ROAD",
        "AIRPORT ROAD",
        "MARKET STREET",
    ),
    "{number} {street}",
)


def make_contact(
    rng: random.Random,
    *,
    region: str,
    country3: str,
    given: str,
    surname: str,
    domains: tuple[str, ...],
) -> Contact:
    country = alpha2(country3)
    e164, raw = phone_number(rng, country)
    streets, pattern = _STREETS.get(region, _DEFAULT_STREETS)
    street = pattern.format(street=rng.choice(streets), number=rng.randrange(1, 240))
    local = _email_local(rng, given, surname)
    return Contact(
        phone_e164=e164,
        phone_raw=raw,
        email=f"{local}@{rng.choice(domains)}",
        street=street,
        city=rng.choice(_cities(country)),
        postcode="".join(rng.choice("0123456789") for _ in range(5)),
        country=country,
    )


def _email_local(rng: random.Random, given: str, surname: str) -> str:
    first = "".join(ch for ch in given.split()[0] if ch.isalnum())
    last = "".join(ch for ch in surname if ch.isalnum())
    style = rng.random()
    if style < 0.4:
        return f"{first}.{last}"
    if style < 0.6:
        return f"{first[0]}{last}{rng.randrange(1, 99)}"
    if style < 0.8:
        return f"{first}_{last}"
    return f"{last}{first[:3]}{rng.randrange(1950, 2010)}"


__all__ = ["Contact", "make_contact", "phone_number"]
