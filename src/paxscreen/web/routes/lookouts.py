"""The port officer's lookout board: lanes per status, outcomes recorded on the card."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from paxscreen.errors import NotFoundError
from paxscreen.store.vetting_tables import LOOKOUT_OUTCOMES, LOOKOUT_STATUSES
from paxscreen.vetting.lookouts import LookoutError, board, lookout_summary, move_lookout, ports
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, back, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render

router = APIRouter()

FINISHED_SHOWN_FOR = dt.timedelta(hours=24)  # "today's" board keeps a day of outcomes


def _board(connection: ConnectionDep, port: str | None) -> dict[str, list[dict[str, Any]]]:
    lanes = board(connection, port=port or None, since=utc_now() - FINISHED_SHOWN_FOR)
    return {status: [lookout_summary(card) for card in cards] for status, cards in lanes.items()}


@router.get("/lookouts", include_in_schema=False, response_class=HTMLResponse)
def lookouts_page(
    request: Request, connection: ConnectionDep, session: CurrentSession, port: str | None = None
) -> HTMLResponse:
    return render(
        request,
        "lookouts.html",
        {
            "lanes": _board(connection, port),
            "port": port or "",
            "ports": ports(connection),
            "outcomes": LOOKOUT_OUTCOMES,
            "statuses": LOOKOUT_STATUSES,
        },
        partial="partials/lanes.html",
    )


@router.get("/api/lookouts", tags=["lookouts"])
def lookouts_api(
    connection: ConnectionDep, session: CurrentSession, port: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Today's lookouts per lane (active, en_route, encountered, did_not_board, missed)."""
    return _board(connection, port)


def _move(
    connection: ConnectionDep,
    session: CurrentSession,
    lookout_id: int,
    status: str,
    outcome: str,
    note: str,
) -> None:
    audit(
        connection,
        session,
        "lookout-status",
        "lookout",
        lookout_id,
        status=status,
        outcome=outcome,
        note=note,
    )
    try:
        move_lookout(
            connection,
            lookout_id,
            status=status,
            outcome=outcome or None,
            note=note or None,
            user=session.user.username,
            now=utc_now(),
        )
    except LookoutError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error


@router.post("/lookouts/{lookout_id}/status", include_in_schema=False)
def move_form(
    request: Request,
    lookout_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    status: Annotated[str, Form()] = "",
    outcome: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    _move(connection, session, lookout_id, status, outcome, note)
    return back(request, "/lookouts")


@router.post("/api/lookouts/{lookout_id}/status", tags=["lookouts"])
def move_api(
    lookout_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    status: Annotated[str, Form(description=", ".join(LOOKOUT_STATUSES))] = "",
    outcome: Annotated[str, Form(description=", ".join(LOOKOUT_OUTCOMES))] = "",
    note: Annotated[str, Form()] = "",
) -> dict[str, str]:
    """Move a lookout to another lane, with an outcome code once encountered."""
    _move(connection, session, lookout_id, status, outcome, note)
    return {"status": status, "outcome": outcome}
