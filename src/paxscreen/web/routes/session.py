"""Log-in, log-out, language choice and who-am-I."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from paxscreen.users.accounts import authenticate
from paxscreen.users.sessions import (
    ANONYMOUS_CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_LIFETIME,
    create_session,
    new_csrf_token,
    revoke_session,
)
from paxscreen.web.auth import CurrentSession, signer_for
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render, translator_for

router = APIRouter()


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _safe_next(next_path: str | None) -> str:
    """Only local paths: an open redirect after log-in would help phishing."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path
    return "/"


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    """The log-in page; also sets the anonymous CSRF cookie that protects its form."""
    if not request.state.csrf:
        request.state.csrf = new_csrf_token()
    response = render(request, "login.html", {"next": _safe_next(next), "error": None})
    response.set_cookie(
        ANONYMOUS_CSRF_COOKIE,
        signer_for(request).sign(request.state.csrf),
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    connection: ConnectionDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    now = dt.datetime.now(dt.UTC)
    user = authenticate(connection, username, password, now=now)
    if user is None:
        _ = translator_for(request).gettext
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": _("Wrong user name or password.")},
            status_code=401,
        )
    token, _session = create_session(connection, user, now=now)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        signer_for(request).sign(token),
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    response.delete_cookie(ANONYMOUS_CSRF_COOKIE)
    return response


@router.post("/logout", include_in_schema=False)
def logout(connection: ConnectionDep, session: CurrentSession) -> Response:
    revoke_session(connection, session.token_hash, now=dt.datetime.now(dt.UTC))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/api/me", tags=["session"])
def me(session: CurrentSession) -> dict[str, Any]:
    """The logged-in user, their role and groups, and the CSRF token for API writes."""
    user = session.user
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "groups": list(user.groups),
        "csrf_token": session.csrf_token,
    }
