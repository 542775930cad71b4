"""Identities and the network around them: JSON for the graph view, and analysts' decisions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from paxscreen.errors import NotFoundError, PermissionDeniedError
from paxscreen.privacy.audit import record_event
from paxscreen.screening.links import decisions
from paxscreen.screening.links.graph import (
    EDGE_TYPES,
    GraphOptions,
    co_travellers,
    neighbourhood,
    node_id,
    path_between,
)
from paxscreen.screening.links.history import travel_history
from paxscreen.screening.links.identity import current_identity, identity_of
from paxscreen.store.link_tables import identities
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import back, utc_now
from paxscreen.web.deps import ConnectionDep

router = APIRouter()
MAX_HOPS = 4


def _existing(connection: ConnectionDep, identity_id: int) -> int:
    found = connection.execute(identities.select().where(identities.c.id == identity_id)).first()
    if found is None:
        raise HTTPException(status_code=404, detail=f"no identity {identity_id}")
    return current_identity(connection, identity_id)


def _options(
    request: Request, since: dt.date | None, types: str | None, exclude_hubs: bool
) -> GraphOptions:
    chosen = frozenset(t.strip() for t in (types or "").split(",") if t.strip()) or frozenset(
        EDGE_TYPES
    )
    unknown = chosen - set(EDGE_TYPES)
    if unknown:
        raise HTTPException(
            status_code=422, detail=f"unknown edge types: {', '.join(sorted(unknown))}"
        )
    return GraphOptions(
        hub_threshold=request.app.state.settings.links.hub_threshold,
        since=dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC) if since else None,
        edge_types=chosen,
        exclude_hubs=exclude_hubs,
    )


def _audit_view(
    connection: ConnectionDep, session: CurrentSession, what: str, identity_id: int, **details: Any
) -> None:
    record_event(
        connection,
        actor=session.user.username,
        action="view",
        object_type=what,
        object_id=identity_id,
        details=details,
        now=utc_now(),
    )


@router.get("/api/identities/{identity_id}", tags=["links"])
def identity_api(
    identity_id: int, connection: ConnectionDep, session: CurrentSession
) -> dict[str, Any]:
    """The identity's travel history: every flight, booking, document, contact and hit, in order."""
    identity_id = _existing(connection, identity_id)
    _audit_view(connection, session, "identity", identity_id)
    return travel_history(connection, identity_id)


@router.get("/api/identities/{identity_id}/network", tags=["links"])
def network_api(
    request: Request,
    identity_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    hops: int = Query(2, ge=1, le=MAX_HOPS),
    since: dt.date | None = Query(None, description="Only links seen since this date"),
    types: str | None = Query(
        None, description="Comma-separated edge types: " + ", ".join(EDGE_TYPES)
    ),
    exclude_hubs: bool = Query(
        True, description="Do not follow values shared by very many bookings"
    ),
) -> dict[str, Any]:
    """Nodes and edges up to `hops` steps from the identity, ready for a graph view."""
    identity_id = _existing(connection, identity_id)
    options = _options(request, since, types, exclude_hubs)
    _audit_view(
        connection,
        session,
        "identity-network",
        identity_id,
        hops=hops,
        types=sorted(options.edge_types),
    )
    network = neighbourhood(
        connection, node_id("identity", identity_id), hops=hops, options=options
    )
    return {"start": node_id("identity", identity_id), **network.to_dict()}


@router.get("/api/travellers/{traveller_id}/network", tags=["links"])
def traveller_network_api(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    hops: int = Query(2, ge=1, le=MAX_HOPS),
    since: dt.date | None = Query(None),
    types: str | None = Query(None),
    exclude_hubs: bool = Query(True),
) -> dict[str, Any]:
    """The network of the traveller's identity."""
    identity_id = identity_of(connection, traveller_id)
    if identity_id is None:
        raise HTTPException(status_code=404, detail=f"traveller {traveller_id} has no identity yet")
    return network_api(request, identity_id, connection, session, hops, since, types, exclude_hubs)


@router.get("/api/identities/{identity_id}/path/{other_id}", tags=["links"])
def path_api(
    request: Request,
    identity_id: int,
    other_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    max_hops: int = Query(MAX_HOPS, ge=1, le=6),
) -> dict[str, Any]:
    """The shortest chain of links between two identities (hubs and flights not followed)."""
    start, goal = _existing(connection, identity_id), _existing(connection, other_id)
    _audit_view(connection, session, "identity-path", start, other=goal)
    path = path_between(
        connection,
        node_id("identity", start),
        node_id("identity", goal),
        max_hops=max_hops,
        options=_options(request, None, None, True),
    )
    return {"found": path is not None, "edges": [edge.to_dict() for edge in path or []]}


@router.get("/api/identities/{identity_id}/co-travellers", tags=["links"])
def co_travellers_api(
    identity_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    minimum_flights: int = Query(2, ge=1),
) -> list[dict[str, Any]]:
    """Other identities on the same flights, most shared flights first."""
    identity_id = _existing(connection, identity_id)
    _audit_view(connection, session, "identity-co-travellers", identity_id)
    return co_travellers(connection, str(identity_id), minimum_flights=minimum_flights)


def _decide(
    action: str, connection: ConnectionDep, session: CurrentSession, target: int, **arguments: Any
) -> int:
    now = utc_now()
    try:
        if action == "merge":
            result = decisions.merge(
                connection,
                target,
                arguments["into"],
                actor=session.user.username,
                reason=arguments["reason"],
                now=now,
            )
        else:
            result = getattr(decisions, action)(
                connection, target, actor=session.user.username, reason=arguments["reason"], now=now
            )
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    except PermissionDeniedError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    record_event(
        connection,
        actor=session.user.username,
        action=f"identity-{action}",
        object_type="identity",
        object_id=result,
        purpose=arguments["reason"],
        details={"target": target},
        now=now,
    )
    return int(result)


@router.post("/travellers/{traveller_id}/identity/{action}", include_in_schema=False)
def traveller_identity_decision(
    request: Request,
    traveller_id: int,
    action: str,
    connection: ConnectionDep,
    session: CurrentSession,
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Confirm the traveller's identity, or split the record out of it."""
    if action not in {"confirm", "split"}:
        raise HTTPException(status_code=404, detail=f"no identity action {action!r}")
    _decide(action, connection, session, traveller_id, reason=reason)
    return back(request, f"/travellers/{traveller_id}", f"identity-{action}")


@router.post("/identities/{identity_id}/merge", include_in_schema=False)
def merge_identities(
    request: Request,
    identity_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    into: Annotated[int, Form()] = 0,
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Two identities are one person: move this one's records into `into`."""
    _existing(connection, identity_id)
    _existing(connection, into)
    _decide("merge", connection, session, identity_id, into=into, reason=reason)
    return back(request, "/graph", "identity-merged")
