"""Re-screening: when a rule becomes active (new or changed), run it on coming flights.

GTAS ran a new rule only on messages that arrived after it (its issue #525): a rule
approved at noon missed every flight already loaded for the evening. Here the
approval re-evaluates the flights departing in the window (default 72 h, setting
`PAXSCREEN_SCREENING__RESCREEN_WINDOW_HOURS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from paxscreen.screening.rules.features import compute_features
from paxscreen.screening.rules.governance import StoredRule, approve_rule
from paxscreen.screening.rules.lifecycle import Actor
from paxscreen.screening.rules.screen import DEFAULT_SHARE_WARNING, load_active_rules, screen_flight
from paxscreen.store.rule_tables import derived_traveller_features
from paxscreen.store.tables import flights

DEFAULT_WINDOW_HOURS = 72


def flights_departing(connection: Connection, start: dt.datetime, end: dt.datetime) -> list[int]:
    """Ids of flights departing in [start, end), earliest first."""
    return list(
        connection.execute(
            select(flights.c.id)
            .where(flights.c.departure_utc >= start, flights.c.departure_utc < end)
            .order_by(flights.c.departure_utc, flights.c.id)
        ).scalars()
    )


def ensure_features(connection: Connection, flight_ids: Sequence[int], *, now: dt.datetime) -> int:
    """Compute features for flights that have none yet; returns how many flights needed it."""
    if not flight_ids:
        return 0
    done = set(
        connection.execute(
            select(derived_traveller_features.c.flight_id)
            .where(derived_traveller_features.c.flight_id.in_(flight_ids))
            .group_by(derived_traveller_features.c.flight_id)
            .having(func.count() > 0)
        ).scalars()
    )
    missing = [flight_id for flight_id in flight_ids if flight_id not in done]
    for flight_id in missing:
        compute_features(connection, flight_id, now=now)
    return len(missing)


def rescreen_for_rule(
    connection: Connection,
    rule_id: int,
    *,
    now: dt.datetime,
    window_hours: int = DEFAULT_WINDOW_HOURS,
    share_warning: float = DEFAULT_SHARE_WARNING,
) -> int:
    """Run one rule's active version on every flight departing in the window; returns hits."""
    active = load_active_rules(connection, [rule_id])
    if not active:
        return 0
    flight_ids = flights_departing(connection, now, now + dt.timedelta(hours=window_hours))
    ensure_features(connection, flight_ids, now=now)
    return sum(
        screen_flight(
            connection,
            flight_id,
            now=now,
            active=active,
            share_warning=share_warning,
            reason="rescreen",
            refresh_features=False,
        )  # fmt: skip
        for flight_id in flight_ids
    )


def activate_rule(
    connection: Connection,
    rule: int | str,
    *,
    approver: Actor,
    now: dt.datetime,
    window_hours: int = DEFAULT_WINDOW_HOURS,
    comment: str = "",
) -> tuple[StoredRule, int]:
    """Four-eyes approval followed by the re-screen of the window; returns (rule, hits)."""
    approved = approve_rule(connection, rule, approver=approver, now=now, comment=comment)
    hits = rescreen_for_rule(connection, approved.id, now=now, window_hours=window_hours)
    return approved, hits


__all__ = ["activate_rule", "ensure_features", "flights_departing", "rescreen_for_rule"]
