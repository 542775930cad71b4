"""Saved ad-hoc queries: the rule builder's tree run on demand, with CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from paxscreen.errors import NotFoundError, RuleError
from paxscreen.screening.rules.model import Node
from paxscreen.screening.rules.saved_queries import load_query, run_query, save_query
from paxscreen.store.rule_tables import saved_queries
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.rule_form import (
    BuilderForm,
    Row,
    field_choices,
    form_from_fields,
    form_from_tree,
    operator_choices,
    tree_from_form,
)
from paxscreen.web.templating import render
from paxscreen.web.views.rules import backtest_window

router = APIRouter()
RESULT_LIMIT = 1000


def _list(connection: ConnectionDep) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(
            saved_queries.c.id,
            saved_queries.c.name,
            saved_queries.c.owner,
            saved_queries.c.updated_at,
        ).order_by(saved_queries.c.name)
    )
    return [dict(row._mapping) for row in rows]


def _run(connection: ConnectionDep, tree: Node, days_back: int) -> list[dict[str, Any]]:
    start, end = backtest_window(days_back, utc_now())
    rows = run_query(connection, tree, start=start, end=end, limit=RESULT_LIMIT)
    return [{key: value for key, value in row.items() if not key.startswith("_")} for row in rows]


def _page(
    request: Request,
    connection: ConnectionDep,
    builder: BuilderForm,
    *,
    name: str = "",
    days_back: int = 30,
    results: list[dict[str, Any]] | None = None,
    problems: list[str] | None = None,
    query_id: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "queries.html",
        {
            "queries": _list(connection),
            "builder": builder,
            "name": name,
            "days_back": days_back,
            "results": results,
            "problems": problems or [],
            "query_id": query_id,
            "fields": field_choices(),
            "operators": operator_choices(),
            "limit": RESULT_LIMIT,
        },
        status_code=status_code,
    )


@router.get("/queries", include_in_schema=False, response_class=HTMLResponse)
def queries_page(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    return _page(request, connection, BuilderForm(rows=[Row()]))


@router.get("/api/queries", tags=["rules"])
def queries_api(connection: ConnectionDep, session: CurrentSession) -> list[dict[str, Any]]:
    """Saved ad-hoc queries (name, owner, last change)."""
    return _list(connection)


@router.post("/queries", include_in_schema=False)
async def run_or_save(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> Response:
    """Run the builder's query (button "run"), or save it under its name."""
    form = await request.form()
    fields = {key: [str(value) for value in form.getlist(key)] for key in form}
    builder = form_from_fields(fields)
    name = (fields.get("name") or [""])[0].strip()
    days_back = int((fields.get("days_back") or ["30"])[0] or 30)
    try:
        tree = tree_from_form(builder)
        if (fields.get("action") or ["run"])[0] == "save":
            if not name:
                raise ValueError("a saved query needs a name")
            query_id = save_query(
                connection, name, tree, owner=session.user.username, now=utc_now()
            )
            audit(connection, session, "query-save", "query", query_id, name=name)
            return RedirectResponse(f"/queries/{query_id}", status_code=303)
        results = _run(connection, tree, days_back)
    except (RuleError, ValueError) as error:
        return _page(
            request,
            connection,
            builder,
            name=name,
            days_back=days_back,
            problems=[str(error)],
            status_code=400,
        )
    audit(
        connection,
        session,
        "search",
        "query",
        None,
        conditions=fields.get("row_field"),
        values=fields.get("row_value"),
        results=len(results),
    )
    return _page(request, connection, builder, name=name, days_back=days_back, results=results)


def _load(connection: ConnectionDep, query_id: int) -> tuple[str, Node]:
    try:
        return load_query(connection, query_id)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error


@router.get("/queries/{query_id}", include_in_schema=False, response_class=HTMLResponse)
def saved_query_page(
    request: Request,
    query_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    days_back: int = 30,
) -> HTMLResponse:
    name, tree = _load(connection, query_id)
    results = _run(connection, tree, days_back)
    audit(connection, session, "search", "query", query_id, name=name, results=len(results))
    return _page(
        request,
        connection,
        form_from_tree(tree) or BuilderForm(),
        name=name,
        days_back=days_back,
        results=results,
        query_id=query_id,
    )


@router.get("/api/queries/{query_id}/results", tags=["rules"])
def saved_query_results(
    query_id: int, connection: ConnectionDep, session: CurrentSession, days_back: int = 30
) -> list[dict[str, Any]]:
    """Travellers the saved query finds over the last `days_back` days and the next three."""
    name, tree = _load(connection, query_id)
    results = _run(connection, tree, days_back)
    audit(connection, session, "search", "query", query_id, name=name, results=len(results))
    return results


@router.get("/queries/{query_id}/export.csv", include_in_schema=False)
def export_csv(
    query_id: int, connection: ConnectionDep, session: CurrentSession, days_back: int = 30
) -> Response:
    """The results as CSV (recorded in the audit trail as an export)."""
    name, tree = _load(connection, query_id)
    results = _run(connection, tree, days_back)
    audit(
        connection, session, "export", "query", query_id, name=name, rows=len(results), format="csv"
    )
    buffer = io.StringIO()
    columns = sorted({key for row in results for key in row})
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(results)
    filename = "".join(ch if ch.isalnum() else "-" for ch in name) or "query"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
