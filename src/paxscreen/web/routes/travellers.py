"""The traveller page, its printable report, and the analyst's actions on it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from paxscreen.errors import NotFoundError
from paxscreen.notifications.dispatch import notify_hit, notify_users
from paxscreen.users.accounts import find_user
from paxscreen.vetting.categories import list_categories
from paxscreen.vetting.manual_hits import ManualHitError, create_manual_hit
from paxscreen.vetting.notes import NoteError, add_note, attachment_of
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, back, categories_for, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render
from paxscreen.web.views.travellers import traveller_detail

router = APIRouter()


def _detail(
    connection: ConnectionDep, session: CurrentSession, traveller_id: int, action: str = "view"
) -> dict[str, Any]:
    try:
        detail = traveller_detail(
            connection, traveller_id, categories=categories_for(connection, session)
        )
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    hit_ids = [hit["id"] for hit in detail["hits"]]
    audit(
        connection,
        session,
        action,
        "traveller",
        traveller_id,
        booking=detail["record_locator"],
        hits=hit_ids,
    )
    return detail


@router.get("/travellers/{traveller_id}", include_in_schema=False, response_class=HTMLResponse)
def traveller_page(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    notice: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        "traveller.html",
        {
            "t": _detail(connection, session, traveller_id),
            "categories": list_categories(connection),
            "notice": notice,
        },
    )


@router.get("/api/travellers/{traveller_id}", tags=["travellers"])
def traveller_api(
    traveller_id: int, connection: ConnectionDep, session: CurrentSession
) -> dict[str, Any]:
    """API and PNR data side by side with sources, booking, history, hits, notes."""
    return _detail(connection, session, traveller_id)


@router.get("/travellers/{traveller_id}/report", include_in_schema=False)
def traveller_report(
    request: Request, traveller_id: int, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    """A printable report (the browser's print-to-PDF makes the PDF)."""
    return render(
        request,
        "traveller_report.html",
        {
            "t": _detail(connection, session, traveller_id, "export"),
            "printed_by": session.user.label,
            "printed_at": utc_now(),
        },
    )


def _note(
    connection: ConnectionDep,
    session: CurrentSession,
    traveller_id: int,
    text: str,
    attachment: UploadFile | None,
) -> int:
    _detail(connection, session, traveller_id, "note")  # 404 for an unknown traveller
    upload = None
    if attachment is not None and attachment.filename:
        upload = (
            attachment.filename,
            attachment.content_type or "application/octet-stream",
            attachment.file.read(),
        )
    try:
        return add_note(
            connection,
            traveller_id,
            text=text,
            author=session.user.username,
            now=utc_now(),
            attachment=upload,
        )
    except NoteError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error


@router.post("/travellers/{traveller_id}/notes", include_in_schema=False)
def add_note_form(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    text: Annotated[str, Form()] = "",
    attachment: UploadFile | None = None,
) -> Response:
    _note(connection, session, traveller_id, text, attachment)
    return back(request, f"/travellers/{traveller_id}", "note-added")


@router.post("/api/travellers/{traveller_id}/notes", tags=["travellers"], status_code=201)
def add_note_api(
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    text: Annotated[str, Form()] = "",
    attachment: UploadFile | None = None,
) -> dict[str, int]:
    """Add a note (form fields `text`, optional file `attachment`)."""
    return {"id": _note(connection, session, traveller_id, text, attachment)}


def _manual_hit(
    connection: ConnectionDep,
    session: CurrentSession,
    traveller_id: int,
    category: str,
    reason: str,
) -> int:
    now = utc_now()
    try:
        hit_id = create_manual_hit(
            connection,
            traveller_id,
            category=category,
            reason=reason,
            user=session.user.username,
            now=now,
        )
    except ManualHitError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    audit(
        connection,
        session,
        "manual-hit",
        "hit",
        hit_id,
        traveller=traveller_id,
        category=category,
        reason=reason,
    )
    notify_hit(
        connection,
        category=category,
        traveller_id=traveller_id,
        summary=f"Manual hit ({category}) by {session.user.label}",
        now=now,
    )
    return hit_id


@router.post("/travellers/{traveller_id}/manual-hits", include_in_schema=False)
def manual_hit_form(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    category: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    _manual_hit(connection, session, traveller_id, category, reason)
    return back(request, f"/travellers/{traveller_id}", "hit-created")


@router.post("/api/travellers/{traveller_id}/manual-hits", tags=["travellers"], status_code=201)
def manual_hit_api(
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    category: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> dict[str, int]:
    """Create a manual hit (form fields `category`, `reason`); notifies the groups."""
    return {"id": _manual_hit(connection, session, traveller_id, category, reason)}


@router.post("/travellers/{traveller_id}/notify", include_in_schema=False)
def notify_colleague(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    username: Annotated[str, Form()] = "",
    message: Annotated[str, Form()] = "",
) -> Response:
    detail = _detail(connection, session, traveller_id)
    colleague = find_user(connection, username)
    if colleague is None or not colleague.active:
        raise HTTPException(status_code=400, detail=f"no active user named {username!r}")
    audit(connection, session, "notify", "traveller", traveller_id, to=colleague.username)
    notify_users(
        connection,
        [colleague.id],
        kind="traveller",
        subject=f"{session.user.label} asks you to look at {detail['name']}",
        body=message,
        link=f"/travellers/{traveller_id}",
        now=utc_now(),
        mail=request.app.state.settings.mail,
    )
    return back(request, f"/travellers/{traveller_id}", "notified")


@router.get("/travellers/{traveller_id}/notes/{note_id}/attachment", include_in_schema=False)
def note_attachment(
    traveller_id: int, note_id: int, connection: ConnectionDep, session: CurrentSession
) -> Response:
    """A note's attachment, always as a download (never rendered in the page's origin)."""
    found = attachment_of(connection, traveller_id, note_id)
    if found is None:
        raise HTTPException(status_code=404, detail="no such attachment")
    name, _media_type, content = found
    audit(connection, session, "export", "note_attachment", note_id, traveller=traveller_id)
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "._-") or "attachment"
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
