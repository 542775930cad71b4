"""Lookouts: a referred traveller for the port officers at the port of arrival.

A lookout moves through lanes (active -> en route -> encountered / did not board /
missed) and ends with an outcome code. Outcomes count per hit source (rule or list
entry), which is how the rules and lists screens show whether a rule finds anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from paxscreen.errors import NotFoundError
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import flights, traveller_names
from paxscreen.store.vetting_tables import LOOKOUT_OUTCOMES, LOOKOUT_STATUSES, lookouts

FINAL_STATUSES = frozenset({"encountered", "did_not_board", "missed"})


def traveller_display_name(traveller_id: Any) -> Any:
    """SURNAME/GIVEN NAMES of a traveller's main name, as a scalar subquery.

    Built from the parsed parts rather than the raw text, which in PNRs often has the
    title glued on ("SMITH/MARYMRS").
    """
    parts = traveller_names.c.surname + "/" + traveller_names.c.given_names
    return (
        select(func.min(func.coalesce(func.nullif(parts, "/"), traveller_names.c.raw)))
        .where(traveller_names.c.traveller_id == traveller_id, traveller_names.c.position == 0)
        .scalar_subquery()
    )


class LookoutError(ValueError):
    """A lookout change that is not allowed (unknown lane, outcome without encounter)."""


@dataclass(frozen=True, slots=True)
class LookoutCard:
    id: int
    traveller_id: int
    traveller_name: str
    flight: str
    arrival: dt.datetime | None
    port: str
    status: str
    outcome: str | None
    reason: str
    created_by: str
    created_at: dt.datetime


def create_lookout(
    connection: Connection,
    *,
    traveller_id: int,
    port: str,
    reason: str,
    user: str,
    now: dt.datetime,
    hit_id: int | None = None,
    flight_id: int | None = None,
) -> int:
    if not reason.strip():
        raise LookoutError("a lookout needs a reason the port officer can act on")
    if not port.strip():
        raise LookoutError("a lookout needs the port of arrival")
    return int(
        connection.execute(
            insert(lookouts)
            .returning(lookouts.c.id)
            .values(
                traveller_id=traveller_id,
                hit_id=hit_id,
                flight_id=flight_id,
                port=port.strip().upper(),
                status="active",
                reason=reason.strip(),
                created_by=user,
                created_at=now,
            )
        ).scalar_one()
    )


def get_lookout(connection: Connection, lookout_id: int) -> Any:
    row = connection.execute(select(lookouts).where(lookouts.c.id == lookout_id)).first()
    if row is None:
        raise NotFoundError(f"no lookout with id {lookout_id}")
    return row


def move_lookout(
    connection: Connection,
    lookout_id: int,
    *,
    status: str,
    user: str,
    now: dt.datetime,
    outcome: str | None = None,
    note: str | None = None,
) -> None:
    """Move a lookout to another lane, with an outcome once the traveller was met."""
    if status not in LOOKOUT_STATUSES:
        raise LookoutError(f"unknown lane {status!r}; use one of {', '.join(LOOKOUT_STATUSES)}")
    if outcome and outcome not in LOOKOUT_OUTCOMES:
        raise LookoutError(f"unknown outcome {outcome!r}; use one of {', '.join(LOOKOUT_OUTCOMES)}")
    if outcome and status not in {"encountered", "did_not_board"}:
        raise LookoutError("an outcome is recorded only for an encountered traveller")
    changed = connection.execute(
        update(lookouts)
        .where(lookouts.c.id == lookout_id)
        .values(
            status=status,
            outcome=outcome or None,
            outcome_note=note or None,
            updated_by=user,
            updated_at=now,
        )
    ).rowcount
    if not changed:
        raise NotFoundError(f"no lookout with id {lookout_id}")


def board(
    connection: Connection, *, port: str | None = None, since: dt.datetime | None = None
) -> dict[str, list[LookoutCard]]:
    """Lookouts per lane, soonest arrival first; `since` hides older finished ones."""
    name = traveller_display_name(lookouts.c.traveller_id)
    query = (
        select(
            lookouts,
            name.label("traveller_name"),
            flights.c.carrier,
            flights.c.number,
            flights.c.arrival_utc,
        )
        .join(flights, flights.c.id == lookouts.c.flight_id, isouter=True)
        .order_by(flights.c.arrival_utc, lookouts.c.id)
    )
    if port:
        query = query.where(lookouts.c.port == port.upper())
    lanes: dict[str, list[LookoutCard]] = {status: [] for status in LOOKOUT_STATUSES}
    for row in connection.execute(query):
        if since and row.status in FINAL_STATUSES and (row.updated_at or row.created_at) < since:
            continue
        lanes[row.status].append(
            LookoutCard(
                id=row.id,
                traveller_id=row.traveller_id,
                traveller_name=row.traveller_name or "",
                flight=f"{row.carrier}{row.number}" if row.carrier else "",
                arrival=row.arrival_utc,
                port=row.port,
                status=row.status,
                outcome=row.outcome,
                reason=row.reason,
                created_by=row.created_by,
                created_at=row.created_at,
            )
        )
    return lanes


def ports(connection: Connection) -> list[str]:
    return list(
        connection.execute(select(lookouts.c.port).distinct().order_by(lookouts.c.port)).scalars()
    )


def outcome_counts(connection: Connection, source: str) -> dict[str, dict[str, int]]:
    """{hit source_id: {outcome: count}} for one hit source ('rule', 'watchlist', ...)."""
    rows = connection.execute(
        select(hits.c.source_id, lookouts.c.outcome, func.count())
        .join(hits, hits.c.id == lookouts.c.hit_id)
        .where(hits.c.source == source, lookouts.c.outcome.is_not(None))
        .group_by(hits.c.source_id, lookouts.c.outcome)
    )
    counts: dict[str, dict[str, int]] = {}
    for source_id, outcome, count in rows:
        counts.setdefault(source_id, {})[outcome] = count
    return counts


def lookout_summary(card: LookoutCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "traveller_id": card.traveller_id,
        "traveller_name": card.traveller_name,
        "flight": card.flight,
        "arrival": card.arrival.isoformat() if card.arrival else None,
        "port": card.port,
        "status": card.status,
        "outcome": card.outcome,
        "reason": card.reason,
        "created_by": card.created_by,
    }
