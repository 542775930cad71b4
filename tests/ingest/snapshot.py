"""A canonical picture of the travel data, without surrogate ids or arrival times.

Two databases that hold the same flights, bookings, travellers and pairs give equal
snapshots, whatever ids their sequences handed out: what "same content" means in the
idempotency, reprocess and SIGKILL tests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from paxscreen.store.ingest_tables import traveller_pairs
from paxscreen.store.tables import (
    bookings,
    documents,
    flight_aliases,
    flights,
    traveller_names,
    travellers,
)


def snapshot(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        flight_keys = {row.id: row.flight_key for row in connection.execute(select(flights))}
        flight_rows = sorted(
            ((row.flight_key, row.cancelled, row.destination, str(row.departure_local))
             for row in connection.execute(select(flights))),
            key=repr,
        )  # fmt: skip
        aliases = sorted(
            ((flight_keys[row.flight_id], row.carrier, row.number)
             for row in connection.execute(select(flight_aliases))),
            key=repr,
        )  # fmt: skip
        booking_keys = {
            row.id: (row.record_locator, row.version_number)
            for row in connection.execute(select(bookings))
        }
        booking_rows = sorted(
            (
                (row.record_locator, row.version_number, row.superseded, row.status,
                 row.sensitive_removed)
                for row in connection.execute(select(bookings))
            ),
            key=repr,
        )  # fmt: skip
        names = {
            row.traveller_id: f"{row.surname}/{row.given_names}"
            for row in connection.execute(
                select(traveller_names).where(traveller_names.c.position == 0)
            )
        }
        docs = {row.traveller_id: row.number_key for row in connection.execute(select(documents))}
        people = {}
        for row in connection.execute(select(travellers)):
            people[row.id] = (
                row.source, flight_keys.get(row.flight_id), booking_keys.get(row.booking_id),
                names.get(row.id), row.date_of_birth, docs.get(row.id), row.checkin_status,
                row.boarding_status,
            )  # fmt: skip
        merged = sorted(
            (
                (people[row.id], people[row.merged_into])
                for row in connection.execute(
                    select(travellers).where(travellers.c.merged_into.isnot(None))
                )
            ),
            key=repr,
        )
        pairs = sorted(
            (
                (people[row.api_traveller_id], people[row.pnr_traveller_id], row.rule)
                for row in connection.execute(select(traveller_pairs))
            ),
            key=repr,
        )
    return {
        "flights": flight_rows,
        "aliases": aliases,
        "bookings": booking_rows,
        "travellers": sorted(people.values(), key=repr),
        "merged": merged,
        "pairs": pairs,
    }
