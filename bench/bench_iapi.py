"""Interactive API under load: latency of check-in answers over HTTP on loopback.

The service runs in this process (uvicorn on 127.0.0.1, a free port) with a check-in
screen of PAXSCREEN_BENCH_IAPI_ENTRIES watchlist entries (default 1,000,000, names
generated with a skewed token frequency), a 100,000-document lost/stolen list and
500 active check-in rules. A load generator on loopback sends 1-3 traveller check-ins:
first at a fixed 50 requests/s for a bounded time, then closed-loop with 8 clients
to find the saturation throughput. Every request is bounded in count and time.
The load generator runs in a process of its own, as a carrier's would: in the server's
process its HTTP client would compete with the server for the interpreter lock.
Measured on SQLite (a WAL file) and on PostgreSQL when it answers.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import uvicorn

from bench.bench_store import _postgres, _postgres_url, _sqlite
from bench.harness import Result, peak_rss_mib
from paxscreen.config import load_settings
from paxscreen.iapi.screening import CheckinScreen, ListedEntry
from paxscreen.iapi.service import IapiService
from paxscreen.ingest.senders import create_sender
from paxscreen.messages.paxlst_writer import write_paxlst
from paxscreen.model import Flight, Message, PartialDate, PersonName, TravelDocument, Traveller
from paxscreen.screening.documents import DocumentList, ListedDocument
from paxscreen.screening.names.dob import DateSpec
from paxscreen.screening.names.matcher import Matcher
from paxscreen.screening.names.normalise import normalise_name
from paxscreen.screening.names.score import Subject
from paxscreen.screening.rules.model import RuleSpec
from paxscreen.screening.rules.screen import ActiveRule
from paxscreen.screening.watchlists.model import DocumentStatus
from paxscreen.store.iapi_tables import iapi_carriers
from paxscreen.web.app import create_app

GIVEN = [
    "MOHAMMED",
    "ALI",
    "AHMED",
    "JOHN",
    "MARIA",
    "WEI",
    "JOSE",
    "FATIMA",
    "DAVID",
    "ANNA",
    "IVAN",
    "OMAR",
    "SARA",
    "LI",
    "HASSAN",
    "ELENA",
    "JUAN",
    "AISHA",
    "PETER",
    "YUSUF",
]
SURNAMES = [
    "KHAN",
    "SMITH",
    "WANG",
    "GARCIA",
    "NGUYEN",
    "ALI",
    "HUSSEIN",
    "IVANOV",
    "SILVA",
    "KIM",
    "MULLER",
    "ROSSI",
    "OKAFOR",
    "PATEL",
    "COHEN",
    "NOVAK",
    "YILMAZ",
    "SATO",
    "LOPEZ",
    "AHMED",
]
SYLLABLES = [
    "KA",
    "RI",
    "MO",
    "TA",
    "SU",
    "LE",
    "NA",
    "BO",
    "DI",
    "ZE",
    "FA",
    "GU",
    "HO",
    "JI",
    "PA",
]


def _token(rng: random.Random) -> str:
    """Skewed: a few very common tokens, a long tail of rare ones."""
    if rng.random() < 0.5:
        return rng.choice(GIVEN if rng.random() < 0.5 else SURNAMES)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _subject(number: int) -> Subject:
    rng = random.Random(number)
    given, surname = f"{_token(rng)} {_token(rng)}", _token(rng)
    return Subject(
        names=[normalise_name(given_names=given, surname=surname)],
        dates_of_birth=[
            DateSpec(PartialDate(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28)))
        ],
    )


class _Entries:
    """1 M list entries without 1 M objects: built on demand from the entry number."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, number: int) -> ListedEntry:
        return ListedEntry(
            f"E{number}", "bench list", "no-board" if number % 1000 == 0 else "terrorism", "high"
        )


def _rules(count: int) -> list[ActiveRule]:
    fields = [
        ("features", "document_expires_days_after_departure", "less", 30 + n % 5)
        for n in range(count // 2)
    ]
    fields += [
        ("traveller", "nationality", "in", ["XXA", f"Z{n:02d}"]) for n in range(count - len(fields))
    ]
    return [
        ActiveRule(
            n + 1,
            1,
            "bench",
            RuleSpec.model_validate(
                {
                    "code": f"checkin-{n}",
                    "title": f"check-in rule {n}",
                    "category": "checkin",
                    "justification": "benchmark",
                    "conditions": {
                        "entity": entity,
                        "field": field,
                        "operator": operator,
                        "value": value,
                    },
                }
            ),
        )
        for n, (entity, field, operator, value) in enumerate(fields)
    ]


def build_screen(entries: int) -> tuple[CheckinScreen, float]:
    started = time.perf_counter()
    matcher = Matcher(
        _subject, entries, review_threshold=0.7, alert_threshold=0.88, cache_size=10_000
    )
    documents = DocumentList(
        [
            ListedDocument(f"D{n}", f"L{n:08d}", "TR", "P", DocumentStatus.STOLEN)
            for n in range(100_000)
        ]
    )
    screen = CheckinScreen(
        matcher=matcher,
        entries=_Entries(entries),
        documents=documents,  # type: ignore[arg-type]
        rules=_rules(500),
    ).warm_up()
    return screen, time.perf_counter() - started


def _request(number: int, rng: random.Random) -> bytes:
    travellers = []
    for position in range(rng.randint(1, 3)):
        subject_number = rng.randrange(1_000_000) if rng.random() < 0.02 else None
        surname = (
            f"{_token(rng)}{position}"
            if subject_number is None
            else _subject(subject_number).names[0].original.split()[-1]
        )
        travellers.append(
            Traveller(
                name=PersonName(surname=surname, given_names=_token(rng)),
                sex="M",
                date_of_birth=PartialDate(
                    rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)
                ),
                nationality="TUR",
                passenger_reference=f"P{number}-{position}",
                record_locator=f"R{number:05d}",
                documents=[
                    TravelDocument(
                        type="P",
                        number=f"U{number:07d}{position}",
                        issuing_state="TUR",
                        expiry=dt.date(2031, 1, 1),
                    )
                ],
            )
        )
    flight = Flight(
        carrier="XQ",
        number=str(100 + number % 50),
        origin="IST",
        destination="AMS",
        departure_local=dt.datetime(2026, 7, 1, 9, 30),
    )
    header = Message(
        raw=b"",
        sender="XQ",
        recipient="NLGOV",
        message_reference=f"M{number}",
        transaction_reference=f"T{number}",
        function="745",
        prepared_at=dt.datetime(2026, 7, 1, 7),
    )
    return write_paxlst(header, [flight], travellers)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _serving(app: object) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _fixed_rate(base: str, key: str, *, rate: float, seconds: float, first: int) -> list[float]:
    """Open loop: a request every 1/rate s, sent by a bounded pool (no thread per request)."""
    rng = random.Random(first)
    count = int(rate * seconds)
    raws = [_request(first + number, rng) for number in range(count)]
    latencies: list[float] = []
    lock = threading.Lock()
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    with (
        httpx.Client(base_url=base, timeout=10.0, limits=limits) as client,
        concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool,
    ):

        def send(raw: bytes) -> None:
            began = time.perf_counter()
            response = client.post("/api/iapi", content=raw, headers={"x-api-key": key})
            if response.status_code == 200:
                with lock:
                    latencies.append((time.perf_counter() - began) * 1000)

        start = time.perf_counter()
        futures = []
        for number, raw in enumerate(raws):
            delay = start + number / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send, raw))
        concurrent.futures.wait(futures, timeout=60)
    return sorted(latencies)


def _saturation(
    base: str, key: str, *, clients: int, per_client: int, first: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def client_loop(index: int) -> None:
        rng = random.Random(first + index)
        with httpx.Client(base_url=base, timeout=10.0) as client:
            for number in range(per_client):
                raw = _request(first + index * per_client + number, rng)
                began = time.perf_counter()
                client.post("/api/iapi", content=raw, headers={"x-api-key": key})
                with lock:
                    latencies.append((time.perf_counter() - began) * 1000)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return len(latencies) / (time.perf_counter() - started), sorted(latencies)


def _generate_load(phase: str, **arguments: object) -> tuple[float, list[float]]:
    """Run one load phase in a separate Python process; (throughput, sorted latencies).

    A plain subprocess, not multiprocessing: spawning re-runs `python -m bench`'s main."""
    completed = subprocess.run(
        [sys.executable, "-c", "import bench.bench_iapi as b; b._load_phase()"],
        input=json.dumps({"phase": phase, **arguments}),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    throughput, latencies = json.loads(completed.stdout)
    return float(throughput), [float(value) for value in latencies]


def _load_phase() -> None:
    """The load generator's process: arguments as JSON on stdin, results on stdout."""
    arguments = json.loads(sys.stdin.read())
    phase = arguments.pop("phase")
    if phase == "fixed":
        latencies = _fixed_rate(**arguments)
        print(json.dumps([arguments["rate"], latencies]))
    else:
        print(json.dumps(list(_saturation(**arguments))))


def _fallbacks(engine: object) -> int:
    from sqlalchemy import func, select

    from paxscreen.store.iapi_tables import iapi_requests

    with engine.connect() as connection:  # type: ignore[attr-defined]
        return int(
            connection.execute(
                select(func.count())
                .select_from(iapi_requests)
                .where(iapi_requests.c.fallback.is_(True))
            ).scalar_one()
        )


def _pct(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] if values else float("nan")


def _load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def bench_iapi_latency() -> Result:
    entries = int(os.environ.get("PAXSCREEN_BENCH_IAPI_ENTRIES", "1000000"))
    seconds = float(os.environ.get("PAXSCREEN_BENCH_IAPI_SECONDS", "20"))
    screen, build_seconds = build_screen(entries)
    result = Result(
        title="Interactive API: check-in answer latency over HTTP",
        columns=[
            "database",
            "load",
            "requests",
            "req/s",
            "p50 (ms)",
            "p99 (ms)",
            "max (ms)",
            "fallbacks",
            "server CPU ms/req",
        ],
        notes=[
            f"Check-in screen: {entries:,} watchlist entries, 100,000 listed documents, "
            f"500 check-in rules; built in {build_seconds:.1f} s; "
            f"process peak RSS {peak_rss_mib():,.0f} MiB.",
            "Each request: 1-3 travellers (2% named like a list entry), answered over HTTP on "
            "loopback by uvicorn in the same process; the client measures the full round trip.",
            f"Fixed rate: 50 requests/s for {seconds:.0f} s (open loop, 32 senders). "
            "Saturation: 8 closed-loop clients x 100 requests.",
            "Deadline 500 ms, counted from receipt, with a 2Z fallback: a fallback counts as "
            "answered in time. Server CPU: the server process's CPU time (all threads) per "
            "request; the load generator runs in its own process.",
            f"Load average before the run: {_load_average()}.",
        ],
    )
    databases = [("SQLite", _sqlite)]
    if (url := _postgres_url()) is not None:
        databases.append(("PostgreSQL", lambda: _postgres(url)))
    for name, open_database in databases:
        with open_database() as engine:  # type: ignore[operator]
            settings = load_settings(
                database_url=str(engine.url.render_as_string(hide_password=False))
            )
            with engine.begin() as connection:
                key = create_sender(connection, "XQ")
                connection.execute(
                    iapi_carriers.insert().values(code="XQ", name="Bench Air", active=True)
                )
            app = create_app(settings)
            app.state.engine = engine
            app.state.iapi_service = IapiService(engine, settings, lambda _engine: screen)
            app.state.iapi_service.screen  # noqa: B018  (ready before traffic, as at start-up)
            with _serving(app) as base:
                cpu = time.process_time()
                _, fixed = _generate_load(
                    "fixed", base=base, key=key, rate=50, seconds=seconds, first=0
                )
                fixed_cpu, cpu = time.process_time() - cpu, time.process_time()
                fixed_fallbacks = _fallbacks(engine)
                throughput, saturated = _generate_load(
                    "saturation", base=base, key=key, clients=8, per_client=100, first=100_000
                )
                saturated_cpu = time.process_time() - cpu
            saturated_fallbacks = _fallbacks(engine) - fixed_fallbacks
            for load, latencies, rate, cpu_seconds, fallbacks in (
                ("50 req/s", fixed, 50.0, fixed_cpu, fixed_fallbacks),
                ("saturation", saturated, throughput, saturated_cpu, saturated_fallbacks),
            ):
                result.rows.append(
                    [
                        name,
                        load,
                        len(latencies),
                        rate,
                        _pct(latencies, 0.5),
                        _pct(latencies, 0.99),
                        latencies[-1] if latencies else float("nan"),
                        fallbacks,
                        cpu_seconds * 1000 / max(1, len(latencies)),
                    ]
                )
            app.state.iapi_service.close()
    result.notes.append(f"Load average after the run: {_load_average()}.")
    return result


BENCHMARKS = {"iapi-latency": bench_iapi_latency}
