"""iAPI answers that need a person: the traveller and urgent hits in the vetting queue.

A 2Z (or 1Z) answer is only the start: the traveller is stored on the flight (from the
request itself, as an API traveller) and each reason becomes a hit marked urgent, so
analysts see it at the top of the queue while the traveller is still at the counter.
A late screening (the deadline fallback) records what it found, or, when it found
nothing, one hit saying that the fallback answer awaits a person's clearance.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from paxscreen.config import Settings
from paxscreen.iapi.decision import Decision, Reason
from paxscreen.messages.iapi import IapiRequest
from paxscreen.model import Traveller
from paxscreen.store.flights_repo import find_flight_id, save_flight
from paxscreen.store.travellers_repo import save_travellers
from paxscreen.vetting.hits import HitRecord, record_hit

# reason code -> hit source (the hits table's sources)
HIT_SOURCES = {
    "watchlist": "watchlist",
    "confirmed-no-board": "watchlist",
    "document-list": "document",
}


def _hit(traveller_id: int, flight_id: int | None, reason: Reason, settings: Settings) -> HitRecord:
    score = reason.score if reason.score is not None else 1.0
    alert = reason.directive == "1Z" or score >= settings.screening.alert_threshold
    return HitRecord(
        traveller_id=traveller_id,
        flight_id=flight_id,
        source=HIT_SOURCES.get(reason.code, "rule"),
        source_id=reason.source_id or f"iapi:{reason.code}",
        score=min(1.0, max(0.0, score)),
        band="alert" if alert else "review",
        severity=3 if reason.directive == "1Z" else 2,
        category=reason.category or "iapi",
        explanation={"iapi": reason.to_dict()},
        urgent=True,
    )


def record_for_vetting(
    connection: Connection,
    request: IapiRequest,
    traveller: Traveller,
    decision: Decision,
    *,
    now: dt.datetime,
    fallback: bool,
    settings: Settings,
) -> int:
    """Store the traveller on its flight, its reasons as urgent hits; return its id."""
    flight_id = None
    if request.flight is not None:
        flight_id = find_flight_id(connection, request.flight.key) or save_flight(
            connection, request.flight
        )
    [traveller_id] = save_travellers(connection, [traveller], flight_id=flight_id, source="api")
    reasons = [reason for reason in decision.reasons if reason.directive in ("1Z", "2Z")]
    if fallback and not reasons:
        reasons = [
            Reason(
                "deadline",
                decision.directive,
                "answered with the fallback; screening found nothing",
            )
        ]
    for reason in reasons:
        record_hit(connection, _hit(traveller_id, flight_id, reason, settings), now=now)
    return traveller_id


__all__ = ["record_for_vetting"]
