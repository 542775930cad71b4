"""PAXLST dates: year first, two-digit years by default, format codes when sent.

`DTM+329:720907` (YYMMDD, no format code), `DTM+329:19350919:102` (CCYYMMDD),
`DTM+189:1701271725:201` (YYMMDDHHMM). Two-digit years take the century rules of
`pnrgov_dates.full_year` (a birth date is never in the future, an expiry at most
20 years ahead, a flight near the message date) so both readers agree.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from paxscreen.messages.pnrgov_dates import DateKind, full_year
from paxscreen.model import PartialDate

# 2379 format code -> (has century, length)
_FORMATS: dict[str, tuple[bool, int]] = {
    "101": (False, 6),
    "102": (True, 8),
    "201": (False, 10),
    "203": (True, 12),
    "602": (True, 4),
    "610": (True, 6),
}
_BY_LENGTH: dict[int, tuple[bool, int]] = {
    6: (False, 6),
    8: (True, 8),
    10: (False, 10),
    12: (True, 12),
}


@dataclass(frozen=True, slots=True)
class EdifactDate:
    """A date as read: possibly partial, with the time when one was sent."""

    date: PartialDate
    time: dt.time | None
    century_guessed: bool

    def to_date(self) -> dt.date | None:
        return self.date.to_date()

    def to_datetime(self) -> dt.datetime | None:
        day = self.date.to_date()
        if day is None:
            return None
        return dt.datetime.combine(day, self.time or dt.time())


def read_date(
    text: str, format_code: str, *, kind: DateKind, reference_date: dt.date
) -> EdifactDate:
    """Read a DTM value; raises ValueError saying why it cannot be a date.

    Results are cached: a manifest repeats the same few thousand dates (flight
    days, common birth dates), and the readings are immutable.
    """
    return _read_date(text, format_code, kind, reference_date)


@functools.lru_cache(maxsize=65536)
def _read_date(text: str, format_code: str, kind: DateKind, reference_date: dt.date) -> EdifactDate:
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{text!r} is not a date (digits expected)" if text else "empty date")
    shape = _FORMATS.get(format_code) if format_code else None
    if shape is None:
        if len(text) == 4:  # CCYY when it looks like one, else YYMM
            shape = (True, 4) if text[:2] in ("19", "20") else (False, 4)
        else:
            shape = _BY_LENGTH.get(len(text))
    if shape is None or len(text) != shape[1]:
        raise ValueError(f"{text!r} does not have the length of format {format_code or 'YYMMDD'}")
    has_century, length = shape
    if has_century:
        year, rest = int(text[:4]), text[4:]
    else:
        year, rest = full_year(int(text[:2]), kind=kind, today=reference_date), text[2:]
    month = int(rest[:2]) if len(rest) >= 2 else None
    day = int(rest[2:4]) if len(rest) >= 4 else None
    time = None
    if len(rest) >= 8:
        hour, minute = int(rest[4:6]), int(rest[6:8])
        if hour > 23 or minute > 59:
            raise ValueError(f"{text!r} has an impossible time {hour:02d}:{minute:02d}")
        time = dt.time(hour, minute)
    try:
        date = PartialDate(year, month, day)
    except ValueError as error:
        raise ValueError(f"{text!r} is an impossible date ({error})") from error
    return EdifactDate(date, time, not has_century)


__all__ = ["DateKind", "EdifactDate", "read_date"]
