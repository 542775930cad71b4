"""How a watch-listed name drifts between the list and the booking.

Each function takes the name as the list has it and returns the name as the
traveller books it; the scenario records both, so recall can be measured per
kind of variation (the categories of the name-matching reference).
"""

from __future__ import annotations

import datetime as dt
import random

# (list given, list surname) -> (travel given, travel surname): spellings of the
# same name under different transliteration systems or habits
TRANSLITERATIONS = (
    (("MUHAMMAD", "ABDULLAH"), ("MOHAMMED", "ABDALLAH")),
    (("YURIY", "SHEVCHENKO"), ("IURII", "SHEVTCHENKO")),
    (("ALEXANDER", "KOVALENKO"), ("OLEKSANDR", "KOVALENKO")),
    (("KHALID", "AL-QAHTANI"), ("KHALED", "ALQAHTANI")),
    (("HUSAYN", "HAIDARI"), ("HUSSEIN", "HAIDARI")),
    (("YUSUF", "OZTURK"), ("YOUSSEF", "OEZTUERK")),
    (("WEI", "ZHANG"), ("WEI", "CHANG")),
    (("ABD AL RAHMAN", "HASSAN"), ("ABDULRAHMAN", "HASSAN")),
    (("MUAMMAR", "QADHAFI"), ("MOAMMAR", "GADDAFI")),
    (("DMITRIY", "SOKOLOV"), ("DMITRII", "SOKOLOV")),
)


def with_typo(rng: random.Random, surname: str) -> str:
    """One edit a tired agent makes: a dropped, doubled or swapped letter."""
    if len(surname) < 5:
        return surname + surname[-1]
    position = rng.randrange(1, len(surname) - 2)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return surname[:position] + surname[position + 1 :]
    if kind == "double":
        return surname[: position + 1] + surname[position:]
    return surname[:position] + surname[position + 1] + surname[position] + surname[position + 2 :]


def swap_day_month(value: dt.date) -> dt.date:
    """1980-04-07 -> 1980-07-04: the US/European date-order slip (day must be <= 12)."""
    return value.replace(month=value.day, day=value.month)


__all__ = ["TRANSLITERATIONS", "swap_day_month", "with_typo"]
