"""After screening: tell the groups about new hits, and send top categories straight
to the port officers.

Registered as the last flight screener (order 99), so it sees every hit the
watchlist, rule and network screeners wrote in this round: those created at the
round's `now`. One notification per flight and category (not per hit) keeps a busy
flight from flooding an inbox. A hit whose category has `promote_to_lookout` becomes
a lookout at the port of arrival at once, as GTAS did for its top categories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

from paxscreen.config import Settings
from paxscreen.notifications.dispatch import notify_lookout, notify_users
from paxscreen.screening.interface import register_screener
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import flights
from paxscreen.store.vetting_tables import hit_categories, lookouts
from paxscreen.users.groups import users_seeing_category
from paxscreen.vetting.lookouts import create_lookout

ORDER = 99  # after every screener that writes hits


def _new_hits(
    connection: Connection, flight_ids: Sequence[int], now: dt.datetime
) -> list[Row[Any]]:
    return list(
        connection.execute(
            select(
                hits.c.id,
                hits.c.traveller_id,
                hits.c.flight_id,
                hits.c.band,
                hits.c.category,
                hits.c.source,
                flights.c.carrier,
                flights.c.number,
                flights.c.destination,
            )
            .join(flights, flights.c.id == hits.c.flight_id)
            .where(
                hits.c.flight_id.in_(list(flight_ids)),
                hits.c.created_at >= now,
                hits.c.band != "clear",
            )
            .order_by(hits.c.id)
        )
    )


def promote_to_lookouts(
    connection: Connection, new: list[Row[Any]], *, now: dt.datetime, settings: Settings
) -> int:
    promoted = set(
        connection.execute(
            select(hit_categories.c.code).where(hit_categories.c.promote_to_lookout.is_(True))
        ).scalars()
    )
    created = 0
    for hit in new:
        if hit.category not in promoted or hit.band != "alert" or not hit.destination:
            continue
        exists = connection.execute(
            select(lookouts.c.id).where(lookouts.c.hit_id == hit.id)
        ).first()
        if exists:
            continue
        create_lookout(
            connection,
            traveller_id=hit.traveller_id,
            hit_id=hit.id,
            flight_id=hit.flight_id,
            port=hit.destination,
            reason=f"{hit.category} alert ({hit.source}), sent straight to the port",
            user="system",
            now=now,
        )
        notify_lookout(
            connection,
            port=hit.destination,
            traveller_id=hit.traveller_id,
            now=now,
            mail=settings.mail,
        )
        created += 1
    return created


def alert_groups(
    connection: Connection, flight_ids: Sequence[int], *, settings: Settings, now: dt.datetime
) -> int:
    """Notify the groups of this round's new hits; returns how many lookouts were created."""
    new = _new_hits(connection, flight_ids, now)
    grouped: dict[tuple[int, str], list[Row[Any]]] = defaultdict(list)
    for hit in new:
        if hit.category:
            grouped[(hit.flight_id, hit.category)].append(hit)
    for (flight_id, category), items in grouped.items():
        first = items[0]
        alerts = sum(1 for item in items if item.band == "alert")
        flight = f"{first.carrier}{first.number}"
        notify_users(
            connection,
            users_seeing_category(connection, category),
            kind="hit",
            subject=f"{len(items)} new {category} hits on {flight} ({alerts} alerts)",
            link=f"/flights/{flight_id}",
            now=now,
            mail=settings.mail,
        )
    return promote_to_lookouts(connection, new, now=now, settings=settings)


register_screener("alerts", alert_groups, order=ORDER)
