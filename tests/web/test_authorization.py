"""Every route, called as every role and anonymously, answers as the permission table says.

A route missing from the table fails here, and so does a table line without a route:
the table stays the one true statement of who may do what.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from paxscreen.users.permissions import PERMISSIONS, Access, allowed_roles
from paxscreen.users.roles import Role


def declared_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Mount):
            continue  # static files: public by design, no data
        assert isinstance(route, APIRoute), f"{route} bypasses the authorize dependency"
        found.extend((method, context.path or "") for method in sorted(route.methods))
    # log-out ends the session the other calls use, so it goes last
    return sorted(found, key=lambda key: key == ("POST", "/logout"))


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def call(client: TestClient, method: str, path: str) -> int:
    headers = {"X-CSRF-Token": client.csrf}  # type: ignore[attr-defined]
    return client.request(method, concrete(path), headers=headers).status_code


def test_every_route_is_in_the_permission_table(app: FastAPI) -> None:
    routes = set(declared_routes(app))
    missing = sorted(routes - PERMISSIONS.keys())
    stale = sorted(PERMISSIONS.keys() - routes)
    assert not missing, f"routes not in paxscreen.users.permissions.PERMISSIONS: {missing}"
    assert not stale, f"PERMISSIONS lines without a route: {stale}"


@pytest.mark.slow
def test_every_route_answers_every_role_as_the_table_says(
    app: FastAPI, client_for: Callable[[Role | None], TestClient]
) -> None:
    wrong = []
    for method, path in declared_routes(app):
        roles = allowed_roles(method, path)
        for role in [None, *Role]:
            status = call(client_for(role), method, path)
            if roles is Access.API_KEY:  # no session opens it, only the sender's key
                ok = status in (401, 403)
            elif isinstance(roles, Access):
                ok = status not in (401, 403)
            elif role is None:
                ok = status == 401 if path.startswith("/api/") else status == 303
            elif roles is not None and role in roles:
                ok = status not in (401, 403) and status < 500
            else:
                ok = status == 403
            if not ok:
                wrong.append(f"{method} {path} as {role}: {status}")
    assert not wrong, "\n".join(wrong)


def test_post_without_csrf_token_is_refused(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    client = client_for(Role.ADMINISTRATOR)
    assert client.post("/logout").status_code == 403
    assert client.post("/logout", headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert call(client, "POST", "/logout") == 303


def test_anonymous_page_visit_redirects_to_log_in(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    response = client_for(None).get("/flights")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/flights"
