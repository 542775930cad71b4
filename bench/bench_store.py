"""Store throughput: save and load whole bookings (2 travellers each) on SQLite and PostgreSQL.

A PNR push brings a flight's bookings at once; ingestion saves them in one
transaction per message, so the batch size here stands for bookings per message.
PostgreSQL runs only when it answers (PAXSCREEN_TEST_DATABASE_URL or 127.0.0.1:5432),
in a throw-away schema.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy import Engine, event, text

from bench.harness import Result
from paxscreen.model import (
    Bag,
    Booking,
    Email,
    ItinerarySegment,
    PartialDate,
    Payment,
    PersonName,
    Phone,
    RecordLocator,
    Remark,
    Seat,
    TravelDocument,
    Traveller,
)
from paxscreen.store.bookings_repo import load_bookings, save_bookings
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata

BOOKINGS = 2_000
BATCH_SIZES = (1, 100)


def make_booking(index: int) -> Booking:
    """A typical PNR: two travellers with document, seat and bag; round trip; card payment."""
    travellers = [
        Traveller(
            name=PersonName(surname=f"SURNAME{index}", given_names=f"GIVEN {member}"),
            date_of_birth=PartialDate(1960 + index % 40, 1 + index % 12, 1 + index % 28),
            nationality="DEU",
            documents=[
                TravelDocument(type="P", number=f"P{index:07d}{member}", issuing_state="DEU")
            ],
            seats=[Seat(flight="LH400", seat=f"{1 + index % 40}{'ABCDEF'[member]}")],
            bags=[Bag(count=1, weight=Decimal("23"), weight_unit="KG", tags=[f"LH{index:06d}"])],
        )
        for member in range(2)
    ]
    departure = dt.datetime(2026, 3, 1, 10, 5)
    return Booking(
        record_locators=[RecordLocator(locator=f"R{index:05d}", system="1A")],
        created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        travellers=travellers,
        itinerary=[
            ItinerarySegment(
                sequence=1,
                carrier="LH",
                number="400",
                origin="FRA",
                destination="JFK",
                departure_local=departure,
            ),
            ItinerarySegment(
                sequence=2,
                carrier="LH",
                number="401",
                origin="JFK",
                destination="FRA",
                departure_local=departure + dt.timedelta(days=7),
            ),
        ],
        payments=[
            Payment(
                type="CC",
                card_brand="VI",
                masked_number="XXXX1111",
                card_hash=f"{index:064x}",
                amount=Decimal("899.00"),
                currency="EUR",
            )
        ],
        phones=[Phone(raw=f"+4930{index:07d}", e164=f"+4930{index:07d}")],
        emails=[Email(raw=f"p{index}@example.org", normalised=f"p{index}@example.org")],
        remarks=[Remark(kind="SSR", code="VGML", text="VEGETARIAN MEAL")],
    )


def _postgres_url() -> str | None:
    url = os.environ.get("PAXSCREEN_TEST_DATABASE_URL")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    except OSError:
        return None


@contextmanager
def _sqlite() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine_for(f"sqlite:///{folder}/bench.db")
        load_metadata().create_all(engine)
        yield engine
        engine.dispose()


@contextmanager
def _postgres(url: str) -> Iterator[Engine]:
    schema = f"bench_store_{secrets.token_hex(4)}"
    engine = create_engine_for(url)

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}")
        dbapi_connection.commit()  # type: ignore[attr-defined]

    try:
        load_metadata().create_all(engine)
        yield engine
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def _measure(engine: Engine, batch_size: int) -> list[object]:
    batches = [
        [make_booking(index) for index in range(start, min(start + batch_size, BOOKINGS))]
        for start in range(0, BOOKINGS, batch_size)
    ]
    ids: list[int] = []
    started = time.perf_counter()
    for batch in batches:
        with engine.begin() as connection:
            ids += save_bookings(connection, batch)
    saved = time.perf_counter() - started
    started = time.perf_counter()
    with engine.connect() as connection:
        for start in range(0, len(ids), batch_size):
            load_bookings(connection, ids[start : start + batch_size])
    loaded = time.perf_counter() - started
    return [batch_size, BOOKINGS, BOOKINGS / saved, BOOKINGS / loaded]


def bench_store_bookings() -> Result:
    result = Result(
        title="Store: save and load bookings",
        columns=["database", "bookings per transaction", "bookings", "saved/s", "loaded/s"],
        notes=[
            "Each booking: 2 travellers (name, document, seat, bag with tag), 2 segments, "
            "a card payment, phone, e-mail, remark; about 25 rows.",
            "Saving: one transaction per batch; loading: the same batches by id "
            "(a fixed number of queries per batch).",
            "SQLite is a WAL file in a temporary folder; PostgreSQL is local, in a fresh schema.",
        ],
    )
    result.notes.append(
        f"Load average when the run started: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(a shared machine: compare runs at a similar load)."
    )
    databases: list[tuple[str, object]] = [("SQLite", _sqlite)]
    postgres_url = _postgres_url()
    if postgres_url:
        databases.append(("PostgreSQL", lambda: _postgres(postgres_url)))
    else:
        result.notes.append("PostgreSQL did not answer; only SQLite was measured.")
    for name, open_database in databases:
        for batch_size in BATCH_SIZES:
            with open_database() as engine:  # type: ignore[operator]
                result.rows.append([name, *_measure(engine, batch_size)])
    return result


BENCHMARKS = {"store-bookings": bench_store_bookings}
