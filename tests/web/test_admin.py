from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from paxscreen.notifications.dispatch import notify_lookout
from paxscreen.users.roles import Role


def _post(client: TestClient, path: str, **data: str) -> int:
    data["csrf_token"] = client.csrf  # type: ignore[attr-defined]
    return client.post(path, data=data).status_code


def test_administrator_creates_user_and_group_and_changes_role(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    admin = client_for(Role.ADMINISTRATOR)
    assert (
        _post(
            admin,
            "/admin/users",
            username="nadia",
            password="long-enough-1",
            role="analyst",
            display_name="Nadia",
        )
        == 303
    )
    assert (
        _post(admin, "/admin/users", username="nadia", password="long-enough-1", role="analyst")
        == 400
    )  # duplicate
    users = {user["username"]: user for user in admin.get("/api/admin/users").json()}
    assert users["nadia"]["role"] == "analyst"
    assert "password_hash" not in users["nadia"]
    assert _post(admin, f"/admin/users/{users['nadia']['id']}", role="port_officer") == 303
    assert (
        _post(admin, "/admin/groups", name="Customs", categories="narcotics, customs-fraud") == 303
    )
    group = admin.get("/api/admin/groups").json()[0]
    assert (
        _post(
            admin,
            f"/admin/groups/{group['id']}",
            categories=group["categories"][0],
            add_user="nadia",
        )
        == 303
    )
    group = admin.get("/api/admin/groups").json()[0]
    assert group["members"] == ["nadia"] and group["categories"] == ["customs-fraud"]
    users = {user["username"]: user for user in admin.get("/api/admin/users").json()}
    assert users["nadia"]["role"] == "port_officer" and users["nadia"]["groups"] == ["Customs"]


def test_administrator_cannot_disable_themselves(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    admin = client_for(Role.ADMINISTRATOR)
    me = admin.get("/api/me").json()
    own = next(u for u in admin.get("/api/admin/users").json() if u["username"] == me["username"])
    assert _post(admin, f"/admin/users/{own['id']}", active="false") == 400


def test_settings_are_checked_against_their_bounds(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    admin = client_for(Role.ADMINISTRATOR)
    assert _post(admin, "/admin/settings", **{"screening.alert_threshold": "1.5"}) == 400
    assert _post(admin, "/admin/settings", **{"screening.alert_threshold": "0.91"}) == 303
    assert 'value="0.91"' in admin.get("/admin").text


def test_quarantine_lists_failed_messages(client_for: Callable[[Role | None], TestClient]) -> None:
    admin = client_for(Role.ADMINISTRATOR)
    data = admin.get("/api/admin/messages").json()
    assert data == {"counts": {}, "messages": [], "status": ""}
    assert "Nothing in quarantine" in admin.get("/admin/messages").text


def test_notifications_are_private_to_their_user(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    analyst = client_for(Role.ANALYST)
    assert analyst.get("/api/notifications").json() == []
    assert _post(analyst, "/notifications/1/read") == 404


def test_unread_notifications_show_in_the_header(
    client_for: Callable[[Role | None], TestClient], web_engine: Engine
) -> None:
    officer = client_for(Role.PORT_OFFICER)
    with web_engine.begin() as connection:
        notify_lookout(connection, port="LHR", traveller_id=1, now=dt.datetime.now(dt.UTC))
    assert '<span class="count">1</span>' in officer.get("/").text
    item = officer.get("/api/notifications").json()[0]
    assert _post(officer, f"/notifications/{item['id']}/read") == 303
    assert 'class="count"' not in officer.get("/").text


def test_changing_an_unknown_user_is_not_found(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    assert _post(client_for(Role.ADMINISTRATOR), "/admin/users/9999", role="analyst") == 404
