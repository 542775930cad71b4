"""Local airport times to UTC, for flights whose messages sent only local times.

Carriers send local departure and arrival times (PAXLST DTM, PNRGOV TVL). Every
"hours before departure" a rule tests is an instant, so features need the UTC
departure; when the store has none, it is derived from the airport's time zone
(the public `airportsdata` table the project already ships with).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=1)
def _airports() -> dict[str, Any]:
    import airportsdata

    return dict(airportsdata.load("IATA"))


@lru_cache(maxsize=4096)
def airport_zone(code: str) -> ZoneInfo | None:
    """The IANA time zone of an IATA airport code, or None when unknown."""
    entry = _airports().get(code.strip().upper())
    if not entry or not entry.get("tz"):
        return None
    try:
        return ZoneInfo(entry["tz"])
    except ZoneInfoNotFoundError:
        return None


def local_to_utc(local: dt.datetime | None, airport: str | None) -> dt.datetime | None:
    """A naive local time at `airport` as an aware UTC instant (None when unknown)."""
    if local is None or not airport:
        return None
    zone = airport_zone(airport)
    if zone is None:
        return None
    return local.replace(tzinfo=zone).astimezone(dt.UTC)


__all__ = ["airport_zone", "local_to_utc"]
