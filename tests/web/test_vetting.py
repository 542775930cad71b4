from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from paxscreen.store.user_tables import notifications
from paxscreen.users.roles import Role

from .seed import Seeded


def _post(client: TestClient, path: str, **data: str) -> int:
    data["csrf_token"] = client.csrf  # type: ignore[attr-defined]
    return client.post(path, data=data).status_code


def test_traveller_shows_api_and_pnr_side_by_side_with_the_hit_explained(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    data = client.get(f"/api/travellers/{seeded.travellers['HASSAN']}").json()
    assert data["pnr_id"] == seeded.pnr_travellers["HASSAN"]
    assert data["record_locator"] == "QX7P2A"
    facts = {fact["label"]: fact for fact in data["facts"]}
    assert facts["Date of birth"]["api"] == facts["Date of birth"]["pnr"] == "1984-03-12"
    assert data["booking"]["agency"]["name"] == "Nile Travel"
    assert [hit["band"] for hit in data["hits"]] == ["alert"]
    page = client.get(f"/travellers/{seeded.travellers['HASSAN']}").text
    assert "Name agreement" in page and "FARUQ" in page and "exact" in page
    assert "XXXXXXXXXXXX4417" in page and "23C" in page


def test_disposition_needs_a_reason(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    hit = seeded.hits["watchlist"]
    assert (
        _post(client, f"/api/hits/{hit}/disposition", disposition="true_match", reason=" ") == 400
    )
    assert _post(client, f"/api/hits/{hit}/disposition", disposition="maybe", reason="x") == 400


def test_referral_creates_a_lookout_on_the_port_board_and_notifies_officers(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded, web_engine: Engine
) -> None:
    analyst, officer = client_for(Role.ANALYST), client_for(Role.PORT_OFFICER)
    hit = seeded.hits["watchlist"]
    status = _post(
        analyst,
        f"/hits/{hit}/disposition",
        disposition="referred",
        reason="Name, date of birth and nationality agree with the list entry",
    )
    assert status == 303
    queue = analyst.get("/api/hits").json()
    assert hit not in [row["id"] for row in queue]  # decided hits leave the open queue
    lanes = officer.get("/api/lookouts", params={"port": "LHR"}).json()
    assert [card["traveller_name"] for card in lanes["active"]] == ["HASSAN/OMAR FAROUK"]
    with web_engine.connect() as connection:
        kinds = list(connection.execute(select(notifications.c.kind)).scalars())
    assert kinds == ["lookout"]
    lookout = lanes["active"][0]["id"]
    assert (
        _post(officer, f"/lookouts/{lookout}/status", status="active", outcome="refused_entry")
        == 400
    )  # an outcome needs an encounter
    assert (
        _post(
            officer,
            f"/lookouts/{lookout}/status",
            status="encountered",
            outcome="secondary_positive",
        )
        == 303
    )
    lanes = officer.get("/api/lookouts").json()
    assert lanes["encountered"][0]["outcome"] == "secondary_positive"


def test_queue_orders_by_severity_then_arrival(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    queue = client_for(Role.ANALYST).get("/api/hits").json()
    assert [row["source"] for row in queue] == ["watchlist", "rule"]
    assert queue[0]["minutes_to_arrival"] > 0


def test_note_and_manual_hit_from_the_traveller_page(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    traveller = seeded.travellers["SILVA"]
    assert _post(client, f"/travellers/{traveller}/notes", text="Called the airline") == 303
    assert (
        _post(
            client,
            f"/travellers/{traveller}/manual-hits",
            category="narcotics",
            reason="Tip from the airport police",
        )
        == 303
    )
    data = client.get(f"/api/travellers/{traveller}").json()
    assert [note["text"] for note in data["notes"]] == ["Called the airline"]
    assert data["hits"][0]["source"] == "manual" and data["hits"][0]["category"] == "narcotics"
    assert (
        _post(client, f"/travellers/{traveller}/manual-hits", category="nonsense", reason="x")
        == 400
    )


def test_printable_report_contains_the_explanation(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    page = client_for(Role.ANALYST).get(f"/travellers/{seeded.travellers['HASSAN']}/report")
    assert page.status_code == 200 and "Traveller report" in page.text and "FARUQ" in page.text


def test_false_positive_can_clear_the_pair_until_the_entry_changes(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded, web_engine: Engine
) -> None:
    from paxscreen.vetting.cleared_pairs import is_cleared

    client = client_for(Role.ANALYST)
    hit = seeded.hits["watchlist"]
    status = _post(
        client,
        f"/api/hits/{hit}/disposition",
        disposition="false_positive",
        reason="Different person: passport numbers differ",
        clear_pair="true",
    )
    assert status == 201
    traveller = seeded.travellers["HASSAN"]
    with web_engine.connect() as connection:
        ask = {
            "traveller_id": traveller,
            "person_id": None,
            "source": "watchlist",
            "source_id": "national-1:17",
        }
        assert is_cleared(connection, **ask, source_version=None)
        assert not is_cleared(connection, **ask, source_version="2")  # a new entry version
        assert not is_cleared(connection, **{**ask, "traveller_id": 999}, source_version=None)


def test_note_attachment_is_kept_and_downloaded(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    traveller = seeded.travellers["NOVAK"]
    response = client.post(
        f"/travellers/{traveller}/notes",
        data={"text": "Scan of the boarding pass", "csrf_token": client.csrf},  # type: ignore[attr-defined]
        files={"attachment": ("pass.png", b"\x89PNG fake", "image/png")},
    )
    assert response.status_code == 303
    note = client.get(f"/api/travellers/{traveller}").json()["notes"][0]
    assert note["attachment_name"] == "pass.png"
    download = client.get(f"/travellers/{traveller}/notes/{note['id']}/attachment")
    assert download.content == b"\x89PNG fake"
    assert "attachment" in download.headers["content-disposition"]
    assert client.get(f"/travellers/{traveller}/notes/999/attachment").status_code == 404
