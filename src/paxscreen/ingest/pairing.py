"""Keep a flight's API/PNR traveller pairs in step with what is loaded.

After each message that may change them, the flight's current API travellers (not
cancelled or removed) and current PNR travellers (their booking neither superseded
nor cancelled) are paired by `merge.match_travellers`. Both rows stay: the pair goes
to `traveller_pairs` with the rule that made it, and the PNR row points at the API
row through `travellers.merged_into`, so the flight lists each person once while
the analyst can open both sources with every value's provenance. Re-pairing is
idempotent: only differences are written.

Matching looks at a few fields only (`merge.PairingKeys`), and most updates
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
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Insert,
    Select,
    and_,
    bindparam,
    delete,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)

from paxscreen.ingest.merge import PairingKeys, match_keys
from paxscreen.ingest.paxlst_changes import CANCELLED, REMOVED
from paxscreen.ingest.traveller_view import PAIRING_COLUMNS, names_and_documents, pairing_keys_of
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


Keyed = list[tuple[int, PairingKeys]]  # (traveller id, its keys), in id order


@dataclass(frozen=True, slots=True)
class _PairingState:
    api: Keyed  # current API travellers
    pnr: Keyed  # current PNR travellers
    stored_digest: str | None  # what the stored pairs were worked out from


def _current_travellers(*columns: ColumnElement[Any]) -> Select[Any]:
    """`columns` of the current API and PNR travellers of the flight `:flight_id`."""
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
    return (
        select(*columns)
        .outerjoin(bookings, bookings.c.id == travellers.c.booking_id)
        .where(travellers.c.flight_id == bindparam("flight_id"), or_(current_api, current_pnr))
    )


def _people_and_digest() -> CompoundSelect:
    """The current travellers' `PAIRING_COLUMNS` and source, and the stored digest as a
    row of its own (source `_DIGEST_ROW`, the digest last): one statement for both."""
    people = _current_travellers(*PAIRING_COLUMNS, travellers.c.source, null().label("digest"))
    padding = [null()] * len(PAIRING_COLUMNS)
    digest_row = select(*padding, literal(_DIGEST_ROW), pairing_digests.c.inputs_digest).where(
        pairing_digests.c.flight_id == bindparam("flight_id")
    )
    return union_all(people, digest_row)


# built once: they run after every message that may change the pairs
_PEOPLE_AND_DIGEST = _people_and_digest()
_NAMES_AND_DOCUMENTS = names_and_documents(_current_travellers(travellers.c.id))


def _pairing_state(connection: Connection, flight_id: int) -> _PairingState:
    """The flight's current API and PNR travellers with their keys, and the stored digest.

    Two statements: the travellers with the digest, then their names and documents,
    read only when both sources are there (one source alone has nothing to pair).
    """
    flight = {"flight_id": flight_id}
    rows: dict[str, list[Sequence[Any]]] = {"api": [], "pnr": []}
    stored_digest = None
    for row in cast("list[Sequence[Any]]", connection.execute(_PEOPLE_AND_DIGEST, flight).all()):
        source = row[-2]
        if source == _DIGEST_ROW:
            stored_digest = row[-1]
        else:
            rows[source].append(row[:-2])  # the PAIRING_COLUMNS
    if not rows["api"] or not rows["pnr"]:
        return _PairingState([], [], stored_digest)
    parts = connection.execute(_NAMES_AND_DOCUMENTS, flight).all()
    keys = pairing_keys_of(rows["api"] + rows["pnr"], parts)
    api = sorted((row[0], keys[row[0]]) for row in rows["api"])
    pnr = sorted((row[0], keys[row[0]]) for row in rows["pnr"])
    return _PairingState(api, pnr, stored_digest)


def inputs_digest(api: Keyed, pnr: Keyed) -> str:
    """A digest of what matching these travellers looks at (ids, order and keys).

    The keys go in as plain tuples: their repr is what digests stored by earlier
    versions were made of, so an unchanged flight still digests as before.
    """
    content = repr(
        (
            [(traveller_id, tuple(keys)) for traveller_id, keys in api],
            [(traveller_id, tuple(keys)) for traveller_id, keys in pnr],
        )
    )
    return hashlib.blake2b(content.encode(), digest_size=32).hexdigest()


def refresh_pairs(connection: Connection, flight_id: int, *, message_id: str | None) -> int:
    """Re-pair the flight's travellers if their pairing inputs changed.

    Returns how many pairs changed (0 when the inputs digest as they did last time).
    """
    state = _pairing_state(connection, flight_id)
    digest = inputs_digest(state.api, state.pnr)
    if digest == state.stored_digest:
        return 0
    api, pnr = state.api, state.pnr
    matches = match_keys([keys for _i, keys in api], [keys for _i, keys in pnr])
    desired = {(api[m.api_index][0], pnr[m.pnr_index][0]): m.rule for m in matches}
    changed = _write_pairs(connection, flight_id, desired, message_id=message_id)
    connection.execute(
        _digest_upsert(connection), {"flight_id": flight_id, "inputs_digest": digest}
    )
    return changed


_DIGEST_UPSERTS: dict[str, Insert] = {}  # dialect name -> the statement


def _digest_upsert(connection: Connection) -> Insert:
    """Store a flight's inputs digest (`flight_id`, `inputs_digest`): built once per dialect."""
    statement = _DIGEST_UPSERTS.get(connection.dialect.name)
    if statement is None:
        values: dict[str, Any] = {name: bindparam(name) for name in ("flight_id", "inputs_digest")}
        statement = upsert(
            connection, pairing_digests, values, key=["flight_id"], update=["inputs_digest"]
        )
        _DIGEST_UPSERTS[connection.dialect.name] = statement
    return statement


_STORED_PAIRS = select(
    traveller_pairs.c.api_traveller_id, traveller_pairs.c.pnr_traveller_id, traveller_pairs.c.id
).where(traveller_pairs.c.flight_id == bindparam("flight_id"))


def _write_pairs(
    connection: Connection,
    flight_id: int,
    desired: dict[tuple[int, int], str],
    *,
    message_id: str | None,
) -> int:
    """Make the stored pairs `desired`, writing only the differences; returns their number."""
    rows = connection.execute(_STORED_PAIRS, {"flight_id": flight_id}).all()
    stored = {(api, pnr): pair_id for api, pnr, pair_id in rows}
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
