from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from paxscreen.users.roles import Role

from .seed import Seeded

LIST_CSV = b"""id,full_name,date_of_birth,nationality,document_number,document_country,category
W1,"HASAN, Omar Faruq",1984-03-12,EG,A1234567,EG,terrorism
W2,,1970,DE,,,narcotics
W3,Chidi Okafor,1975-09-09,NG,B5550001,NG,wanted-person
"""


def _create(client: TestClient, **fields: str) -> str:
    data = {"name": "National watchlist", "category": "terrorism", "kind": "person", **fields}
    response = client.post("/watchlists", data=data | {"csrf_token": client.csrf})  # type: ignore[attr-defined]
    assert response.status_code == 303
    return response.headers["location"]


def test_import_keeps_good_records_and_reports_the_bad_one(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    manager = client_for(Role.WATCHLIST_MANAGER)
    path = _create(manager)
    response = manager.post(
        f"/api{path}/import",
        files={"file": ("national.csv", LIST_CSV, "text/csv")},
        data={"csrf_token": manager.csrf},  # type: ignore[attr-defined]
    )
    report = response.json()
    assert report["version"] == 1 and report["accepted"] == 2
    assert report["rejected"] == [{"line": 3, "reason": "entry W2: no name"}]
    detail = manager.get(f"/api{path}").json()
    assert [entry["entry_id"] for entry in detail["entries"]] == ["W1", "W3"]
    assert detail["versions"][0]["rejected"][0]["line"] == 3
    page = manager.post(
        f"{path}/import",
        files={"file": ("again.csv", LIST_CSV, "text/csv")},
        data={"csrf_token": manager.csrf},
    )  # type: ignore[attr-defined]
    assert page.status_code == 200 and "Rejected records" in page.text and "no name" in page.text
    assert manager.get(f"/api{path}").json()["current_version"] == 2


def test_unreadable_file_stores_nothing(client_for: Callable[[Role | None], TestClient]) -> None:
    manager = client_for(Role.WATCHLIST_MANAGER)
    path = _create(manager)
    response = manager.post(
        f"/api{path}/import",
        files={"file": ("x.csv", b"name\nfoo\n")},
        data={"csrf_token": manager.csrf},
    )  # type: ignore[attr-defined]
    assert response.json()["version"] is None
    assert response.json()["rejected"][0]["line"] == 1


def test_manual_entries_make_versions_and_document_lists_work(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    manager = client_for(Role.WATCHLIST_MANAGER)
    token = {"csrf_token": manager.csrf}  # type: ignore[attr-defined]
    person = _create(manager)
    assert (
        manager.post(
            f"{person}/entries",
            data=token
            | {"full_name": "Petra Novak", "date_of_birth": "circa 1988", "nationality": "CZ"},
        ).status_code
        == 303
    )
    assert (
        manager.post(
            f"{person}/entries", data=token | {"full_name": "", "date_of_birth": "1988"}
        ).status_code
        == 400
    )
    documents = _create(
        manager, name="Lost and stolen", kind="document", category="lost-stolen-document"
    )
    assert (
        manager.post(
            f"{documents}/entries",
            data=token
            | {"document_number": "X1234567", "document_country": "FR", "status": "stolen"},
        ).status_code
        == 303
    )
    entry = manager.get(f"/api{documents}").json()["entries"][0]
    assert entry["documents"][0] == {
        "number": "X1234567",
        "issuing_state": "FR",
        "type": None,
        "status": "stolen",
    }
    lists = {item["name"]: item for item in manager.get("/api/watchlists").json()}
    assert lists["National watchlist"]["entries"] == 1
    assert lists["Lost and stolen"]["kind"] == "document"


def test_analyst_adds_a_traveller_to_the_manual_list(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    analyst = client_for(Role.ANALYST)
    traveller = seeded.travellers["SILVA"]
    response = analyst.post(
        f"/travellers/{traveller}/watchlist",
        data={"reason": "Courier pattern", "csrf_token": analyst.csrf},
    )  # type: ignore[attr-defined]
    assert response.status_code == 303
    manual = next(
        item for item in analyst.get("/api/watchlists").json() if item["name"] == "Manual additions"
    )
    entry = analyst.get(f"/api/watchlists/{manual['id']}").json()["entries"][0]
    assert entry["primary_name"] == "ANA PAULA SILVA"
    assert entry["dates_of_birth"] == ["1991-06-30"] and entry["remarks"] == "Courier pattern"
    assert entry["documents"][0]["number"] == "FX998877"


def test_list_statistics_count_hits_decisions_and_outcomes(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    analyst = client_for(Role.ANALYST)
    manager = client_for(Role.WATCHLIST_MANAGER)
    _create(manager, name="national-1")  # the seed's hit cites "national-1:17"
    hit = seeded.hits["watchlist"]
    analyst.post(
        f"/api/hits/{hit}/disposition",
        data={"disposition": "referred", "reason": "agrees", "csrf_token": analyst.csrf},
    )  # type: ignore[attr-defined]
    officer = client_for(Role.PORT_OFFICER)
    lookout = officer.get("/api/lookouts").json()["active"][0]["id"]
    officer.post(
        f"/api/lookouts/{lookout}/status",
        data={"status": "encountered", "outcome": "refused_entry", "csrf_token": officer.csrf},
    )  # type: ignore[attr-defined]
    stats = next(
        item["statistics"]
        for item in manager.get("/api/watchlists").json()
        if item["name"] == "national-1"
    )
    assert stats == {
        "hits": 1,
        "true_matches": 1,
        "false_positives": 0,
        "outcomes": {"refused_entry": 1},
    }
