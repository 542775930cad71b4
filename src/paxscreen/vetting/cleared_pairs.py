"""Cleared pairs: an analyst's "this person is not that list entry", kept so that the
same pair does not raise a hit again until the entry or the identity changes.

Screeners ask `is_cleared` before recording a hit. A pair is tied to the identity
(person id from link analysis, else the traveller row) and to the entry's version:
a new version of the entry, or a different identity, is screened afresh.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, or_, select
from sqlalchemy.engine import Connection

from paxscreen.errors import NotFoundError
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import travellers
from paxscreen.store.vetting_tables import cleared_pairs


def record_cleared_pair(
    connection: Connection, hit_id: int, *, reason: str, user: str, now: dt.datetime
) -> int:
    """Record that the hit's traveller is not the hit's list entry (or rule subject)."""
    row = connection.execute(
        select(hits.c.traveller_id, hits.c.source, hits.c.source_id, hits.c.source_version,
               travellers.c.person_id)
        .join(travellers, travellers.c.id == hits.c.traveller_id)
        .where(hits.c.id == hit_id)
    ).first()  # fmt: skip
    if row is None:
        raise NotFoundError(f"no hit with id {hit_id}")
    return int(
        connection.execute(
            insert(cleared_pairs)
            .returning(cleared_pairs.c.id)
            .values(
                hit_id=hit_id,
                traveller_id=row.traveller_id,
                person_id=row.person_id,
                source=row.source,
                source_id=row.source_id,
                source_version=row.source_version,
                reason=reason.strip(),
                cleared_by=user,
                cleared_at=now,
            )
        ).scalar_one()
    )


def is_cleared(
    connection: Connection,
    *,
    traveller_id: int,
    person_id: str | None,
    source: str,
    source_id: str,
    source_version: str | None,
) -> bool:
    """Whether this identity was cleared against this entry version already."""
    same_identity = cleared_pairs.c.traveller_id == traveller_id
    if person_id:
        same_identity = or_(same_identity, cleared_pairs.c.person_id == person_id)
    version = (
        cleared_pairs.c.source_version.is_(None)
        if source_version is None
        else cleared_pairs.c.source_version == source_version
    )
    found = connection.execute(
        select(cleared_pairs.c.id).where(
            same_identity,
            cleared_pairs.c.source == source,
            cleared_pairs.c.source_id == source_id,
            version,
        )
    ).first()
    return found is not None
