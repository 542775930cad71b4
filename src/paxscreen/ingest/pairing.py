"""Keep a flight's API/PNR traveller pairs in step with what is loaded.

After each message that may change them, the flight's current API travellers (not
cancelled or removed) and current PNR travellers (their booking neither superseded
nor cancelled) are paired by `merge.match_travellers`. Both rows stay: the pair goes
to `traveller_pairs` with the rule that made it, and the PNR row points at the API
row through `travellers.merged_into`, so the flight lists each person once while
the analyst can open both sources with every value's provenance. Re-pairing is
idempotent: only differences are written.

Matching looks at a few fields only (`merge.pairing_signature`), and most updates
(check-in, seats, bags) leave them alone. So each refresh digests what it would
match (every current traveller's id, source and signature, in id order: the order
decides who wins a contested key) and keeps the digest in `pairing_digests`; when
the flight's inputs digest as they did last time, the stored pairs are what
matching would give, and nothing is matched or written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, delete, literal, null, or_, select, union_all, update

from paxscreen.ingest.merge import match_travellers, pairing_signature
from paxscreen.ingest.paxlst_changes import CANCELLED, REMOVED
from paxscreen.ingest.traveller_view import load_identities
from paxscreen.model import Traveller
from paxscreen.store.dialect import upsert
from paxscreen.store.ingest_tables import pairing_digests, traveller_pairs
from paxscreen.store.rows import insert_rows, update_rows
from paxscreen.store.tables import bookings, travellers

# API travellers with these check-in statuses are off the flight: nobody pairs with them
UNPAIRED_CHECKIN = (CANCELLED, REMOVED)
_DIGEST_ROW = "digest"  # the source column's value on the stored digest's row


def is_paired_checkin(checkin_status: str | None) -> bool:
    """Whether an API traveller with this check-in status takes part in pairing."""
    return checkin_status not in UNPAIRED_CHECKIN


@dataclass(frozen=True, slots=True)
class _PairingState:
    api_ids: list[int]  # current API travellers, in id order
    pnr_ids: list[int]  # current PNR travellers, in id order
    stored_digest: str | None  # what the stored pairs were worked out from


def _pairing_state(connection: Connection, flight_id: int) -> _PairingState:
    """The flight's current API and PNR traveller ids and its stored inputs digest.

    One statement (the digest row rides along as a row of its own): this runs after
    every push, and most pushes end here.
    """
    current_api = and_(
        travellers.c.source == "api",
        or_(
            travellers.c.checkin_status.is_(None),
            travellers.c.checkin_status.not_in(UNPAIRED_CHECKIN),
        ),
    )
    current_pnr = and_(
        travellers.c.source == "pnr",
        bookings.c.superseded.is_(False),
        bookings.c.status != "cancelled",
    )
    people = (
        select(travellers.c.id, travellers.c.source, null().label("digest"))
        .outerjoin(bookings, bookings.c.id == travellers.c.booking_id)
        .where(travellers.c.flight_id == flight_id, or_(current_api, current_pnr))
    )
    digest_row = select(null(), literal(_DIGEST_ROW), pairing_digests.c.inputs_digest).where(
        pairing_digests.c.flight_id == flight_id
    )
    ids: dict[str, list[int]] = {"api": [], "pnr": []}
    stored_digest = None
    for traveller_id, source, digest in connection.execute(union_all(people, digest_row)):
        if source == _DIGEST_ROW:
            stored_digest = digest
        else:
            ids[source].append(traveller_id)
    return _PairingState(sorted(ids["api"]), sorted(ids["pnr"]), stored_digest)


def inputs_digest(
    api: Sequence[tuple[int, Traveller]], pnr: Sequence[tuple[int, Traveller]]
) -> str:
    """A digest of what matching these travellers looks at (ids, order and signatures)."""
    content = repr(
        (
            [(traveller_id, pairing_signature(t)) for traveller_id, t in api],
            [(traveller_id, pairing_signature(t)) for traveller_id, t in pnr],
        )
    )
    return hashlib.blake2b(content.encode(), digest_size=32).hexdigest()


def refresh_pairs(connection: Connection, flight_id: int, *, message_id: str | None) -> int:
    """Re-pair the flight's travellers if their pairing inputs changed.

    Returns how many pairs changed (0 when the inputs digest as they did last time).
    """
    state = _pairing_state(connection, flight_id)
    api: list[tuple[int, Traveller]] = []
    pnr: list[tuple[int, Traveller]] = []
    if state.api_ids and state.pnr_ids:  # a flight with one source only has nothing to pair
        loaded = load_identities(connection, state.api_ids + state.pnr_ids)
        api = [(i, loaded[i]) for i in state.api_ids]
        pnr = [(i, loaded[i]) for i in state.pnr_ids]
    digest = inputs_digest(api, pnr)
    if digest == state.stored_digest:
        return 0
    matches = match_travellers([t for _i, t in api], [t for _i, t in pnr])
    desired = {(api[m.api_index][0], pnr[m.pnr_index][0]): m.rule for m in matches}
    changed = _write_pairs(connection, flight_id, desired, message_id=message_id)
    connection.execute(
        upsert(
            connection,
            pairing_digests,
            {"flight_id": flight_id, "inputs_digest": digest},
            key=["flight_id"],
            update=["inputs_digest"],
        )
    )
    return changed


def _write_pairs(
    connection: Connection,
    flight_id: int,
    desired: dict[tuple[int, int], str],
    *,
    message_id: str | None,
) -> int:
    """Make the stored pairs `desired`, writing only the differences; returns their number."""
    stored = {
        (row.api_traveller_id, row.pnr_traveller_id): row.id
        for row in connection.execute(
            select(traveller_pairs).where(traveller_pairs.c.flight_id == flight_id)
        ).all()
    }
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


__all__ = ["UNPAIRED_CHECKIN", "inputs_digest", "is_paired_checkin", "refresh_pairs"]
