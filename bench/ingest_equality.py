"""Same data in, same database out: compare every table after two ingestion runs.

A speed-up of loading must leave the database as it was. This loads the ingest
bench's traffic (12 flights, seed 11) into a PostgreSQL schema with whatever
`paxscreen` is on the path, one message after the other, and compares two such
schemas table by table, every row and column:

    PYTHONPATH=/tmp/old/src python -m bench.ingest_equality load before
    PYTHONPATH=src python -m bench.ingest_equality load after
    python -m bench.ingest_equality compare before after

What may differ between runs is left out or replaced: surrogate integer ids by a
content key of the row they name (foreign keys, `ingest_versions.row_id`, the flight
ids in status events), message UUIDs by (sha256, arrival rank), times of today (when
the run happened) by NOW, `created_at` / `updated_at` and the audit hash chain.

    python -m bench.ingest_equality compare before after --without-part-provenance

leaves out, in addition, `message_id` and `sources` of a traveller's parts
(documents, seats, bags...): for a change that keeps unchanged part rows of an
earlier message instead of rewriting them with the latest one.

    python -m bench.ingest_equality compare-versions before after

compares what the readers see rather than the rows: every booking version by
(record locator, pushed flight, version number) as `load_bookings` returns it
(elements and travellers included, provenance left out), and the travellers on
each flight. For a change in how versions are laid out in rows (a newer version
with unchanged elements written over its row, the older one on a history row).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Table, inspect, text

from bench.bench_ingest import POSTGRES_URL, SECRET, _dataset, pin_schema
from paxscreen.config import load_settings
from paxscreen.ingest.expiry import expire_part_sets
from paxscreen.ingest.workers import ingest_file
from paxscreen.screening.interface import registered_screeners, unregister_screener
from paxscreen.store.bookings_repo import load_bookings
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata
from paxscreen.store.travellers_repo import load_travellers

DATA = Path(tempfile.gettempdir()) / "paxscreen-ingest-equality"
LEFT_OUT = {"created_at", "updated_at", "previous_hash", "row_hash", "last_hash"}
# traveller part tables with provenance: `--without-part-provenance` leaves it out
PART_TABLES = ("addresses", "bags", "documents", "emails", "frequent_flyers", "phones", "seats")
PART_TABLES += ("tickets",)
PART_PROVENANCE = {"message_id", "sources"}
LAST = ("ingest_versions", "ingest_events")  # they name rows of tables that come later
_TODAY = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _engine(schema: str) -> Engine:
    engine = create_engine_for(POSTGRES_URL)
    pin_schema(engine, schema)
    return engine


def load(schema: str) -> None:
    """Ingest the bench traffic into a fresh `schema`, in delivery order, one worker."""
    for name in registered_screeners():
        unregister_screener(name)
    admin = create_engine_for(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    engine = _engine(schema)
    load_metadata().create_all(engine)
    settings = load_settings(database_url="sqlite://", secret_key=SECRET)
    shutil.rmtree(DATA, ignore_errors=True)  # one folder: the file names are stored
    files, _records = _dataset(DATA, 12)
    for path in files:
        ingest_file(engine, path, settings=settings, now=dt.datetime.now(dt.UTC))
    expire_part_sets(
        engine, settings=settings, now=dt.datetime.now(dt.UTC), timeout=dt.timedelta(0)
    )
    engine.dispose()


class _Canon:
    """Rows of one schema in a form that compares across runs."""

    def __init__(
        self, data: dict[str, list[dict[str, Any]]], today: dt.date, *, part_provenance: bool
    ) -> None:
        self.data = data
        self.today = today
        self.part_provenance = part_provenance
        ranks: Counter[str] = Counter()
        self.messages: dict[str, str] = {}
        for row in sorted(data["messages"], key=lambda row: (row["sha256"], row["received_at"])):
            ranks[row["sha256"]] += 1
            self.messages[row["id"]] = f"M:{row['sha256'][:16]}#{ranks[row['sha256']]}"
        self.keys: dict[str, dict[int, str]] = {}

    def text(self, value: str) -> str:
        value = _UUID.sub(lambda match: self.messages.get(match.group(0), "UUID?"), value)
        return _TODAY.sub(lambda m: "NOW" if self._is_today(m.group(0)) else m.group(0), value)

    def _is_today(self, stamp: str) -> bool:
        return dt.date.fromisoformat(stamp[:10]) >= self.today - dt.timedelta(days=1)

    def value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return "NOW" if value.date() >= self.today - dt.timedelta(days=1) else value.isoformat()
        if isinstance(value, dt.date | dt.time | decimal.Decimal):
            return str(value)
        if isinstance(value, bytes | memoryview):
            return "B:" + hashlib.sha256(bytes(value)).hexdigest()[:16]
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict | list):
            return self.text(json.dumps(value, sort_keys=True, default=str))
        return value

    def table(self, table: Table) -> list[str]:
        targets = {
            column.name: next(iter(column.foreign_keys)).column.table.name
            for column in table.columns
            if column.foreign_keys
        }
        surrogate = _has_surrogate_id(table)
        rows = self.data[table.name]
        own = {}  # keys of this table's rows without their self references (merged_into)
        if table.name in targets.values():
            own = {row["id"]: _digest(self._content(table, row, targets, {})) for row in rows}
        self.keys[table.name] = {}
        texts = []
        for row in rows:
            content = json.dumps(self._content(table, row, targets, own), sort_keys=True)
            texts.append(content)
            if surrogate:
                key = own.get(row["id"]) or _digest(content)
                self.keys[table.name][row["id"]] = key
        return sorted(texts)

    def _content(
        self, table: Table, row: dict[str, Any], targets: dict[str, str], own: dict[int, str]
    ) -> dict[str, Any]:
        content: dict[str, Any] = {}
        for name, value in row.items():
            if name in LEFT_OUT or (name == "id" and _has_surrogate_id(table)):
                continue
            if not self.part_provenance and self._is_part_provenance(table, row, name):
                continue
            target = targets.get(name)
            if value is None:
                content[name] = None
            elif target == table.name:
                if own:
                    content[name] = own[value]
            elif target == "messages":
                content[name] = self.messages.get(value, "M?")
            elif target is not None:
                content[name] = self.keys.get(target, {}).get(value, f"?{target}")
            elif table.name == "ingest_versions" and name == "row_id":
                owner = "bookings" if row["kind"] == "booking" else "travellers"
                content[name] = self.keys[owner].get(value, "?row")
            elif table.name == "ingest_events" and isinstance(value, dict) and "flights" in value:
                flights = sorted(self.keys["flights"].get(f, "?f") for f in value["flights"])
                content[name] = self.value({**value, "flights": flights})
            else:
                content[name] = self.value(value)
        return content

    def _is_part_provenance(self, table: Table, row: dict[str, Any], name: str) -> bool:
        return (
            table.name in PART_TABLES
            and name in PART_PROVENANCE
            and row.get("traveller_id") is not None
        )


def _has_surrogate_id(table: Table) -> bool:
    return "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, Integer)


def _digest(content: Any) -> str:
    return hashlib.sha1(json.dumps(content, sort_keys=True).encode()).hexdigest()[:20]


def canonical(schema: str, *, part_provenance: bool = True) -> dict[str, list[str]]:
    """Every table of `schema` as sorted canonical rows."""
    metadata = load_metadata()
    engine = _engine(schema)
    with engine.connect() as connection:
        data = {
            table.name: [
                dict(row)
                for row in connection.execute(text(f'SELECT * FROM "{table.name}"')).mappings()
            ]
            for table in metadata.sorted_tables
        }
    engine.dispose()
    canon = _Canon(data, dt.datetime.now(dt.UTC).date(), part_provenance=part_provenance)
    ordered = [t for t in metadata.sorted_tables if t.name not in LAST]
    ordered += [t for t in metadata.sorted_tables if t.name in LAST]
    return {table.name: canon.table(table) for table in ordered}


def compare(schema_a: str, schema_b: str, *, part_provenance: bool = True) -> bool:
    """Print each table whose rows differ (with examples); True when none does."""
    first = canonical(schema_a, part_provenance=part_provenance)
    second = canonical(schema_b, part_provenance=part_provenance)
    same = True
    for name in sorted(first):
        rows_a, rows_b = Counter(first[name]), Counter(second[name])
        if rows_a != rows_b:
            same = False
            only_a, only_b = rows_a - rows_b, rows_b - rows_a
            print(
                f"{name}: {sum(only_a.values())} rows only in {schema_a},"
                f" {sum(only_b.values())} only in {schema_b}"
            )
            for row in list(only_a)[:2] + list(only_b)[:2]:
                print("   ", row[:400])
    total = sum(len(rows) for rows in first.values())
    print(f"{'IDENTICAL' if same else 'DIFFERENT'}: {total} rows in {len(first)} tables")
    return same


_PROVENANCE = frozenset({"message_id", "sources"})


def _plain(value: Any) -> Any:
    """A model object as JSON-able data, provenance (which message, where in it) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _plain(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name not in _PROVENANCE
        }
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time | decimal.Decimal):
        return str(value)
    return value


def _add_element_columns(connection: Connection) -> None:
    """A schema loaded before `bookings` had `elements_digest` / `elements_from` gets
    them empty: each row then holds its own elements, as it did."""
    if "elements_from" not in {c["name"] for c in inspect(connection).get_columns("bookings")}:
        connection.execute(
            text(
                "ALTER TABLE bookings ADD COLUMN elements_digest VARCHAR,"
                " ADD COLUMN elements_from INTEGER"
            )
        )


def booking_versions(schema: str) -> dict[str, Counter[str]]:
    """Every booking version and every traveller on a flight, as readers load them."""
    engine = _engine(schema)
    with engine.begin() as connection:
        _add_element_columns(connection)
        rows = connection.execute(text("SELECT id, version_number, superseded FROM bookings"))
        numbers = {row.id: (row.version_number, row.superseded) for row in rows}
        loaded = load_bookings(connection, sorted(numbers))
        keys = {
            booking_id: [booking.record_locator, booking.pushed_flight, numbers[booking_id][0]]
            for booking_id, booking in loaded.items()
        }
        flights = dict(connection.execute(text("SELECT id, flight_key FROM flights")).all())
        on_flights = connection.execute(
            text("SELECT id, flight_id, booking_id FROM travellers WHERE flight_id IS NOT NULL")
        ).all()
        people = load_travellers(connection, [row.id for row in on_flights])
    engine.dispose()
    versions = Counter(
        json.dumps([*keys[i], numbers[i][1], _plain(booking)], sort_keys=True, default=str)
        for i, booking in loaded.items()
    )
    travellers = Counter(
        json.dumps(
            [flights[row.flight_id], keys.get(row.booking_id), _plain(people[row.id])],
            sort_keys=True,
            default=str,
        )
        for row in on_flights
    )
    return {"booking versions": versions, "travellers on flights": travellers}


def compare_versions(schema_a: str, schema_b: str) -> bool:
    """Print what differs (with examples); True when every version and traveller is the same."""
    first, second = booking_versions(schema_a), booking_versions(schema_b)
    same = True
    for name, found_a in first.items():
        found_b = second[name]
        only_a, only_b = found_a - found_b, found_b - found_a
        print(
            f"{name}: {sum(found_a.values())} in {schema_a}, {sum(found_b.values())} in"
            f" {schema_b}; {sum(only_a.values())} only in {schema_a},"
            f" {sum(only_b.values())} only in {schema_b}"
        )
        for entry in list(only_a)[:2] + list(only_b)[:2]:
            print("   ", entry[:600])
        same = same and not only_a and not only_b
    print("SAME CONTENT" if same else "DIFFERENT")
    return same


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "load":
        load(argv[1])
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return 0 if compare(argv[1], argv[2]) else 1
    if len(argv) == 3 and argv[0] == "compare-versions":
        return 0 if compare_versions(argv[1], argv[2]) else 1
    if len(argv) == 4 and argv[0] == "compare" and argv[3] == "--without-part-provenance":
        return 0 if compare(argv[1], argv[2], part_provenance=False) else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
