"""PAXLST Gr2/Gr3: a TDT and its LOC/DTM stops become a Flight with legs.

`TDT+20+DL123+++DL` names the flight; the stops that follow give the legs:
LOC+125 (last departure before the border) -> LOC+87 (first arrival), LOC+92
pairs for the other legs of a progressive flight, LOC+130 the final destination.
A stop with a departure time (DTM+189) opens a leg, one with an arrival time
(DTM+232) closes it; a LOC+92 without times alternates. The flight's own origin
and destination are the border-crossing airports (125/87) when sent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from paxscreen.edifact import Segment
from paxscreen.messages.context import MessageContext
from paxscreen.messages.paxlst_codes import (
    ARRIVAL_TIME,
    DEPARTURE_LOCATIONS,
    DEPARTURE_TIME,
    FILED_TIME,
)
from paxscreen.messages.paxlst_dates import DateKind, read_date
from paxscreen.model import Direction, Flight, FlightDesignator, FlightLeg, split_flight_number

# airline designator (2 characters, or 3-letter ICAO) + flight number + optional suffix
_JOURNEY = re.compile(r"([A-Z0-9]{2}[A-Z]?)\s*(\d{1,5}[A-Z]?)")
OVERFLIGHT_MODE = "34"
_BORDER_ARRIVAL = "87"
_MASTER_CREW_LIST_PLACES = frozenset({"188", "172"})


@dataclass(slots=True)
class Stop:
    qualifier: str
    airport: str
    segment: Segment
    departure: dt.datetime | None = None
    arrival: dt.datetime | None = None


@dataclass(slots=True)
class FlightBuilder:
    """Collects one TDT group; `build()` turns it into the model Flight."""

    context: MessageContext
    tdt: Segment
    stops: list[Stop] = field(default_factory=list)
    flight_time: dt.datetime | None = None  # a Gr2 DTM right after the TDT

    def add_stop(self, segment: Segment) -> None:
        self.stops.append(Stop(segment.value(0), segment.value(1).strip().upper(), segment))

    def add_time(self, segment: Segment) -> None:
        qualifier = segment.value(0, 0)
        moment = read_moment(self.context, segment)
        if moment is None:
            return
        stop = self.stops[-1] if self.stops else None
        if stop is None:
            self.flight_time = moment
        elif qualifier == ARRIVAL_TIME:
            stop.arrival = moment
        elif qualifier in (DEPARTURE_TIME, FILED_TIME):
            stop.departure = moment

    def build(self, *, overflight: bool = False) -> Flight:
        carrier, number, suffix, aliases = self._designator()
        legs = self._legs()
        origin_stop = next((s for s in self.stops if s.qualifier in DEPARTURE_LOCATIONS), None)
        arrival_stop = next((s for s in self.stops if s.qualifier == _BORDER_ARRIVAL), None)
        flight = Flight(
            carrier=carrier,
            number=number,
            suffix=suffix,
            aliases=aliases,
            legs=legs,
            sources={"": self.context.provenance(self.tdt)},
        )
        if origin_stop is not None:
            flight.origin, flight.departure_local = origin_stop.airport, origin_stop.departure
        elif legs:
            flight.origin, flight.departure_local = legs[0].origin, legs[0].departure_local
        if arrival_stop is not None:
            flight.destination, flight.arrival_local = arrival_stop.airport, arrival_stop.arrival
        elif legs:
            flight.destination, flight.arrival_local = legs[-1].destination, legs[-1].arrival_local
        if flight.departure_local is None:
            flight.departure_local = self.flight_time
        if overflight or self.tdt.value(0).strip() == OVERFLIGHT_MODE:
            flight.direction = Direction.OVERFLIGHT
        return flight

    def _designator(self) -> tuple[str, str, str | None, list[FlightDesignator]]:
        findings = self.context.findings
        journey = self.tdt.value(1).strip().upper()
        carrier = self.tdt.value(4).strip().upper()
        aliases: list[FlightDesignator] = []
        if not journey:
            findings.warning("paxlst.no-flight-number", "TDT names no flight", self.tdt, element=1)
            return carrier, "", None, aliases
        match = _JOURNEY.fullmatch(journey)
        if carrier and journey.startswith(carrier):
            flight_text = journey[len(carrier) :].strip()
        elif match is not None:
            prefix, flight_text = match.groups()
            if not carrier:
                carrier = prefix
            elif prefix != carrier:
                findings.warning(
                    "paxlst.carrier-mismatch",
                    f"TDT journey {journey} names carrier {prefix} but the carrier element says "
                    f"{carrier}; kept {carrier} and {journey} as an alias",
                    self.tdt,
                    element=4,
                )
                number, suffix = split_flight_number(flight_text)
                aliases.append(FlightDesignator(carrier=prefix, number=number, suffix=suffix))
        elif carrier:
            flight_text = journey
        else:
            carrier, flight_text = journey[:2], journey[2:]
            findings.warning(
                "paxlst.unreadable-flight",
                f"cannot tell carrier from number in {journey!r}; read as {carrier} {flight_text}",
                self.tdt,
                element=1,
            )
        number, suffix = split_flight_number(flight_text) if flight_text else ("", None)
        return carrier, number, suffix, aliases

    def _legs(self) -> list[FlightLeg]:
        legs: list[FlightLeg] = []
        departure: Stop | None = None
        last_arrival: Stop | None = None
        for stop in self.stops:
            if stop.qualifier in _MASTER_CREW_LIST_PLACES:
                continue
            if _is_departure(stop, departure):
                if departure is not None:
                    self.context.findings.warning(
                        "paxlst.departure-without-arrival",
                        f"leg from {departure.airport} has no arrival airport",
                        departure.segment,
                    )
                departure = stop
                continue
            start = departure or last_arrival
            if start is None:
                self.context.findings.warning(
                    "paxlst.arrival-without-departure",
                    f"arrival at {stop.airport} has no departure airport before it",
                    stop.segment,
                )
            else:
                legs.append(
                    FlightLeg(
                        sequence=len(legs) + 1,
                        origin=start.airport,
                        destination=stop.airport,
                        departure_local=start.departure if start is departure else None,
                        arrival_local=stop.arrival,
                        sources={"": self.context.provenance(start.segment)},
                    )
                )
            departure, last_arrival = None, stop
        return legs


def _is_departure(stop: Stop, open_departure: Stop | None) -> bool:
    if stop.qualifier in DEPARTURE_LOCATIONS:
        return True
    if stop.qualifier != "92":
        return False
    if stop.departure is not None:
        return True
    return stop.arrival is None and open_departure is None


def read_moment(context: MessageContext, segment: Segment) -> dt.datetime | None:
    """A Gr3 DTM (YYMMDDHHMM, format 201) as a local datetime, or None with a finding."""
    try:
        reading = read_date(
            segment.value(0, 1),
            segment.value(0, 2),
            kind=DateKind.EVENT,
            reference_date=context.reference_date,
        )
    except ValueError as error:
        context.findings.warning(
            "paxlst.bad-date", f"DTM {segment.value(0)}: {error}", segment, element=0
        )
        return None
    moment = reading.to_datetime()
    if moment is None:
        context.findings.warning(
            "paxlst.partial-date", f"flight date {segment.value(0, 1)!r} is incomplete", segment
        )
    return moment


__all__ = ["FlightBuilder", "read_moment"]
