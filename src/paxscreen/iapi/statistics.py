"""Per carrier: requests, answers by code, latency percentiles, fallbacks, errors, outbox."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, func, select

from paxscreen.store.iapi_tables import iapi_decisions, iapi_outbox, iapi_requests


def percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))
    return round(ordered[index], 2)


def carrier_statistics(
    connection: Connection, *, since: dt.datetime, until: dt.datetime
) -> list[dict[str, Any]]:
    window = (iapi_requests.c.received_at >= since) & (iapi_requests.c.received_at < until)
    latencies: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for carrier, latency, fallback, error in connection.execute(
        select(
            iapi_requests.c.carrier,
            iapi_requests.c.latency_ms,
            iapi_requests.c.fallback,
            iapi_requests.c.error,
        ).where(window)
    ):
        latencies[carrier].append(latency)
        counts[carrier]["requests"] += 1
        counts[carrier]["fallbacks"] += int(bool(fallback))
        counts[carrier]["errors"] += int(bool(error))
    answers: dict[str, Counter[str]] = defaultdict(Counter)
    for carrier, directive, count in connection.execute(
        select(iapi_decisions.c.carrier, iapi_decisions.c.directive, func.count())
        .join(iapi_requests, iapi_requests.c.id == iapi_decisions.c.request_id)
        .where(window, iapi_decisions.c.decided_by == "system")
        .group_by(iapi_decisions.c.carrier, iapi_decisions.c.directive)
    ):
        answers[carrier][directive] = count
    outbox: dict[str, Counter[str]] = defaultdict(Counter)
    for carrier, status, count in connection.execute(
        select(iapi_outbox.c.carrier, iapi_outbox.c.status, func.count())
        .where(iapi_outbox.c.created_at >= since, iapi_outbox.c.created_at < until)
        .group_by(iapi_outbox.c.carrier, iapi_outbox.c.status)
    ):
        outbox[carrier][status] = count
    rows = []
    for carrier in sorted(set(counts) | set(outbox)):
        ordered = sorted(latencies[carrier])
        rows.append(
            {
                "carrier": carrier,
                "requests": counts[carrier]["requests"],
                "answers": dict(sorted(answers[carrier].items())),
                "fallbacks": counts[carrier]["fallbacks"],
                "errors": counts[carrier]["errors"],
                "latency_ms": {
                    "p50": percentile(ordered, 0.5),
                    "p95": percentile(ordered, 0.95),
                    "p99": percentile(ordered, 0.99),
                    "max": round(ordered[-1], 2) if ordered else None,
                },
                "unsolicited": dict(sorted(outbox[carrier].items())),
            }
        )
    return rows


def recent_requests(connection: Connection, *, limit: int = 50) -> list[dict[str, Any]]:
    query = (
        select(
            iapi_requests.c.id,
            iapi_requests.c.carrier,
            iapi_requests.c.kind,
            iapi_requests.c.flight_key,
            iapi_requests.c.received_at,
            iapi_requests.c.latency_ms,
            iapi_requests.c.fallback,
            iapi_requests.c.error,
        )
        .order_by(iapi_requests.c.id.desc())
        .limit(limit)
    )
    return [dict(row._mapping) for row in connection.execute(query)]


def outbox_rows(connection: Connection, *, limit: int = 50) -> list[dict[str, Any]]:
    query = (
        select(
            iapi_outbox.c.id,
            iapi_outbox.c.carrier,
            iapi_outbox.c.message_reference,
            iapi_outbox.c.status,
            iapi_outbox.c.attempts,
            iapi_outbox.c.next_attempt_at,
            iapi_outbox.c.last_error,
            iapi_outbox.c.created_at,
            iapi_outbox.c.acknowledged_at,
        )
        .order_by(iapi_outbox.c.id.desc())
        .limit(limit)
    )
    return [dict(row._mapping) for row in connection.execute(query)]


__all__ = ["carrier_statistics", "outbox_rows", "percentile", "recent_requests"]
