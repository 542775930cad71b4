"""Depersonalised data is gone from every page, API answer, export and graph edge,
for every role; only an approved re-identification shows it again."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from paxscreen.privacy.profiles import load_profile
from paxscreen.privacy.retention import run_retention
from paxscreen.screening.links.identity import IdentityOptions, resolve_identities
from paxscreen.store.tables import travellers
from paxscreen.users.roles import Role
from store.personal_values import PERSONAL_COLUMNS, stored_values

from .conftest import NOW
from .seed import Seeded

LATER = NOW + dt.timedelta(days=800)  # past the ICAO profile's depersonalisation date


def _clear_values(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return stored_values(connection, PERSONAL_COLUMNS, min_length=4)


def _pages(seeded: Seeded, engine: Engine) -> list[str]:
    traveller = seeded.pnr_travellers["HASSAN"]
    flight = seeded.flights["XA101"]
    with engine.connect() as connection:
        ids = list(connection.execute(select(travellers.c.id)).scalars())
    return [
        f"/api/travellers/{traveller}",
        f"/travellers/{traveller}",
        f"/travellers/{traveller}/report",
        f"/api/flights/{flight}",
        f"/flights/{flight}",
        "/api/flights",
        "/api/hits",
        "/vetting",
        f"/api/graph?traveller_id={traveller}&hops=3",
        f"/api/travellers/{traveller}/network?hops=3",
        *[f"/api/travellers/{traveller_id}" for traveller_id in ids],
    ]


def _leaks(client: TestClient, paths: list[str], values: set[str]) -> list[str]:
    leaks = []
    for path in paths:
        response = client.get(path)
        if response.status_code in (401, 403, 404):
            continue
        text = response.text.upper()
        leaks += [f"{path}: {value}" for value in values if value.upper() in text]
    return leaks


def test_depersonalised_values_leave_every_page_for_every_role(
    seeded: Seeded, web_engine: Engine, client_for: Callable[[Role | None], TestClient]
) -> None:
    with web_engine.begin() as connection:
        ids = list(connection.execute(select(travellers.c.id)).scalars())
        resolve_identities(
            connection, ids, options=IdentityOptions(fingerprint_key=b"k" * 32), now=NOW
        )
    values = _clear_values(web_engine)
    paths = _pages(seeded, web_engine)
    analyst = client_for(Role.ANALYST)
    assert _leaks(analyst, paths, values), "the probe must see clear values before retention"
    with web_engine.begin() as connection:
        report = run_retention(
            connection, load_profile("icao"), now=LATER, pseudonym_key=b"p" * 32, seal_key=b"s" * 32
        )
    assert report.actions
    for role in Role:
        assert _leaks(client_for(role), paths, values) == [], role


def test_approved_reidentification_shows_the_data_to_the_requester_only(
    seeded: Seeded, web_engine: Engine, client_for: Callable[[Role | None], TestClient], app: object
) -> None:
    from paxscreen.privacy.keys import seal_key

    traveller = seeded.pnr_travellers["HASSAN"]
    with web_engine.begin() as connection:
        run_retention(
            connection,
            load_profile("icao"),
            now=LATER,
            pseudonym_key=b"p" * 32,
            seal_key=seal_key(app.state.settings),
        )  # type: ignore[attr-defined]
    analyst, admin = client_for(Role.ANALYST), client_for(Role.ADMINISTRATOR)
    asked = analyst.post(
        f"/travellers/{traveller}/reidentification",
        data={
            "justification": "Case 2026/41: facilitation network, prosecutor's request",
            "csrf_token": analyst.csrf,
        },
    )  # type: ignore[attr-defined]
    assert asked.status_code == 303
    listing = admin.get("/privacy/requests").text
    request_id = re.search(r"/privacy/requests/(\d+)/decision", listing)[1]  # type: ignore[index]
    assert analyst.get(f"/privacy/requests/{request_id}").status_code == 404  # not approved yet
    decided = admin.post(
        f"/privacy/requests/{request_id}/decision",
        data={"decision": "approve", "reason": "court order 17/2026", "csrf_token": admin.csrf},
    )  # type: ignore[attr-defined]
    assert decided.status_code == 303
    page = analyst.get(f"/privacy/requests/{request_id}")
    assert page.status_code == 200 and "HASSAN" in page.text
    assert (
        admin.get(f"/privacy/requests/{request_id}").status_code == 404
    )  # the approver cannot read it


def test_the_audit_trail_is_the_dpos_alone(client_for: Callable[[Role | None], TestClient]) -> None:
    for role in Role:
        status = client_for(role).get("/api/privacy/audit").status_code
        assert status == (200 if role is Role.DATA_PROTECTION_OFFICER else 403), role
