"""Fixtures for rule tests: both databases, the travel factory, the hand-checked hub flight."""

from __future__ import annotations

from typing import Any

import pytest
from rules_support import TravelFactory, build_hub_flight, read_named_lists, read_view
from sqlalchemy import Connection

from store.databases import *  # noqa: F403 - engine/connection fixtures on both databases


@pytest.fixture
def travel(connection: Connection) -> TravelFactory:
    return TravelFactory(connection)


@pytest.fixture
def view_of(connection: Connection) -> Any:
    """`view_of(traveller_id)`: the oracle's view of a traveller."""
    return lambda traveller_id: read_view(connection, traveller_id)


@pytest.fixture
def named_lists_of(connection: Connection) -> Any:
    return lambda: read_named_lists(connection)


@pytest.fixture
def hub_flight(travel: TravelFactory) -> dict[str, Any]:
    """See `rules_support.build_hub_flight`."""
    return build_hub_flight(travel)
