"""The data-protection officer's workplace, statistics, holds and re-identification.

The audit trail is readable by the DPO only; consulting it is itself audited.
Re-identification is requested by an analyst, decided by the approving role
(`PAXSCREEN_PRIVACY__APPROVER_ROLE`, never the requester) and read by the requester
while the approval lasts.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from paxscreen.errors import NotFoundError, PermissionDeniedError
from paxscreen.privacy.audit import record_event, search_events
from paxscreen.privacy.keys import seal_key
from paxscreen.privacy.profiles import load_profile
from paxscreen.privacy.reidentification import (
    decide_reidentification,
    request_reidentification,
    reveal,
)
from paxscreen.privacy.statistics import compute_statistics, to_csv, to_json
from paxscreen.store.privacy_tables import retention_holds
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import back, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render
from paxscreen.web.views.privacy import (
    active_holds,
    event_row,
    protected_attribute_rules,
    request_rows,
    retention_status,
)

router = APIRouter()


def _day(value: dt.date | None, default: dt.date) -> dt.datetime:
    return dt.datetime.combine(value or default, dt.time(), tzinfo=dt.UTC)


def _audit_search(
    connection: ConnectionDep, session: CurrentSession, criteria: dict[str, Any]
) -> list[dict[str, Any]]:
    events = search_events(
        connection,
        actor=criteria["user"] or None,
        object_type=criteria["object_type"] or None,
        object_id=criteria["object_id"] or None,
        since=_day(criteria["since"], dt.date.min) if criteria["since"] else None,
        until=_day(criteria["until"], dt.date.max) if criteria["until"] else None,
    )
    record_event(
        connection,
        actor=session.user.username,
        action="search",
        object_type="audit_trail",
        details={key: str(value) for key, value in criteria.items() if value},
        now=utc_now(),
    )
    return [event_row(event) for event in events]


def _criteria(
    user: str | None,
    object_type: str | None,
    object_id: str | None,
    since: dt.date | None,
    until: dt.date | None,
) -> dict[str, Any]:
    return {
        "user": user,
        "object_type": object_type,
        "object_id": object_id,
        "since": since,
        "until": until,
    }


def _status(request: Request, connection: ConnectionDep) -> dict[str, Any]:
    profile = load_profile(request.app.state.settings.privacy.profile)
    return {
        "retention": retention_status(connection, profile, now=utc_now()),
        "holds": active_holds(connection),
        "requests": request_rows(connection),
        "protected_rules": protected_attribute_rules(connection),
    }


@router.get("/privacy", include_in_schema=False, response_class=HTMLResponse)
def privacy_page(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    user: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> HTMLResponse:
    criteria = _criteria(user, object_type, object_id, since, until)
    events = _audit_search(connection, session, criteria)
    return render(
        request,
        "privacy.html",
        {**_status(request, connection), "events": events, "criteria": criteria},
    )


@router.get("/api/privacy/status", tags=["privacy"])
def privacy_status_api(request: Request, connection: ConnectionDep) -> dict[str, Any]:
    """Retention status (due and done), holds, re-identification requests, and the
    rules that use protected attributes."""
    return _status(request, connection)


@router.get("/api/privacy/audit", tags=["privacy"])
def audit_api(
    connection: ConnectionDep,
    session: CurrentSession,
    user: str | None = Query(None, description="Actor"),
    object_type: str | None = Query(None),
    object_id: str | None = Query(None),
    since: dt.date | None = Query(None),
    until: dt.date | None = Query(None),
) -> list[dict[str, Any]]:
    """Search the audit trail by user, object or period (newest first)."""
    return _audit_search(connection, session, _criteria(user, object_type, object_id, since, until))


@router.get("/privacy/report", include_in_schema=False)
def privacy_report(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> Response:
    """The DPO's report as a JSON file: status plus the last audit events."""
    report = {
        **_status(request, connection),
        "generated_at": utc_now().isoformat(),
        "recent_audit_events": _audit_search(
            connection, session, _criteria(None, None, None, None, None)
        ),
    }
    record_event(
        connection,
        actor=session.user.username,
        action="export",
        object_type="privacy_report",
        now=utc_now(),
    )
    return Response(
        json.dumps(report, default=str, indent=2),
        media_type="application/json",
        headers={"content-disposition": 'attachment; filename="privacy-report.json"'},
    )


def _period(since: dt.date | None, until: dt.date | None) -> tuple[dt.datetime, dt.datetime]:
    today = utc_now().date()
    return _day(since, today - dt.timedelta(days=30)), _day(until, today + dt.timedelta(days=1))


@router.get("/statistics", include_in_schema=False, response_class=HTMLResponse)
def statistics_page(
    request: Request,
    connection: ConnectionDep,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> HTMLResponse:
    start, end = _period(since, until)
    rows = compute_statistics(connection, since=start, until=end)
    return render(
        request, "statistics.html", {"rows": rows, "since": start.date(), "until": end.date()}
    )


@router.get("/api/statistics", tags=["privacy"])
def statistics_api(
    connection: ConnectionDep,
    session: CurrentSession,
    since: dt.date | None = Query(None, description="Period start (default: 30 days ago)"),
    until: dt.date | None = Query(None, description="Period end, exclusive (default: tomorrow)"),
    format: str = Query("json", description="json or csv"),
) -> Response:
    """Counts per period with no personal data (EU PNR Directive art. 20)."""
    start, end = _period(since, until)
    rows = compute_statistics(connection, since=start, until=end)
    record_event(
        connection,
        actor=session.user.username,
        action="export",
        object_type="statistics",
        details={"from": start.date().isoformat(), "to": end.date().isoformat(), "format": format},
        now=utc_now(),
    )
    if format == "csv":
        return Response(
            to_csv(rows),
            media_type="text/csv",
            headers={"content-disposition": 'attachment; filename="statistics.csv"'},
        )
    return Response(
        json.dumps(to_json(rows, since=start, until=end)), media_type="application/json"
    )


@router.post("/travellers/{traveller_id}/holds", include_in_schema=False)
def add_hold(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    reason: Annotated[str, Form()] = "",
    case_reference: Annotated[str, Form()] = "",
) -> Response:
    """Link a traveller to a case: retention keeps it (with this reason) past the normal date."""
    if not reason.strip():
        raise HTTPException(status_code=400, detail="a hold needs a reason")
    now = utc_now()
    connection.execute(
        retention_holds.insert().values(
            traveller_id=traveller_id,
            reason=reason.strip(),
            case_reference=case_reference.strip() or None,
            created_by=session.user.username,
            created_at=now,
        )
    )
    record_event(
        connection,
        actor=session.user.username,
        action="retention-hold",
        object_type="traveller",
        object_id=traveller_id,
        purpose=reason.strip(),
        now=now,
    )
    return back(request, f"/travellers/{traveller_id}", "hold-recorded")


@router.post("/travellers/{traveller_id}/reidentification", include_in_schema=False)
def ask_reidentification(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    justification: Annotated[str, Form()] = "",
) -> Response:
    try:
        request_reidentification(
            connection,
            traveller_id=traveller_id,
            requested_by=session.user.username,
            justification=justification,
            now=utc_now(),
        )
    except PermissionDeniedError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    return back(request, f"/travellers/{traveller_id}", "reidentification-requested")


@router.get("/privacy/requests", include_in_schema=False, response_class=HTMLResponse)
def requests_page(request: Request, connection: ConnectionDep) -> HTMLResponse:
    return render(request, "privacy_requests.html", {"requests": request_rows(connection)})


@router.post("/privacy/requests/{request_id}/decision", include_in_schema=False)
def decide_request(
    request: Request,
    request_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    privacy = request.app.state.settings.privacy
    if session.user.role.value != privacy.approver_role:
        raise HTTPException(status_code=403, detail="only the approving authority decides")
    try:
        decide_reidentification(
            connection,
            request_id,
            decided_by=session.user.username,
            approve=decision == "approve",
            reason=reason,
            now=utc_now(),
            access_hours=privacy.reidentification_access_hours,
        )
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    except PermissionDeniedError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    return back(request, "/privacy/requests", "decided")


@router.get("/privacy/requests/{request_id}", include_in_schema=False, response_class=HTMLResponse)
def reidentified_page(
    request: Request, request_id: int, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    """The clear data, for the requester, while the approval lasts (every reading audited)."""
    try:
        items = reveal(
            connection,
            request_id,
            user=session.user.username,
            seal_key=seal_key(request.app.state.settings),
            now=utc_now(),
        )
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    except PermissionDeniedError as error:
        raise HTTPException(status_code=404, detail=f"no usable approval: {error}") from error
    return render(request, "reidentification.html", {"items": items, "request_id": request_id})
