"""The flight schedule: international arrivals and departures at the hubs, day by day.

A day's schedule is small (a few thousand flights at most), so it is built
whole, sorted by departure, and then streamed flight by flight into bookings and
messages. Everything is drawn from `rng_for(seed, "schedule", day, hub)`, so the
same seed and start date always give the same flights.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from paxscreen.demo.airports import (
    NATIONAL_AIRPORTS,
    block_time,
    distance_km,
    to_local,
    to_utc,
)
from paxscreen.demo.carriers import CARGO_CARRIERS, CARGO_ORIGINS, Carrier, carriers, routes
from paxscreen.demo.seeding import rng_for
from paxscreen.model import Direction, Flight, FlightDesignator, FlightLeg


class FlightKind(StrEnum):
    PASSENGER = "passenger"
    CARGO = "cargo"  # crew list only (BGM 250+B)
    FERRY = "ferry"  # positioning flight, crew only (BGM 250+C, no passengers)


# (IATA equipment code, seats); the first list fits short routes, the last long-haul
_SHORT = [("CR2", 50), ("E90", 100), ("319", 144), ("320", 174), ("32N", 186), ("738", 189)]
_MEDIUM = [("320", 180), ("321", 200), ("32Q", 215), ("7M8", 178), ("763", 211), ("332", 250)]
_LONG = [("789", 290), ("333", 300), ("359", 320), ("77W", 360), ("744", 371), ("388", 500)]
_CARGO = [("77F", 0), ("74N", 0), ("33F", 0)]


@dataclass(slots=True, kw_only=True)
class ScheduledFlight:
    """An operated flight plus what the generator needs that the model does not hold."""

    flight: Flight
    kind: FlightKind
    carrier: Carrier
    hub: str
    aircraft: str
    seats: int
    crew_count: int
    pnr_flight: bool = True  # False for cargo and ferry flights: no bookings, no PNRGOV
    foreign: str = ""  # the foreign airport at the other end
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.flight.key


def _aircraft(rng: random.Random, km: float) -> tuple[str, int]:
    table = _SHORT if km < 1800 else _MEDIUM if km < 4500 else _LONG
    return rng.choice(table)


def _number(rng: random.Random, carrier: str, used: set[str], *, direction: Direction) -> str:
    """Flight numbers: outbound even, inbound odd (the common convention), unique per day."""
    low, high = (8000, 8999) if direction is Direction.UNKNOWN else (100, 1999)
    while True:
        number = rng.randrange(low, high)
        if (number % 2 == 1) != (direction is Direction.INBOUND):
            number += 1
        designator = f"{carrier}{number}"
        if designator not in used:
            used.add(designator)
            return str(number)


def _legs(stops: list[str], departure_utc: dt.datetime) -> list[FlightLeg]:
    legs, moment = [], departure_utc
    for sequence, (origin, destination) in enumerate(zip(stops, stops[1:], strict=False), 1):
        arrival = moment + block_time(origin, destination)
        legs.append(
            FlightLeg(
                sequence=sequence,
                origin=origin,
                destination=destination,
                departure_utc=moment,
                arrival_utc=arrival,
                departure_local=to_local(moment, origin),
                arrival_local=to_local(arrival, destination),
            )
        )
        moment = arrival + dt.timedelta(minutes=75)  # ground time at the intermediate stop
    return legs


def _stops(rng: random.Random, hub: str, foreign: str, direction: Direction) -> list[str]:
    """Usually a single leg; sometimes a foreign tag stop or a domestic continuation."""
    stops = [hub, foreign]
    draw = rng.random()
    if distance_km(hub, foreign) > 4500 and draw < 0.06:
        near = [r.airport for r in routes() if r.airport != foreign]
        near = [code for code in near if distance_km(code, foreign) < 2600]
        if near:
            stops = [hub, foreign, rng.choice(near)]
    elif draw < 0.09:  # progressive: continues to a second airport in the country
        stops = [rng.choice([code for code in NATIONAL_AIRPORTS if code != hub]), hub, foreign]
    return stops if direction is Direction.OUTBOUND else stops[::-1]


def _make_flight(
    rng: random.Random,
    *,
    day: dt.date,
    hub: str,
    foreign: str,
    carrier: Carrier,
    direction: Direction,
    used: set[str],
    kind: FlightKind,
) -> ScheduledFlight:
    stops = _stops(rng, hub, foreign, direction) if kind is FlightKind.PASSENGER else None
    stops = stops or ([hub, foreign] if direction is Direction.OUTBOUND else [foreign, hub])
    hub_local = dt.datetime.combine(day, dt.time(rng.randrange(5, 23), rng.randrange(0, 60, 5)))
    if direction is Direction.OUTBOUND:
        # the first leg may start at another national airport (progressive flights)
        departure_utc = to_utc(hub_local, stops[0])
    else:  # inbound: hub_local is the arrival at the hub; work back to the departure
        total = sum(
            (block_time(a, b) for a, b in zip(stops, stops[1:], strict=False)), dt.timedelta()
        )
        departure_utc = to_utc(hub_local, hub) - total - dt.timedelta(minutes=75) * (len(stops) - 2)
    legs = _legs(stops, departure_utc)
    number_direction = Direction.UNKNOWN if kind is FlightKind.CARGO else direction
    number = _number(rng, carrier.code, used, direction=number_direction)
    aircraft, seats = _aircraft(rng, distance_km(hub, foreign))
    if kind is FlightKind.CARGO:
        aircraft, seats = rng.choice(_CARGO)
    flight = Flight(
        carrier=carrier.code,
        number=number,
        origin=legs[0].origin,
        destination=legs[-1].destination,
        departure_local=legs[0].departure_local,
        arrival_local=legs[-1].arrival_local,
        departure_utc=legs[0].departure_utc,
        arrival_utc=legs[-1].arrival_utc,
        direction=direction,
        legs=legs,
    )
    if kind is FlightKind.PASSENGER:
        for partner in carrier.partners[:3]:
            if partner in carriers() and rng.random() < 0.35:
                alias = FlightDesignator(carrier=partner, number=str(rng.randrange(5000, 9999)))
                flight.aliases.append(alias)
    crew = 3 if kind is not FlightKind.PASSENGER else max(4, seats // 35) + 2
    return ScheduledFlight(
        flight=flight,
        kind=kind,
        carrier=carrier,
        hub=hub,
        aircraft=aircraft,
        seats=seats,
        crew_count=crew,
        pnr_flight=kind is FlightKind.PASSENGER,
        foreign=foreign,
    )


def schedule_day(seed: int, day: dt.date, hub: str, flights: int) -> list[ScheduledFlight]:
    """`flights` international flights at `hub` on `day`, half in and half out.

    About 2 % are cargo flights and 1 % ferry flights (crew lists only), at least
    one of each when the day has 20 flights or more.
    """
    rng = rng_for(seed, "schedule", day.isoformat(), hub)
    used: set[str] = set()
    table = carriers()
    result = []
    cargo = max(1, flights // 50) if flights >= 20 else 0
    ferries = max(1, flights // 100) if flights >= 20 else 0
    for index in range(flights):
        direction = Direction.INBOUND if index % 2 == 0 else Direction.OUTBOUND
        if index < cargo:
            kind = FlightKind.CARGO
            carrier, foreign = table[rng.choice(CARGO_CARRIERS)], rng.choice(CARGO_ORIGINS)
        else:
            route = routes().pick(rng)
            carrier, foreign = table[rng.choice(route.carriers)], route.airport
            ferry = index < cargo + ferries
            kind = FlightKind.FERRY if ferry else FlightKind.PASSENGER
        result.append(
            _make_flight(
                rng,
                day=day,
                hub=hub,
                foreign=foreign,
                carrier=carrier,
                direction=direction,
                used=used,
                kind=kind,
            )
        )
    result.sort(key=lambda scheduled: (scheduled.flight.departure_utc, scheduled.key))
    return result


def schedule(
    seed: int, start: dt.date, days: int, hubs: tuple[str, ...], flights_per_hub: int
) -> Iterator[ScheduledFlight]:
    """Every flight of the run, day by day and hub by hub; one day in memory at a time."""
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        for hub in hubs:
            yield from schedule_day(seed, day, hub, flights_per_hub)


__all__ = ["FlightKind", "ScheduledFlight", "schedule", "schedule_day"]
