from __future__ import annotations

import json
from pathlib import Path

import pytest

from paxscreen.config import load_settings
from paxscreen.demo.load import load_demo
from paxscreen.demo.recall import measure_recall
from paxscreen.errors import PaxscreenError


def test_demo_is_never_loaded_in_production(tmp_path: Path) -> None:
    settings = load_settings(
        environment="production",
        database_url=f"sqlite:///{tmp_path / 'p.db'}",
        data_dir=tmp_path,
        secret_key="a-production-secret-key",
    )
    with pytest.raises(PaxscreenError, match="production"):
        load_demo(settings)
    assert not (tmp_path / "demo").exists()


@pytest.mark.slow
def test_demo_load_activates_the_rules_and_ingests_every_file(tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from paxscreen.store.engine import create_engine_for
    from paxscreen.store.tables import flights, messages

    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", data_dir=tmp_path)
    summary = load_demo(settings, flights=1)
    assert set(summary.rules_activated) >= {"one-way-cash-late", "broken-travel"}
    assert summary.watchlists["Demo watchlist"] > 0
    assert summary.watchlists["Lost and stolen documents"] > 0
    assert sum(summary.statuses.values()) == summary.totals["messages"]
    assert not {"failed_parse", "failed_load"} & set(summary.statuses)
    engine = create_engine_for(settings.database_url)
    with engine.connect() as connection:
        assert (
            connection.execute(select(func.count()).select_from(messages)).scalar()
            == (summary.totals["messages"])
        )
        assert connection.execute(select(func.count()).select_from(flights)).scalar() >= 1
    again = load_demo(settings, if_empty=True, flights=1)
    assert again.skipped
    truth = json.loads((tmp_path / "demo" / "ground_truth.json").read_text())
    with engine.connect() as connection:
        checks = measure_recall(connection, truth)
    assert len(checks) == sum(len(s["expected"]) for s in truth["scenarios"])
    assert {c.expectation.split()[0] for c in checks if not c.measured} == {"link"}
    assert summary.watchlists and all(count > 0 for count in summary.watchlists.values())
    exact = [c for c in checks if c.kind == "watchlist-exact"]
    assert exact and all(c.passed for c in exact), exact
