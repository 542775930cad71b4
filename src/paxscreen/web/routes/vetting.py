"""The vetting queue and dispositions (a referral creates a lookout)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from paxscreen.errors import NotFoundError
from paxscreen.iapi.reconsider import reconsider_after_disposition
from paxscreen.notifications.dispatch import notify_lookout
from paxscreen.store.vetting_tables import DISPOSITIONS
from paxscreen.vetting.cleared_pairs import record_cleared_pair
from paxscreen.vetting.dispositions import Disposition, DispositionError, record_disposition
from paxscreen.vetting.lookouts import get_lookout
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, back, categories_for, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render
from paxscreen.web.views.filters import hit_is_visible
from paxscreen.web.views.queue import QueueFilters, vetting_queue

router = APIRouter()


def queue_filters(
    band: str | None = Query(None, description="alert or review"),
    status: str = Query("open", description="open, decided or all"),
    source: str | None = Query(None, description="watchlist, rule, network, manual, document"),
    category: str | None = Query(None, description="hit category code"),
) -> QueueFilters:
    return QueueFilters(
        band=band or None, status=status, source=source or None, category=category or None
    )


QueueFiltersDep = Annotated[QueueFilters, Depends(queue_filters)]


def _queue(
    connection: ConnectionDep, session: CurrentSession, filters: QueueFilters
) -> list[dict[str, Any]]:
    audit(
        connection,
        session,
        "search",
        "hits",
        None,
        band=filters.band,
        status=filters.status,
        source=filters.source,
        category=filters.category,
    )
    return vetting_queue(
        connection, filters, categories=categories_for(connection, session), now=utc_now()
    )


@router.get("/vetting", include_in_schema=False, response_class=HTMLResponse)
def vetting_page(
    request: Request, connection: ConnectionDep, session: CurrentSession, filters: QueueFiltersDep
) -> HTMLResponse:
    return render(
        request,
        "vetting.html",
        {"hits": _queue(connection, session, filters), "filters": filters},
        partial="partials/queue_rows.html",
    )


@router.get("/api/hits", tags=["vetting"])
def hits_api(
    connection: ConnectionDep, session: CurrentSession, filters: QueueFiltersDep
) -> list[dict[str, Any]]:
    """Hits by severity and time to arrival, limited to the categories the user sees."""
    return _queue(connection, session, filters)


def _decide(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    hit_id: int,
    disposition: str,
    reason: str,
    port: str,
    clear_pair: bool = False,
) -> Disposition:
    """Record the decision; a false positive may also clear the pair for re-screening."""
    if not hit_is_visible(connection, hit_id, categories_for(connection, session)):
        raise HTTPException(status_code=404, detail=f"no hit {hit_id} that you may see")
    now = utc_now()
    try:
        decision = record_disposition(
            connection,
            hit_id,
            disposition=disposition,
            reason=reason,
            user=session.user.username,
            now=now,
            port=port or None,
        )
    except DispositionError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    if clear_pair and decision.disposition == "false_positive":
        pair = record_cleared_pair(
            connection, hit_id, reason=decision.reason, user=session.user.username, now=now
        )
        audit(connection, session, "clear-pair", "hit", hit_id, cleared_pair=pair)
    audit(
        connection,
        session,
        "disposition",
        "hit",
        hit_id,
        disposition=decision.disposition,
        reason=decision.reason,
        lookout=decision.lookout_id,
    )
    # a check-in answer already given may change now: the carrier hears of it unsolicited
    reconsider_after_disposition(
        connection,
        hit_id,
        actor=session.user.username,
        settings=request.app.state.settings,
        now=now,
    )
    if decision.lookout_id is not None:
        lookout = get_lookout(connection, decision.lookout_id)
        notify_lookout(
            connection,
            port=lookout.port,
            traveller_id=lookout.traveller_id,
            now=now,
            mail=request.app.state.settings.mail,
        )
    return decision


@router.post("/hits/{hit_id}/disposition", include_in_schema=False)
def disposition_form(
    request: Request,
    hit_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    disposition: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    port: Annotated[str, Form()] = "",
    clear_pair: Annotated[bool, Form()] = False,
) -> Response:
    decision = _decide(request, connection, session, hit_id, disposition, reason, port, clear_pair)
    return back(request, "/vetting", f"decided-{decision.disposition}")


@router.post("/api/hits/{hit_id}/disposition", tags=["vetting"], status_code=201)
def disposition_api(
    request: Request,
    hit_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    disposition: Annotated[str, Form(description=", ".join(DISPOSITIONS))] = "",
    reason: Annotated[str, Form()] = "",
    port: Annotated[str, Form()] = "",
    clear_pair: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Record a disposition with its mandatory reason; `referred` creates a lookout."""
    decision = _decide(request, connection, session, hit_id, disposition, reason, port, clear_pair)
    return {
        "id": decision.id,
        "disposition": decision.disposition,
        "lookout_id": decision.lookout_id,
    }
