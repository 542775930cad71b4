"""Run named benchmarks, print a table, keep BENCHMARKS.md up to date."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import re
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).parent
RESULTS_FILE = BENCH_DIR.parent / "BENCHMARKS.md"


@dataclass
class Result:
    """A benchmark's table (header + rows) and notes on what it means."""

    title: str
    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_markdown(self) -> str:
        lines = [f"| {' | '.join(self.columns)} |", f"|{'---|' * len(self.columns)}"]
        lines += [f"| {' | '.join(_cell(value) for value in row)} |" for row in self.rows]
        lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


Benchmark = Callable[[], Result]


def discover() -> dict[str, Benchmark]:
    found: dict[str, Benchmark] = {}
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        found.update(getattr(module, "BENCHMARKS", {}))
    return found


def machine_description() -> str:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {memory_gib:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def update_results_file(name: str, result: Result, *, command: str) -> None:
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench`; each section is replaced when its benchmark runs again.\n"
    )
    text = RESULTS_FILE.read_text() if RESULTS_FILE.exists() else header
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- bench:{name} -->\n## {result.title}\n\n"
        f"Machine: {machine_description()}. Date: {stamp}. Command: `{command}`.\n\n"
        f"{result.to_markdown()}\n<!-- /bench:{name} -->\n"
    )
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->\n", re.S
    )
    text = (
        pattern.sub(lambda _: section, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section
    )
    RESULTS_FILE.write_text(text)


def main(argv: list[str]) -> int:
    available = discover()
    chosen = argv or sorted(available)
    unknown = [name for name in chosen if name not in available]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(sorted(available))}")
        return 2
    for name in chosen:
        print(f"== {name}", flush=True)
        result = available[name]()
        print(result.to_markdown(), flush=True)
        update_results_file(name, result, command=f"make bench BENCH={name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
