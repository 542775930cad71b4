"""One small generated data set shared by the demo tests (generation is the slow part)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from paxscreen.demo.generator import GenerateOptions, generate

START = dt.date(2026, 11, 27)


@pytest.fixture(scope="session")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[GenerateOptions, dict[str, int]]:
    """Three flights a day at one hub, two days, seed 11, defect share 0.3 (so defects occur)."""
    out = tmp_path_factory.mktemp("demo-set")
    options = GenerateOptions(
        out=Path(out), flights=3, days=2, seed=11, start=START, defect_share=0.3
    )
    return options, generate(options)
