"""Which seats are next to each other: same row, neighbouring letters, same flight.

Seat maps differ by aircraft, so this is the cautious reading: letters adjacent in
the alphabet of seat letters (I is never used) within one row, without crossing a
gap in the letters (a gap usually marks an aisle).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

SEAT_LETTERS = "ABCDEFGHJK"
_SEAT = re.compile(r"^0*(\d{1,3})([A-K])$")


def parse_seat(seat: str | None) -> tuple[int, str] | None:
    if not seat:
        return None
    match = _SEAT.match(seat.strip().upper())
    return (int(match.group(1)), match.group(2)) if match else None


def are_adjacent(left: str | None, right: str | None) -> bool:
    a, b = parse_seat(left), parse_seat(right)
    if (
        a is None
        or b is None
        or a[0] != b[0]
        or a[1] not in SEAT_LETTERS
        or b[1] not in SEAT_LETTERS
    ):
        return False
    return abs(SEAT_LETTERS.index(a[1]) - SEAT_LETTERS.index(b[1])) == 1


def adjacent_pairs(rows: Iterable[Any]) -> list[tuple[Any, Any]]:
    """Pairs of rows (with `.flight_id` and `.seat`) seated side by side."""
    by_row: dict[tuple[int, int], list[tuple[str, Any]]] = defaultdict(list)
    for row in rows:
        parsed = parse_seat(row.seat)
        if parsed is not None and row.flight_id is not None:
            by_row[(row.flight_id, parsed[0])].append((parsed[1], row))
    pairs = []
    for seated in by_row.values():
        seated.sort(key=lambda item: SEAT_LETTERS.find(item[0]))
        for (letter_a, row_a), (letter_b, row_b) in zip(seated, seated[1:], strict=False):
            if SEAT_LETTERS.find(letter_b) - SEAT_LETTERS.find(letter_a) == 1:
                pairs.append((row_a, row_b))
    return pairs


__all__ = ["adjacent_pairs", "are_adjacent", "parse_seat"]
