"""Where travellers come from: regions, their nationalities and e-mail providers.

A region ties a name table to the countries whose citizens carry such names, so
a KOWALSKI is Polish and an OKAFOR Nigerian (mostly: `data/regions.csv` lets a
region span several countries, and some travellers hold a second nationality).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

from paxscreen.demo.seeding import WeightedChoice


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    nationalities: WeightedChoice[str]  # ISO 3166 alpha-3, as PAXLST NAT and DOCS carry them
    email_domains: tuple[str, ...]

    def nationality(self, rng: random.Random) -> str:
        return self.nationalities.pick(rng)


@cache
def regions() -> dict[str, Region]:
    text = resources.files("paxscreen.demo").joinpath("data/regions.csv").read_text("utf-8")
    found = {}
    for row in csv.DictReader(text.splitlines()):
        pairs = [item.split(":") for item in row["nationalities"].split("|")]
        found[row["region"]] = Region(
            name=row["region"],
            nationalities=WeightedChoice([code for code, _ in pairs], [float(w) for _, w in pairs]),
            email_domains=tuple(row["email_domains"].split("|")),
        )
    return found


@cache
def region_table() -> WeightedChoice[str]:
    """Regions weighted by their share of travellers at a European hub."""
    text = resources.files("paxscreen.demo").joinpath("data/regions.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return WeightedChoice([row["region"] for row in rows], [float(row["weight"]) for row in rows])


@cache
def alpha2(alpha3: str) -> str:
    """ISO alpha-3 -> alpha-2 (phone numbers, 2-letter DOCS codes some carriers send)."""
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        raise KeyError(f"unknown country code {alpha3!r}")
    return str(country.alpha_2)


@cache
def alpha3(alpha2_code: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2_code)
    if country is None:
        raise KeyError(f"unknown country code {alpha2_code!r}")
    return str(country.alpha_3)


__all__ = ["Region", "alpha2", "alpha3", "region_table", "regions"]
