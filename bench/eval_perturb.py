"""Perturbations that turn a listed person into how they might show up on a manifest.

Each treatment takes the traveller's (given names, surname, date of birth,
document number) and returns a changed copy; categories follow what real senders and
real people do (yente treatments, nomenklatura entity_bench heuristics, ICAO MRZ
habits): typos, transliteration drift, given/family swaps, dropped middle names,
merged or split particles, MRZ truncation, date-of-birth slips and OCR look-alikes
in document numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

LETTERS = "ABCDEFGHIJKLMNOPRSTUVWYZ"
# Spelling drifts seen between romanisations of the same name.
DRIFTS = (
    ("OU", "U"),
    ("U", "OU"),
    ("EE", "I"),
    ("I", "EE"),
    ("KH", "H"),
    ("Q", "K"),
    ("K", "Q"),
    ("J", "DJ"),
    ("Y", "I"),
    ("I", "Y"),
    ("PH", "F"),
    ("SS", "S"),
    ("MM", "M"),
    ("DD", "D"),
    ("E", "A"),
    ("A", "E"),
    ("O", "U"),
    ("V", "W"),
    ("TCH", "CH"),
    ("KS", "X"),
)
OCR_SWAPS = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8"}


@dataclass(frozen=True, slots=True)
class Traveller:
    given_names: str
    surname: str
    date_of_birth: dt.date | None
    nationality: str | None
    document: str | None
    document_state: str | None


def _tokens(text: str) -> list[str]:
    return text.split()


def _edit_token(rng: random.Random, token: str) -> str:
    if len(token) < 4:
        return token
    position = rng.randrange(1, len(token) - 1)
    kind = rng.choice(("substitute", "delete", "insert", "transpose"))
    if kind == "substitute":
        return token[:position] + rng.choice(LETTERS) + token[position + 1 :]
    if kind == "delete":
        return token[:position] + token[position + 1 :]
    if kind == "insert":
        return token[:position] + rng.choice(LETTERS) + token[position:]
    return token[: position - 1] + token[position] + token[position - 1] + token[position + 1 :]


def typo(rng: random.Random, t: Traveller) -> Traveller:
    if rng.random() < 0.5 and t.surname:
        parts = _tokens(t.surname)
        index = rng.randrange(len(parts))
        parts[index] = _edit_token(rng, parts[index])
        return replace(t, surname=" ".join(parts))
    parts = _tokens(t.given_names) or [""]
    index = rng.randrange(len(parts))
    parts[index] = _edit_token(rng, parts[index])
    return replace(t, given_names=" ".join(parts))


def transliteration(rng: random.Random, t: Traveller) -> Traveller:
    for _ in range(10):
        old, new = rng.choice(DRIFTS)
        field = rng.choice(("given_names", "surname"))
        text = getattr(t, field)
        if old in text[1:]:
            index = text.index(old, 1)
            return replace(t, **{field: text[:index] + new + text[index + len(old) :]})
    return typo(rng, t)


def swap_given_family(rng: random.Random, t: Traveller) -> Traveller:
    return replace(t, given_names=t.surname, surname=t.given_names) if t.given_names else t


def drop_middle(rng: random.Random, t: Traveller) -> Traveller:
    parts = _tokens(t.given_names)
    if len(parts) < 2:
        return typo(rng, t)
    return replace(t, given_names=parts[0])


def merge_particles(rng: random.Random, t: Traveller) -> Traveller:
    """AL ZAWAHIRI -> ALZAWAHIRI, or ABDUL RAHMAN -> ABDULRAHMAN; else split a long token."""
    for field in ("surname", "given_names"):
        parts = _tokens(getattr(t, field))
        if len(parts) >= 2 and len(parts[0]) <= 5:
            return replace(t, **{field: parts[0] + parts[1] + " ".join([""] + parts[2:])})
    surname = t.surname.replace("-", " ")
    return replace(t, surname=surname) if surname != t.surname else typo(rng, t)


def mrz_truncate(rng: random.Random, t: Traveller) -> Traveller:
    """The TD3 name field holds 39 characters: long names lose their tail."""
    surname = t.surname[:39]
    room = 39 - len(surname) - 2
    return replace(t, surname=surname, given_names=t.given_names[: max(room, 0)].strip())


def initial_for_middle(rng: random.Random, t: Traveller) -> Traveller:
    parts = _tokens(t.given_names)
    if len(parts) < 2:
        return typo(rng, t)
    return replace(t, given_names=" ".join([parts[0]] + [p[0] for p in parts[1:]]))


def dob_day_month_swap(rng: random.Random, t: Traveller) -> Traveller:
    born = t.date_of_birth
    if born is None or born.day > 12 or born.day == born.month:
        return dob_near_year(rng, t)
    return replace(t, date_of_birth=born.replace(month=born.day, day=born.month))


def dob_near_year(rng: random.Random, t: Traveller) -> Traveller:
    born = t.date_of_birth
    if born is None:
        return t
    year = born.year + rng.choice((-1, 1))
    return replace(t, date_of_birth=born.replace(year=year, day=min(born.day, 28)))


def document_ocr(rng: random.Random, t: Traveller) -> Traveller:
    if not t.document:
        return typo(rng, t)
    positions = [i for i, char in enumerate(t.document) if char in OCR_SWAPS]
    if not positions:
        return typo(rng, t)
    index = rng.choice(positions)
    number = t.document[:index] + OCR_SWAPS[t.document[index]] + t.document[index + 1 :]
    return typo(rng, replace(t, document=number))  # and the name is off too: the document finds it


TREATMENTS: dict[str, Callable[[random.Random, Traveller], Traveller]] = {
    "typo": typo,
    "transliteration": transliteration,
    "swap_given_family": swap_given_family,
    "drop_middle": drop_middle,
    "merge_particles": merge_particles,
    "mrz_truncate": mrz_truncate,
    "initial_for_middle": initial_for_middle,
    "dob_day_month_swap": dob_day_month_swap,
    "dob_near_year": dob_near_year,
    "document_ocr": document_ocr,
}

__all__ = ["TREATMENTS", "Traveller"]
