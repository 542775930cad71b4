from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from paxscreen.users.roles import Role

from .seed import Seeded


def test_flights_api_counts_travellers_coverage_and_hits(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    rows = client_for(Role.ANALYST).get("/api/flights").json()
    by_flight = {row["flight"]: row for row in rows}
    xa101 = by_flight["XA101"]
    assert (xa101["travellers"], xa101["api"], xa101["pnr"]) == (4, 4, 2)
    assert xa101["hits"] == {"alert": 1, "review": 1}
    assert xa101["coverage"] == []
    assert by_flight["XA202"]["coverage"] == ["no-pnr"]


def test_flight_filters_by_airport_direction_and_hits(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    outbound = client.get("/api/flights", params={"direction": "outbound"}).json()
    assert [row["flight"] for row in outbound] == ["XA202"]
    frankfurt = client.get("/api/flights", params={"airport": "fra"}).json()
    assert [row["flight"] for row in frankfurt] == ["XB7"]
    with_hits = client.get("/api/flights", params={"with_hits": "true"}).json()
    assert [row["flight"] for row in with_hits] == ["XA101"]


def test_hits_outside_the_users_groups_are_not_counted(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    # the analyst of the fixture belongs to no group: sees uncategorised hits only
    rows = client_for(Role.READ_ONLY).get("/api/flights", params={"airport": "CAI"}).json()
    assert rows[0]["hits"] == {"alert": 0, "review": 0}
    admin = client_for(Role.ADMINISTRATOR).get("/api/flights", params={"airport": "CAI"}).json()
    assert admin[0]["hits"] == {"alert": 1, "review": 1}


def test_flight_page_lists_paired_travellers_once_with_their_band(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ADMINISTRATOR)
    detail = client.get(f"/api/flights/{seeded.flights['XA101']}").json()
    names = [row["name"] for row in detail["manifest"]]
    assert names.count("HASSAN/OMAR FAROUK") == 1
    assert detail["manifest"][0]["band"] == "alert"
    page = client.get(f"/flights/{seeded.flights['XA101']}")
    assert page.status_code == 200 and "HASSAN/OMAR FAROUK" in page.text
    assert client.get("/flights/999").status_code == 404


def test_dashboard_shows_open_alerts(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    data = client_for(Role.ADMINISTRATOR).get("/api/dashboard").json()
    assert data["tiles"]["open_alerts"] == 1 and data["tiles"]["flights_next_24h"] == 3
    assert data["hits_by_source"] == {"watchlist": 1, "rule": 1}
    assert [hit["source"] for hit in data["queue_top"]] == ["watchlist", "rule"]
    page = client_for(Role.ADMINISTRATOR).get("/")
    assert page.status_code == 200 and "XA101" in page.text
    assert "Top of the vetting queue" in page.text and "HASSAN/OMAR FAROUK" in page.text


def test_htmx_filter_gets_only_the_rows(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    partial = client.get("/flights", params={"airport": "FRA"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text
    assert "XB7" in partial.text and "XA101" not in partial.text
    assert "<html" in client.get("/flights").text


def test_dashboard_of_the_data_protection_officer_shows_counts_only(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    page = client_for(Role.DATA_PROTECTION_OFFICER).get("/")
    assert page.status_code == 200 and "open alerts" in page.text
    assert "XA101" not in page.text
