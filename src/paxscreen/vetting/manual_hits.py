"""Manual hits: an analyst flags a traveller no list or rule caught.

A manual hit goes into the same `hits` table as every other source, so it enters
the same queue, disposition flow and trail.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.engine import Connection

from paxscreen.errors import NotFoundError
from paxscreen.store.tables import travellers
from paxscreen.store.vetting_tables import hit_categories
from paxscreen.vetting.hits import HitRecord, record_hit


class ManualHitError(ValueError):
    """A manual hit without a reason or with an unknown category."""


def create_manual_hit(
    connection: Connection,
    traveller_id: int,
    *,
    category: str,
    reason: str,
    user: str,
    now: dt.datetime,
) -> int:
    if not reason.strip():
        raise ManualHitError("a manual hit needs a reason")
    severity = connection.execute(
        select(hit_categories.c.severity).where(hit_categories.c.code == category)
    ).scalar()
    if severity is None:
        raise ManualHitError(f"unknown hit category {category!r}")
    flight_id = connection.execute(
        select(travellers.c.flight_id).where(travellers.c.id == traveller_id)
    ).first()
    if flight_id is None:
        raise NotFoundError(f"no traveller with id {traveller_id}")
    record = HitRecord(
        traveller_id=traveller_id,
        flight_id=flight_id[0],
        source="manual",
        source_id=f"manual:{uuid.uuid4()}",
        score=1.0,
        band="alert",
        severity=severity + 1,  # categories: 1 normal .. 3 top; hits: 1 low .. 4 critical
        category=category,
        explanation={"kind": "manual", "reason": reason.strip(), "by": user},
    )
    return record_hit(connection, record, now=now)
