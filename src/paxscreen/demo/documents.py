"""Travel documents with plausible numbers, dates and issuing states.

Number shapes follow what each state prints (a German passport is C + 8
characters from a restricted alphabet, a British one 9 digits, a French one
2 digits + 2 letters + 5 digits...), so document-number matching and the
lost/stolen list see realistic values rather than sequential ids.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable

from paxscreen.model import TravelDocument

_DE_ALPHABET = "CFGHJKLMNPRTVWXYZ0123456789"  # no vowels or look-alikes on German documents


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _letters(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(count))


_PASSPORT_SHAPES: dict[str, Callable[[random.Random], str]] = {
    "DEU": lambda rng: "C" + "".join(rng.choice(_DE_ALPHABET) for _ in range(8)),
    "GBR": lambda rng: _digits(rng, 9),
    "USA": lambda rng: rng.choice(["", "A"]) + _digits(rng, 9 if rng.random() < 0.5 else 8),
    "FRA": lambda rng: _digits(rng, 2) + _letters(rng, 2) + _digits(rng, 5),
    "ITA": lambda rng: _letters(rng, 2) + _digits(rng, 7),
    "ESP": lambda rng: _letters(rng, 3) + _digits(rng, 6),
    "CHN": lambda rng: "E" + _digits(rng, 8),
    "IND": lambda rng: _letters(rng, 1) + _digits(rng, 7),
    "KOR": lambda rng: "M" + _digits(rng, 8),
    "RUS": lambda rng: _digits(rng, 9),
    "TUR": lambda rng: "U" + _digits(rng, 8),
    "NGA": lambda rng: "A" + _digits(rng, 8),
}


def passport_number(rng: random.Random, state: str) -> str:
    shape = _PASSPORT_SHAPES.get(state)
    if shape is not None:
        return str(shape(rng))
    return _letters(rng, rng.choice([1, 2])) + _digits(rng, 7)


def id_card_number(rng: random.Random, state: str) -> str:
    if state == "DEU":
        return "L" + "".join(rng.choice(_DE_ALPHABET) for _ in range(8))
    return _letters(rng, 2) + _digits(rng, 7)


# EU/EEA and a few neighbours whose citizens may fly on an identity card
ID_CARD_STATES = frozenset(
    {"DEU", "AUT", "BEL", "FRA", "ITA", "ESP", "PRT", "POL", "CHE", "NLD"}
    | {"LUX", "GRC", "CZE", "HUN", "ROU", "BGR", "HRV", "SVK", "SVN", "IRL"}
)


def issue_document(
    rng: random.Random,
    *,
    state: str,
    date_of_birth: dt.date,
    today: dt.date,
    kind: str = "P",
) -> TravelDocument:
    """A document valid on `today`: issued within its validity period, not yet expired."""
    age = (today - date_of_birth).days // 365
    years = 5 if age < 24 else 10
    issued = today - dt.timedelta(days=rng.randrange(30, years * 365 - 30))
    issued = max(issued, date_of_birth + dt.timedelta(days=10))
    try:
        expiry = issued.replace(year=issued.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        expiry = issued.replace(year=issued.year + years, day=28)
    number = passport_number(rng, state) if kind == "P" else id_card_number(rng, state)
    return TravelDocument(
        type=kind,
        number=number,
        issuing_state=state,
        nationality=state,
        expiry=expiry,
        issue_date=issued,
    )


__all__ = ["ID_CARD_STATES", "id_card_number", "issue_document", "passport_number"]
