"""Columns empty on many written rows are indexed only where they hold a value.

Each entry left out is one less index insertion per row ingestion writes; the
look-ups by these columns must still find the index (PostgreSQL and SQLite).
"""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text

from paxscreen.store.schema import load_metadata

tables = load_metadata().tables

SPARSE_COLUMNS = [
    ("travellers", "booking_id"),
    ("travellers", "person_id"),
    ("bookings", "elements_from"),
    ("itinerary_segments", "flight_id"),
    ("payments", "card_hash"),
    ("agencies", "iata_number"),
    ("phones", "booking_id"),
    ("phones", "traveller_id"),
    ("phones", "e164"),
    ("emails", "booking_id"),
    ("emails", "traveller_id"),
    ("addresses", "booking_id"),
    ("addresses", "traveller_id"),
    ("addresses", "link_key"),
]


def _index_definition(connection: Connection, table: str, column: str) -> str:
    name = f"ix_{table}_{column}"
    if connection.dialect.name == "postgresql":
        query = (
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = :n"
        )
    else:
        query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n"
    return str(connection.execute(text(query), {"n": name}).scalar_one())


def _look_up_plan(connection: Connection, table: str, column: str) -> str:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        value_type = tables[table].c[column].type.compile(dialect=connection.dialect)
        looked_up = f"{column} = ANY(CAST(:values AS {value_type}[]))"
        query = f"EXPLAIN SELECT id FROM {table} WHERE {looked_up}"
        return "\n".join(connection.execute(text(query), {"values": "{1,2}"}).scalars())
    query = f"EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE {column} IN (1, 2)"
    return "\n".join(str(row[-1]) for row in connection.execute(text(query)))


@pytest.mark.parametrize(("table", "column"), SPARSE_COLUMNS)
def test_sparse_column_index_leaves_out_nulls_and_serves_look_ups(
    connection: Connection, table: str, column: str
) -> None:
    definition = _index_definition(connection, table, column)
    assert f"{column} IS NOT NULL" in definition.replace("(", "").replace(")", "")
    assert f"ix_{table}_{column}" in _look_up_plan(connection, table, column)
