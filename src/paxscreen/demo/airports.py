"""Airports from the public `airportsdata` table: codes, cities, countries, time zones.

Local times (what TVL and PAXLST DTM carry) are derived from UTC through each
airport's IANA zone, so flights crossing midnight or a DST change come out right.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import airportsdata

# national airports of the demo PIU's country (Germany): hubs, and the legs of
# progressive flights that continue inside the country
NATIONAL_AIRPORTS = ("FRA", "MUC", "BER", "DUS", "HAM", "STR", "CGN")
NATIONAL_COUNTRY = "DE"
HUBS_BY_SCALE = {
    "demo": ("FRA",),
    "hub-day": ("FRA",),
    "national-day": ("FRA", "MUC", "BER", "DUS", "HAM"),
}


@cache
def _table() -> dict[str, Any]:
    return airportsdata.load("IATA")


def airport(code: str) -> dict[str, Any]:
    try:
        return dict(_table()[code])
    except KeyError as error:
        raise KeyError(f"airport {code!r} is not in the airportsdata table") from error


@cache
def zone(code: str) -> ZoneInfo:
    return ZoneInfo(airport(code)["tz"])


@cache
def country_of(code: str) -> str:
    """ISO alpha-2 country of an airport."""
    return str(airport(code)["country"])


@cache
def city_of(code: str) -> str:
    return str(airport(code)["city"]).upper()


def to_local(moment: dt.datetime, code: str) -> dt.datetime:
    """UTC -> naive local time at the airport (messages carry naive local times)."""
    return moment.astimezone(zone(code)).replace(tzinfo=None)


def to_utc(local: dt.datetime, code: str) -> dt.datetime:
    return local.replace(tzinfo=zone(code)).astimezone(dt.UTC)


@cache
def distance_km(origin: str, destination: str) -> float:
    """Great-circle distance, enough to size aircraft and block times."""
    a, b = airport(origin), airport(destination)
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def block_time(origin: str, destination: str) -> dt.timedelta:
    minutes = distance_km(origin, destination) / 820 * 60 + 35
    return dt.timedelta(minutes=round(minutes / 5) * 5)


__all__ = [
    "HUBS_BY_SCALE",
    "NATIONAL_AIRPORTS",
    "NATIONAL_COUNTRY",
    "airport",
    "block_time",
    "city_of",
    "country_of",
    "distance_km",
    "to_local",
    "to_utc",
    "zone",
]
