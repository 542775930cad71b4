"""One hit per person and source entry: a paired PNR row's hits go to its API row.

The flight lists a person once, under the API row; the PNR row paired with it
points there (`travellers.merged_into`), and screening hits the listed row. A PNR
row screened before its API traveller arrived (PNR pushes come days before
check-in) keeps the hits it got then, and once paired the API row gets its own
for the same rule or list entry: the analyst would see one person hit twice for
one reason, and could decide one and leave the other open.

So after pairing, the hits of the flight's paired PNR rows are carried to the
listed row. A carried hit keeps its id, so its dispositions, notes, lookouts and
cleared pairs follow it. Where the listed row already has a hit for the same
source and entry, the two are one: the one with the latest decision is kept (with
no decision, the listed row's), everything that refers to the other is pointed at
it, and the other is deleted, so no decision is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, bindparam, delete, func, select, update

from paxscreen.store.hit_tables import hits
from paxscreen.store.metadata import metadata
from paxscreen.store.tables import travellers
from paxscreen.store.vetting_tables import hit_dispositions


@dataclass(frozen=True, slots=True)
class CarriedHits:
    moved: int  # hits now on the listed row, ids unchanged
    merged: int  # duplicates folded into the hit kept


def carry_paired_hits(connection: Connection, flight_id: int) -> CarriedHits:
    """Move the hits of the flight's paired (merged) rows to the rows they point at."""
    on_paired_rows = (
        select(hits.c.id, hits.c.source, hits.c.source_id, travellers.c.merged_into)
        .join(travellers, travellers.c.id == hits.c.traveller_id)
        .where(travellers.c.flight_id == flight_id, travellers.c.merged_into.is_not(None))
        .order_by(hits.c.id)
    )
    carried = connection.execute(on_paired_rows).all()
    if not carried:
        return CarriedHits(0, 0)
    listed = {row.merged_into for row in carried}
    held = {
        (row.traveller_id, row.source, row.source_id): row.id
        for row in connection.execute(
            select(hits.c.id, hits.c.traveller_id, hits.c.source, hits.c.source_id).where(
                hits.c.traveller_id.in_(listed)
            )
        )
    }
    moving: dict[int, int] = {}  # hit id -> the listed row it goes to
    duplicates: list[tuple[int, int, int]] = []  # (carried hit, hit already held, listed row)
    for row in carried:
        key = (row.merged_into, row.source, row.source_id)
        if key in held:
            duplicates.append((row.id, held[key], row.merged_into))
        else:
            held[key] = row.id
            moving[row.id] = row.merged_into
    decided = _latest_decisions(connection, [hit for pair in duplicates for hit in pair[:2]])
    for carried_id, held_id, listed_row in duplicates:
        keep, drop = _kept_and_dropped(carried_id, held_id, decided)
        _fold(connection, drop=drop, into=keep)
        moving.pop(drop, None)
        if keep == carried_id:
            moving[keep] = listed_row
    if moving:
        connection.execute(
            update(hits)
            .where(hits.c.id == bindparam("b_id"))
            .values(traveller_id=bindparam("b_to")),
            [{"b_id": hit_id, "b_to": to} for hit_id, to in moving.items()],
        )
    return CarriedHits(len(moving), len(duplicates))


def _latest_decisions(connection: Connection, hit_ids: list[int]) -> dict[int, dt.datetime]:
    """When each hit was last decided on (hits never decided are left out)."""
    if not hit_ids:
        return {}
    statement = (
        select(hit_dispositions.c.hit_id, func.max(hit_dispositions.c.decided_at))
        .where(hit_dispositions.c.hit_id.in_(hit_ids))
        .group_by(hit_dispositions.c.hit_id)
    )
    return {hit_id: decided_at for hit_id, decided_at in connection.execute(statement)}


def _kept_and_dropped(carried: int, held: int, decided: dict[int, dt.datetime]) -> tuple[int, int]:
    """The hit whose latest decision is the most recent stays (its status is the
    person's current one); with no decision on either, the listed row's."""
    if carried in decided and (held not in decided or decided[carried] > decided[held]):
        return carried, held
    return held, carried


def _fold(connection: Connection, *, drop: int, into: int) -> None:
    """Point every row that refers to hit `drop` at hit `into`, then delete `drop`."""
    for column in _references_to_hits():
        connection.execute(update(column.table).where(column == drop).values({column.name: into}))
    connection.execute(delete(hits).where(hits.c.id == drop))


def _references_to_hits() -> list[Column[Any]]:
    """Every column with a foreign key to hits.id (dispositions, notes, lookouts, ...)."""
    return [
        key.parent
        for table in metadata.sorted_tables
        for key in table.foreign_keys
        if key.column is hits.c.id
    ]


__all__ = ["CarriedHits", "carry_paired_hits"]
