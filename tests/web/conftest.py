"""Fixtures for web tests: an app on a fresh in-memory database, a client per role."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine

from paxscreen.config import load_settings
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata
from paxscreen.users import accounts
from paxscreen.users.accounts import create_user
from paxscreen.users.groups import add_member, create_group, list_groups
from paxscreen.users.passwords import hash_password
from paxscreen.users.roles import Role
from paxscreen.users.sessions import SESSION_COOKIE, CookieSigner, create_session
from paxscreen.vetting.categories import DEFAULT_CATEGORIES
from paxscreen.web.app import create_app

from .seed import Seeded, seed

SECRET = "test-secret-key-0123456789"
PASSWORD = "test-password-1"
PASSWORD_HASH = hash_password(PASSWORD)
NOW = dt.datetime.now(dt.UTC)


def find_or_create_group(connection: Connection) -> int:
    for group in list_groups(connection):
        if group.name == "Test unit":
            return group.id
    categories = tuple(code for code, *_rest in DEFAULT_CATEGORIES)
    return create_group(connection, "Test unit", categories=categories).id


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database with the whole schema, made once and copied for each test."""
    path = tmp_path_factory.mktemp("schema") / "template.db"
    engine = create_engine_for(f"sqlite:///{path}")
    load_metadata().create_all(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def web_engine(tmp_path: Path, schema_template: Path) -> Iterator[Engine]:
    # a file, not ":memory:": routes that open their own connection next to the
    # request's (ingestion's) need a second real connection
    path = tmp_path / "web.db"
    shutil.copyfile(schema_template, path)
    engine = create_engine_for(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 is slow on purpose; tests that do not test hashing reuse one hash."""
    monkeypatch.setattr(accounts, "hash_password", lambda _password: PASSWORD_HASH)


@pytest.fixture
def app(web_engine: Engine) -> FastAPI:
    application = create_app(load_settings(database_url="sqlite://", secret_key=SECRET))
    application.state.engine = web_engine
    return application


@pytest.fixture
def client_for(app: FastAPI, web_engine: Engine) -> Callable[[Role | None], TestClient]:
    """A logged-in client per role (None: anonymous); `client.csrf` holds its token."""
    clients: dict[Role | None, TestClient] = {}

    def make(role: Role | None) -> TestClient:
        if role in clients:
            return clients[role]
        client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        client.csrf = ""  # type: ignore[attr-defined]
        if role is None:  # the log-in form's own CSRF token, from its cookie
            page = client.get("/login").text
            client.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]  # type: ignore
        else:
            with web_engine.begin() as connection:
                user = create_user(
                    connection, username=role.value, password=PASSWORD, role=role, now=NOW
                )
                if role in (Role.ANALYST, Role.PORT_OFFICER):  # read-only stays groupless
                    group = find_or_create_group(connection)
                    add_member(connection, group, user.username)
                token, session = create_session(connection, user, now=NOW)
            client.cookies.set(SESSION_COOKIE, CookieSigner(SECRET).sign(token))
            client.csrf = session.csrf_token  # type: ignore[attr-defined]
        clients[role] = client
        return client

    return make


@pytest.fixture
def seeded(web_engine: Engine) -> Seeded:
    with web_engine.begin() as connection:
        return seed(connection, now=NOW)
