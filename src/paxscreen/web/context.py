"""Small per-request helpers shared by the screens: clock, visibility, redirects."""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.engine import Connection

from paxscreen.privacy.audit import record_event
from paxscreen.users.groups import visible_categories
from paxscreen.users.sessions import Session


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def categories_for(connection: Connection, session: Session) -> frozenset[str] | None:
    """The hit categories this user sees (None: all), from their groups."""
    return visible_categories(connection, session.user)


def back(request: Request, fallback: str, notice: str | None = None) -> RedirectResponse:
    """Redirect after a POST (303) to the page the form came from, when it is ours."""
    referer = request.headers.get("referer", "")
    base = str(request.base_url)
    target = referer[len(base) - 1 :] if referer.startswith(base) else fallback
    if notice:
        separator = "&" if "?" in target else "?"
        target = f"{target.split('#')[0]}{separator}notice={notice}"
    return RedirectResponse(target, status_code=303)


def audit(
    connection: Connection,
    session: Session,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    **details: object,
) -> None:
    """Record what this user saw, searched, exported or changed (the DPO's trail).

    Runs in the request's transaction: the action and its audit row commit together.
    """
    record_event(
        connection,
        actor=session.user.username,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details={key: value for key, value in details.items() if value not in (None, "", [])},
        now=utc_now(),
    )
