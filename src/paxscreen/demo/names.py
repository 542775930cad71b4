"""Name tables by region, and names as carriers send them.

The tables (`data/names.csv`) list each region's surnames and given names from
most to least common; draws follow a Zipf law over that order, so SMITH, MÜLLER,
WANG, NGUYEN and KIM recur the way they do in real traffic. That recurrence is
what makes screening hard: most travellers sharing a watch-listed surname are
someone else.

Names are kept in their native Latin spelling (with diacritics) and rendered two
ways: `to_mrz_form` follows ICAO Doc 9303 part 3 (what the passport, hence
PAXLST and SSR DOCS, carries: MÜLLER -> MUELLER, O'BRIEN -> OBRIEN) and
`to_booking_form` imitates a reservation agent typing on a plain keyboard
(MÜLLER -> MULLER). The same person therefore arrives under two spellings.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from paxscreen.demo.seeding import WeightedChoice, zipf_weights

# ICAO Doc 9303 part 3, section 6: recommended transliteration of Latin letters
# with diacritics. Letters that decompose (É, Ç, Ñ, İ...) lose the mark; these do not.
_ICAO_SPECIAL = {
    "Ä": "AE",
    "Ö": "OE",
    "Ü": "UE",
    "ß": "SS",
    "Å": "AA",
    "Æ": "AE",
    "Ø": "OE",
    "Œ": "OE",
    "Þ": "TH",
    "Ł": "L",
    "Đ": "D",
    "Ð": "D",
    "Ħ": "H",
    "Ŀ": "L",
    "Ŋ": "N",
}
_TYPED_SPECIAL = {"ß": "SS", "Æ": "AE", "Ø": "O", "Œ": "OE", "Þ": "TH", "Ł": "L", "Đ": "D"}


def _fold(text: str, special: dict[str, str]) -> str:
    out = []
    for char in text.upper():
        if char in special:
            out.append(special[char])
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


@lru_cache(maxsize=65536)
def to_mrz_form(text: str) -> str:
    """The name as ICAO 9303 prints it: transliterated, apostrophes dropped, hyphens spaced."""
    return " ".join(_fold(text, _ICAO_SPECIAL).replace("'", "").replace("-", " ").split())


@lru_cache(maxsize=65536)
def to_booking_form(text: str, *, keep_apostrophe: bool = True) -> str:
    """The name as an agent types it: diacritics dropped without ICAO expansion."""
    folded = _fold(text, _TYPED_SPECIAL)
    return folded if keep_apostrophe else folded.replace("'", "")


@dataclass(frozen=True, slots=True)
class RegionNames:
    region: str
    surnames: WeightedChoice[str]
    male: WeightedChoice[str]
    female: WeightedChoice[str]

    def surname(self, rng: random.Random) -> str:
        return self.surnames.pick(rng)

    def given(self, rng: random.Random, sex: str) -> str:
        return (self.male if sex == "M" else self.female).pick(rng)


@cache
def name_tables() -> dict[str, RegionNames]:
    """Every region's tables, read once from `data/names.csv`."""
    lists: dict[str, dict[str, list[str]]] = {}
    text = resources.files("paxscreen.demo").joinpath("data/names.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        lists.setdefault(row["region"], {})[row["kind"]] = row["names"].split("|")
    tables = {}
    for region, kinds in lists.items():
        tables[region] = RegionNames(
            region=region,
            # exponent < 1: common names dominate, yet the tail still shows up
            surnames=_weighted(kinds["surname"], 0.9),
            male=_weighted(kinds["male"], 0.8),
            female=_weighted(kinds["female"], 0.8),
        )
    return tables


def _weighted(names: list[str], exponent: float) -> WeightedChoice[str]:
    return WeightedChoice(names, zipf_weights(len(names), exponent))


__all__ = ["RegionNames", "name_tables", "to_booking_form", "to_mrz_form"]
