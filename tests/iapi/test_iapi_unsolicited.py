"""Analysts change an answer: an unsolicited 132 goes out, is retried, and 312 acknowledges it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iapi_support import database_url, listed_suspect, make_service, passenger, request
from sqlalchemy import select

from paxscreen.iapi.outbox import deliver_due
from paxscreen.iapi.reconsider import reconsider_after_disposition
from paxscreen.messages.cusres import ACKNOWLEDGEMENT, CusresReply, write_cusres
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.privacy.audit import search_events
from paxscreen.store.hit_tables import hits
from paxscreen.store.iapi_tables import iapi_decisions, iapi_outbox
from paxscreen.store.vetting_tables import hit_dispositions

NOW = dt.datetime(2026, 7, 1, 7, 0, tzinfo=dt.UTC)


def test_a_cleared_advisory_goes_out_unsolicited_until_acknowledged(tmp_path: Path) -> None:
    service = make_service(database_url(tmp_path))
    suspect = listed_suspect()
    assert service.handle(request(suspect), carrier="XQ").directives == ["2Z"]
    settings = service.settings
    with service.engine.begin() as connection:
        for hit_id in connection.execute(select(hits.c.id)).scalars().all():
            connection.execute(
                hit_dispositions.insert().values(
                    hit_id=hit_id,
                    disposition="false_positive",
                    reason="different person: DOB and photo",
                    decided_by="analyst1",
                    decided_at=NOW,
                )
            )
            changed = reconsider_after_disposition(
                connection, hit_id, actor="analyst1", settings=settings, now=NOW
            )
        assert len(changed) == 1
        current = (
            connection.execute(
                select(iapi_decisions.c.directive).where(iapi_decisions.c.current.is_(True))
            )
            .scalars()
            .all()
        )
        assert current == ["0Z"]

    sent: list[bytes] = []
    attempts = {"count": 0}

    def lossy(carrier: str, payload: bytes) -> None:
        attempts["count"] += 1
        if attempts["count"] == 1:
            raise ConnectionError("carrier gateway did not answer")
        sent.append(payload)

    with service.engine.begin() as connection:
        first = deliver_due(connection, lossy, now=NOW, retry_base_seconds=30)
        assert (first.sent, first.failed) == (0, 1)
        too_soon = deliver_due(
            connection, lossy, now=NOW + dt.timedelta(seconds=10), retry_base_seconds=30
        )
        assert (too_soon.sent, too_soon.failed) == (0, 0)  # backing off
        retried = deliver_due(
            connection, lossy, now=NOW + dt.timedelta(seconds=31), retry_base_seconds=30
        )
        assert retried.sent == 1
    [unsolicited] = parse_interchange(sent[0])
    assert unsolicited.message.function == "132"
    assert [(t.passenger_reference, t.boarding_status) for t in unsolicited.travellers] == [
        ("P3", "0Z")
    ]

    ack = write_cusres(
        CusresReply(
            message_reference="ACK1",
            document=ACKNOWLEDGEMENT,
            transaction_reference=unsolicited.message.message_reference,
            sender="XQ",
            recipient="NLGOV",
        )
    )
    answer = service.handle(ack, carrier="XQ")
    assert answer.error is None
    with service.engine.connect() as connection:
        row = connection.execute(select(iapi_outbox.c.status, iapi_outbox.c.attempts)).one()
        assert (row.status, row.attempts) == ("acknowledged", 2)
        assert search_events(connection, action="iapi-answer-changed")
    # nothing more to send once acknowledged
    with service.engine.begin() as connection:
        assert (
            deliver_due(
                connection, lossy, now=NOW + dt.timedelta(hours=1), retry_base_seconds=30
            ).sent
            == 0
        )
    service.close()


def test_unacknowledged_messages_expire(tmp_path: Path) -> None:
    service = make_service(database_url(tmp_path))
    service.handle(
        request(passenger("YILMAZ", "AHMET", reference="P2", document="Z9988776")), carrier="XQ"
    )
    with service.engine.begin() as connection:
        hit_id = connection.execute(select(hits.c.id)).scalars().first()
        connection.execute(
            hit_dispositions.insert().values(
                hit_id=hit_id,
                disposition="false_positive",
                reason="document recovered by owner",
                decided_by="analyst1",
                decided_at=NOW,
            )
        )
        assert reconsider_after_disposition(
            connection, hit_id, actor="analyst1", settings=service.settings, now=NOW
        )
        later = NOW + dt.timedelta(hours=service.settings.iapi.unsolicited_expiry_hours + 1)
        report = deliver_due(
            connection, lambda carrier, payload: None, now=later, retry_base_seconds=30
        )
        assert report.expired == 1
    service.close()
