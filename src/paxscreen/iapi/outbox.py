"""Unsolicited answers: when analysts change an answer after it went out.

A 2Z cleared to 0Z, or a boarded traveller now matching a new no-board entry: the
carrier must hear of it. The change becomes a new current decision and a CUSRES with
BGM 132 in the outbox; `deliver_due` sends what is due and retries with exponential
back-off until the carrier acknowledges it (a CUSRES with BGM 312 echoing our
reference) or it expires. Every step is visible in `iapi_outbox` and audited.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select, update

from paxscreen.messages.cusres import (
    UNSOLICITED,
    CusresReply,
    Directive,
    TravellerAnswer,
    write_cusres,
)
from paxscreen.privacy.audit import record_event
from paxscreen.store.iapi_tables import iapi_decisions, iapi_outbox, iapi_requests

Deliver = Callable[[str, bytes], None]  # (carrier, payload); raises when the carrier is unreachable
MAX_BACKOFF_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    expired: int = 0


def change_decision(
    connection: Connection,
    decision_id: int,
    directive: Directive,
    *,
    reason: str,
    actor: str,
    now: dt.datetime,
    expiry_hours: int,
) -> int | None:
    """Record a changed answer and queue the unsolicited CUSRES; None when nothing changes."""
    old = connection.execute(select(iapi_decisions).where(iapi_decisions.c.id == decision_id)).one()
    if old.directive == str(directive) or not old.current:
        return None
    connection.execute(
        update(iapi_decisions).where(iapi_decisions.c.id == decision_id).values(current=False)
    )
    new_id = connection.execute(
        iapi_decisions.insert()
        .values(
            request_id=old.request_id,
            carrier=old.carrier,
            flight_key=old.flight_key,
            traveller_id=old.traveller_id,
            record_locator=old.record_locator,
            passenger_reference=old.passenger_reference,
            directive=str(directive),
            reasons=[{"code": "analyst", "directive": str(directive), "text": reason}],
            final=True,
            current=True,
            boarding_status=old.boarding_status,
            decided_at=now,
            decided_by=actor,
        )
        .returning(iapi_decisions.c.id)
    ).scalar_one()
    request = connection.execute(
        select(iapi_requests.c.transaction_reference, iapi_requests.c.message_reference).where(
            iapi_requests.c.id == old.request_id
        )
    ).one()
    reference = f"U{secrets.token_hex(6).upper()}"
    payload = write_cusres(
        CusresReply(
            message_reference=reference,
            document=UNSOLICITED,
            transaction_reference=request.transaction_reference or request.message_reference,
            answers=[
                TravellerAnswer(
                    record_locator=old.record_locator,
                    passenger_reference=old.passenger_reference,
                    directive=directive,
                )
            ],
            recipient=old.carrier,
            prepared_at=now.replace(tzinfo=None),
        )
    )
    connection.execute(
        iapi_outbox.insert().values(
            carrier=old.carrier,
            decision_id=new_id,
            message_reference=reference,
            payload=payload,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            expires_at=now + dt.timedelta(hours=expiry_hours),
        )
    )
    record_event(
        connection,
        actor=actor,
        action="iapi-answer-changed",
        object_type="iapi_decision",
        object_id=new_id,
        purpose=reason,
        details={"from": old.directive, "to": str(directive), "unsolicited": reference},
        now=now,
    )
    return int(new_id)


def deliver_due(
    connection: Connection, deliver: Deliver, *, now: dt.datetime, retry_base_seconds: int
) -> DeliveryReport:
    """Send every pending message whose time has come; back off on failure; expire the old."""
    sent = failed = expired = 0
    due = connection.execute(
        select(iapi_outbox)
        .where(iapi_outbox.c.status == "pending", iapi_outbox.c.next_attempt_at <= now)
        .order_by(iapi_outbox.c.id)
    ).all()
    for row in due:
        if row.expires_at <= now:
            connection.execute(
                update(iapi_outbox).where(iapi_outbox.c.id == row.id).values(status="expired")
            )
            expired += 1
            continue
        attempts = row.attempts + 1
        try:
            deliver(row.carrier, row.payload)
        except Exception as error:  # noqa: BLE001 - any transport failure is retried
            delay = min(MAX_BACKOFF_SECONDS, retry_base_seconds * 2 ** (attempts - 1))
            connection.execute(
                update(iapi_outbox)
                .where(iapi_outbox.c.id == row.id)
                .values(
                    attempts=attempts,
                    last_error=f"{type(error).__name__}: {error}",
                    next_attempt_at=now + dt.timedelta(seconds=delay),
                )
            )
            failed += 1
            continue
        # sent: wait for the acknowledgement; resend after the back-off if none comes
        delay = min(MAX_BACKOFF_SECONDS, retry_base_seconds * 2 ** (attempts - 1))
        connection.execute(
            update(iapi_outbox)
            .where(iapi_outbox.c.id == row.id)
            .values(
                attempts=attempts,
                last_error=None,
                next_attempt_at=now + dt.timedelta(seconds=delay),
            )
        )
        sent += 1
    return DeliveryReport(sent, failed, expired)


def acknowledge(
    connection: Connection, references: list[str], *, carrier: str, now: dt.datetime
) -> int:
    """Mark our unsolicited messages acknowledged by the carrier's BGM 312; returns how many."""
    wanted = [reference for reference in references if reference]
    if not wanted:
        return 0
    result = connection.execute(
        update(iapi_outbox)
        .where(
            iapi_outbox.c.carrier == carrier,
            iapi_outbox.c.status == "pending",
            or_(iapi_outbox.c.message_reference.in_(wanted)),
        )
        .values(status="acknowledged", acknowledged_at=now)
    )
    return int(result.rowcount or 0)


__all__ = ["Deliver", "DeliveryReport", "acknowledge", "change_decision", "deliver_due"]
