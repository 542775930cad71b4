"""Itineraries around the pushed flight: returns, onward connections, open jaws.

Only the pushed flight must exist in the schedule; the other segments of a
journey (the return three weeks later, the onward connection) are plausible
flights of the same or a partner carrier, as a real PNR lists them.
"""

from __future__ import annotations

import datetime as dt
import random

from paxscreen.demo.airports import block_time, to_local
from paxscreen.demo.carriers import routes
from paxscreen.demo.schedule import ScheduledFlight
from paxscreen.model import Direction, ItinerarySegment


def pushed_segment(
    scheduled: ScheduledFlight, rng: random.Random, sequence: int, booking_class: str
) -> ItinerarySegment:
    """The pushed flight as this booking holds it: under the operating or a marketing designator."""
    flight = scheduled.flight
    carrier, number, operating = flight.carrier, flight.number, None
    if flight.aliases and rng.random() < 0.25:
        alias = rng.choice(flight.aliases)
        carrier, number, operating = alias.carrier, alias.number, (flight.carrier, flight.number)
    return ItinerarySegment(
        sequence=sequence,
        carrier=carrier,
        number=number,
        operating_carrier=operating[0] if operating else None,
        operating_number=operating[1] if operating else None,
        origin=flight.origin,
        destination=flight.destination,
        departure_local=flight.departure_local,
        arrival_local=flight.arrival_local,
        class_of_service=booking_class,
        status="HK",
        is_pushed_flight=True,
    )


def _segment(
    sequence: int,
    carrier: str,
    number: int,
    origin: str,
    destination: str,
    departure_utc: dt.datetime,
    booking_class: str,
) -> ItinerarySegment:
    arrival = departure_utc + block_time(origin, destination)
    return ItinerarySegment(
        sequence=sequence,
        carrier=carrier,
        number=str(number),
        origin=origin,
        destination=destination,
        departure_local=to_local(departure_utc, origin),
        arrival_local=to_local(arrival, destination),
        class_of_service=booking_class,
        status="HK",
    )


def build_itinerary(
    rng: random.Random,
    scheduled: ScheduledFlight,
    *,
    booking_class: str,
    round_trip: bool,
    connection: bool,
    open_jaw_from: str | None = None,
) -> list[ItinerarySegment]:
    """Segments in travel order; the pushed flight is flagged `is_pushed_flight`."""
    flight = scheduled.flight
    assert flight.departure_utc is not None and flight.arrival_utc is not None
    number = int(flight.number)
    segments: list[ItinerarySegment] = []
    home, away = (flight.origin, flight.destination)
    assert home is not None and away is not None
    inbound = flight.direction is Direction.INBOUND
    if connection and not inbound:  # a feeder flight into the hub before the pushed flight
        feeder = routes().pick(rng).airport
        if feeder not in (home, away):
            start = flight.departure_utc - dt.timedelta(minutes=90) - block_time(feeder, home)
            segments.append(
                _segment(1, flight.carrier, number + 300, feeder, home, start, booking_class)
            )
            home = feeder
    segments.append(pushed_segment(scheduled, rng, len(segments) + 1, booking_class))
    if connection and inbound:  # onward from the hub
        onward = routes().pick(rng).airport
        if onward not in (flight.origin, away):
            start = flight.arrival_utc + dt.timedelta(minutes=rng.randrange(70, 240, 5))
            segments.append(
                _segment(
                    len(segments) + 1,
                    flight.carrier,
                    number + 301,
                    away,
                    onward,
                    start,
                    booking_class,
                )
            )
            away = onward
    if round_trip or open_jaw_from:
        back_from = open_jaw_from or away
        start = flight.departure_utc + dt.timedelta(
            days=rng.randrange(3, 28), hours=rng.randrange(-6, 6)
        )
        segments.append(
            _segment(
                len(segments) + 1, flight.carrier, number + 1, back_from, home, start, booking_class
            )
        )
    return segments


__all__ = ["build_itinerary", "pushed_segment"]
