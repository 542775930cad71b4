"""Demo generator: speed at hub-day scale, and memory and time for a national day.

`demo-hub-day` generates one hub's international day (500 flights) and reports
messages/s and travellers/s. `demo-national-day` generates five hubs' day (about
1.2 million PNR records) and samples the resident memory as it goes: it should
stay flat from the first flights to the last, because only one flight's bookings
and messages are held at a time. Run it alone (`make bench BENCH=demo-national-day`):
peak RSS is measured for the whole process. Rates are given per wall-clock second
and per CPU second of this process, since the machine may be shared.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import Result, peak_rss_mib
from paxscreen.demo.generator import GenerateOptions, Scale, generate
from paxscreen.demo.schedule import ScheduledFlight

START = dt.date(2026, 11, 27)


def _current_rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Run:
    totals: dict[str, int]
    wall: float
    cpu: float
    size: int
    rss: list[tuple[int, int]] = field(default_factory=list)  # (flights done, MiB)


def _run(scale: Scale, samples: int) -> Run:
    out = Path(tempfile.mkdtemp(prefix=f"bench-demo-{scale.value}-"))
    options = GenerateOptions(out=out, scale=scale, seed=1, start=START)
    every = max(1, options.total_flights // samples)
    rss: list[tuple[int, int]] = []
    done = 0

    def sample(_flight: ScheduledFlight) -> None:
        nonlocal done
        done += 1
        if done % every == 0:
            rss.append((done, round(_current_rss_mib())))
            elapsed = time.perf_counter() - started
            print(f"{done} flights, {rss[-1][1]} MiB, {elapsed:.0f} s", file=sys.stderr, flush=True)

    started = wall = time.perf_counter()
    cpu = time.process_time()
    try:
        totals = generate(options, on_flight=sample)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return Run(totals=totals, wall=wall, cpu=cpu, size=size, rss=rss)


def bench_hub_day() -> Result:
    run = _run(Scale.HUB_DAY, samples=5)
    totals = run.totals
    return Result(
        title="Demo generator at hub-day scale",
        columns=[
            "flights",
            "travellers",
            "messages",
            "PNR records",
            "wall s",
            "CPU s",
            "messages/CPU s",
            "travellers/CPU s",
            "travellers/wall s",
            "output MiB",
            "peak RSS MiB",
        ],  # fmt: skip
        rows=[
            [
                totals["flights"],
                totals["travellers"],
                totals["messages"],
                totals["pnr_records"],
                run.wall,
                run.cpu,
                totals["messages"] / run.cpu,
                totals["travellers"] / run.cpu,
                totals["travellers"] / run.wall,
                run.size / 2**20,
                peak_rss_mib(),
            ]
        ],  # fmt: skip
        notes=[
            "One hub (FRA), 500 international flights, seed 1: PNRGOV (4 pushes per flight, some "
            "in XML, some in parts), PAXLST and crew lists, manifest, ground truth, lists, rules.",
            "One process, one core. About half of the time goes to EDIFACT serialisation "
            "(`paxscreen.edifact.writer.escape` re-derives the special characters per value).",
            f"Resident memory during the run (flights done, MiB): {run.rss}.",
        ],
    )


def bench_national_day() -> Result:
    run = _run(Scale.NATIONAL_DAY, samples=20)
    totals = run.totals
    return Result(
        title="Demo generator at national-day scale (memory stays flat)",
        columns=[
            "flights",
            "travellers",
            "messages",
            "PNR records",
            "wall s",
            "CPU s",
            "PNR records/CPU s",
            "output GiB",
            "peak RSS MiB",
        ],  # fmt: skip
        rows=[
            [
                totals["flights"],
                totals["travellers"],
                totals["messages"],
                totals["pnr_records"],
                run.wall,
                run.cpu,
                totals["pnr_records"] / run.cpu,
                run.size / 2**30,
                peak_rss_mib(),
            ]
        ],  # fmt: skip
        notes=[
            "Five hubs x 720 international flights, seed 1, streamed flight by flight (`nice`d, "
            "on a machine shared with other jobs: compare CPU seconds, not wall time).",
            f"Resident memory every twentieth of the run (flights done, MiB): {run.rss}.",
        ],
    )


BENCHMARKS = {"demo-hub-day": bench_hub_day, "demo-national-day": bench_national_day}
