"""The one door from ingestion into screening: a registry of flight screeners.

Ingestion knows which flights a message changed; watchlist screening, targeting
rules and link analysis each know how to screen a flight. Neither side imports
the other: a screener registers itself under a name, and after loading,
ingestion calls `screen_flights` with the changed flights. Every screener gets
the same connection (one transaction, committed by the caller), the settings and
an explicit `now`, and returns how many hits it wrote or refreshed.

A screener must be idempotent: screening the same flight twice refreshes hits
(the `hits` table's unique key does that) and never duplicates them, because
at-least-once delivery and `paxscreen reprocess` screen flights again.

    from paxscreen.screening.interface import register_screener

    def screen_watchlists(connection, flight_ids, *, settings, now) -> int: ...

    register_screener("watchlist", screen_watchlists)

Screeners register when their module is imported; `load_screeners` imports
the modules named in `SCREENER_MODULES` that exist, so ingestion never needs to
know them by name.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from paxscreen.config import Settings

logger = logging.getLogger(__name__)

# Modules that call `register_screener` on import (missing ones are skipped).
SCREENER_MODULES = (
    "paxscreen.screening.flight_facts",  # first: flight direction, which rules test
    "paxscreen.screening.watchlists.screen",
    "paxscreen.screening.rules.screen",
    "paxscreen.screening.links.screen",
    "paxscreen.vetting.alerts",  # last: notifies groups of new hits, promotes top categories
)


class FlightScreener(Protocol):
    def __call__(
        self,
        connection: Connection,
        flight_ids: Sequence[int],
        *,
        settings: Settings,
        now: dt.datetime,
    ) -> int: ...


_registry: dict[str, FlightScreener] = {}
_order: dict[str, int] = {}
DEFAULT_ORDER = 50


def register_screener(name: str, screener: FlightScreener, *, order: int | None = None) -> None:
    """Add (or replace, on re-import) the screener called `name`.

    Screeners run by `order`, then name: identity resolution must come before the
    others (order 10) and network rules after them (order 90), because network
    rules read the hits the watchlist and rule screeners just wrote.
    """
    _registry[name] = screener
    # a screener registered again (re-import, a test restoring the registry) keeps its place
    _order[name] = order if order is not None else _order.get(name, DEFAULT_ORDER)


def unregister_screener(name: str) -> None:
    _registry.pop(name, None)


def registered_screeners() -> dict[str, FlightScreener]:
    return dict(_registry)


def load_screeners(modules: Sequence[str] = SCREENER_MODULES) -> list[str]:
    """Import the screener modules that exist; returns the names now registered."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name is None or not module.startswith(error.name):
                raise
    return sorted(_registry)


@dataclass(slots=True)
class ScreeningReport:
    """What one `screen_flights` call did: hits per screener, and who failed."""

    hits: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def screen_flights(
    connection: Connection,
    flight_ids: Sequence[int],
    *,
    settings: Settings,
    now: dt.datetime,
) -> ScreeningReport:
    """Run every registered screener over `flight_ids`, each in its own savepoint.

    One screener failing (a bad rule, a missing list) does not stop the others;
    its error is reported so the message can be marked `failed_screen` with the
    reason, and its partial writes are rolled back.
    """
    report = ScreeningReport()
    if not flight_ids:
        return report
    ordered = sorted(set(flight_ids))
    for name, screener in sorted(_registry.items(), key=lambda item: (_order[item[0]], item[0])):
        savepoint = connection.begin_nested()
        try:
            report.hits[name] = screener(connection, ordered, settings=settings, now=now)
        except Exception as error:  # noqa: BLE001 - a screener's failure is reported, not fatal
            savepoint.rollback()
            report.errors[name] = f"{type(error).__name__}: {error}"
            logger.exception("screener %s failed on flights %s", name, ordered)
        else:
            savepoint.commit()
    return report


__all__ = [
    "FlightScreener",
    "ScreeningReport",
    "load_screeners",
    "register_screener",
    "registered_screeners",
    "screen_flights",
    "unregister_screener",
]
