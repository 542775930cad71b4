"""PNRGOV dates: day first, DDMMMYY in SSRs, MMYY cards, centuries by kind, UTC vs local."""

from __future__ import annotations

import datetime as dt

import pytest

from paxscreen.messages.pnrgov_dates import (
    DateKind,
    combine_local,
    combine_utc,
    parse_card_expiry,
    parse_ddmmmyy,
    parse_ddmmyy,
    parse_hhmm,
    parse_partial_birth_date,
)
from paxscreen.model import PartialDate

TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("280918", dt.date(2018, 9, 28)),
        ("010140", dt.date(2040, 1, 1)),
        ("311299", dt.date(1999, 12, 31)),
        ("28092018", dt.date(2018, 9, 28)),
    ],
)
def test_day_first_dates_read_day_month_year(text: str, expected: dt.date) -> None:
    assert parse_ddmmyy(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["1220", "320118", "011318", "AB0118", ""])
def test_impossible_day_first_dates_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_ddmmyy(text, today=TODAY)


def test_birth_dates_are_never_in_the_future() -> None:
    # GTAS #948: a 2-digit year 38 read as 2038 for a date of birth
    assert parse_ddmmmyy("10SEP38", today=TODAY, kind=DateKind.BIRTH) == dt.date(1938, 9, 10)
    assert parse_ddmmmyy("10FEB26", today=TODAY, kind=DateKind.BIRTH) == dt.date(2026, 2, 10)
    assert parse_ddmmmyy("10APR26", today=TODAY, kind=DateKind.BIRTH) == dt.date(1926, 4, 10)


def test_expiry_dates_may_lie_twenty_years_ahead() -> None:
    assert parse_ddmmmyy("26APR45", today=TODAY, kind=DateKind.EXPIRY) == dt.date(2045, 4, 26)
    assert parse_ddmmmyy("26APR47", today=TODAY, kind=DateKind.EXPIRY) == dt.date(1947, 4, 26)


def test_ssr_dates_accept_four_digit_years() -> None:
    assert parse_ddmmmyy("30MAY1976", today=TODAY, kind=DateKind.BIRTH) == dt.date(1976, 5, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MAY76", PartialDate(1976, 5)),
        ("00MAY76", PartialDate(1976, 5)),
        ("76", PartialDate(1976)),
        ("13AUG54", PartialDate(1954, 8, 13)),
    ],
)
def test_partial_birth_dates_keep_only_what_is_known(text: str, expected: PartialDate) -> None:
    assert parse_partial_birth_date(text, today=TODAY) == expected


def test_card_expiry_is_mmyy() -> None:
    assert parse_card_expiry("0318") == "0318"
    for bad in ("1318", "318", "03/18"):
        with pytest.raises(ValueError):
            parse_card_expiry(bad)


def test_tvl_times_are_local_and_dat_times_utc() -> None:
    local = combine_local(dt.date(2018, 9, 28), "1220")
    utc = combine_utc(dt.date(2018, 9, 28), "181348")
    assert local.tzinfo is None and local.hour == 12
    assert utc.tzinfo is dt.UTC and (utc.hour, utc.minute, utc.second) == (18, 13, 48)


def test_2400_is_read_as_the_last_minute_of_the_day() -> None:
    assert parse_hhmm("2400") == dt.time(23, 59)
    with pytest.raises(ValueError):
        parse_hhmm("4321")
