"""The dashboard: what needs attention now, in counts and short lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import flights, messages, travellers
from paxscreen.store.vetting_tables import lookouts
from paxscreen.web.views.filters import visible_hits
from paxscreen.web.views.flights import (
    DEPARTURE,
    FlightFilters,
    departure_instant,
    list_flight_rows,
)
from paxscreen.web.views.queue import QueueFilters, vetting_queue

WINDOW = dt.timedelta(hours=24)


def _count(connection: Connection, query: Any) -> int:
    return int(connection.execute(query).scalar() or 0)


def dashboard(
    connection: Connection, *, categories: frozenset[str] | None, now: dt.datetime
) -> dict[str, Any]:
    soon = now + WINDOW
    since = now - dt.timedelta(hours=6)
    upcoming = DEPARTURE.between(since.replace(tzinfo=None), soon.replace(tzinfo=None))
    open_hits = (
        select(hits.c.band, func.count())
        .where(hits.c.status.in_(("open", "needs_info")), visible_hits(categories))
        .group_by(hits.c.band)
    )
    by_band = {band: int(count) for band, count in connection.execute(open_hits)}
    flight_rows = list_flight_rows(
        connection,
        FlightFilters(date_from=(now - dt.timedelta(hours=6)).date(), limit=400),
        categories=categories,
        now=now,
    )
    window_rows = [
        row
        for row in flight_rows
        if (departure := departure_instant(row)) is not None and since <= departure <= soon
    ]
    return {
        "tiles": {
            "flights_next_24h": _count(
                connection, select(func.count()).select_from(flights).where(upcoming)
            ),
            "travellers_next_24h": _count(
                connection,
                select(func.count())
                .select_from(travellers.join(flights, flights.c.id == travellers.c.flight_id))
                .where(upcoming, travellers.c.merged_into.is_(None)),
            ),
            "open_alerts": by_band.get("alert", 0),
            "open_reviews": by_band.get("review", 0),
            "active_lookouts": _count(
                connection,
                select(func.count())
                .select_from(lookouts)
                .where(lookouts.c.status.in_(("active", "en_route"))),
            ),
            "messages_24h": _count(
                connection,
                select(func.count())
                .select_from(messages)
                .where(messages.c.received_at >= now - WINDOW),
            ),
        },
        "flights_with_hits": [row for row in window_rows if row["open_hits"]][:10],
        "queue_top": vetting_queue(
            connection, QueueFilters(limit=8), categories=categories, now=now
        ),
        "hits_by_source": {
            source: int(count)
            for source, count in connection.execute(
                select(hits.c.source, func.count())
                .where(hits.c.status.in_(("open", "needs_info")), visible_hits(categories))
                .group_by(hits.c.source)
            )
        },
        "coverage_gaps": [row for row in window_rows if row["coverage"]][:10],
    }
