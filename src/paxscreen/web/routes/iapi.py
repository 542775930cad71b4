"""Interactive API over HTTP: carriers post check-in requests; analysts watch the traffic."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from paxscreen.iapi.deadline import Receipt
from paxscreen.iapi.loader import load_checkin_screen
from paxscreen.iapi.service import IapiService
from paxscreen.iapi.statistics import carrier_statistics, outbox_rows, recent_requests
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render

router = APIRouter()


def service_of(app: FastAPI) -> IapiService:
    """One service per app, built on first use (its check-in screen is kept in memory)."""
    service: IapiService | None = getattr(app.state, "iapi_service", None)
    if service is None:
        settings = app.state.settings
        service = IapiService(
            app.state.engine, settings, lambda engine: load_checkin_screen(engine, settings)
        )
        app.state.iapi_service = service
    return service


def iapi_service(request: Request) -> IapiService:
    return service_of(request.app)


def warm_up_in_background(app: FastAPI) -> threading.Thread:
    """Build the check-in screen while the server starts, not on the first check-in.

    A check-in that arrives before the screen is built gets the deadline's fallback
    answer (with a full watchlist the build takes a minute), so the server starts
    building at once; the web pages are served meanwhile.
    """
    thread = threading.Thread(
        target=lambda: service_of(app).screen, name="iapi-warm-up", daemon=True
    )
    thread.start()
    return thread


def _key(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return key or (credentials if scheme.lower() == "bearer" else None)


IAPI_PATH = "/api/iapi"


async def answer_over_http(request: Request, receipt: Receipt) -> Response:
    """The CUSRES for one posted request, or 401 for a missing or unknown carrier key."""
    service = iapi_service(request)
    carrier = await service.carriers.carrier_for(_key(request))
    if carrier is None:
        return JSONResponse({"detail": "missing or unknown API key"}, status_code=401)
    body = await request.body()
    answer = await service.answer(body, carrier=carrier, receipt=receipt)
    return Response(
        answer.reply,
        media_type="text/plain",
        headers={"x-iapi-latency-ms": f"{answer.latency_ms:.1f}"},
    )


@router.post(IAPI_PATH, tags=["iapi"], response_class=Response)
async def iapi_request(request: Request) -> Response:
    """A raw PAXLST iAPI request in, its CUSRES out (text), within the configured deadline.

    The deadline runs from the moment the request arrived, not from when a worker gets
    to it. Also takes the carrier's CUSRES 312 acknowledging an unsolicited answer
    (empty reply). In the app, `IapiFastPath` answers this before the page machinery.
    """
    return await answer_over_http(request, Receipt())


class IapiFastPath:
    """ASGI middleware: POST /api/iapi answered before the rest of the web stack.

    A check-in answer has a budget of milliseconds. In front of the routes, every
    request passes the language-cookie middleware, route matching over all pages and
    the permission check, which opens a database transaction on a thread even for
    routes that check an API key themselves: together as much interpreter time as
    screening one check-in. The iAPI endpoint needs none of it (the carrier's key
    is its permission), so it is answered here; everything else passes through.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == IAPI_PATH and scope["method"] == "POST":
            receipt = Receipt()
            response = await answer_over_http(Request(scope, receive), receipt)
            await response(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _window(days: int = 7) -> tuple[dt.datetime, dt.datetime]:
    now = dt.datetime.now(dt.UTC)
    return now - dt.timedelta(days=days), now + dt.timedelta(minutes=1)


@router.get("/api/iapi/statistics", tags=["iapi"])
def iapi_statistics(connection: ConnectionDep, days: int = 7) -> list[dict[str, Any]]:
    """Per carrier over the last `days`: requests, answers by code, latency percentiles, outbox."""
    since, until = _window(days)
    return carrier_statistics(connection, since=since, until=until)


@router.get("/iapi", include_in_schema=False, response_class=HTMLResponse)
def iapi_page(request: Request, connection: ConnectionDep) -> HTMLResponse:
    since, until = _window()
    return render(
        request,
        "iapi.html",
        {
            "carriers": carrier_statistics(connection, since=since, until=until),
            "requests": recent_requests(connection),
            "outbox": outbox_rows(connection),
        },
    )
