"""The vetting queue: hits to decide, most severe and soonest arriving first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import flights
from paxscreen.vetting.lookouts import traveller_display_name
from paxscreen.web.views.filters import visible_hits

OPEN = ("open", "needs_info")


@dataclass(frozen=True, slots=True)
class QueueFilters:
    band: str | None = None
    status: str = "open"  # open (open + needs_info), decided, all
    source: str | None = None
    category: str | None = None
    limit: int = 300


def _what(explanation: dict[str, Any]) -> str:
    """A few words on what raised the hit: the rule's or list's name."""
    for key in ("rule", "list", "watchlist", "network_rule", "reason"):
        value = explanation.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def vetting_queue(
    connection: Connection,
    filters: QueueFilters,
    *,
    categories: frozenset[str] | None,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    name = traveller_display_name(hits.c.traveller_id)
    query = (
        select(
            hits.c.id,
            hits.c.traveller_id,
            hits.c.source,
            hits.c.source_id,
            hits.c.band,
            hits.c.score,
            hits.c.severity,
            hits.c.category,
            hits.c.status,
            hits.c.created_at,
            name.label("name"),
            flights.c.id.label("flight_id"),
            flights.c.carrier,
            flights.c.number,
            flights.c.origin,
            flights.c.destination,
            flights.c.arrival_utc,
            flights.c.arrival_local,
            hits.c.explanation,
        )
        .join(flights, flights.c.id == hits.c.flight_id, isouter=True)
        .where(visible_hits(categories), hits.c.band != "clear")
        .order_by(
            hits.c.severity.desc(),
            (hits.c.band == "alert").desc(),
            flights.c.arrival_utc,
            hits.c.id,
        )
        .limit(filters.limit)
    )
    if filters.status == "open":
        query = query.where(hits.c.status.in_(OPEN))
    elif filters.status == "decided":
        query = query.where(hits.c.status.not_in(OPEN))
    for column, value in (
        (hits.c.band, filters.band),
        (hits.c.source, filters.source),
        (hits.c.category, filters.category),
    ):
        if value:
            query = query.where(column == value)
    rows = []
    for row in connection.execute(query):
        arrival = row.arrival_utc or (
            row.arrival_local.replace(tzinfo=dt.UTC) if row.arrival_local else None
        )
        rows.append(
            {
                "id": row.id,
                "traveller_id": row.traveller_id,
                "name": row.name or "",
                "source": row.source,
                "source_id": row.source_id,
                "what": _what(row.explanation or {}),
                "band": row.band,
                "score": round(row.score, 3),
                "severity": row.severity,
                "category": row.category,
                "status": row.status,
                "flight_id": row.flight_id,
                "flight": f"{row.carrier}{row.number}" if row.carrier else "",
                "route": f"{row.origin} → {row.destination}" if row.carrier else "",
                "arrival_utc": arrival,
                "minutes_to_arrival": int((arrival - now).total_seconds() // 60)
                if arrival
                else None,
            }
        )
    return rows
