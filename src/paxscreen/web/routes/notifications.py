"""The user's in-app notifications."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from paxscreen.notifications.inbox import inbox, mark_read
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import back, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render

router = APIRouter()


@router.get("/notifications", include_in_schema=False, response_class=HTMLResponse)
def notifications_page(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    return render(request, "notifications.html", {"items": inbox(connection, session.user.id)})


@router.get("/api/notifications", tags=["notifications"])
def notifications_api(connection: ConnectionDep, session: CurrentSession) -> list[dict[str, Any]]:
    """The logged-in user's notifications, newest first."""
    return [asdict(item) for item in inbox(connection, session.user.id)]


@router.post("/notifications/{notification_id}/read", include_in_schema=False)
def read_form(
    request: Request, notification_id: int, connection: ConnectionDep, session: CurrentSession
) -> Response:
    if not mark_read(connection, session.user.id, notification_id, now=utc_now()):
        raise HTTPException(status_code=404, detail="no such unread notification of yours")
    return back(request, "/notifications")
