"""Flights list and flight page: who is on board, data coverage, hits by band.

Coverage matters to analysts: a flight close to departure without API, or with
travellers that have no PNR, is where screening is blind, so the list flags it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.engine import Connection

from paxscreen.errors import NotFoundError
from paxscreen.store.hit_tables import hits
from paxscreen.store.ingest_tables import traveller_pairs
from paxscreen.store.tables import flights, travellers
from paxscreen.vetting.lookouts import traveller_display_name
from paxscreen.web.views.filters import visible_hits

API_EXPECTED_BEFORE = dt.timedelta(hours=2)  # API should be in by then (check-in closing)

# When a flight leaves: UTC when known, else the local time (hours off at worst, but a
# flight whose UTC could not be derived must still show up in "the next 24 hours").
DEPARTURE = func.coalesce(flights.c.departure_utc, flights.c.departure_local)


def departure_instant(row: dict[str, Any]) -> dt.datetime | None:
    """The row's departure as an aware datetime (local time taken as UTC when unknown)."""
    value = row.get("departure_utc") or row.get("departure_local")
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


@dataclass(frozen=True, slots=True)
class FlightFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    direction: str | None = None
    airport: str | None = None
    carrier: str | None = None
    with_hits: bool = False
    limit: int = 200


def _counts() -> Select[Any]:
    current = travellers.c.merged_into.is_(None)
    return (
        select(
            travellers.c.flight_id,
            func.count().label("travellers"),
            func.sum(case((travellers.c.source == "api", 1), else_=0)).label("api"),
            func.sum(case((travellers.c.source == "pnr", 1), else_=0)).label("pnr"),
            func.sum(case((travellers.c.role.in_(("crew", "transit_crew")), 1), else_=0)).label(
                "crew"
            ),
        )
        .where(current)
        .group_by(travellers.c.flight_id)
    )


def _hit_counts(categories: frozenset[str] | None) -> Select[Any]:
    return (
        select(
            hits.c.flight_id,
            func.sum(case((hits.c.band == "alert", 1), else_=0)).label("alert"),
            func.sum(case((hits.c.band == "review", 1), else_=0)).label("review"),
            func.sum(case((hits.c.status.in_(("open", "needs_info")), 1), else_=0)).label("open"),
        )
        .where(visible_hits(categories))
        .group_by(hits.c.flight_id)
    )


def coverage_flags(row: dict[str, Any], now: dt.datetime) -> list[str]:
    """What is missing: 'no-api' when API is due and absent, 'no-pnr' when no PNR came."""
    flags = []
    departure = departure_instant(row)
    passengers = row["travellers"] - row["crew"]
    if row["api"] == 0 and departure is not None and departure - API_EXPECTED_BEFORE <= now:
        flags.append("no-api")
    if row["pnr"] == 0 and passengers > 0 or row["travellers"] == 0:
        flags.append("no-pnr")
    return flags


def _pairs() -> Select[Any]:
    return select(traveller_pairs.c.flight_id, func.count().label("pairs")).group_by(
        traveller_pairs.c.flight_id
    )


def _flight_query(categories: frozenset[str] | None) -> Select[Any]:
    counts = _counts().subquery()
    hit_counts = _hit_counts(categories).subquery()
    pairs = _pairs().subquery()
    return (
        select(
            flights,
            (func.coalesce(counts.c.travellers, 0) - func.coalesce(pairs.c.pairs, 0)).label(
                "travellers"
            ),
            func.coalesce(counts.c.api, 0).label("api"),
            func.coalesce(counts.c.pnr, 0).label("pnr"),
            func.coalesce(counts.c.crew, 0).label("crew"),
            func.coalesce(hit_counts.c.alert, 0).label("alert"),
            func.coalesce(hit_counts.c.review, 0).label("review"),
            func.coalesce(hit_counts.c.open, 0).label("open_hits"),
        )
        .join(counts, counts.c.flight_id == flights.c.id, isouter=True)
        .join(hit_counts, hit_counts.c.flight_id == flights.c.id, isouter=True)
        .join(pairs, pairs.c.flight_id == flights.c.id, isouter=True)
        .order_by(DEPARTURE, flights.c.id)
    )


def list_flight_rows(
    connection: Connection,
    filters: FlightFilters,
    *,
    categories: frozenset[str] | None,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    query = _flight_query(categories).limit(filters.limit)
    if filters.date_from:
        query = query.where(flights.c.departure_date >= filters.date_from)
    if filters.date_to:
        query = query.where(flights.c.departure_date <= filters.date_to)
    if filters.direction:
        query = query.where(flights.c.direction == filters.direction)
    if filters.carrier:
        query = query.where(flights.c.carrier == filters.carrier.upper())
    if filters.airport:
        airport = filters.airport.upper()
        query = query.where((flights.c.origin == airport) | (flights.c.destination == airport))
    rows = [flight_summary(row._mapping, now) for row in connection.execute(query)]
    if filters.with_hits:
        rows = [row for row in rows if row["hits"]["alert"] or row["hits"]["review"]]
    return rows


def flight_summary(row: Any, now: dt.datetime) -> dict[str, Any]:
    summary = {
        "id": row["id"],
        "flight": f"{row['carrier']}{row['number']}{row['suffix'] or ''}",
        "carrier": row["carrier"],
        "origin": row["origin"],
        "destination": row["destination"],
        "direction": row["direction"],
        "departure_local": row["departure_local"],
        "arrival_local": row["arrival_local"],
        "departure_utc": row["departure_utc"],
        "arrival_utc": row["arrival_utc"],
        "cancelled": bool(row["cancelled"]),
        "travellers": int(row["travellers"]),
        "crew": int(row["crew"]),
        "api": int(row["api"]),
        "pnr": int(row["pnr"]),
        "hits": {"alert": int(row["alert"]), "review": int(row["review"])},
        "open_hits": int(row["open_hits"]),
    }
    summary["coverage"] = coverage_flags(summary, now)
    return summary


def flight_detail(
    connection: Connection,
    flight_id: int,
    *,
    categories: frozenset[str] | None,
    now: dt.datetime,
) -> dict[str, Any]:
    row = connection.execute(_flight_query(categories).where(flights.c.id == flight_id)).first()
    if row is None:
        raise NotFoundError(f"no flight with id {flight_id}")
    detail = flight_summary(row._mapping, now)
    detail["manifest"] = manifest(connection, flight_id, categories=categories)
    return detail


def manifest(
    connection: Connection, flight_id: int, *, categories: frozenset[str] | None
) -> list[dict[str, Any]]:
    """Everyone on the flight (API and PNR rows), with their best hit band."""
    name = traveller_display_name(travellers.c.id)
    band_rank = func.max(case((hits.c.band == "alert", 2), (hits.c.band == "review", 1), else_=0))
    best = (
        select(hits.c.traveller_id, band_rank.label("rank"), func.count().label("hits"))
        .where(visible_hits(categories))
        .group_by(hits.c.traveller_id)
        .subquery()
    )
    query = (
        select(
            travellers.c.id,
            travellers.c.source,
            travellers.c.role,
            travellers.c.sex,
            travellers.c.date_of_birth,
            travellers.c.nationality,
            travellers.c.record_locator,
            name.label("name"),
            func.coalesce(best.c.rank, -1).label("rank"),
            func.coalesce(best.c.hits, 0).label("hits"),
        )
        .join(best, best.c.traveller_id == travellers.c.id, isouter=True)
        .where(travellers.c.flight_id == flight_id, travellers.c.merged_into.is_(None))
        .order_by(func.coalesce(best.c.rank, -1).desc(), name)
    )
    bands = {2: "alert", 1: "review", 0: "clear", -1: None}
    paired = dict(
        connection.execute(
            select(traveller_pairs.c.pnr_traveller_id, traveller_pairs.c.api_traveller_id).where(
                traveller_pairs.c.flight_id == flight_id
            )
        ).all()
    )
    pnr_of = {api_id: pnr_id for pnr_id, api_id in paired.items()}
    return [
        {
            "id": row.id,
            "name": row.name or "",
            "source": row.source,
            "role": row.role,
            "sex": row.sex,
            "date_of_birth": row.date_of_birth,
            "nationality": row.nationality,
            "record_locator": row.record_locator,
            "band": bands[int(row.rank)],
            "hits": int(row.hits),
            "paired_pnr_id": pnr_of.get(row.id),
        }
        for row in connection.execute(query)
        if row.id not in paired  # a paired PNR traveller shows on its API row
    ]
