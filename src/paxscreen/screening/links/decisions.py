"""Analysts' decisions on identities: confirm, split, merge.

Each decision is stored against fingerprints (see `records`), so that matching
after re-ingestion respects it, and written to the audit trail by the caller.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select, update

from paxscreen.errors import NotFoundError, PermissionDeniedError
from paxscreen.screening.links.identity import (
    Resolution,
    current_identity,
    link_traveller,
    new_identity,
)
from paxscreen.store.link_tables import identities, identity_decisions, identity_links
from paxscreen.store.tables import travellers


def _link_of(connection: Connection, traveller_id: int) -> tuple[int, str]:
    row = connection.execute(
        select(identity_links.c.identity_id, identity_links.c.fingerprint).where(
            identity_links.c.traveller_id == traveller_id
        )
    ).first()
    if row is None:
        raise NotFoundError(f"traveller {traveller_id} has no identity yet")
    return current_identity(connection, row.identity_id), row.fingerprint


def _record(connection: Connection, **values: object) -> None:
    reason = str(values.get("reason") or "").strip()
    if not reason:
        raise PermissionDeniedError("an identity decision needs a reason")
    connection.execute(identity_decisions.insert().values(**values))


def confirm(
    connection: Connection, traveller_id: int, *, actor: str, reason: str, now: dt.datetime
) -> int:
    """This record belongs to its current identity: later matching keeps it there."""
    identity_id, fingerprint = _link_of(connection, traveller_id)
    _record(
        connection,
        kind="confirm",
        fingerprint=fingerprint,
        identity_id=identity_id,
        actor=actor,
        reason=reason,
        decided_at=now,
    )
    return identity_id


def split(
    connection: Connection, traveller_id: int, *, actor: str, reason: str, now: dt.datetime
) -> int:
    """Take this record out of its identity into a new one, and keep it apart from the rest."""
    old_identity, fingerprint = _link_of(connection, traveller_id)
    others = connection.execute(
        select(identity_links.c.traveller_id, identity_links.c.fingerprint).where(
            identity_links.c.identity_id == old_identity,
            identity_links.c.traveller_id != traveller_id,
        )
    ).all()
    moved_identity = new_identity(connection, now=now)
    same_data = [row.traveller_id for row in others if row.fingerprint == fingerprint]
    for moved in [traveller_id, *same_data]:
        link_traveller(
            connection,
            Resolution(moved, moved_identity, 1.0, "analyst", {"decision": "split"}),
            fingerprint=fingerprint,
            now=now,
        )
    for other in sorted({row.fingerprint for row in others} - {fingerprint}):
        _record(
            connection,
            kind="separate",
            fingerprint=fingerprint,
            other_fingerprint=other,
            identity_id=moved_identity,
            actor=actor,
            reason=reason,
            decided_at=now,
        )
    return moved_identity


def merge(
    connection: Connection,
    source_id: int,
    target_id: int,
    *,
    actor: str,
    reason: str,
    now: dt.datetime,
) -> int:
    """Two identities are one person: move every record of `source_id` into `target_id`."""
    source_id, target_id = (
        current_identity(connection, source_id),
        current_identity(connection, target_id),
    )
    if source_id == target_id:
        return target_id
    fingerprints = {
        identity_id: sorted(
            connection.execute(
                select(identity_links.c.fingerprint).where(
                    identity_links.c.identity_id == identity_id
                )
            ).scalars()
        )
        for identity_id in (source_id, target_id)
    }
    if not fingerprints[source_id] or not fingerprints[target_id]:
        raise NotFoundError("both identities must have records to merge")
    _record(
        connection,
        kind="same",
        fingerprint=fingerprints[source_id][0],
        other_fingerprint=fingerprints[target_id][0],
        identity_id=target_id,
        actor=actor,
        reason=reason,
        decided_at=now,
    )
    connection.execute(
        update(identity_links)
        .where(identity_links.c.identity_id == source_id)
        .values(identity_id=target_id)
    )
    connection.execute(
        update(travellers)
        .where(travellers.c.person_id == str(source_id))
        .values(person_id=str(target_id))
    )
    connection.execute(
        update(identities)
        .where(identities.c.id == source_id)
        .values(merged_into=target_id, updated_at=now)
    )
    return target_id


__all__ = ["confirm", "merge", "split"]
