"""The link graph around a traveller, shaped for Cytoscape.js.

The network itself comes from `paxscreen.screening.links.graph`; this module picks the
starting node for a traveller, applies the page's filters (time, edge types) and
adds to each person and booking node the traveller page it leads to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from paxscreen.screening.links.graph import (
    EDGE_TYPES,
    GraphOptions,
    neighbourhood,
    node_id,
    split_node,
)
from paxscreen.screening.links.identity import identity_of, members
from paxscreen.store.tables import travellers

MAX_HOPS = 3


def start_node(connection: Connection, traveller_id: int) -> str | None:
    """The traveller's identity node, else their booking's node, else None."""
    identity = identity_of(connection, traveller_id)
    if identity is not None:
        return node_id("identity", identity)
    booking = connection.execute(
        select(travellers.c.booking_id).where(travellers.c.id == traveller_id)
    ).scalar()
    return node_id("booking", booking) if booking is not None else None


def _traveller_pages(connection: Connection, nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        kind, key = split_node(node["id"])
        traveller_id = None
        if kind == "identity" and key.isdigit():
            found = members(connection, int(key))
            traveller_id = found[-1] if found else None
        elif kind == "booking" and key.isdigit():
            traveller_id = connection.execute(
                select(func.min(travellers.c.id)).where(travellers.c.booking_id == int(key))
            ).scalar()
        if traveller_id is not None:
            node["traveller_id"] = traveller_id
            node["href"] = f"/travellers/{traveller_id}"


def graph_data(
    connection: Connection,
    node: str,
    *,
    hops: int = 1,
    since: dt.date | None = None,
    edge_types: list[str] | None = None,
) -> dict[str, Any]:
    """Nodes and edges within `hops` of `node`, filtered by first-seen date and type."""
    types = frozenset(kind for kind in (edge_types or EDGE_TYPES) if kind in EDGE_TYPES)
    options = GraphOptions(
        since=dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC) if since else None,
        edge_types=types or frozenset(EDGE_TYPES),
    )
    network = neighbourhood(connection, node, hops=max(1, min(hops, MAX_HOPS)), options=options)
    data = network.to_dict()
    _traveller_pages(connection, data["nodes"])
    data["start"] = node
    data["edge_types"] = list(EDGE_TYPES)
    return data
