"""Ingestion's owner keys: no database constraint, and deleting an owner still cleans up.

`paxscreen.store.owner_keys` replaces the foreign key constraints of the rows ingestion
writes by triggers that do their `ondelete`. These tests load a day of demo traffic
for two flights through ingestion, then check that no row names a missing owner, that
deleting an owner of each kind deletes (or un-links) exactly its rows on both
databases, and that `orphans` does see a row whose owner is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, insert, inspect, select

from paxscreen.config import load_settings
from paxscreen.demo.generator import GenerateOptions, generate
from paxscreen.demo.load import delivery_order
from paxscreen.ingest.workers import ingest_file
from paxscreen.screening import interface
from paxscreen.store.owner_keys import OwnerKey, orphans, owner_keys
from paxscreen.store.schema import load_metadata
from paxscreen.store.tables import seats
from store.databases import empty_database

SECRET = "owner-keys-test-secret-0123456789"
KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module")
def traffic(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("traffic")
    generate(GenerateOptions(out=folder, flights=2, seed=5, start=dt.date(2026, 3, 1)))
    return delivery_order(folder)


@pytest.fixture(params=KINDS)
def loaded(
    request: pytest.FixtureRequest, traffic: list[Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """A database holding the traffic, ingested message by message (no screening: the
    screener registry is emptied for this test only)."""
    monkeypatch.setattr(interface, "_registry", {})
    monkeypatch.setattr(interface, "_order", {})
    settings = load_settings(database_url="sqlite://", secret_key=SECRET)
    with empty_database(request.param, prefix="owner_keys") as engine:
        for path in traffic:
            ingest_file(engine, path, settings=settings, now=dt.datetime.now(dt.UTC))
        yield engine


def test_every_ingestion_table_key_is_an_owner_key() -> None:
    names = {key.name for key in owner_keys(load_metadata())}
    assert {
        "seats.traveller_id",
        "traveller_names.traveller_id",
        "travellers.booking_id",
        "travellers.flight_id",
        "travellers.merged_into",
        "record_locators.booking_id",
        "bookings.elements_from",
        "ingest_versions.message_id",
        "traveller_pairs.pnr_traveller_id",
        "bag_tags.bag_id",
    } <= names
    assert "hits.traveller_id" not in names  # screening's rows keep their constraint


@pytest.mark.parametrize("kind", KINDS)
def test_the_database_has_no_constraint_for_owner_keys_and_keeps_the_others(kind: str) -> None:
    with empty_database(kind, prefix="owner_keys") as engine, engine.connect() as connection:
        inspector = inspect(connection)
        for key in owner_keys(load_metadata()):
            constrained = {
                column
                for found in inspector.get_foreign_keys(key.table)
                for column in found["constrained_columns"]
            }
            assert key.column not in constrained, key.name
        hits_keys = {found["referred_table"] for found in inspector.get_foreign_keys("hits")}
        assert "travellers" in hits_keys


def test_loaded_traffic_leaves_no_row_without_its_owner(loaded: Engine) -> None:
    with loaded.connect() as connection:
        counts = orphans(connection, load_metadata())
        owned = connection.execute(select(func.count()).select_from(seats)).scalar_one()
    assert owned > 0  # the traffic did write owned rows
    assert set(counts.values()) == {0}, {name: n for name, n in counts.items() if n}


def _an_owner_with_rows(engine: Engine, key: OwnerKey) -> object | None:
    metadata = load_metadata()
    column = metadata.tables[key.table].c[key.column]
    with engine.connect() as connection:
        return connection.execute(select(column).where(column.is_not(None)).limit(1)).scalar()


def _rows_naming(engine: Engine, key: OwnerKey, owner_id: object) -> int:
    column = load_metadata().tables[key.table].c[key.column]
    statement = select(func.count()).where(column == owner_id)
    with engine.connect() as connection:
        return int(connection.execute(statement).scalar_one())


def test_deleting_an_owner_deletes_or_unlinks_its_rows(loaded: Engine) -> None:
    """Per owner table: delete one owner that rows name; none names it after, none is orphaned.

    Flights go last: deleting one takes its travellers and bookings' segments with it.
    """
    metadata = load_metadata()
    by_owner: dict[str, list[OwnerKey]] = {}
    for key in owner_keys(metadata):
        by_owner.setdefault(key.owner, []).append(key)
    exercised = {}
    for owner_name in sorted(by_owner, key=lambda name: (name == "flights", name)):
        keys = by_owner[owner_name]
        owner_id = next(
            (found for key in keys if (found := _an_owner_with_rows(loaded, key)) is not None),
            None,
        )
        if owner_id is None:
            continue
        named = {key.name: _rows_naming(loaded, key, owner_id) for key in keys}
        owner = metadata.tables[owner_name]
        with loaded.begin() as connection:
            connection.execute(delete(owner).where(owner.c[keys[0].owner_column] == owner_id))
        assert {key.name: _rows_naming(loaded, key, owner_id) for key in keys} == dict.fromkeys(
            named, 0
        )
        exercised[owner_name] = sum(named.values())
    with loaded.connect() as connection:
        counts = orphans(connection, metadata)
    assert set(counts.values()) == {0}, {name: n for name, n in counts.items() if n}
    # the traffic exercises the cascades of every kind of owner ingestion writes
    assert {"bags", "bookings", "flights", "messages", "travellers"} <= set(exercised)
    assert all(rows > 0 for rows in exercised.values())


def test_orphans_counts_a_row_whose_owner_is_missing(loaded: Engine) -> None:
    with loaded.begin() as connection:
        connection.execute(insert(seats).values(traveller_id=987_654, position=0, seat="1A"))
        counts = orphans(connection, load_metadata())
    assert counts["seats.traveller_id"] == 1
    assert sum(counts.values()) == 1
