"""The HTTP source: `POST /api/messages` for carriers, `GET /api/messages` for operators,
and `GET /metrics` for Prometheus.

A carrier posts the raw message as the request body (any of our formats) with its
API key in `X-API-Key` (or `Authorization: Bearer <key>`). The answer is 202 with
the message id as soon as the raw bytes are committed; parsing, loading and
screening follow in the background, and the id lets the carrier (or an operator)
follow the message's status.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from paxscreen.ingest.catalogue import count_by_status, list_messages
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.pipeline import process_message
from paxscreen.ingest.senders import authenticate_sender
from paxscreen.metrics import RECEIVED, metrics_text

MAX_BODY_BYTES = 50 * 1024 * 1024  # a wide-body PNR push is a few MB
router = APIRouter(tags=["ingestion"])


def _engine(request: Request) -> Engine:
    """The app's engine (`create_app` keeps it on `app.state.engine`)."""
    return request.app.state.engine  # type: ignore[no-any-return]


EngineDep = Annotated[Engine, Depends(_engine)]


def _api_key(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials if scheme.lower() == "bearer" and credentials else None


def _process_in_background(request: Request, engine: Engine, message_id: str) -> None:
    settings = request.app.state.settings
    process_message(engine, message_id, settings=settings, now=dt.datetime.now(dt.UTC))


@router.post("/api/messages", status_code=202)
async def post_message(
    request: Request, engine: EngineDep, background: BackgroundTasks
) -> dict[str, Any]:
    """Store the raw body, answer 202 with its id, then process it in the background."""
    with engine.connect() as connection:
        sender = authenticate_sender(connection, _api_key(request))
    if sender is None:
        raise HTTPException(status_code=401, detail="missing or unknown API key")
    raw = await request.body()
    if not raw.strip():
        raise HTTPException(status_code=400, detail="empty body: post the raw message")
    if len(raw) > MAX_BODY_BYTES:
        raise HTTPException(status_code=413, detail=f"message larger than {MAX_BODY_BYTES} bytes")
    client = request.client.host if request.client else None
    arrival = Arrival(raw=raw, transport="http", sender=sender, origin=client)
    message_id = keep_committed(engine, arrival, now=dt.datetime.now(dt.UTC))
    RECEIVED.labels("http").inc()
    background.add_task(_process_in_background, request, engine, message_id)
    return {"id": message_id, "status": "received"}


@router.get("/api/messages")
def get_messages(
    engine: EngineDep,
    status: str | None = None,
    type: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Messages newest first with their status and reason; counts per status."""
    with engine.connect() as connection:
        found = list_messages(connection, status=status, type=type, limit=limit, offset=offset)
        counts = count_by_status(connection)
    return {"counts": counts, "messages": [summary.to_dict() for summary in found]}


@router.get("/metrics", include_in_schema=False)
def metrics(engine: EngineDep) -> Response:
    return Response(metrics_text(engine), media_type="text/plain; version=0.0.4; charset=utf-8")


__all__ = ["router"]
