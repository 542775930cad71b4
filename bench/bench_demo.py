"""Demo generator: speed at hub-day scale, and memory and time for a national day.

`demo-hub-day` generates one hub's international day (500 flights) and reports
messages/s and travellers/s. `demo-national-day` generates five hubs' day (about
1.2 million PNR records) and samples the resident memory as it goes: the peak
should stay flat from the first flights to the last, because only one flight's
bookings and messages are held at a time. Run it alone (`make bench
BENCH=demo-national-day`), since peak RSS is measured for the whole process.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from bench.harness import Result, peak_rss_mib
from paxscreen.demo.generator import GenerateOptions, Scale, generate
from paxscreen.demo.schedule import ScheduledFlight

START = dt.date(2026, 11, 27)


def _current_rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _run(
    scale: Scale, samples: int = 5
) -> tuple[dict[str, int], float, list[tuple[int, float]], int]:
    out = Path(tempfile.mkdtemp(prefix=f"bench-demo-{scale.value}-"))
    options = GenerateOptions(out=out, scale=scale, seed=1, start=START)
    every = max(1, options.total_flights // samples)
    rss: list[tuple[int, float]] = []
    done = 0

    def sample(_flight: ScheduledFlight) -> None:
        nonlocal done
        done += 1
        if done % every == 0:
            rss.append((done, _current_rss_mib()))

    started = time.perf_counter()
    try:
        totals = generate(options, on_flight=sample)
        seconds = time.perf_counter() - started
        size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return totals, seconds, rss, size


def bench_hub_day() -> Result:
    totals, seconds, rss, size = _run(Scale.HUB_DAY)
    return Result(
        title="Demo generator at hub-day scale",
        columns=[
            "flights",
            "travellers",
            "messages",
            "PNR records",
            "seconds",
            "messages/s",
            "travellers/s",
            "PNR records/s",
            "output MiB",
            "peak RSS MiB",
        ],
        rows=[
            [
                totals["flights"],
                totals["travellers"],
                totals["messages"],
                totals["pnr_records"],
                seconds,
                totals["messages"] / seconds,
                totals["travellers"] / seconds,
                totals["pnr_records"] / seconds,
                size / 2**20,
                peak_rss_mib(),
            ]
        ],
        notes=[
            "One hub (FRA), 500 international flights, seed 1; PNRGOV (4 pushes per flight), "
            "PAXLST and "
            "crew lists written to disk with manifest, ground truth, watch lists and rules.",
            "Single process, one core. Most of the time goes to EDIFACT serialisation "
            "(`paxscreen.edifact.writer.escape` re-derives the special characters per value).",
            f"Resident memory sampled during the run (flights done, MiB): {rss}.",
        ],
    )


def bench_national_day() -> Result:
    totals, seconds, rss, size = _run(Scale.NATIONAL_DAY, samples=10)
    return Result(
        title="Demo generator at national-day scale (memory stays flat)",
        columns=[
            "flights",
            "travellers",
            "messages",
            "PNR records",
            "seconds",
            "PNR records/s",
            "output GiB",
            "peak RSS MiB",
        ],
        rows=[
            [
                totals["flights"],
                totals["travellers"],
                totals["messages"],
                totals["pnr_records"],
                seconds,
                totals["pnr_records"] / seconds,
                size / 2**30,
                peak_rss_mib(),
            ]
        ],
        notes=[
            "Five hubs x 720 international flights, seed 1, streamed flight by flight.",
            f"Resident memory sampled every tenth of the run (flights done, MiB): {rss}.",
        ],
    )


BENCHMARKS = {"demo-hub-day": bench_hub_day, "demo-national-day": bench_national_day}
