from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, insert, inspect, text
from sqlalchemy.exc import IntegrityError

from paxscreen.errors import StoreError
from paxscreen.store import migrate
from paxscreen.store.columns import IN_PLACE_FILLFACTOR
from paxscreen.store.engine import create_engine_for, normalise_url
from paxscreen.store.rule_tables import named_list_items
from paxscreen.store.schema import load_metadata, table_modules
from paxscreen.store.tables import flights, messages
from store.databases import empty_database


def test_sqlite_file_gets_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path}/var/paxscreen.db")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    assert (tmp_path / "var").is_dir()
    engine.dispose()


def test_postgresql_url_is_pinned_to_psycopg_3() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_unsupported_or_unreadable_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        normalise_url(url)


def test_schema_discovers_every_tables_module() -> None:
    modules = table_modules()
    assert modules[0] == "paxscreen.store.tables"
    assert "paxscreen.store.hit_tables" in modules
    assert {"messages", "flights", "travellers", "bookings", "hits"} <= set(load_metadata().tables)


def test_foreign_keys_are_enforced(connection: Connection) -> None:
    """Keys other than ingestion's (`owner_keys`) are the database's to check."""
    with pytest.raises(IntegrityError), connection.begin_nested():
        connection.execute(insert(named_list_items).values(list_id=999_999, value="X"))


def test_savepoint_rollback_keeps_outer_transaction(connection: Connection) -> None:
    connection.execute(
        insert(flights).values(
            flight_key="LH400/2026-03-01/FRA", carrier="LH", number="400", direction="inbound"
        )
    )
    with pytest.raises(IntegrityError), connection.begin_nested():
        connection.execute(
            insert(messages).values(
                id="m1", raw=None, sha256="x", type="X", format="x", status="received"
            )
        )
    assert connection.execute(text("SELECT count(*) FROM flights")).scalar() == 1


def test_engine_fixture_is_empty_per_test(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM flights")).scalar() == 0


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://nobody:secret@127.0.0.1:1/x", "cannot use the database at"),
        ("sqlite:////proc/no-such-folder/x.db", "cannot create the database folder"),
    ],
)
def test_unreachable_database_is_one_store_error_line(url: str, reason: str) -> None:
    with pytest.raises(StoreError, match=reason) as raised:
        migrate.current(url)
    assert "\n" not in str(raised.value)
    assert "secret" not in str(raised.value)


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("flights", ["departure_date", "carrier"]),
        ("flights", ["origin", "destination", "departure_date"]),
        ("traveller_names", ["name_key"]),
        ("travellers", ["date_of_birth"]),
        ("documents", ["number_key"]),
        ("record_locators", ["locator"]),
        ("phones", ["e164"]),
        ("emails", ["normalised"]),
        ("payments", ["card_hash"]),
    ],
)
def test_what_analysts_ask_is_indexed(engine: Engine, table: str, columns: list[str]) -> None:
    indexed = [index["column_names"] for index in inspect(engine).get_indexes(table)]
    assert columns in indexed


def _provenance_tables() -> list[str]:
    return [table.name for table in load_metadata().sorted_tables if "sources" in table.c]


def test_provenance_message_id_has_neither_foreign_key_nor_index(engine: Engine) -> None:
    inspector = inspect(engine)
    tables = _provenance_tables()
    assert {"travellers", "documents", "bookings", "payments"} <= set(tables)
    for table in tables:
        keyed = [key["constrained_columns"] for key in inspector.get_foreign_keys(table)]
        indexed = [index["column_names"] for index in inspector.get_indexes(table)]
        assert ["message_id"] not in keyed + indexed, table


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("itinerary_segments", ["booking_id", "sequence"]),
        ("agencies", ["booking_id"]),
        ("traveller_pairs", ["api_traveller_id", "pnr_traveller_id"]),
    ],
)
def test_owner_lookups_use_the_unique_key_that_leads_with_the_owner(
    engine: Engine, table: str, columns: list[str]
) -> None:
    inspector = inspect(engine)
    unique = [key["column_names"] for key in inspector.get_unique_constraints(table)]
    indexed = [
        index["column_names"]
        for index in inspector.get_indexes(table)
        if "duplicates_constraint" not in index  # PostgreSQL lists the unique key's index
    ]
    assert columns in unique
    assert [columns[0]] not in indexed


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["travellers", "bookings"])
def test_rows_updated_in_place_leave_room_on_their_pages(
    postgres_engine: Engine, table: str
) -> None:
    with postgres_engine.connect() as connection:
        options = connection.execute(
            text("SELECT reloptions FROM pg_class WHERE oid = to_regclass(:table)"),
            {"table": table},
        ).scalar_one()
    assert options == [f"fillfactor={IN_PLACE_FILLFACTOR}"]


@pytest.mark.postgres
def test_raw_messages_are_compressed_with_lz4_on_postgresql() -> None:
    """Where the server has lz4 (PostgreSQL 14+ built with it), `messages.raw` uses it."""
    with empty_database("postgres", prefix="t_lz4") as engine, engine.connect() as connection:
        available = connection.exec_driver_sql(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        ).scalar()
        method = connection.exec_driver_sql(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'messages'::regclass AND attname = 'raw'"
        ).scalar()
    assert method == ("l" if available else "")
