"""The link graph page (Cytoscape.js) and its JSON twin, which the page also calls to
expand a node on click."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render
from paxscreen.web.views.graph import EDGE_TYPES, graph_data, start_node

router = APIRouter()


def _start(connection: ConnectionDep, traveller_id: int | None, node: str | None) -> str | None:
    if node:
        return node
    if traveller_id is not None:
        return start_node(connection, traveller_id)
    return None


@router.get("/graph", include_in_schema=False, response_class=HTMLResponse)
def graph_page(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    traveller_id: int | None = None,
    node: str | None = None,
) -> HTMLResponse:
    start = _start(connection, traveller_id, node)
    return render(
        request,
        "graph.html",
        {"start": start, "traveller_id": traveller_id, "edge_types": EDGE_TYPES},
    )


@router.get("/api/graph", tags=["links"])
def graph_api(
    connection: ConnectionDep,
    session: CurrentSession,
    traveller_id: int | None = None,
    node: str | None = Query(None, description="a node id such as identity:12 or phone:+2010..."),
    hops: int = Query(1, ge=1, le=3),
    since: dt.date | None = Query(None, description="only links first seen on or after"),
    types: list[str] | None = Query(None, description="edge types to follow"),
) -> dict[str, Any]:
    """The network around a traveller (or any node): nodes with kind and label, typed edges."""
    start = _start(connection, traveller_id, node)
    if start is None:
        raise HTTPException(status_code=404, detail="no traveller or node to start from")
    audit(connection, session, "view", "network", start, hops=hops, since=since, types=types)
    return graph_data(connection, start, hops=hops, since=since, edge_types=types)
