"""Wires the analyst's workplace into an app: routers, static files, error pages.

`create_app` calls `install_site(app)` once. Access control is not installed here but
in `create_app` itself (`dependencies=[Depends(authorize)]`), so that it also covers
routes other modules add to the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from paxscreen.web.auth import LoginRequired
from paxscreen.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from paxscreen.web.routes import ROUTERS
from paxscreen.web.templating import create_templates, render

STATIC_DIR = Path(__file__).parent / "static"


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def install_site(app: FastAPI) -> None:
    app.state.templates = create_templates()
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi_schema() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/api/docs", include_in_schema=False)
    def openapi_docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="paxscreen API")

    @app.middleware("http")
    async def _remember_language(request: Request, call_next: Any) -> Response:
        """`?lang=fr` on any page switches the language and keeps it in a cookie."""
        response: Response = await call_next(request)
        asked = request.query_params.get("lang")
        if asked in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != asked:
            response.set_cookie(LANGUAGE_COOKIE, asked, samesite="lax", max_age=365 * 86400)
        return response

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, error: LoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "log in first"}, status_code=401)
        return RedirectResponse(f"/login?next={error.next_path}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: HTTPException) -> Response:
        if wants_json(request) or request.headers.get("hx-request") == "true":
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
        return render(
            request,
            "error.html",
            {"status": error.status_code, "detail": error.detail},
            status_code=error.status_code,
        )
