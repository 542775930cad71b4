"""Keep a flight's API/PNR traveller pairs in step with what is loaded.

After each message the flight's current API travellers (not cancelled or
removed) and current PNR travellers (their booking neither superseded nor
cancelled) are
paired by `merge.match_travellers`. Both rows stay: the pair goes to
`traveller_pairs` with the rule that made it, and the PNR row points at the API
row through `travellers.merged_into`, so the flight lists each person once while
the analyst can open both sources with every value's provenance. Re-pairing is
idempotent: only differences are written.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, or_, select, update

from paxscreen.ingest.merge import match_travellers
from paxscreen.ingest.paxlst_changes import CANCELLED, REMOVED
from paxscreen.ingest.traveller_view import load_identities
from paxscreen.store.ingest_tables import traveller_pairs
from paxscreen.store.rows import insert_rows, update_rows
from paxscreen.store.tables import bookings, travellers


def _current_ids(connection: Connection, flight_id: int, source: str) -> list[int]:
    statement = select(travellers.c.id).where(
        travellers.c.flight_id == flight_id, travellers.c.source == source
    )
    if source == "api":
        statement = statement.where(
            or_(
                travellers.c.checkin_status.is_(None),
                travellers.c.checkin_status.not_in([CANCELLED, REMOVED]),
            )
        )
    else:
        statement = statement.join(bookings, bookings.c.id == travellers.c.booking_id).where(
            bookings.c.superseded.is_(False), bookings.c.status != "cancelled"
        )
    return list(connection.execute(statement.order_by(travellers.c.id)).scalars())


def refresh_pairs(connection: Connection, flight_id: int, *, message_id: str | None) -> int:
    """Re-pair the flight's travellers; returns how many pairs changed."""
    stored = {
        (row.api_traveller_id, row.pnr_traveller_id): row.id
        for row in connection.execute(
            select(traveller_pairs).where(traveller_pairs.c.flight_id == flight_id)
        ).all()
    }
    desired: dict[tuple[int, int], str] = {}
    api_ids = _current_ids(connection, flight_id, "api")
    pnr_ids = _current_ids(connection, flight_id, "pnr") if api_ids else []
    if api_ids and pnr_ids:  # a flight with one source only has nothing to pair
        loaded = load_identities(connection, api_ids + pnr_ids)
        matches = match_travellers([loaded[i] for i in api_ids], [loaded[i] for i in pnr_ids])
        desired = {(api_ids[m.api_index], pnr_ids[m.pnr_index]): m.rule for m in matches}
    gone = [pair_id for pair, pair_id in stored.items() if pair not in desired]
    new = [pair for pair in desired if pair not in stored]
    if gone:
        connection.execute(delete(traveller_pairs).where(traveller_pairs.c.id.in_(gone)))
        unlinked = [pnr for (api, pnr), pair_id in stored.items() if pair_id in gone]
        connection.execute(
            update(travellers).where(travellers.c.id.in_(unlinked)).values(merged_into=None)
        )
    if new:
        insert_rows(
            connection,
            traveller_pairs,
            [
                {
                    "flight_id": flight_id,
                    "api_traveller_id": api,
                    "pnr_traveller_id": pnr,
                    "rule": desired[(api, pnr)],
                    "message_id": message_id,
                }
                for api, pnr in new
            ],
        )
        update_rows(connection, travellers, [{"id": pnr, "merged_into": api} for api, pnr in new])
    return len(gone) + len(new)


__all__ = ["refresh_pairs"]
