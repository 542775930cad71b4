"""The one dependency that guards every route: session, permission table, CSRF.

`create_app` installs `authorize` as an application-wide dependency, so no route can
forget it. It finds the route's declared roles in `paxscreen.users.permissions`,
loads the session from the signed cookie, refuses what the table does not allow, and
checks the CSRF token of every state-changing request (form field `csrf_token` or
header `X-CSRF-Token`, which htmx sends from `hx-headers` on the page body).
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.routing import iter_route_contexts

from paxscreen.notifications.inbox import unread_count
from paxscreen.users.permissions import Access, allowed_roles, is_allowed
from paxscreen.users.sessions import (
    ANONYMOUS_CSRF_COOKIE,
    SESSION_COOKIE,
    CookieSigner,
    Session,
    load_session,
)
from paxscreen.web.deps import ConnectionDep

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class LoginRequired(Exception):
    """Raised for an anonymous visitor; pages redirect to the log-in form, the API says 401."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def signer_for(request: Request) -> CookieSigner:
    return CookieSigner(request.app.state.settings.secret_key)


def route_paths(app: FastAPI) -> dict[int, str]:
    """Each route object's full path template (with any router prefix), built once.

    FastAPI puts the route as declared on its router into `scope["route"]`; included
    routers may add a prefix, so the table is keyed on the effective path instead.
    """
    paths = getattr(app.state, "route_paths", None)
    if paths is None:
        paths = {
            id(context.original_route): context.path or ""
            for context in iter_route_contexts(app.routes)
        }
        app.state.route_paths = paths
    return paths


def route_key(request: Request) -> tuple[str, str]:
    route = request.scope.get("route")
    path = route_paths(request.app).get(id(route)) or getattr(route, "path", request.url.path)
    return request.method.upper(), str(path)


async def _submitted_csrf(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def _check_csrf(request: Request, expected: str) -> None:
    submitted = await _submitted_csrf(request)
    if not expected or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong; reload the page")


async def authorize(request: Request, connection: ConnectionDep) -> None:
    """Allow the request through, or raise 401/403 (pages: redirect to log-in)."""
    method, path = route_key(request)
    roles = allowed_roles(method, path)
    if roles is None:
        raise HTTPException(
            status_code=403, detail=f"{method} {path} is not in the permission table"
        )
    if roles is Access.API_KEY:  # the route checks the sender's API key itself
        return
    signer = signer_for(request)
    token = signer.unsign(request.cookies.get(SESSION_COOKIE))
    now = dt.datetime.now(dt.UTC)
    session = load_session(connection, token, now=now) if token else None
    request.state.session = session
    if session is not None and method == "GET" and not path.startswith("/api/"):
        request.state.unread_notifications = unread_count(connection, session.user.id)
    request.state.csrf = signer.unsign(request.cookies.get(ANONYMOUS_CSRF_COOKIE)) or ""
    if not is_allowed(method, path, None):
        if session is None:
            raise LoginRequired(str(request.url.path))
        if not is_allowed(method, path, session.user.role):
            raise HTTPException(status_code=403, detail="your role may not do this")
    if method not in SAFE_METHODS:
        await _check_csrf(request, session.csrf_token if session else request.state.csrf)


def current_session(request: Request) -> Session:
    session = getattr(request.state, "session", None)
    if session is None:
        raise LoginRequired(str(request.url.path))
    return session


CurrentSession = Annotated[Session, Depends(current_session)]
