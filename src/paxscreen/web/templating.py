"""Rendering pages: one Jinja2 environment, per-request language, user and CSRF token.

A full request gets the whole page; an htmx request (`HX-Request` header) gets only the
named partial from `templates/partials/`, built from the same context, so both come
from the same service call (style guide, section 10).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from paxscreen.users.permissions import is_allowed
from paxscreen.web.i18n import LANGUAGE_COOKIE, LANGUAGES, N_, Translator, choose_language

TEMPLATE_DIR = Path(__file__).parent / "templates"

# The menu, in order: (path, label, access key). Each entry shows only to roles that
# the permission table lets open it, so the menu never offers a page that says 403.
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("/", N_("Dashboard"), "d"),
    ("/flights", N_("Flights"), "f"),
    ("/vetting", N_("Vetting queue"), "v"),
    ("/lookouts", N_("Lookouts"), "l"),
    ("/rules", N_("Rules"), "r"),
    ("/watchlists", N_("Watchlists"), "w"),
    ("/graph", N_("Link graph"), "g"),
    ("/iapi", N_("Interactive API"), "i"),
    ("/statistics", N_("Statistics"), "s"),
    ("/privacy", N_("Data protection"), "p"),
    ("/admin", N_("Administration"), "a"),
)


def _format_when(value: dt.datetime | dt.date | str | None, language: str = "en") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, str):  # ISO text from a JSON-ready view
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        return format_datetime(value, "yyyy-MM-dd HH:mm", locale=language)
    return value.isoformat()


def split_top(text: str, separator: str = "; ") -> list[str]:
    """Split at `separator` outside brackets: "a [b; c]; d" -> ["a [b; c]", "d"]."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(separator, index):
            parts.append(text[start:index])
            start = index + len(separator)
    parts.append(text[start:])
    return [part for part in parts if part]


def create_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    templates.env.filters["when"] = _format_when
    templates.env.filters["split_top"] = split_top
    templates.env.filters["number"] = lambda value, language="en": format_decimal(
        value or 0, locale=language
    )
    return templates


def translator_for(request: Request) -> Translator:
    """The language asked for in the query (`?lang=fr`), the cookie, or the browser."""
    asked = request.query_params.get("lang")
    language = choose_language(
        asked if asked in LANGUAGES else request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )
    return Translator(language)


def page_context(request: Request) -> dict[str, Any]:
    """What every page needs: who is logged in, their CSRF token, translations."""
    translator = translator_for(request)
    session = getattr(request.state, "session", None)
    role = session.user.role if session else None
    navigation = [
        (path, translator.gettext(label), key)
        for path, label, key in NAVIGATION
        if role is not None and is_allowed("GET", path, role)
    ]
    return {
        "request": request,
        "may": lambda path, method="GET": role is not None and is_allowed(method, path, role),
        "navigation": navigation,
        "session": session,
        "user": session.user if session else None,
        "csrf_token": session.csrf_token if session else getattr(request.state, "csrf", ""),
        "_": translator.gettext,
        "ngettext": translator.ngettext,
        "language": translator.language,
        "languages": LANGUAGES,
        "unread": getattr(request.state, "unread_notifications", 0),
    }


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    partial: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render `template`, or only `partial` when htmx asked for a fragment."""
    name = partial if partial and request.headers.get("hx-request") == "true" else template
    templates: Jinja2Templates = request.app.state.templates
    full_context = {**page_context(request), **(context or {})}
    return templates.TemplateResponse(request, name, full_context, status_code=status_code)
