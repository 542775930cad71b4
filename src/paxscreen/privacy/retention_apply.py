"""Applying a retention plan: mask, seal, delete, and leave tombstones.

Depersonalisation changes the stored data, not the display (GTAS masked only when
reading): clear values leave every table listed in `elements.ELEMENT_SPECS`, the
hits' copies of screened data, and the raw message; a sealed copy remains for
approved re-identification until deletion destroys it. Deletion removes the rows
and the raw message and keeps a tombstone: counts, never values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select, update

from paxscreen.privacy.elements import ELEMENT_SPECS, MaskSpec, Owner, Treatment
from paxscreen.privacy.pseudonyms import is_pseudonym, pseudonym
from paxscreen.privacy.retention_plan import RAW_STORES, RetentionAction
from paxscreen.privacy.sealing import seal
from paxscreen.store.booking_tables import bookings
from paxscreen.store.dialect import upsert
from paxscreen.store.hit_tables import hits
from paxscreen.store.privacy_tables import retention_actions, retention_state, sealed_values
from paxscreen.store.tables import travellers

# What a tombstone counts: each table holding personal data, by how its rows are owned.
_TOMBSTONE_TABLES: list[tuple[Table, Owner, str]] = sorted(
    {
        (spec.table, spec.owner, spec.owner_column)
        for specs in ELEMENT_SPECS.values()
        for spec in specs
        if spec.table.name not in {"travellers", "bookings"}
    },
    key=lambda entry: (entry[0].name, entry[1].value),
)


_RAW_STORES = {store.object_type: store for store in RAW_STORES}


def _typed_id(table: Table, object_id: str) -> object:
    """Ids are kept as text in retention records; integer keys go back to int."""
    return int(object_id) if table.c.id.type.python_type is int else object_id


def _owned_travellers(connection: Connection, action: RetentionAction) -> list[int]:
    if action.object_type == "traveller":
        return [int(action.object_id)]
    query = select(travellers.c.id).where(travellers.c.booking_id == int(action.object_id))
    return list(connection.execute(query).scalars())


def _owner_ids(connection: Connection, action: RetentionAction) -> dict[Owner, list[int]]:
    owned = {Owner.TRAVELLER: _owned_travellers(connection, action), Owner.BOOKING: []}
    if action.object_type == "booking":
        owned[Owner.BOOKING] = [int(action.object_id)]
    return owned


def _mask_value(value: Any, treatment: Treatment, *, column: str, table: Table, key: bytes) -> Any:
    if value is None or is_pseudonym(value):
        return value
    if treatment is Treatment.PSEUDONYM:
        return pseudonym(str(value), key=key, element=f"{table.name}.{column}")
    return "" if not table.c[column].nullable else None


def _mask_spec(
    connection: Connection, spec: MaskSpec, owner_ids: list[int], *, key: bytes
) -> list[dict[str, Any]]:
    """Mask one table's columns for these owners; return the clear values that were there."""
    if not owner_ids:
        return []
    columns = [spec.table.c[name] for name in spec.columns]
    owner = spec.table.c[spec.owner_column].label("owner_id")
    rows = connection.execute(
        select(spec.table.c.id, owner, *columns).where(
            spec.table.c[spec.owner_column].in_(owner_ids)
        )
    ).all()
    originals = []
    for row in rows:
        clear = {name: getattr(row, name) for name in spec.columns}
        masked = {
            name: _mask_value(value, spec.columns[name], column=name, table=spec.table, key=key)
            for name, value in clear.items()
        }
        if masked != clear:
            connection.execute(update(spec.table).where(spec.table.c.id == row.id).values(**masked))
            originals.append(
                {
                    "table": spec.table.name,
                    "id": row.id,
                    "owner": spec.owner.value,
                    "owner_id": row.owner_id,
                    "values": clear,
                }
            )
    return originals


def _scrub_text(value: Any) -> Any:
    """Keep the structure and numbers of an explanation; drop every text value."""
    if isinstance(value, dict):
        return {key: _scrub_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_text(item) for item in value]
    if isinstance(value, str):
        return "[depersonalised]"
    return value


def _mask_hits(connection: Connection, traveller_ids: list[int]) -> list[dict[str, Any]]:
    """Hits keep a copy of the data as screened: it is personal data too."""
    if not traveller_ids:
        return []
    originals = []
    for row in connection.execute(
        select(hits.c.id, hits.c.traveller_id, hits.c.screened_data, hits.c.explanation).where(
            hits.c.traveller_id.in_(traveller_ids)
        )
    ):
        scrubbed = {
            "screened_data": {"depersonalised": True},
            "explanation": _scrub_text(row.explanation),
        }
        if {"screened_data": row.screened_data, "explanation": row.explanation} != scrubbed:
            connection.execute(update(hits).where(hits.c.id == row.id).values(**scrubbed))
            originals.append(
                {
                    "table": "hits",
                    "id": row.id,
                    "owner": Owner.TRAVELLER.value,
                    "owner_id": row.traveller_id,
                    "values": {"screened_data": row.screened_data, "explanation": row.explanation},
                }
            )
    return originals


def _store_sealed(
    connection: Connection,
    action: RetentionAction,
    payload: Any,
    *,
    seal_key: bytes,
    now: dt.datetime,
) -> None:
    bound_to = f"{action.object_type}:{action.object_id}"
    connection.execute(
        sealed_values.insert().values(
            object_type=action.object_type,
            object_id=action.object_id,
            sealed_at=now,
            payload=seal(payload, key=seal_key, bound_to=bound_to),
        )
    )


def depersonalise(
    connection: Connection,
    action: RetentionAction,
    *,
    pseudonym_key: bytes,
    seal_key: bytes,
    now: dt.datetime,
) -> dict[str, int]:
    """Mask the elements of one booking, API traveller or raw message; seal the originals."""
    counts: Counter[str] = Counter()
    store = _RAW_STORES.get(action.object_type)
    if store is not None:
        table = store.table
        row = connection.execute(
            select(*(table.c[name] for name in store.byte_columns)).where(
                table.c.id == _typed_id(table, action.object_id)
            )
        ).one()
        kept = {name: value.decode("latin-1") for name, value in row._mapping.items() if value}
        if kept:
            _store_sealed(connection, action, kept, seal_key=seal_key, now=now)
            connection.execute(
                update(table)
                .where(table.c.id == _typed_id(table, action.object_id))
                .values({name: b"" for name in store.byte_columns})
            )
            counts["raw_bytes"] = sum(len(value) for value in kept.values())
    else:
        owners = _owner_ids(connection, action)
        originals: list[dict[str, Any]] = []
        for element in action.elements:
            for spec in ELEMENT_SPECS[element]:
                masked = _mask_spec(connection, spec, owners[spec.owner], key=pseudonym_key)
                counts[element] += len(masked)
                originals += masked
        _forget_elements_digest(connection, owners[Owner.BOOKING])
        hit_originals = _mask_hits(connection, owners[Owner.TRAVELLER])
        counts["hits"] = len(hit_originals)
        originals += hit_originals
        if originals:
            _store_sealed(connection, action, originals, seal_key=seal_key, now=now)
    connection.execute(
        upsert(
            connection,
            retention_state,
            {
                "object_type": action.object_type,
                "object_id": action.object_id,
                "depersonalised_at": now,
            },
            key=["object_type", "object_id"],
            update=["depersonalised_at"],
        )
    )
    return dict(counts)


def _forget_elements_digest(connection: Connection, booking_ids: list[int]) -> None:
    """Masked elements no longer say what their digest says: a newer version of the PNR
    with the same elements must be stored in full, not read from the masked rows."""
    if booking_ids:
        connection.execute(
            update(bookings).where(bookings.c.id.in_(booking_ids)).values(elements_digest=None)
        )


def _count_rows(connection: Connection, table: Table, column: str, ids: list[int]) -> int:
    if not ids:
        return 0
    query = select(func.count()).select_from(table).where(table.c[column].in_(ids))
    return int(connection.execute(query).scalar_one())


def _forget(connection: Connection, object_type: str, object_id: str) -> None:
    for table in (sealed_values, retention_state):
        connection.execute(
            delete(table).where(table.c.object_type == object_type, table.c.object_id == object_id)
        )


def delete_record(connection: Connection, action: RetentionAction) -> dict[str, int]:
    """Delete a booking, an API traveller or a raw message; return the tombstone's counts."""
    store = _RAW_STORES.get(action.object_type)
    if store is not None:
        table, object_id = store.table, _typed_id(store.table, action.object_id)
        sizes = connection.execute(
            select(*(func.length(table.c[name]) for name in store.byte_columns)).where(
                table.c.id == object_id
            )
        ).one()
        _forget(connection, action.object_type, action.object_id)
        connection.execute(delete(table).where(table.c.id == object_id))
        return {f"{action.object_type}s": 1, "raw_bytes": sum(int(size or 0) for size in sizes)}
    owners = _owner_ids(connection, action)
    counts = {"travellers": len(owners[Owner.TRAVELLER])}
    if action.object_type == "booking":
        counts["bookings"] = 1
    for table, owner, owner_column in _TOMBSTONE_TABLES:
        counts[table.name] = counts.get(table.name, 0) + _count_rows(
            connection, table, owner_column, owners[owner]
        )
    counts["hits"] = _count_rows(connection, hits, "traveller_id", owners[Owner.TRAVELLER])
    for traveller_id in owners[Owner.TRAVELLER]:
        _forget(connection, "traveller", str(traveller_id))
    if action.object_type == "booking":
        _forget(connection, "booking", action.object_id)
        connection.execute(delete(bookings).where(bookings.c.id == int(action.object_id)))
    connection.execute(delete(travellers).where(travellers.c.id.in_(owners[Owner.TRAVELLER])))
    return counts


def record_action(
    connection: Connection,
    action: RetentionAction,
    *,
    profile: str,
    counts: dict[str, int],
    now: dt.datetime,
) -> None:
    connection.execute(
        retention_actions.insert().values(
            run_at=now,
            action=action.action,
            object_type=action.object_type,
            object_id=action.object_id,
            element=",".join(action.elements) or None,
            profile=profile,
            reason=action.reason,
            counts=counts,
        )
    )


__all__ = ["delete_record", "depersonalise", "record_action"]
