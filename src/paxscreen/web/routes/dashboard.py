"""The dashboard (landing page) and its JSON twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import categories_for, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render
from paxscreen.web.views.dashboard import dashboard

router = APIRouter()


def _data(connection: ConnectionDep, session: CurrentSession) -> dict[str, Any]:
    return dashboard(connection, categories=categories_for(connection, session), now=utc_now())


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
def dashboard_page(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    return render(request, "dashboard.html", {"data": _data(connection, session)})


@router.get("/api/dashboard", tags=["dashboard"])
def dashboard_api(connection: ConnectionDep, session: CurrentSession) -> dict[str, Any]:
    """Counts for the landing page: flights and travellers in the next 24 h, open hits."""
    return _data(connection, session)
