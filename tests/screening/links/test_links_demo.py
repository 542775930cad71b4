"""The planted network of the demo data is found from its watchlisted member."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from paxscreen.config import load_settings
from paxscreen.demo.load import load_demo
from paxscreen.screening.links.graph import GraphOptions, neighbourhood, node_id
from paxscreen.store.engine import create_engine_for
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import travellers


@pytest.mark.slow
def test_the_planted_network_is_found_by_the_network_rule_and_drawn_whole(tmp_path: Path) -> None:
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", data_dir=tmp_path)
    load_demo(settings, flights=6)
    truth = json.loads((tmp_path / "demo" / "ground_truth.json").read_text())
    networks = [s for s in truth["scenarios"] if s["kind"] == "network"]
    assert networks, "the demo plants a network"
    engine = create_engine_for(settings.database_url)
    with engine.connect() as connection:
        for scenario in networks:
            listed_id = next(e["person_id"] for e in scenario["expected"] if e["by"] == "watchlist")
            locators = {t["person_id"]: t["record_locator"] for t in scenario["travellers"]}
            people = {
                person: set(
                    connection.execute(
                        select(travellers.c.person_id).where(
                            travellers.c.record_locator == locator,
                            travellers.c.person_id.is_not(None),
                        )
                    ).scalars()
                )
                for person, locator in locators.items()
            }
            assert all(people.values()), f"every member was loaded: {people}"
            [listed] = people[listed_id]
            graph = neighbourhood(
                connection, node_id("identity", listed), hops=4, options=GraphOptions()
            )
            for person, identities in people.items():
                assert any(node_id("identity", i) in graph.nodes for i in identities), person
            members = {i for person, ids in people.items() if person != listed_id for i in ids}
            flagged = set(
                connection.execute(
                    select(travellers.c.person_id)
                    .join(hits, hits.c.traveller_id == travellers.c.id)
                    .where(
                        hits.c.source == "network", hits.c.source_id == "shared-contact-with-alert"
                    )
                ).scalars()
            )
            assert members <= flagged, f"network hits missing for {members - flagged}"
