"""Pure computations behind the derived features: trips, dwell times, seats, payers.

No database here: `features.py` loads the rows and hands plain values in, so each
computation can be checked by hand in a unit test (a broken-travel itinerary, a
seat neighbour, a third-party payer).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paxscreen.model.keys import fold_to_ascii

CONNECTION_MAX_HOURS = 24.0  # a stop longer than this is a stay, not a connection
_SEAT = re.compile(r"^\s*0*(\d{1,3})\s*([A-Z])\s*$")
_WORD = re.compile(r"[A-Z]+")


@dataclass(frozen=True, slots=True)
class Leg:
    """One itinerary segment, as the features need it (local times at each airport)."""

    origin: str | None
    destination: str | None
    departure_local: dt.datetime | None
    arrival_local: dt.datetime | None


@dataclass(frozen=True, slots=True)
class TripShape:
    route: str
    segment_count: int
    is_one_way: bool | None
    trip_length_days: float | None
    connection_count: int
    max_dwell_hours: float | None
    legs: list[dict[str, object]]
    gaps: list[str]  # "BGW/EBL": arrived in one place, left from another


def _hours(later: dt.datetime | None, earlier: dt.datetime | None) -> float | None:
    if later is None or earlier is None:
        return None
    return (later - earlier).total_seconds() / 3600


def trip_shape(legs: Sequence[Leg]) -> TripShape:
    """Route, one-way or return, trip length, connections with dwell times, and gaps."""
    if not legs:
        return TripShape("", 0, None, None, 0, None, [], [])
    stops = [legs[0].origin or "?"] + [leg.destination or "?" for leg in legs]
    dwells: list[float | None] = []
    gaps: list[str] = []
    for arriving, leaving in zip(legs, legs[1:], strict=False):
        dwells.append(_hours(leaving.departure_local, arriving.arrival_local))
        if arriving.destination and leaving.origin and arriving.destination != leaving.origin:
            gaps.append(f"{arriving.destination}/{leaving.origin}")
    first, last = legs[0], legs[-1]
    is_one_way = None
    if first.origin and last.destination:
        is_one_way = first.origin != last.destination
    trip_days = None
    if is_one_way is False:
        end = last.arrival_local or last.departure_local
        hours = _hours(end, first.departure_local)
        trip_days = round(hours / 24, 3) if hours is not None else None
    connections = [d for d in dwells if d is not None and 0 <= d <= CONNECTION_MAX_HOURS]
    after = [*dwells, None]  # no dwell after the last leg
    described: list[dict[str, object]] = [
        {
            "origin": leg.origin,
            "destination": leg.destination,
            "departure_local": leg.departure_local.isoformat() if leg.departure_local else None,
            "arrival_local": leg.arrival_local.isoformat() if leg.arrival_local else None,
            "dwell_hours_after": None if dwell is None else round(dwell, 2),
        }
        for leg, dwell in zip(legs, after, strict=False)
    ]
    return TripShape(
        route="-".join(_collapse(stops)),
        segment_count=len(legs),
        is_one_way=is_one_way,
        trip_length_days=trip_days,
        connection_count=len(connections),
        max_dwell_hours=round(max(connections), 3) if connections else None,
        legs=described,
        gaps=gaps,
    )


def _collapse(stops: list[str]) -> list[str]:
    return [stop for index, stop in enumerate(stops) if index == 0 or stop != stops[index - 1]]


def parse_seat(seat: str) -> tuple[int, str] | None:
    """`12A` -> (12, "A"); None for anything that is not row + letter."""
    match = _SEAT.match(seat.upper())
    return (int(match.group(1)), match.group(2)) if match else None


def seat_neighbours(
    seats: dict[int, str], bookings: dict[int, int | None]
) -> dict[int, tuple[int, int]]:
    """For each traveller: (neighbours in the same booking, neighbours in other bookings).

    Neighbours sit in the same row in adjacent letters (`12A`-`12B`). The cabin
    layout (where the aisle is) is not in the messages, so `12C`-`12D` count as
    neighbours too: a deliberate over-approximation for a screening signal.
    """
    by_place: dict[tuple[int, str], int] = {}
    for traveller_id, seat in seats.items():
        place = parse_seat(seat)
        if place:
            by_place[place] = traveller_id
    counts: dict[int, tuple[int, int]] = {}
    for (row, letter), traveller_id in by_place.items():
        same = other = 0
        for step in (-1, 1):
            neighbour = by_place.get((row, chr(ord(letter) + step)))
            if neighbour is None:
                continue
            own = bookings.get(traveller_id)
            if own is not None and bookings.get(neighbour) == own:
                same += 1
            else:
                other += 1
        counts[traveller_id] = (same, other)
    return counts


def name_words(text: str) -> frozenset[str]:
    """Upper-case ASCII words of a name, order-free: `Smith/John Mr` -> {SMITH, JOHN, MR}."""
    return frozenset(_WORD.findall(fold_to_ascii(text).upper()))


def payer_is_traveller(payers: Iterable[str], travellers: Iterable[tuple[str, str]]) -> bool | None:
    """Whether whoever paid is one of the booking's travellers.

    `payers` are the payer and card-holder texts of the booking's payments;
    `travellers` are (surname, given names). None when no payer is named (cash
    at a counter, for instance): unknown is not the same as a third party.
    """
    named = [name_words(payer) for payer in payers if payer and payer.strip()]
    if not named:
        return None
    people = [(name_words(surname), name_words(given)) for surname, given in travellers]
    for payer in named:
        if not any(surname and surname <= payer and (given & payer) for surname, given in people):
            return False
    return True


__all__ = [
    "CONNECTION_MAX_HOURS",
    "Leg",
    "TripShape",
    "name_words",
    "parse_seat",
    "payer_is_traveller",
    "seat_neighbours",
    "trip_shape",
]
