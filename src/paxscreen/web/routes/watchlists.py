"""Watchlists: lists, entries, import with a report of rejected records, versions,
manual additions (also from a traveller page), document lists."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from paxscreen.errors import ImportFormatError, NotFoundError, StoreError
from paxscreen.screening.watchlists import FORMATS
from paxscreen.screening.watchlists.csv_format import entry_from_row
from paxscreen.store.watchlists_repo import (
    add_entry,
    create_watchlist,
    entries_of,
    find_watchlist,
    get_watchlist,
    import_version,
    list_watchlists,
    versions_of,
)
from paxscreen.vetting.categories import list_categories
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, back, categories_for, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render
from paxscreen.web.views.travellers import traveller_detail
from paxscreen.web.views.watchlist_import import (
    ImportReport,
    document_records,
    entry_record,
    read_with_report,
)
from paxscreen.web.views.watchlists import list_statistics

router = APIRouter()
MANUAL_LIST = "Manual additions"  # where "add to watchlist" on a traveller page goes
Field = Annotated[str, Form()]


def _list(connection: ConnectionDep, list_id: int) -> dict[str, Any]:
    try:
        return get_watchlist(connection, list_id)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error


def _lists(connection: ConnectionDep) -> list[dict[str, Any]]:
    stats = list_statistics(connection)
    empty = {"hits": 0, "true_matches": 0, "false_positives": 0, "outcomes": {}}
    return [
        item | {"statistics": stats.get(item["name"], empty)}
        for item in list_watchlists(connection)
    ]


@router.get("/watchlists", include_in_schema=False, response_class=HTMLResponse)
def watchlists_page(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    return render(request, "watchlists.html", {
        "lists": _lists(connection), "categories": list_categories(connection),
    })  # fmt: skip


@router.get("/api/watchlists", tags=["watchlists"])
def watchlists_api(connection: ConnectionDep, session: CurrentSession) -> list[dict[str, Any]]:
    """Every list with its kind, category, version, entries, hits, decisions, outcomes."""
    return _lists(connection)


@router.post("/watchlists", include_in_schema=False)
def create_form(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    name: Field = "",
    category: Field = "",
    kind: Field = "person",
    severity: Field = "high",
    description: Field = "",
) -> Response:
    try:
        list_id = create_watchlist(
            connection,
            name,
            category=category,
            kind=kind,
            severity=severity,
            description=description,
            user=session.user.username,
            now=utc_now(),
        )
    except StoreError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    audit(connection, session, "list-create", "watchlist", list_id, name=name)
    return RedirectResponse(f"/watchlists/{list_id}", status_code=303)


def _detail(
    connection: ConnectionDep, list_id: int, version: int | None, search: str | None
) -> dict[str, Any]:
    watchlist = _list(connection, list_id)
    versions = versions_of(connection, list_id)
    return {
        **watchlist,
        "versions": versions,
        "entries": entries_of(connection, list_id, version=version, search=search),
        "shown_version": version or watchlist["current_version"],
    }


@router.get("/watchlists/{list_id}", include_in_schema=False, response_class=HTMLResponse)
def watchlist_page(
    request: Request,
    list_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    version: int | None = None,
    q: str | None = None,
) -> HTMLResponse:
    detail = _detail(connection, list_id, version, q)
    audit(connection, session, "view", "watchlist", list_id, version=version, search=q)
    return render(request, "watchlist.html", {"w": detail, "q": q or "", "formats": FORMATS})


@router.get("/api/watchlists/{list_id}", tags=["watchlists"])
def watchlist_api(
    list_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    version: int | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    """One list: its versions with their import reports, and entries of a version."""
    audit(connection, session, "view", "watchlist", list_id, version=version, search=q)
    return _detail(connection, list_id, version, q)


async def _import(
    connection: ConnectionDep,
    session: CurrentSession,
    list_id: int,
    upload: UploadFile,
    format: str,
) -> tuple[int | None, ImportReport]:
    watchlist = _list(connection, list_id)
    # keep the uploaded file's own name: entries cite it as "file.csv:LINE"
    name = "".join(ch for ch in Path(upload.filename or "").name if ch.isalnum() or ch in "._-")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name.lstrip(".") or "upload")
        path.write_bytes(await upload.read())
        if watchlist["kind"] == "document":
            report = document_records(path)
        else:
            report = read_with_report(path, format=format or None)
    version = None
    if report.records:  # a file with no readable record changes nothing
        version = import_version(
            connection, list_id, report.records, user=session.user.username, now=utc_now(),
            source_name=upload.filename or "", source_format=report.format,
            rejected=report.rejected_records(), skipped=report.skipped,
        )  # fmt: skip
    audit(
        connection,
        session,
        "list-import",
        "watchlist",
        list_id,
        version=version,
        file=upload.filename,
        accepted=len(report.records),
        rejected=len(report.rejected),
    )
    return version, report


def _report_dict(version: int | None, report: ImportReport) -> dict[str, Any]:
    return {"version": version, "format": report.format, "accepted": len(report.records),
            "rejected": report.rejected_records(), "skipped": report.skipped,
            "complete": report.complete}  # fmt: skip


@router.post("/watchlists/{list_id}/import", include_in_schema=False, response_class=HTMLResponse)
async def import_form(
    request: Request,
    list_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    file: UploadFile,
    format: Annotated[str, Form()] = "",
) -> HTMLResponse:
    version, report = await _import(connection, session, list_id, file, format)
    detail = _detail(connection, list_id, None, None)
    return render(request, "watchlist.html", {
        "w": detail, "q": "", "formats": FORMATS, "report": _report_dict(version, report),
    }, status_code=200 if version else 400)  # fmt: skip


@router.post("/api/watchlists/{list_id}/import", tags=["watchlists"])
async def import_api(
    list_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    file: UploadFile,
    format: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    """Import a file as the list's new version; answers the report of rejected records."""
    version, report = await _import(connection, session, list_id, file, format)
    return _report_dict(version, report)


def _manual_record(kind: str, fields: dict[str, str], user: str) -> dict[str, Any]:
    """One manually typed entry, checked by the same parser as our CSV format."""
    if kind == "document":
        number = fields.get("document_number", "").strip()
        if not number:
            raise ImportFormatError("a document number is required")
        document = {
            "number": number,
            "issuing_state": fields.get("document_country") or None,
            "type": fields.get("document_type") or None,
            "status": fields.get("status") or "lost",
        }
        return {
            "entry_id": fields.get("id") or f"manual-{number}",
            "primary_name": "",
            "documents": [document],
            "remarks": fields.get("remarks", ""),
            "source_reference": f"manual by {user}",
        }
    entry = entry_from_row(fields, source="manual", line=0)
    return entry_record(entry) | {"source_reference": f"manual by {user}"}


@router.post("/watchlists/{list_id}/entries", include_in_schema=False)
def add_entry_form(
    request: Request,
    list_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    full_name: Field = "",
    date_of_birth: Field = "",
    nationality: Field = "",
    document_number: Field = "",
    document_country: Field = "",
    document_type: Field = "",
    status: Field = "",
    remarks: Field = "",
) -> Response:
    watchlist = _list(connection, list_id)
    fields = {"full_name": full_name, "date_of_birth": date_of_birth, "nationality": nationality,
              "document_number": document_number, "document_country": document_country,
              "document_type": document_type, "status": status, "remarks": remarks}  # fmt: skip
    fields["id"] = f"manual-{utc_now():%Y%m%d%H%M%S}"
    try:
        record = _manual_record(watchlist["kind"], fields, session.user.username)
        version = add_entry(connection, list_id, record, user=session.user.username, now=utc_now())
    except (ImportFormatError, StoreError) as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    audit(
        connection,
        session,
        "list-add",
        "watchlist",
        list_id,
        version=version,
        entry=record["entry_id"],
    )
    return RedirectResponse(f"/watchlists/{list_id}", status_code=303)


@router.post("/travellers/{traveller_id}/watchlist", include_in_schema=False)
def add_traveller(
    request: Request,
    traveller_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    reason: Field = "",
) -> Response:
    """Put this traveller (name, date of birth, nationality, documents) on the manual list."""
    if not reason.strip():
        raise HTTPException(status_code=400, detail="say why the traveller goes on the list")
    try:
        detail = traveller_detail(
            connection, traveller_id, categories=categories_for(connection, session)
        )
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    person = detail["api"] or detail["pnr"] or {}
    name = person.get("name") or {}
    birth = person.get("date_of_birth") or {}
    documents = person.get("documents") or []
    fields = {
        "id": f"traveller-{traveller_id}",
        "surname": name.get("surname", ""), "given_names": name.get("given_names", ""),
        "full_name": "" if name.get("surname") else name.get("raw", ""),
        "date_of_birth": "-".join(str(part).zfill(2) if i else str(part) for i, part in
                                  enumerate(p for p in (birth.get("year"), birth.get("month"),
                                                        birth.get("day")) if p)),
        "nationality": person.get("nationality") or "",
        "document_number": "|".join(d["number"] for d in documents if d.get("number")),
        "document_country": (documents[0].get("issuing_state") or "") if documents else "",
        "remarks": reason.strip(),
    }  # fmt: skip
    list_id = find_watchlist(connection, MANUAL_LIST) or create_watchlist(
        connection, MANUAL_LIST, category="manual", user=session.user.username, now=utc_now(),
        description="Travellers added by analysts from their traveller page",
    )  # fmt: skip
    try:
        record = entry_record(entry_from_row(fields, source="traveller", line=0))
        add_entry(
            connection,
            list_id,
            record | {"source_reference": f"traveller {traveller_id}"},
            user=session.user.username,
            now=utc_now(),
        )
    except (ImportFormatError, StoreError) as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    audit(
        connection, session, "list-add", "watchlist", list_id, traveller=traveller_id, reason=reason
    )
    return back(request, f"/travellers/{traveller_id}", "listed")
