"""Network rules: hits for what neither lists nor rules see, each with its path.

- `shared-contact-with-alert`: the traveller's booking shares a phone, e-mail,
  address or payment card with a booking of a person who had an alert-band hit in
  the last N days (hub values excluded);
- `travelled-with-watchlisted`: someone in the same booking is on a watchlist
  (alert band);
- `agency-under-watch`: the booking was made by an agency in the analysts' named
  list of agencies under watch (IATA number or pseudo city).

Network hits land in the review band: a link is a reason to look, never a verdict.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, distinct, func, select

from paxscreen.screening.links.graph import BOOKING_VALUES, node_id
from paxscreen.screening.rules.named_lists import named_list_values, normalise_item
from paxscreen.store.booking_tables import agencies
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import travellers
from paxscreen.vetting.hits import HitRecord

CONTACT_KINDS = ("phone", "email", "address", "card")


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    hub_threshold: int = 25
    alert_lookback_days: int = 30
    agencies_list: str = "agencies under watch"
    score: float = 0.8
    severity: int = 2


@dataclass(frozen=True, slots=True)
class _FlightTraveller:
    row_id: int
    hit_on: int  # the surviving row (API and PNR records of one person are merged)
    flight_id: int | None
    booking_id: int | None
    person_id: str | None


def flight_travellers(connection: Connection, flight_ids: Sequence[int]) -> list[_FlightTraveller]:
    query = select(
        travellers.c.id,
        travellers.c.merged_into,
        travellers.c.flight_id,
        travellers.c.booking_id,
        travellers.c.person_id,
    ).where(travellers.c.flight_id.in_(list(flight_ids)))
    return [
        _FlightTraveller(
            row.id, row.merged_into or row.id, row.flight_id, row.booking_id, row.person_id
        )
        for row in connection.execute(query)
    ]


def _path(*steps: str) -> list[dict[str, str]]:
    """[node, edge type, node, edge type, node ...] -> [{"from","type","to"}...]."""
    return [
        {"from": steps[index], "type": steps[index + 1], "to": steps[index + 2]}
        for index in range(0, len(steps) - 2, 2)
    ]


def _hit(
    traveller: _FlightTraveller, rule: str, paths: list[Any], options: NetworkOptions, **extra: Any
) -> HitRecord:
    return HitRecord(
        traveller_id=traveller.hit_on,
        flight_id=traveller.flight_id,
        source="network",
        source_id=rule,
        score=options.score,
        band="review",
        severity=options.severity,
        category="network",
        explanation={"rule": rule, "paths": paths[:10], "path_count": len(paths), **extra},
    )


def _alert_people(
    connection: Connection, *, since: dt.datetime, sources: tuple[str, ...] | None = None
) -> dict[str, list[int]]:
    """Identity -> its alert hits (not network hits: a link of a link is no evidence)."""
    query = (
        select(travellers.c.person_id, hits.c.id)
        .join(travellers, travellers.c.id == hits.c.traveller_id)
        .where(
            hits.c.band == "alert",
            hits.c.source != "network",
            hits.c.created_at >= since,
            travellers.c.person_id.is_not(None),
        )
    )
    if sources:
        query = query.where(hits.c.source.in_(sources))
    people: dict[str, list[int]] = defaultdict(list)
    for person_id, hit_id in connection.execute(query):
        people[person_id].append(hit_id)
    return people


def _bookings_of(connection: Connection, people: Sequence[str]) -> dict[int, str]:
    query = select(travellers.c.booking_id, travellers.c.person_id).where(
        travellers.c.person_id.in_(list(people)), travellers.c.booking_id.is_not(None)
    )
    return {booking_id: person for booking_id, person in connection.execute(query)}


def _booking_values(
    connection: Connection, booking_ids: Sequence[int]
) -> dict[tuple[str, str], set[int]]:
    """(kind, value) -> bookings using it, for the contact kinds."""
    found: dict[tuple[str, str], set[int]] = defaultdict(set)
    for kind, table, column, _edge in BOOKING_VALUES:
        if kind not in CONTACT_KINDS:
            continue
        query = select(table.c.booking_id, column).where(
            table.c.booking_id.in_(list(booking_ids)), column.is_not(None)
        )
        for booking_id, value in connection.execute(query):
            found[(kind, value)].add(booking_id)
    return found


def _hubs(
    connection: Connection, values: set[tuple[str, str]], threshold: int
) -> set[tuple[str, str]]:
    hubs = set()
    for kind, table, column, _edge in BOOKING_VALUES:
        wanted = [value for value_kind, value in values if value_kind == kind]
        if not wanted:
            continue
        query = (
            select(column, func.count(distinct(table.c.booking_id)))
            .where(column.in_(wanted))
            .group_by(column)
        )
        hubs |= {(kind, value) for value, count in connection.execute(query) if count > threshold}
    return hubs


def shared_contact_with_alert(
    connection: Connection,
    people: list[_FlightTraveller],
    *,
    options: NetworkOptions,
    now: dt.datetime,
) -> list[HitRecord]:
    alerts = _alert_people(connection, since=now - dt.timedelta(days=options.alert_lookback_days))
    if not alerts:
        return []
    alert_bookings = _bookings_of(connection, sorted(alerts))
    alert_values = _booking_values(connection, sorted(alert_bookings))
    ours = {t.booking_id for t in people if t.booking_id is not None}
    our_values = _booking_values(connection, sorted(ours))
    shared = set(alert_values) & set(our_values)
    shared -= _hubs(connection, shared, options.hub_threshold)
    results = []
    for traveller in people:
        if traveller.booking_id is None:
            continue
        paths, alert_hits = [], set()
        for kind, value in sorted(shared):
            if traveller.booking_id not in our_values[(kind, value)]:
                continue
            for other_booking in sorted(alert_values[(kind, value)] - {traveller.booking_id}):
                other = alert_bookings[other_booking]
                if other == traveller.person_id:
                    continue  # one's own earlier alert is not a network link
                edge = "paid_with" if kind == "card" else "used"
                paths.append(
                    _path(
                        node_id("identity", traveller.person_id),
                        "booked_in",
                        node_id("booking", traveller.booking_id),
                        edge,
                        node_id(kind, value),
                        edge,
                        node_id("booking", other_booking),
                        "booked_in",
                        node_id("identity", other),
                    )
                )
                alert_hits.update(alerts[other])
        if paths:
            results.append(
                _hit(
                    traveller,
                    "shared-contact-with-alert",
                    paths,
                    options,
                    alert_hits=sorted(alert_hits),
                )
            )
    return results


def travelled_with_watchlisted(
    connection: Connection,
    people: list[_FlightTraveller],
    *,
    options: NetworkOptions,
    now: dt.datetime,
) -> list[HitRecord]:
    bookings = sorted({t.booking_id for t in people if t.booking_id is not None})
    if not bookings:
        return []
    query = (
        select(travellers.c.booking_id, travellers.c.person_id, hits.c.id)
        .join(hits, hits.c.traveller_id == func.coalesce(travellers.c.merged_into, travellers.c.id))
        .where(
            travellers.c.booking_id.in_(bookings),
            hits.c.source == "watchlist",
            hits.c.band == "alert",
        )
    )
    listed: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for booking_id, person_id, hit_id in connection.execute(query):
        listed[booking_id][person_id].add(hit_id)
    results = []
    for traveller in people:
        companions = {
            person: ids
            for person, ids in listed.get(traveller.booking_id or -1, {}).items()
            if person != traveller.person_id
        }
        if companions:
            paths = [
                _path(
                    node_id("identity", traveller.person_id),
                    "booked_in",
                    node_id("booking", traveller.booking_id),
                    "booked_in",
                    node_id("identity", person),
                )
                for person in sorted(companions, key=str)
            ]
            results.append(
                _hit(
                    traveller,
                    "travelled-with-watchlisted",
                    paths,
                    options,
                    watchlist_hits=sorted(i for ids in companions.values() for i in ids),
                )
            )
    return results


def agency_under_watch(
    connection: Connection,
    people: list[_FlightTraveller],
    *,
    options: NetworkOptions,
    now: dt.datetime,
) -> list[HitRecord]:
    watched = named_list_values(connection).get(options.agencies_list, frozenset())
    bookings = sorted({t.booking_id for t in people if t.booking_id is not None})
    if not watched or not bookings:
        return []
    query = select(agencies.c.booking_id, agencies.c.iata_number, agencies.c.pseudo_city).where(
        agencies.c.booking_id.in_(bookings)
    )
    flagged: dict[int, str] = {}
    for booking_id, iata_number, pseudo_city in connection.execute(query):
        for value in (iata_number, pseudo_city):
            if value and normalise_item(value) in watched:
                flagged[booking_id] = value
    return [
        _hit(
            traveller,
            "agency-under-watch",
            [
                _path(
                    node_id("identity", traveller.person_id),
                    "booked_in",
                    node_id("booking", traveller.booking_id),
                    "booked_by",
                    node_id("agency", flagged[traveller.booking_id]),
                )
            ],
            options,
            named_list=options.agencies_list,
        )
        for traveller in people
        if traveller.booking_id in flagged
    ]


NETWORK_RULES = {
    "shared-contact-with-alert": shared_contact_with_alert,
    "travelled-with-watchlisted": travelled_with_watchlisted,
    "agency-under-watch": agency_under_watch,
}


def linked_flights(
    connection: Connection, flight_ids: Sequence[int], *, options: NetworkOptions, now: dt.datetime
) -> set[int]:
    """Flights of bookings that share a contact with someone alerted on these flights.

    A network hit must not depend on load order: when a listed person's flight is
    screened after their companion's, the companion's flight is screened again.
    """
    people = flight_travellers(connection, flight_ids)
    alerts = _alert_people(connection, since=now - dt.timedelta(days=options.alert_lookback_days))
    alerted = sorted(
        {p.booking_id for p in people if p.person_id in alerts and p.booking_id is not None}
    )
    if not alerted:
        return set()
    values = _booking_values(connection, alerted)
    shared = set(values) - _hubs(connection, set(values), options.hub_threshold)
    others: set[int] = set()
    for kind, table, column, _edge in BOOKING_VALUES:
        wanted = [value for value_kind, value in shared if value_kind == kind]
        if kind in CONTACT_KINDS and wanted:
            others.update(
                connection.execute(select(table.c.booking_id).where(column.in_(wanted))).scalars()
            )
    query = select(travellers.c.flight_id).where(
        travellers.c.booking_id.in_(sorted(others)), travellers.c.flight_id.is_not(None)
    )
    return set(connection.execute(query).scalars()) - set(flight_ids)


def evaluate_network_rules(
    connection: Connection, flight_ids: Sequence[int], *, options: NetworkOptions, now: dt.datetime
) -> list[HitRecord]:
    people = flight_travellers(connection, flight_ids)
    found: list[HitRecord] = []
    for rule in NETWORK_RULES.values():
        found += rule(connection, people, options=options, now=now)
    return found


__all__ = ["NETWORK_RULES", "NetworkOptions", "evaluate_network_rules", "flight_travellers"]
