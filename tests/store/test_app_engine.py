"""The web app opens its database from the settings (routes share it via web.deps)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from paxscreen.config import load_settings
from paxscreen.web.app import create_app


def test_create_app_opens_the_configured_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/var/app.db"
    app = create_app(load_settings(database_url=url, secret_key="s" * 16))
    assert app.state.engine.url.database == f"{tmp_path}/var/app.db"
    assert TestClient(app).get("/health").json()["status"] == "ok"
    app.state.engine.dispose()
