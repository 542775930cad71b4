"""Carriers and routes as a hub in the EU sees them.

`data/carriers.csv` says, per carrier, which reservation system hosts its PNRs
(the RCI owner), which PNRGOV version it sends, whether it pushes PNRGOV XML,
whether its pushes carry full card numbers (some do, most mask them), its
codeshare partners and whether it sends codeshares with a TRA segment
(PNRGOV >= 14.1 style) or a second TVL. `data/routes.csv` lists the foreign
airports served from the hubs, their traffic weight and the carriers on them.
Carriers without a system are cargo operators: they send crew lists only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from paxscreen.demo.seeding import WeightedChoice


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name: str
    country: str  # ISO alpha-2
    system: str  # host reservation system, e.g. 1A; "" for cargo operators
    pnrgov_version: str  # e.g. 13:1
    sends_xml: bool
    sends_full_card_numbers: bool
    partners: tuple[str, ...]
    uses_tra: bool

    @property
    def is_cargo(self) -> bool:
        return not self.system


@dataclass(frozen=True, slots=True)
class Route:
    airport: str  # the foreign end, IATA code
    weight: float
    carriers: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("paxscreen.demo").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def carriers() -> dict[str, Carrier]:
    return {
        row["code"]: Carrier(
            code=row["code"],
            name=row["name"],
            country=row["country"],
            system=row["system"],
            pnrgov_version=row["pnrgov_version"],
            sends_xml=row["xml"] == "1",
            sends_full_card_numbers=row["full_card_numbers"] == "1",
            partners=tuple(filter(None, row["partners"].split("|"))),
            uses_tra=row["uses_tra"] == "1",
        )
        for row in _rows("carriers.csv")
    }


@cache
def routes() -> WeightedChoice[Route]:
    table = [
        Route(
            airport=row["airport"],
            weight=float(row["weight"]),
            carriers=tuple(row["carriers"].split("|")),
        )
        for row in _rows("routes.csv")
    ]
    return WeightedChoice(table, [route.weight for route in table])


CARGO_CARRIERS = ("CV", "5Y", "QY", "LH")
CARGO_ORIGINS = ("ORD", "PVG", "DXB", "JFK", "ICN", "NBO", "SIN", "IST")

__all__ = ["CARGO_CARRIERS", "CARGO_ORIGINS", "Carrier", "Route", "carriers", "routes"]
