"""Baseline: how fast the canonical model is built (a floor for every parser)."""

from __future__ import annotations

import time

from bench.harness import Result
from paxscreen.model import PartialDate, PersonName, TravelDocument, Traveller


def bench_model_build() -> Result:
    count = 200_000
    started = time.perf_counter()
    for index in range(count):
        Traveller(
            name=PersonName(surname="DOE", given_names=f"JOHN {index}"),
            date_of_birth=PartialDate(1970, 1, 1),
            documents=[TravelDocument(type="P", number=f"X{index:08d}")],
        )
    seconds = time.perf_counter() - started
    return Result(
        title="Model construction",
        columns=["travellers", "seconds", "travellers/s"],
        rows=[[count, seconds, count / seconds]],
        notes=["Traveller + name + date of birth + one document per iteration."],
    )


BENCHMARKS = {"model-build": bench_model_build}
