"""Flights and their legs.

Times are kept twice: local (as messages send them) and UTC (derived with the
airport's time zone when known). A flight's identity is `flight_key`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from paxscreen.model.keys import flight_key
from paxscreen.model.provenance import Sources


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    OVERFLIGHT = "overflight"
    UNKNOWN = "unknown"


@dataclass(slots=True, kw_only=True)
class FlightDesignator:
    """A marketing (codeshare) alias of an operated flight."""

    carrier: str
    number: str
    suffix: str | None = None

    def __str__(self) -> str:
        return f"{self.carrier}{self.number}{self.suffix or ''}"


@dataclass(slots=True, kw_only=True)
class FlightLeg:
    """One take-off and landing; a multi-leg or progressive flight has several."""

    sequence: int
    origin: str
    destination: str
    departure_local: dt.datetime | None = None
    arrival_local: dt.datetime | None = None
    departure_utc: dt.datetime | None = None
    arrival_utc: dt.datetime | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Flight:
    carrier: str
    number: str
    suffix: str | None = None
    origin: str | None = None
    destination: str | None = None
    departure_local: dt.datetime | None = None
    arrival_local: dt.datetime | None = None
    departure_utc: dt.datetime | None = None
    arrival_utc: dt.datetime | None = None
    direction: Direction = Direction.UNKNOWN
    legs: list[FlightLeg] = field(default_factory=list)
    aliases: list[FlightDesignator] = field(default_factory=list)
    cancelled: bool = False
    sources: Sources = field(default_factory=dict)

    @property
    def key(self) -> str:
        departure_date = self.departure_local.date() if self.departure_local else None
        return flight_key(self.carrier, self.number, self.suffix, departure_date, self.origin)

    @property
    def designator(self) -> str:
        return f"{self.carrier}{self.number}{self.suffix or ''}"


__all__ = ["Direction", "Flight", "FlightDesignator", "FlightLeg"]
