"""The FastAPI application factory.

`create_app(settings)` builds everything from explicit settings, so tests can
make as many independent apps as they need.
"""

from __future__ import annotations

from fastapi import FastAPI

from paxscreen import __version__
from paxscreen.config import Settings, load_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(title="paxscreen", version=__version__)
    app.state.settings = settings

    @app.get("/health", tags=["operations"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
