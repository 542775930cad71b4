from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from paxscreen.users.roles import Role

from .seed import Seeded


def test_graph_of_a_traveller_reaches_the_shared_phone_and_links_back_to_pages(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    data = client.get(
        "/api/graph", params={"traveller_id": seeded.travellers["HASSAN"], "hops": 3}
    ).json()
    kinds = {node["kind"] for node in data["nodes"]}
    assert {"identity", "booking", "phone"} <= kinds
    phone = "phone:+201005550199"
    assert any(edge["target"] == phone for edge in data["edges"])
    bookings = [node for node in data["nodes"] if node["kind"] == "booking"]
    assert {node["label"] for node in bookings} == {"QX7P2A", "ZT4K9M"}
    assert all(node["href"].startswith("/travellers/") for node in bookings)


def test_graph_expands_one_node_and_filters_by_type(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    around_phone = client.get("/api/graph", params={"node": "phone:+201005550199"}).json()
    assert {node["label"] for node in around_phone["nodes"] if node["kind"] == "booking"} == {
        "QX7P2A",
        "ZT4K9M",
    }
    only_flights = client.get(
        "/api/graph", params={"node": "phone:+201005550199", "types": "flew_on"}
    ).json()
    assert only_flights["edges"] == []
    page = client.get("/graph", params={"traveller_id": seeded.travellers["HASSAN"]})
    assert page.status_code == 200 and 'data-start="identity:' in page.text
