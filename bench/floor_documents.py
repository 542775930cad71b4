"""A floor for issue #6's goal: what storing each PNR version as one document would cost.

Not a benchmark of paxscreen's ingestion (that is `bench_ingest`): an experiment
that tells how far the national-day goal (1.2 M PNR records in 10 minutes on two
cores, about 1.0 CPU-ms per record all in) is from a different store layout.
It reads the ingest bench's traffic (12 flights, seed 11) as ingestion does
(unchanged PNRs of a push left out before parsing), then writes every parsed PNR
as one JSONB row (the contract form, `booking_to_contract`) plus one search row
per traveller name key and per document number, by COPY, one transaction per
message, into a scratch PostgreSQL schema. Left out, so the floor is low: version
decisions, API/PNR pairing, API lists, raw-message keeping, statuses and audit.

    python -m bench.floor_documents

prints parse and store CPU of this process and the database server's CPU (when the
server runs on this machine), per PNR record.
"""

from __future__ import annotations

import json
import secrets
import tempfile
import time
from pathlib import Path

import psycopg

from bench.bench_ingest import POSTGRES_URL, SECRET, _dataset, backend_cpu
from paxscreen.errors import MessageError
from paxscreen.ingest.parsing import parse_units
from paxscreen.messages.contract import booking_to_contract
from paxscreen.model import Booking

SCHEMA_SQL = """
CREATE TABLE pnr_documents (
    id bigserial PRIMARY KEY, locator text NOT NULL, message_id text NOT NULL,
    document jsonb NOT NULL);
CREATE INDEX ON pnr_documents (locator);
CREATE TABLE pnr_name_keys (document_id bigint NOT NULL, name_key text NOT NULL, birth text);
CREATE INDEX ON pnr_name_keys (name_key);
CREATE TABLE pnr_document_numbers (document_id bigint NOT NULL, number_key text NOT NULL);
CREATE INDEX ON pnr_document_numbers (number_key);
"""


def _store(
    cursor: psycopg.Cursor[tuple[object, ...]], bookings: list[Booking], message_id: str
) -> None:
    rows = [
        (
            booking.record_locators[0].locator if booking.record_locators else "",
            message_id,
            json.dumps(booking_to_contract(booking), default=str),
        )
        for booking in bookings
    ]
    with cursor.copy("COPY pnr_documents (locator, message_id, document) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute("SELECT currval(pg_get_serial_sequence('pnr_documents', 'id'))")
    fetched = cursor.fetchone()
    first_id = int(fetched[0]) - len(rows) + 1 if fetched else 0
    names, numbers = [], []
    for document_id, booking in enumerate(bookings, start=first_id):
        for traveller in booking.travellers:
            birth = traveller.date_of_birth.isoformat() if traveller.date_of_birth else None
            names.append((document_id, traveller.name.key, birth))
            numbers += [(document_id, document.number_key) for document in traveller.documents]
    with cursor.copy("COPY pnr_name_keys (document_id, name_key, birth) FROM STDIN") as copy:
        for name_row in names:
            copy.write_row(name_row)
    with cursor.copy("COPY pnr_document_numbers (document_id, number_key) FROM STDIN") as copy:
        for number_row in numbers:
            copy.write_row(number_row)


def main() -> None:
    files, records = _dataset(Path(tempfile.mkdtemp()), 12)
    current: set[str] = set()  # fingerprints seen: a push's unchanged PNRs are not parsed
    schema = f"floor_documents_{secrets.token_hex(4)}"
    url = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {schema}")
        cursor.execute(f"SET search_path TO {schema}")
        cursor.execute(SCHEMA_SQL)
        connection.commit()
        pid = connection.info.backend_pid
        server_before, parse_cpu, store_cpu, stored = backend_cpu(pid), 0.0, 0.0, 0
        try:
            for number, path in enumerate(files):
                started = time.process_time()
                try:
                    parsed = parse_units(
                        path.read_bytes(),
                        message_id=str(number),
                        secret_key=SECRET,
                        unchanged=lambda fingerprints: current & set(fingerprints),
                    )
                except MessageError:  # the traffic's unreadable defects: ingestion fails them
                    continue
                for fingerprints in parsed.fingerprints:
                    current.update(fingerprints)
                parsed_at = time.process_time()
                bookings = [booking for unit in parsed.units for booking in unit.bookings]
                _store(cursor, bookings, str(number))
                connection.commit()
                parse_cpu += parsed_at - started
                store_cpu += time.process_time() - parsed_at
                stored += len(bookings)
            server_after = backend_cpu(pid)
        finally:
            connection.rollback()
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            connection.commit()

    def per_record(seconds: float | None) -> str:
        return "not readable here" if seconds is None else f"{seconds / records * 1000:.3f}"

    server = None if server_before is None or server_after is None else server_after - server_before
    print(
        f"{records:,} PNR records, {stored:,} PNR versions parsed and stored; CPU-ms per record: "
        f"parse {per_record(parse_cpu)}, store {per_record(store_cpu)}, "
        f"database server {per_record(server)}"
    )


if __name__ == "__main__":
    main()
