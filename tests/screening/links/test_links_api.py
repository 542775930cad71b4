"""The links JSON API through the web app: network, history, path, decisions."""

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from paxscreen.config import load_settings
from paxscreen.model import Booking, PartialDate, PersonName, Phone, RecordLocator, Traveller
from paxscreen.screening.links.identity import identity_of, resolve_identities
from paxscreen.screening.links.screen import identity_options
from paxscreen.store.bookings_repo import save_booking
from paxscreen.store.migrate import upgrade
from paxscreen.store.tables import travellers
from paxscreen.users.accounts import create_user
from paxscreen.users.roles import Role
from paxscreen.web.app import create_app

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def client(tmp_path: Path) -> tuple[TestClient, list[int]]:
    url = f"sqlite:///{tmp_path / 'links.db'}"
    upgrade(url)
    settings = load_settings(database_url=url)
    app = create_app(settings)
    now = dt.datetime.now(dt.UTC)
    with app.state.engine.begin() as connection:
        create_user(connection, username="ana", password=PASSWORD, role=Role.ANALYST, now=now)
        identity_ids = []
        for locator, surname in (("NET001", "ORTEGA"), ("NET002", "LINDQVIST")):
            booking_id = save_booking(
                connection,
                Booking(
                    record_locators=[RecordLocator(locator=locator)],
                    travellers=[
                        Traveller(
                            name=PersonName(surname=surname, given_names="ALEX"),
                            date_of_birth=PartialDate(1981, 1, 1),
                        )
                    ],
                    phones=[Phone(raw="+447700900123", e164="+447700900123")],
                ),
            )
            ids = list(
                connection.execute(
                    select(travellers.c.id).where(travellers.c.booking_id == booking_id)
                ).scalars()
            )
            resolve_identities(connection, ids, options=identity_options(settings), now=now)
            identity_ids.append(identity_of(connection, ids[0]))
    client = TestClient(app)
    login_form = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert login_form is not None
    response = client.post(
        "/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": login_form.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client, identity_ids


def test_network_history_and_path(client: tuple[TestClient, list[int]]) -> None:
    http, (first, second) = client
    network = http.get(f"/api/identities/{first}/network?hops=4").json()
    node_ids = {node["id"] for node in network["nodes"]}
    assert f"identity:{second}" in node_ids and "phone:+447700900123" in node_ids
    assert {edge["type"] for edge in network["edges"]} >= {"booked_in", "used"}
    history = http.get(f"/api/identities/{first}").json()
    assert history["records"] == 1 and history["history"][0]["names"][0]["surname"] == "ORTEGA"
    path = http.get(f"/api/identities/{first}/path/{second}").json()
    assert path["found"] and len(path["edges"]) == 4
    assert http.get(f"/api/identities/{first}/network?types=nonsense").status_code == 422
    assert http.get("/api/identities/999999/network").status_code == 404
