"""Registers the watchlist screener with `paxscreen.screening.interface` on import.

The interface imports `paxscreen.screening.watchlists.screen` (see its
`SCREENER_MODULES`); the screening itself lives in
`paxscreen.screening.watchlist_screener`.
"""

from __future__ import annotations

from paxscreen.screening.interface import register_screener
from paxscreen.screening.watchlist_screener import screen_flights

register_screener("watchlist", screen_flights)

__all__ = ["screen_flights"]
