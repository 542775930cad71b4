"""Ingestion throughput: messages/s and PNR records/s, SQLite and PostgreSQL, 1 and 2 workers.

The demo generator writes a day of traffic for one hub (PNRGOV full and update
pushes, PAXLST check-in close and crew lists, duplicates, defects); the files are
delivered in the manifest's delivery order to N worker processes sharing one
queue (a multiprocessing queue standing in for RabbitMQ, so the figures measure
ingestion, not the broker). Every message goes the whole way: keep the raw bytes,
parse, de-duplicate, version, load, pair API with PNR. Screening is left out
(no screener is registered): it has its own benchmarks.

`PAXSCREEN_BENCH_INGEST_FLIGHTS` sets the flights per run (default 60, about two
minutes in all on an idle 2-core machine); the national-day column extrapolates
linearly to 1.2 million PNR records. Not fewer: a sample of 12 flights has fewer
large flights, so fewer multi-part messages, and shorter runs in which worker
start-up and waits on one flight's lock weigh more; it reported the national day
about 15% faster than 60 flights did in runs side by side (round 12).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import resource
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.harness import Result
from paxscreen.config import load_settings
from paxscreen.demo.generator import GenerateOptions, generate
from paxscreen.ingest.expiry import expire_part_sets
from paxscreen.ingest.workers import ingest_file, summarise
from paxscreen.screening.interface import registered_screeners, unregister_screener
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata

NATIONAL_DAY_PNR_RECORDS = 1_200_000
POSTGRES_URL = os.environ.get(
    "PAXSCREEN_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SECRET = "benchmark-secret-key-0123456789"


def _dataset(folder: Path, flights: int) -> tuple[list[Path], int]:
    """Generate the traffic; return the files in delivery order and the PNR record count."""
    generate(GenerateOptions(out=folder, flights=flights, seed=11, start=dt.date(2026, 3, 1)))
    manifest = json.loads((folder / "manifest.json").read_text())
    entries = sorted(manifest["messages"], key=lambda entry: entry["deliver_at"])
    files = [folder / "messages" / entry["file"] for entry in entries]
    return files, sum(entry["pnr_count"] for entry in entries)


def _worker(url: str, schema: str | None, queue: Any, results: Any) -> None:
    for name in registered_screeners():  # other benchmarks' imports registered some
        unregister_screener(name)
    engine = create_engine_for(url)
    if schema is not None:
        pin_schema(engine, schema)
    settings = load_settings(database_url="sqlite://", secret_key=SECRET)
    origins = {}
    server_before = _server_cpu(engine)
    while (item := queue.get()) is not None:
        outcome = ingest_file(engine, Path(item), settings=settings, now=dt.datetime.now(dt.UTC))
        origins[outcome.message_id] = item
    server = _server_cpu(engine)
    server_cpu = None if server is None or server_before is None else server - server_before
    results.put((origins, server_cpu))
    engine.dispose()


def _server_cpu(engine: Any) -> float | None:
    """CPU seconds of this worker's PostgreSQL backend so far (the pool reuses one
    connection); None on SQLite or when the server's /proc is not readable here."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    return backend_cpu(int(pid))


def backend_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a PostgreSQL backend process on this machine, from
    /proc; None when it is not readable here (the server runs elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pin_schema(engine: Any, schema: str) -> None:
    """Every connection of `engine` works in `schema` (a fresh one per bench run)."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET search_path TO {schema}")
        cursor.close()
        dbapi_connection.commit()


def _run(
    url: str, schema: str | None, files: list[Path], workers: int
) -> tuple[float, float, float | None, dict[str, int]]:
    """(wall seconds, CPU seconds of the worker processes and of their database
    backends (None where not measured), final statuses)."""
    engine = create_engine_for(url)
    if schema is not None:
        pin_schema(engine, schema)
    load_metadata().create_all(engine)
    context = multiprocessing.get_context("fork")
    queue, results = context.Queue(), context.Queue()
    for path in files:
        queue.put(str(path))
    for _ in range(workers):
        queue.put(None)
    started = time.perf_counter()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    processes = [
        context.Process(target=_worker, args=(url, schema, queue, results)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    origins: dict[str, str] = {}
    server_cpu: float | None = 0.0
    for _ in processes:
        worker_origins, worker_server_cpu = results.get()
        origins.update(worker_origins)
        if server_cpu is not None and worker_server_cpu is not None:
            server_cpu += worker_server_cpu
        else:
            server_cpu = None
    for process in processes:
        process.join()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children.ru_utime - children_before.ru_utime) + (
        children.ru_stime - children_before.ru_stime
    )
    settings = load_settings(database_url="sqlite://", secret_key=SECRET)
    expire_part_sets(
        engine, settings=settings, now=dt.datetime.now(dt.UTC), timeout=dt.timedelta(0)
    )
    seconds = time.perf_counter() - started
    statuses = dict(summarise(engine, origins).statuses)
    engine.dispose()
    return seconds, cpu, server_cpu, statuses


def _postgres_schema() -> str | None:
    try:
        admin = create_engine_for(POSTGRES_URL)
        schema = f"bench_ingest_{secrets.token_hex(4)}"
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
        return schema
    except Exception:  # noqa: BLE001 - no PostgreSQL: the rows say so
        return None


def _drop_schema(schema: str) -> None:
    admin = create_engine_for(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def bench_ingest() -> Result:
    flights = int(os.environ.get("PAXSCREEN_BENCH_INGEST_FLIGHTS", "60"))
    load_at_start = os.getloadavg()[0]
    postgres_cpu: list[tuple[int, float, float]] = []  # workers, worker and server CPU
    result = Result(
        title="Ingestion throughput",
        columns=[
            "database", "workers", "messages", "PNR records", "seconds", "messages/s",
            "PNR records/s", "national day (1.2 M PNR records), minutes",
            "worker CPU s per 1,000 PNR records", "DB server CPU s per 1,000 PNR records",
            "statuses",
        ],
    )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        files, pnr_records = _dataset(Path(folder) / "data", flights)
        for workers in (1, 2):
            runs: list[tuple[str, str, str | None]] = [
                ("SQLite (file, WAL)", f"sqlite:///{folder}/ingest-{workers}.db", None)
            ]
            schema = _postgres_schema()
            if schema is not None:
                runs.append(("PostgreSQL", POSTGRES_URL, schema))
            else:
                result.notes.append("PostgreSQL not reachable: its rows are missing.")
            for name, url, run_schema in runs:
                try:
                    seconds, cpu, server_cpu, statuses = _run(url, run_schema, files, workers)
                finally:
                    if run_schema is not None:
                        _drop_schema(run_schema)
                per_second = pnr_records / seconds
                national_minutes = NATIONAL_DAY_PNR_RECORDS / per_second / 60
                result.rows.append([
                    name, workers, len(files), pnr_records, seconds, len(files) / seconds,
                    per_second, national_minutes, cpu / pnr_records * 1000,
                    "-" if server_cpu is None else server_cpu / pnr_records * 1000,
                    ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())),
                ])  # fmt: skip
                if server_cpu is not None:
                    postgres_cpu.append(
                        (workers, cpu / pnr_records * 1000, server_cpu / pnr_records * 1000)
                    )
    if postgres_cpu:
        workers, worker_cpu, server_cpu = min(postgres_cpu, key=lambda run: run[1] + run[2])
        cpu_minutes = (worker_cpu + server_cpu) * NATIONAL_DAY_PNR_RECORDS / 1000 / 60
        result.notes.append(
            f"CPU bound on an idle machine (PostgreSQL, {workers} worker(s)): {worker_cpu:.2f}"
            f" worker + {server_cpu:.2f} database server CPU-s per 1,000 PNR records ="
            f" {cpu_minutes:.0f} CPU-minutes for a national day, so at best"
            f" {cpu_minutes / 2:.0f} minutes on two cores (goal: 10)."
        )
    load = os.getloadavg()
    result.notes.append(
        f"Load average: {load_at_start:.1f} at the start, {load[0]:.1f} (1 min) and"
        f" {load[2]:.1f} (15 min) at the end of the run."
    )
    result.notes += [
        f"Demo generator, one hub, {flights} flights, seed 11; files delivered in manifest order.",
        "Each message: raw bytes committed, parsed (PNRGOV EDIFACT and XML, PAXLST), de-duplicated,"
        " versioned, loaded, API/PNR paired; one transaction per message. No screener registered.",
        "DB server CPU: the workers' PostgreSQL backends (from /proc; the server runs on the"
        " same machine), i.e. what the database spends on ingestion's statements.",
        "Workers are processes sharing a multiprocessing queue (the AMQP path adds one broker round"
        " trip per message). The machine is shared with other jobs: figures vary from run to run.",
        "PNR records = PNRs summed over every push (a PNR pushed four times counts four times),"
        " the unit of the 1.2 M national-day volume.",
    ]
    return result


BENCHMARKS = {"ingest": bench_ingest}
