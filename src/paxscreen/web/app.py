"""The FastAPI application factory.

`create_app(settings)` builds everything from explicit settings, so tests can
make as many independent apps as they need.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI

from paxscreen import __version__
from paxscreen.config import Settings, load_settings
from paxscreen.ingest.http import router as ingest_router
from paxscreen.screening.interface import load_screeners
from paxscreen.store.engine import create_engine_for
from paxscreen.web.auth import authorize
from paxscreen.web.routes.iapi import IapiFastPath
from paxscreen.web.site import install_site


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    load_screeners()  # messages posted to the app are screened like any others
    # Every route passes `authorize` (the permission table); the docs move under /api/
    # so that they are routes the table covers too.
    app = FastAPI(
        title="paxscreen",
        version=__version__,
        dependencies=[Depends(authorize)],
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    # Engines connect lazily: building one here costs nothing until the first request.
    app.state.engine = create_engine_for(settings.database_url)

    @app.get("/health", tags=["operations"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    install_site(app)
    app.include_router(ingest_router)  # POST/GET /api/messages, /metrics
    app.add_middleware(IapiFastPath)  # outermost: check-in answers skip the page machinery
    return app
