"""One flight, one identity: the operating flight, with its codeshare aliases.

A PNR push may name the flight by its marketing designator (DL123) while the
API list names the operating one (KL456); GTAS ended up with codeshare flights
that had no passengers at all (its issue #601). We normalise every flight to the
operating carrier, the number without leading zeros, the suffix, the local
departure date and the origin (`model.flight_key`), and keep each marketing
designator as an alias so that a later message naming either finds the same row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from paxscreen.model import (
    Booking,
    Flight,
    FlightDesignator,
    ItinerarySegment,
    flight_key,
    split_flight_number,
)


def normalise_designator(carrier: str, number: str, suffix: str | None) -> FlightDesignator:
    """`LH`, `0400A`, None -> LH 400 A: the form every key and comparison uses."""
    digits, split_suffix = split_flight_number(number)
    return FlightDesignator(
        carrier=carrier.strip().upper(),
        number=digits,
        suffix=(suffix or split_suffix or None),
    )


def _departure_date(flight: Flight) -> dt.date | None:
    return flight.departure_local.date() if flight.departure_local else None


def _same_flight(segment: ItinerarySegment, flight: Flight) -> bool:
    """Does this itinerary segment describe `flight` under one of its designators?"""
    designator = normalise_designator(segment.carrier, segment.number, segment.suffix)
    departure = segment.departure_local.date() if segment.departure_local else None
    return (
        designator.carrier == flight.carrier.upper()
        and designator.number == split_flight_number(flight.number)[0]
        and (flight.origin is None or segment.origin in (None, flight.origin))
        and (departure is None or _departure_date(flight) in (None, departure))
    )


def resolve_operating(flight: Flight, bookings: list[Booking]) -> Flight:
    """The flight under its operating identity, with the marketing designator(s) as aliases.

    The bookings' itinerary says who operates a marketing flight (TVL `DL:KL` + TRA,
    or the older second TVL); the first segment that names `flight` and has a
    different operating carrier or number decides.
    """
    designator = normalise_designator(flight.carrier, flight.number, flight.suffix)
    resolved = replace(
        flight,
        carrier=designator.carrier,
        number=designator.number,
        suffix=designator.suffix,
        aliases=list(flight.aliases),
    )
    for booking in bookings:
        for segment in booking.itinerary:
            if not segment.operating_carrier or not _same_flight(segment, resolved):
                continue
            operating = normalise_designator(
                segment.operating_carrier, segment.operating_number or resolved.number, None
            )
            if (operating.carrier, operating.number) == (resolved.carrier, resolved.number):
                continue
            marketing = FlightDesignator(
                carrier=resolved.carrier, number=resolved.number, suffix=resolved.suffix
            )
            resolved = replace(
                resolved,
                carrier=operating.carrier,
                number=operating.number,
                suffix=operating.suffix,
                aliases=[*resolved.aliases, marketing],
            )
            return _dedupe_aliases(resolved)
    return _dedupe_aliases(resolved)


def _dedupe_aliases(flight: Flight) -> Flight:
    seen: set[str] = {flight.designator}
    aliases: list[FlightDesignator] = []
    for alias in flight.aliases:
        normal = normalise_designator(alias.carrier, alias.number, alias.suffix)
        if str(normal) not in seen:
            seen.add(str(normal))
            aliases.append(normal)
    flight.aliases = aliases
    return flight


def alias_keys(flight: Flight) -> list[str]:
    """Flight keys of every marketing alias (same date and origin as the operated flight)."""
    date = _departure_date(flight)
    return [
        flight_key(alias.carrier, alias.number, alias.suffix, date, flight.origin)
        for alias in flight.aliases
    ]


def lookup_keys(flight: Flight) -> list[str]:
    """Every key under which this flight may already be stored: its own, then aliases."""
    return [flight.key, *alias_keys(flight)]


__all__ = ["alias_keys", "lookup_keys", "normalise_designator", "resolve_operating"]
