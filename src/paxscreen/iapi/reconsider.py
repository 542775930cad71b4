"""After an analyst's decision: does a check-in answer already given change?

- every hit behind a traveller's 2Z dispositioned as a false positive: clear to 0Z;
- a hit confirmed as a true match on a list category configured as no-board: 1Z.

A changed answer is sent to the carrier unsolicited (`outbox.change_decision`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from paxscreen.config import Settings
from paxscreen.iapi.outbox import change_decision
from paxscreen.messages.cusres import Directive
from paxscreen.store.hit_tables import hits
from paxscreen.store.iapi_tables import iapi_decisions
from paxscreen.store.vetting_tables import hit_dispositions


def _latest_dispositions(
    connection: Connection, traveller_id: int
) -> dict[int, tuple[str, str | None]]:
    """hit id -> (latest disposition or "open", hit category)."""
    found: dict[int, tuple[str, str | None]] = {}
    rows = connection.execute(
        select(hits.c.id, hits.c.category, hit_dispositions.c.disposition)
        .outerjoin(hit_dispositions, hit_dispositions.c.hit_id == hits.c.id)
        .where(hits.c.traveller_id == traveller_id)
        .order_by(hits.c.id, hit_dispositions.c.decided_at)
    )
    for hit_id, category, disposition in rows:
        found[hit_id] = (disposition or "open", category)
    return found


def directive_after_vetting(
    connection: Connection, traveller_id: int, *, settings: Settings
) -> Directive | None:
    """The answer the hits now call for, or None while some are still undecided."""
    states = _latest_dispositions(connection, traveller_id)
    if not states:
        return None
    no_board = set(settings.iapi.no_board_categories)
    if any(state == "true_match" and category in no_board for state, category in states.values()):
        return Directive.NO_BOARD
    if all(state == "false_positive" for state, _ in states.values()):
        return Directive.OK_TO_BOARD
    return None


def reconsider_traveller(
    connection: Connection, traveller_id: int, *, actor: str, settings: Settings, now: dt.datetime
) -> list[int]:
    """Change the traveller's current check-in answers when vetting calls for it."""
    directive = directive_after_vetting(connection, traveller_id, settings=settings)
    if directive is None:
        return []
    current = (
        connection.execute(
            select(iapi_decisions.c.id).where(
                iapi_decisions.c.traveller_id == traveller_id, iapi_decisions.c.current.is_(True)
            )
        )
        .scalars()
        .all()
    )
    changed = []
    for decision_id in current:
        new_id = change_decision(
            connection,
            decision_id,
            directive,
            reason=f"after vetting by {actor}",
            actor=actor,
            now=now,
            expiry_hours=settings.iapi.unsolicited_expiry_hours,
        )
        if new_id is not None:
            changed.append(new_id)
    return changed


def reconsider_after_disposition(
    connection: Connection, hit_id: int, *, actor: str, settings: Settings, now: dt.datetime
) -> list[int]:
    traveller_id = connection.execute(
        select(hits.c.traveller_id).where(hits.c.id == hit_id)
    ).scalar()
    if traveller_id is None:
        return []
    return reconsider_traveller(connection, traveller_id, actor=actor, settings=settings, now=now)


__all__ = ["directive_after_vetting", "reconsider_after_disposition", "reconsider_traveller"]
