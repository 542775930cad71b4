from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from paxscreen.users.roles import Role

from .seed import Seeded

RULE = {
    "code": "EG-LATE-CASH",
    "title": "Egyptian nationals on the Cairo flight",
    "category": "targeting-rule",
    "severity": "medium",
    "justification": "Intelligence report 2026/114 names this route and nationality",
    "weight": "1",
    "top_mode": "all",
    "row_group": ["0", "0"],
    "row_field": ["traveller.nationality", "traveller.debarkation"],
    "row_operator": ["equal", "equal"],
    "row_value": ["EG", "LHR"],
    "row_not": ["", ""],
    "days_back": "5",
}


def _form(client: TestClient, **extra: object) -> dict[str, object]:
    return {**RULE, **extra, "csrf_token": client.csrf}  # type: ignore[attr-defined]


def test_builder_backtests_an_unsaved_rule(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    response = client.post("/rules", data=_form(client, action="backtest"))
    assert response.status_code == 200, response.text[:500]
    assert "Back-test result" in response.text
    assert f"/travellers/{seeded.travellers['HASSAN']}" in response.text


def test_builder_reports_validation_problems_per_condition(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    bad = _form(client, action="save", row_field=["traveller.nationality", "traveller.shoe_size"])
    response = client.post("/rules", data=bad)
    assert response.status_code == 400
    assert "cannot be saved yet" in response.text and "shoe_size" in response.text
    unjustified = client.post("/rules", data=_form(client, action="save", justification=""))
    assert unjustified.status_code == 400 and "protected attribute" in unjustified.text


def test_rule_life_cycle_from_draft_to_active_needs_four_eyes(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    analyst, manager = client_for(Role.ANALYST), client_for(Role.RULE_MANAGER)
    created = analyst.post("/rules", data=_form(analyst, action="save"))
    assert created.status_code == 303
    rule_path = created.headers["location"]
    token = {"csrf_token": analyst.csrf}  # type: ignore[attr-defined]
    assert analyst.post(f"{rule_path}/submit", data=token).status_code == 303
    assert analyst.post(f"{rule_path}/approve", data=token).status_code == 403  # table: managers
    manager_token = {"csrf_token": manager.csrf, "comment": "ok"}  # type: ignore[attr-defined]
    assert manager.post(f"{rule_path}/approve", data=manager_token).status_code == 303
    rule = analyst.get(f"/api{rule_path}").json()
    assert rule["status"] == "active" and rule["active_version"] == 1
    assert [event["action"] for event in rule["history"]][-1] == "approve"
    page = analyst.get(rule_path)
    assert page.status_code == 200 and 'value="traveller.nationality" data-type' in page.text


def test_saved_query_runs_and_exports_csv(
    client_for: Callable[[Role | None], TestClient], seeded: Seeded
) -> None:
    client = client_for(Role.ANALYST)
    form = {
        key: RULE[key]
        for key in (
            "top_mode",
            "row_group",
            "row_field",
            "row_operator",
            "row_value",
            "row_not",
            "days_back",
        )
    }
    ran = client.post("/queries", data={**form, "action": "run", "csrf_token": client.csrf})  # type: ignore[attr-defined]
    assert ran.status_code == 200 and f"/travellers/{seeded.travellers['HASSAN']}" in ran.text
    saved = client.post(
        "/queries", data={**form, "action": "save", "name": "Cairo EG", "csrf_token": client.csrf}
    )  # type: ignore[attr-defined]
    assert saved.status_code == 303
    query_path = saved.headers["location"]
    exported = client.get(f"{query_path}/export.csv", params={"days_back": 5})
    assert exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.strip().splitlines()
    assert "traveller_id" in lines[0] and len(lines) == 3  # header, API row, PNR row
