"""The HTTP and AMQP doors of the iAPI service, and statistics per carrier."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import threading
from pathlib import Path

from fastapi.testclient import TestClient
from iapi_support import database_url, make_service, passenger, request

from paxscreen.config import load_settings
from paxscreen.iapi.amqp import request_answer, serve_requests
from paxscreen.iapi.service import IapiService
from paxscreen.iapi.statistics import carrier_statistics
from paxscreen.ingest.senders import create_sender
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.web.app import create_app
from services import rabbitmq_or_skip


def _keyed_service(tmp_path: Path) -> tuple[IapiService, str]:
    service = make_service(database_url(tmp_path))
    with service.engine.begin() as connection:
        key = create_sender(connection, "XQ")
    return service, key


def test_post_api_iapi_answers_with_a_cusres(tmp_path: Path) -> None:
    service, key = _keyed_service(tmp_path)
    app = create_app(load_settings(database_url=database_url(tmp_path)))
    app.state.iapi_service = service
    client = TestClient(app)
    raw = request(passenger("YILMAZ", "AHMET", reference="P2", document="Z9988776"))
    assert client.post("/api/iapi", content=raw).status_code == 401
    assert client.post("/api/iapi", content=raw, headers={"x-api-key": "wrong"}).status_code == 401
    response = client.post("/api/iapi", content=raw, headers={"x-api-key": key})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    [reply] = parse_interchange(response.content)
    assert reply.message.message_reference == "R1"  # the request's reference, echoed
    assert reply.message.transaction_reference == "TN1"
    assert [(t.passenger_reference, t.boarding_status) for t in reply.travellers] == [("P2", "1Z")]
    now = dt.datetime.now(dt.UTC)
    with service.engine.connect() as connection:
        [stats] = carrier_statistics(
            connection, since=now - dt.timedelta(days=1), until=now + dt.timedelta(days=1)
        )
    assert stats["carrier"] == "XQ" and stats["requests"] == 1 and stats["answers"] == {"1Z": 1}
    assert stats["latency_ms"]["p99"] is not None
    service.close()


def test_amqp_request_reply(tmp_path: Path) -> None:
    url = rabbitmq_or_skip()
    service, key = _keyed_service(tmp_path)
    queue = f"paxscreen.iapi.test.{secrets.token_hex(4)}"
    answered: list[int] = []

    def serve() -> None:
        answered.append(
            asyncio.run(serve_requests(service, url=url, queue=queue, stop=lambda: True))
        )

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    raw = request(
        passenger(
            "JANSEN", "PIETER", reference="P1", state="NLD", nationality="NLD", document="NX1234567"
        )
    )
    reply = asyncio.run(request_answer(url, queue, raw, api_key=key, timeout=20))
    server.join(timeout=20)
    [parsed] = parse_interchange(reply)
    assert [(t.passenger_reference, t.boarding_status) for t in parsed.travellers] == [("P1", "0Z")]
    assert answered == [1]
    service.close()


def test_active_check_in_rules_answer_advisory(tmp_path: Path) -> None:
    from paxscreen.screening.rules.governance import approve_rule, create_rule, submit_rule
    from paxscreen.screening.rules.lifecycle import Actor
    from paxscreen.screening.rules.model import RuleSpec

    service = make_service(database_url(tmp_path))
    now = dt.datetime.now(dt.UTC)
    rule = RuleSpec.model_validate(
        {
            "code": "short-validity",
            "title": "Passport expires within 30 days of departure",
            "category": "checkin",
            "severity": "medium",
            "conditions": {
                "entity": "features",
                "field": "document_expires_days_after_departure",
                "operator": "less",
                "value": 30,
            },
        }
    )
    other = RuleSpec.model_validate(
        {
            "code": "not-at-checkin",
            "title": "Same test, not a check-in rule",
            "category": "general",
            "conditions": {
                "entity": "features",
                "field": "document_expires_days_after_departure",
                "operator": "less",
                "value": 30,
            },
        }
    )
    with service.engine.begin() as connection:
        for spec in (rule, other):
            rule_id = create_rule(connection, spec, author=Actor("alice", "analyst"), now=now)
            submit_rule(connection, rule_id, actor=Actor("alice", "analyst"), now=now)
            approve_rule(connection, rule_id, approver=Actor("rui", "rule_manager"), now=now)
    service.reload()
    assert [r.spec.code for r in service.screen.rules] == ["short-validity"]
    soon = passenger("KAYA", "MEHMET", reference="P7", expiry=dt.date(2026, 7, 20))
    later = passenger("KAYA", "ELIF", reference="P8", document="U7654321")
    answer = service.handle(request(soon, later), carrier="XQ")
    assert answer.directives == ["2Z", "0Z"]
    service.close()


def test_check_ins_skip_the_page_machinery_and_other_routes_keep_it(tmp_path: Path) -> None:
    from fastapi import HTTPException

    from paxscreen.web.auth import authorize

    service, key = _keyed_service(tmp_path)
    app = create_app(load_settings(database_url=database_url(tmp_path)))
    app.state.iapi_service = service

    def closed() -> None:
        raise HTTPException(status_code=503, detail="the page machinery was asked")

    app.dependency_overrides[authorize] = closed
    client = TestClient(app)
    raw = request(passenger("JANSEN", "PIETER", reference="P1"))
    response = client.post("/api/iapi", content=raw, headers={"x-api-key": key})
    assert response.status_code == 200 and float(response.headers["x-iapi-latency-ms"]) >= 0
    assert client.get("/health").status_code == 503
    service.close()


def test_the_server_builds_the_checkin_screen_at_start(tmp_path: Path) -> None:
    from paxscreen.web.routes.iapi import warm_up_in_background

    _keyed_service(tmp_path)[0].close()  # a database with the schema and a carrier
    app = create_app(load_settings(database_url=database_url(tmp_path)))
    assert getattr(app.state, "iapi_service", None) is None
    warm_up_in_background(app).join(timeout=60)
    service = app.state.iapi_service
    assert service.screen_ready  # built from the database's lists and rules, no check-in needed
    service.close()
