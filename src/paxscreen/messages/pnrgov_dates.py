"""PNRGOV date and time formats, which differ from PAXLST's.

PNRGOV writes dates day first (`DDMMYY` in TVL, DAT, RCI and PTK), SSR DOCS and DOCO
write `DDMMMYY` (`30MAY76`), card expiry is `MMYY`. TVL times are local airport
time; DAT (and RCI) times are UTC unless agreed bilaterally, so those come back
time-zone aware. Two-digit years need a century: a date of birth is never in the
future (GTAS issue #948 turned a 2038 DOB into the wrong century), a document may
expire up to 20 years ahead, and transaction or flight dates lie near the message
date. Every reader raises `ValueError` with the reason; callers turn that into a
finding with the segment's position.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum

from paxscreen.model import PartialDate

MONTHS = {
    "JAN": 1,
    "FEB": 2,
    "MAR": 3,
    "APR": 4,
    "MAY": 5,
    "JUN": 6,
    "JUL": 7,
    "AUG": 8,
    "SEP": 9,
    "OCT": 10,
    "NOV": 11,
    "DEC": 12,
}


class DateKind(StrEnum):
    """What a two-digit-year date is, which decides its century."""

    BIRTH = "birth"  # never after the reference date
    ISSUE = "issue"  # never after the reference date
    EXPIRY = "expiry"  # at most 20 years after the reference date
    EVENT = "event"  # flights and transactions: within 80 years before, 20 after


_YEARS_AHEAD = {DateKind.BIRTH: 0, DateKind.ISSUE: 0, DateKind.EXPIRY: 20, DateKind.EVENT: 20}


def full_year(two_digits: int, *, kind: DateKind, today: dt.date) -> int:
    """The four-digit year of `two_digits` for a date of this kind seen on `today`."""
    latest = today.year + _YEARS_AHEAD[kind]
    year = (latest // 100) * 100 + two_digits
    if year > latest:
        year -= 100
    return year


def dated(two_digits: int, month: int, day: int, *, kind: DateKind, today: dt.date) -> dt.date:
    """The date in the century that puts it no later than `today` plus the kind's years ahead."""
    year = full_year(two_digits, kind=kind, today=today)
    if (year, month, day) > (today.year + _YEARS_AHEAD[kind], today.month, today.day):
        year -= 100
    return dt.date(year, month, day)


def _digits(text: str, what: str) -> int:
    if not text.isdigit():
        raise ValueError(f"{what} {text!r} is not digits")
    return int(text)


@functools.lru_cache(maxsize=4096)  # a push repeats the same few dates thousands of times
def parse_ddmmyy(text: str, *, today: dt.date, kind: DateKind = DateKind.EVENT) -> dt.date:
    """`280918` -> 2018-09-28 (PNRGOV day-first date)."""
    text = text.strip()
    if len(text) == 8:  # DDMMCCYY, sent by a few systems
        return dt.date(
            _digits(text[4:], "year"), _digits(text[2:4], "month"), _digits(text[:2], "day")
        )
    if len(text) != 6:
        raise ValueError(f"date {text!r} is not DDMMYY")
    day, month, year = (
        _digits(text[:2], "day"),
        _digits(text[2:4], "month"),
        _digits(text[4:], "year"),
    )
    return dated(year, month, day, kind=kind, today=today)


@functools.lru_cache(maxsize=4096)
def parse_hhmm(text: str) -> dt.time:
    """`1220` -> 12:20, `181348` -> 18:13:48; `2400` is accepted as 23:59 (seen in schedules)."""
    text = text.strip()
    if len(text) not in (4, 6) or not text.isdigit():
        raise ValueError(f"time {text!r} is not HHMM or HHMMSS")
    hour, minute = int(text[:2]), int(text[2:4])
    second = int(text[4:]) if len(text) == 6 else 0
    if (hour, minute, second) == (24, 0, 0):
        return dt.time(23, 59)
    return dt.time(hour, minute, second)


def combine_local(date: dt.date, time_text: str | None) -> dt.datetime:
    """A naive local datetime: TVL times are airport local time."""
    time = parse_hhmm(time_text) if time_text else dt.time(0, 0)
    return dt.datetime.combine(date, time)


def combine_utc(date: dt.date, time_text: str | None) -> dt.datetime:
    """An aware UTC datetime: DAT and RCI transaction times are UTC."""
    return combine_local(date, time_text).replace(tzinfo=dt.UTC)


@functools.lru_cache(maxsize=4096)
def parse_ddmmmyy(text: str, *, today: dt.date, kind: DateKind) -> dt.date:
    """`30MAY76` -> 1976-05-30 (SSR DOCS/DOCO dates); also `30MAY1976`."""
    text = text.strip().upper()
    if len(text) not in (7, 9) or text[2:5] not in MONTHS:
        raise ValueError(f"date {text!r} is not DDMMMYY")
    day, month = _digits(text[:2], "day"), MONTHS[text[2:5]]
    year = _digits(text[5:], "year")
    if len(text) == 7:
        return dated(year, month, day, kind=kind, today=today)
    return dt.date(year, month, day)


@functools.lru_cache(maxsize=16384)  # PartialDate is frozen: one per value is shared
def parse_partial_birth_date(text: str, *, today: dt.date) -> PartialDate:
    """A DOCS date of birth; `00MAY76` or `MAY76` keep only what is known."""
    text = text.strip().upper()
    month_year = None
    if len(text) == 5 and text[:3] in MONTHS:  # MMMYY
        month_year = text[:3], text[3:]
    elif len(text) == 7 and text[:2] == "00" and text[2:5] in MONTHS:  # 00MMMYY
        month_year = text[2:5], text[5:]
    if month_year is not None:
        month = MONTHS[month_year[0]]
        return PartialDate(
            dated(_digits(month_year[1], "year"), month, 1, kind=DateKind.BIRTH, today=today).year,
            month,
        )
    if len(text) == 2 and text.isdigit():
        return PartialDate(full_year(int(text), kind=DateKind.BIRTH, today=today))
    return PartialDate.from_date(parse_ddmmmyy(text, today=today, kind=DateKind.BIRTH))


def parse_card_expiry(text: str) -> str:
    """Card expiry `MMYY` checked and returned as sent (the model keeps it as text)."""
    text = text.strip()
    if len(text) != 4 or not text.isdigit() or not 1 <= int(text[:2]) <= 12:
        raise ValueError(f"card expiry {text!r} is not MMYY")
    return text


__all__ = [
    "MONTHS",
    "DateKind",
    "combine_local",
    "combine_utc",
    "dated",
    "full_year",
    "parse_card_expiry",
    "parse_ddmmmyy",
    "parse_ddmmyy",
    "parse_hhmm",
    "parse_partial_birth_date",
]
