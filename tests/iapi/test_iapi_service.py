"""Each answer from its cause; deadline fallback; re-sends; CP, CLOB, XF; errors; concurrency."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import time
from pathlib import Path

import pytest
from iapi_support import (
    FLIGHT,
    database_url,
    listed_suspect,
    make_service,
    numbered_requests,
    passenger,
    request,
)
from sqlalchemy import func, select

from paxscreen.config import load_settings
from paxscreen.iapi.screening import CheckinScreen
from paxscreen.iapi.service import IapiService
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.model import MessageType
from paxscreen.store.hit_tables import hits
from paxscreen.store.iapi_tables import iapi_decisions, iapi_requests
from paxscreen.store.tables import flights


@pytest.fixture
def service(tmp_path: Path) -> IapiService:
    built = make_service(database_url(tmp_path))
    built.screen  # noqa: B018  (built before the first request, as the app does at start)
    yield built
    built.close()


def answers(reply: bytes) -> list[tuple[str | None, str | None]]:
    """(passenger reference, directive) per ERP+2 group, read back with our CUSRES reader."""
    [parsed] = parse_interchange(reply)
    assert parsed.message.type == MessageType.CUSRES
    return [(t.passenger_reference, t.boarding_status) for t in parsed.travellers]


def test_each_answer_code_from_its_cause(service: IapiService) -> None:
    travellers = [
        passenger(
            "JANSEN", "PIETER", reference="P1", state="NLD", nationality="NLD", document="NX1234567"
        ),
        passenger("YILMAZ", "AHMET", reference="P2", document="Z9988776"),  # stolen passport
        listed_suspect(),  # fuzzy name match
        passenger("DEMIR", "AYSE", reference="P4", document=None),  # no document
    ]
    answer = service.handle(request(*travellers), carrier="XQ")
    assert answers(answer.reply) == [("P1", "0Z"), ("P2", "1Z"), ("P3", "2Z"), ("P4", "4Z")]
    with service.engine.connect() as connection:
        urgent = connection.execute(select(hits.c.source, hits.c.urgent)).all()
    assert ("document", True) in urgent and ("watchlist", True) in urgent


def test_a_fuzzy_match_never_answers_1z_but_a_confirmed_identity_on_a_no_board_list_does(
    tmp_path: Path,
) -> None:
    from paxscreen.store.vetting_tables import hit_dispositions

    service = make_service(database_url(tmp_path))
    suspect = listed_suspect()
    first = service.handle(request(suspect), carrier="XQ")
    assert answers(first.reply) == [("P3", "2Z")]
    with service.engine.begin() as connection:
        hit_id = connection.execute(
            select(hits.c.id).where(hits.c.source == "watchlist")
        ).scalar_one()
        connection.execute(
            hit_dispositions.insert().values(
                hit_id=hit_id,
                disposition="true_match",
                reason="confirmed by passport check",
                decided_by="analyst1",
                decided_at=dt.datetime.now(dt.UTC),
            )
        )
    service.reload()
    again = service.handle(request(suspect, reference="R2", transaction="TN2"), carrier="XQ")
    assert answers(again.reply) == [("P3", "1Z")]
    service.close()


def test_an_expired_document_is_advisory_unless_configured_decisive(tmp_path: Path) -> None:
    expired = passenger("KAYA", "MEHMET", reference="P9", expiry=dt.date(2026, 6, 1))
    service = make_service(database_url(tmp_path))
    assert answers(service.handle(request(expired), carrier="XQ").reply) == [("P9", "2Z")]
    service.close()
    strict = load_settings(
        database_url=database_url(tmp_path / "strict"),
        iapi={"decisive_checks": ["document-expired"]},
    )
    (tmp_path / "strict").mkdir()
    service = make_service(strict.database_url, settings=strict)
    assert answers(service.handle(request(expired), carrier="XQ").reply) == [("P9", "1Z")]
    service.close()


def test_deadline_fallback_answers_in_time_and_screening_goes_on(tmp_path: Path) -> None:
    url = database_url(tmp_path)
    settings = load_settings(database_url=url, iapi={"deadline_ms": 100})

    class SlowScreen(CheckinScreen):
        def screen(self, traveller, flight):  # type: ignore[no-untyped-def]
            time.sleep(0.4)
            return super().screen(traveller, flight)

    from iapi_support import fixed_source

    from paxscreen.iapi.loader import load_checkin_screen

    def slow_loader(engine):  # type: ignore[no-untyped-def]
        built = load_checkin_screen(engine, settings, source=fixed_source)
        slow = SlowScreen(**{name: getattr(built, name) for name in built.__dataclass_fields__})
        return slow

    service = make_service(url, settings=settings, load_screen=slow_loader)
    service.screen  # build the screen before the clock starts  # noqa: B018
    stolen = passenger("YILMAZ", "AHMET", reference="P2", document="Z9988776")
    started = time.perf_counter()
    answer = service.handle(request(stolen), carrier="XQ")
    assert time.perf_counter() - started < 0.3
    assert answer.fallback and answers(answer.reply) == [("P2", "2Z")]
    concurrent.futures.wait(service.background, timeout=5)
    with service.engine.connect() as connection:
        late = connection.execute(select(hits.c.source, hits.c.urgent)).all()
        decision = connection.execute(
            select(iapi_decisions.c.final, iapi_decisions.c.reasons)
        ).one()
    assert ("document", True) in late  # the stolen passport reached the vetting queue
    assert decision.final and any(r["code"] == "document-list" for r in decision.reasons)
    service.close()


def test_a_resent_request_gets_the_same_answer(service: IapiService) -> None:
    raw = request(passenger("JANSEN", "PIETER", reference="P1"))
    first = service.handle(raw, carrier="XQ")
    second = service.handle(raw, carrier="XQ")
    assert second.repeated and second.reply == first.reply
    with service.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(iapi_requests)).scalar_one() == 1


def test_change_request_is_screened_again(service: IapiService) -> None:
    clean = passenger("YILMAZ", "AHMET", reference="P2", document="U0000001")
    assert answers(service.handle(request(clean), carrier="XQ").reply) == [("P2", "0Z")]
    changed = passenger("YILMAZ", "AHMET", reference="P2", document="Z9988776")
    answer = service.handle(
        request(changed, modifier="CP", reference="R2", transaction="TN2"), carrier="XQ"
    )
    assert answers(answer.reply) == [("P2", "1Z")]
    with service.engine.connect() as connection:
        current = (
            connection.execute(
                select(iapi_decisions.c.directive).where(
                    iapi_decisions.c.passenger_reference == "P2", iapi_decisions.c.current.is_(True)
                )
            )
            .scalars()
            .all()
        )
    assert current == ["1Z"]


def test_close_out_and_flight_cancellation(service: IapiService) -> None:
    service.handle(
        request(
            passenger("JANSEN", "PIETER", reference="P1"),
            passenger("DE VRIES", "SANNE", reference="P5"),
        ),
        carrier="XQ",
    )
    boarded = service.handle(
        request(
            passenger("JANSEN", "PIETER", reference="P1"),
            function="266",
            modifier="CLOB",
            reference="R3",
            transaction="TN3",
        ),
        carrier="XQ",
    )
    assert boarded.error is None
    with service.engine.connect() as connection:
        statuses = dict(
            connection.execute(
                select(iapi_decisions.c.passenger_reference, iapi_decisions.c.boarding_status)
            ).all()
        )
    assert statuses == {"P1": "on_board", "P5": None}
    service.handle(
        request(function="266", modifier="XF", reference="R4", transaction="TN4"), carrier="XQ"
    )
    with service.engine.connect() as connection:
        assert connection.execute(
            select(flights.c.cancelled).where(flights.c.flight_key == FLIGHT.key)
        ).scalar() in (True, None)
        statuses = set(connection.execute(select(iapi_decisions.c.boarding_status)).scalars())
    assert statuses == {"flight_cancelled"}


@pytest.mark.parametrize(
    ("raw", "carrier", "code"),
    [
        (b"\x00\xffnot edifact at all", "XQ", "118"),
        (None, "ZZ", "117"),
        ("close-unknown-flight", "XQ", "119"),
    ],
    ids=["garbled", "unknown carrier", "unknown flight"],
)
def test_message_level_errors_answer_erp1(
    service: IapiService, raw: object, carrier: str, code: str
) -> None:
    if raw is None:
        raw = request(passenger("JANSEN", "PIETER", reference="P1"))
    elif raw == "close-unknown-flight":
        raw = request(function="266", modifier="CLOB", reference="R9", transaction="TN9")
    answer = service.handle(raw, carrier=carrier)  # type: ignore[arg-type]
    assert answer.error
    [parsed] = parse_interchange(answer.reply)
    assert parsed.message.type == MessageType.CUSRES
    assert f"ERC+{code}" in answer.reply.decode()


def test_many_requests_at_once_for_one_flight(tmp_path: Path) -> None:
    # a generous deadline: this is about concurrent answers and records, not speed (the
    # deadline counts from receipt, so on a busy machine queued requests could fall back)
    url = database_url(tmp_path)
    service = make_service(
        url, settings=load_settings(database_url=url, iapi={"deadline_ms": 10_000})
    )
    raws = numbered_requests(40)
    raws += raws[:10]  # and some re-sent while the first ones are in flight
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda raw: service.handle(raw, carrier="XQ"), raws))
    assert all(answers(result.reply)[0][1] == "0Z" for result in results)
    assert [results[n].reply for n in range(10)] == [results[40 + n].reply for n in range(10)]
    with service.engine.connect() as connection:
        assert (
            connection.execute(select(func.count()).select_from(iapi_requests)).scalar_one() == 40
        )
    service.close()
