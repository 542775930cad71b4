"""Dispositions: an analyst's decision on a hit, always with a reason.

Decisions are appended, never edited (the latest counts), and mirrored into
`hits.status` so the queue can filter cheaply. A referral creates a lookout for the
port of arrival of the hit's flight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from paxscreen.errors import NotFoundError
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import flights, travellers
from paxscreen.store.vetting_tables import DISPOSITIONS, hit_dispositions
from paxscreen.vetting.lookouts import create_lookout

OPEN_STATUSES = frozenset({"open", "needs_info"})


class DispositionError(ValueError):
    """The decision cannot be recorded as asked (unknown code, no reason, no port)."""


@dataclass(frozen=True, slots=True)
class Disposition:
    id: int
    hit_id: int
    disposition: str
    reason: str
    decided_by: str
    decided_at: dt.datetime
    lookout_id: int | None = None


def arrival_port(connection: Connection, hit_id: int) -> tuple[str | None, int | None, int]:
    """(port of arrival, flight id, traveller id) of a hit, from its flight or traveller."""
    row = connection.execute(
        select(
            hits.c.traveller_id,
            hits.c.flight_id,
            flights.c.destination,
            travellers.c.debarkation,
            travellers.c.flight_id.label("traveller_flight_id"),
        )
        .join(travellers, travellers.c.id == hits.c.traveller_id)
        .join(
            flights,
            flights.c.id == func.coalesce(hits.c.flight_id, travellers.c.flight_id),
            isouter=True,
        )
        .where(hits.c.id == hit_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no hit with id {hit_id}")
    flight_id = row.flight_id or row.traveller_flight_id
    return row.destination or row.debarkation, flight_id, row.traveller_id


def record_disposition(
    connection: Connection,
    hit_id: int,
    *,
    disposition: str,
    reason: str,
    user: str,
    now: dt.datetime,
    port: str | None = None,
) -> Disposition:
    """Record a decision on a hit; a referral also creates a lookout.

    Raises:
        DispositionError: unknown disposition, empty reason, or no port for a referral.
        NotFoundError: no such hit.
    """
    if disposition not in DISPOSITIONS:
        raise DispositionError(
            f"unknown disposition {disposition!r}; use {', '.join(DISPOSITIONS)}"
        )
    if not reason.strip():
        raise DispositionError("a disposition needs a reason")
    arrival, flight_id, traveller_id = arrival_port(connection, hit_id)
    lookout_id = None
    if disposition == "referred":
        target = (port or arrival or "").strip()
        if not target:
            raise DispositionError("a referral needs the port of arrival; none is known")
        lookout_id = create_lookout(
            connection,
            traveller_id=traveller_id,
            hit_id=hit_id,
            flight_id=flight_id,
            port=target,
            reason=reason,
            user=user,
            now=now,
        )
    disposition_id = connection.execute(
        insert(hit_dispositions)
        .returning(hit_dispositions.c.id)
        .values(
            hit_id=hit_id,
            disposition=disposition,
            reason=reason.strip(),
            decided_by=user,
            decided_at=now,
        )
    ).scalar_one()
    connection.execute(update(hits).where(hits.c.id == hit_id).values(status=disposition))
    return Disposition(
        id=int(disposition_id),
        hit_id=hit_id,
        disposition=disposition,
        reason=reason.strip(),
        decided_by=user,
        decided_at=now,
        lookout_id=lookout_id,
    )


def disposition_history(connection: Connection, hit_ids: list[int]) -> dict[int, list[Disposition]]:
    """Every decision per hit, oldest first."""
    history: dict[int, list[Disposition]] = {hit_id: [] for hit_id in hit_ids}
    if not hit_ids:
        return history
    rows = connection.execute(
        select(hit_dispositions)
        .where(hit_dispositions.c.hit_id.in_(hit_ids))
        .order_by(hit_dispositions.c.decided_at, hit_dispositions.c.id)
    )
    for row in rows:
        history[row.hit_id].append(
            Disposition(
                id=row.id,
                hit_id=row.hit_id,
                disposition=row.disposition,
                reason=row.reason,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
            )
        )
    return history
