"""Who sells the tickets and how they are paid for.

A few large agencies (online travel agencies, travel-management companies) sell
a large share of tickets, many small high-street agencies sell the rest, and the
carriers' own websites sell the remainder; that skew is realistic and gives
link analysis a few enormous, uninformative agency nodes next to small
meaningful ones. Card numbers are generated with a valid Luhn check digit.
"""

from __future__ import annotations

import random
from decimal import Decimal

from paxscreen.demo.seeding import WeightedChoice, rng_for
from paxscreen.model import Agency, Payment

_LARGE = [
    ("GLOBETROTTER ONLINE", "DE", "BERLIN"),
    ("SKYFARE DIRECT", "GB", "LONDON"),
    ("CORPORATE TRAVEL PARTNERS", "DE", "FRANKFURT"),
    ("VOYAGES EXPRESS", "FR", "PARIS"),
    ("BOSPHORUS TOURS", "TR", "ISTANBUL"),
    ("GULF TRAVEL HOUSE", "AE", "DUBAI"),
]
_SMALL_CITIES = [
    ("DE", "HAMBURG"),
    ("DE", "KOELN"),
    ("DE", "OFFENBACH"),
    ("DE", "DUISBURG"),
    ("TR", "ANKARA"),
    ("NG", "LAGOS"),
    ("PK", "LAHORE"),
    ("IN", "MUMBAI"),
    ("GB", "BIRMINGHAM"),
    ("US", "NEW YORK"),
    ("MA", "CASABLANCA"),
    ("EG", "CAIRO"),
    ("ES", "MADRID"),
    ("PL", "WARSZAWA"),
    ("LB", "BEIRUT"),
]
SMALL_AGENCY_COUNT = 400
_CURRENCY = {
    "DE": "EUR",
    "FR": "EUR",
    "ES": "EUR",
    "GB": "GBP",
    "TR": "TRY",
    "AE": "AED",
    "US": "USD",
    "NG": "NGN",
    "PK": "PKR",
    "IN": "INR",
    "MA": "MAD",
    "EG": "EGP",
    "PL": "PLN",
    "LB": "USD",
}


def currency_of(country: str | None) -> str:
    return _CURRENCY.get(country or "", "EUR")


def _iata_number(rng: random.Random) -> str:
    body = rng.randrange(1_000_000, 9_999_999)
    return f"{body}{body % 7}"  # IATA agency codes end in a modulo-7 check digit


def large_agency(seed: int, index: int) -> Agency:
    name, country, city = _LARGE[index % len(_LARGE)]
    rng = rng_for(seed, "agency", "large", index)
    return Agency(
        iata_number=_iata_number(rng),
        pseudo_city=f"{city[:3]}{rng.choice('ABCDEFGH')}{rng.randrange(10, 99)}",
        country=country,
        city=city,
        name=name,
        system=rng.choice(["1A", "1S", "1G"]),
    )


def small_agency(seed: int, index: int) -> Agency:
    rng = rng_for(seed, "agency", "small", index)
    country, city = rng.choice(_SMALL_CITIES)
    return Agency(
        iata_number=_iata_number(rng),
        pseudo_city=f"{city[:3]}{rng.choice('ABCDEFGHJK')}{rng.randrange(10, 99)}",
        country=country,
        city=city,
        name=f"{rng.choice(['STAR', 'SUN', 'CITY', 'EURO', 'GLOBAL', 'ROYAL', 'FAMILY'])} "
        f"{rng.choice(['TRAVEL', 'TOURS', 'REISEN', 'VOYAGES', 'TICKETS'])}",
        system=rng.choice(["1A", "1S", "1G"]),
    )


def choose_agency(rng: random.Random, seed: int, carrier: str) -> Agency:
    """45 % carrier website, 30 % one of the large agencies, 25 % a small one."""
    draw = rng.random()
    if draw < 0.45:
        return Agency(
            name=f"{carrier} WEB", country=None, pseudo_city=f"{carrier}WEB", system=carrier
        )
    if draw < 0.75:
        return large_agency(seed, rng.randrange(len(_LARGE)))
    return small_agency(seed, rng.randrange(SMALL_AGENCY_COUNT))


def luhn_complete(prefix: str) -> str:
    """Append the Luhn check digit that card numbers carry."""
    total = 0
    for index, char in enumerate(reversed(prefix)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return prefix + str((10 - total % 10) % 10)


_BRANDS = WeightedChoice(
    [("VI", "4", 16), ("CA", "5", 16), ("AX", "37", 15), ("DC", "36", 14), ("TP", "1", 15)],
    [45, 35, 12, 3, 5],
)


def card_number(rng: random.Random) -> tuple[str, str]:
    brand, prefix, length = _BRANDS.pick(rng)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return brand, luhn_complete(body)


def mask(number: str) -> str:
    return "X" * (len(number) - 4) + number[-4:]


def card_payment(
    rng: random.Random,
    *,
    holder: str,
    amount: Decimal,
    currency: str,
    number: tuple[str, str] | None = None,
    full_number: bool = False,
) -> Payment:
    """A card payment; `full_number` for carriers whose pushes carry the clear number."""
    brand, digits = number or card_number(rng)
    return Payment(
        type="CC",
        card_brand=brand,
        masked_number=digits if full_number else mask(digits),
        card_expiry=f"{rng.randrange(1, 13):02d}{rng.randrange(27, 32)}",
        card_holder=holder,
        amount=amount,
        currency=currency,
    )


def choose_payment(
    rng: random.Random,
    *,
    holder: str,
    amount: Decimal,
    currency: str,
    agency: Agency,
    full_number: bool,
) -> Payment:
    """Card mostly; invoice at the corporate agency; cash 3 % (15 % at small agencies); miles."""
    draw = rng.random()
    if agency.name == "CORPORATE TRAVEL PARTNERS" and draw < 0.8:
        return Payment(type="IN", amount=amount, currency=currency, payer=agency.name)
    small = bool(agency.iata_number) and agency.name not in {name for name, _, _ in _LARGE}
    if draw < (0.15 if small else 0.03):
        return Payment(type="CA", amount=amount, currency=currency)
    if 0.90 <= draw < 0.94:
        return Payment(type="MI", amount=amount, currency=currency)
    return card_payment(
        rng, holder=holder, amount=amount, currency=currency, full_number=full_number
    )


__all__ = [
    "SMALL_AGENCY_COUNT",
    "card_number",
    "card_payment",
    "choose_agency",
    "choose_payment",
    "currency_of",
    "large_agency",
    "luhn_complete",
    "mask",
    "small_agency",
]
