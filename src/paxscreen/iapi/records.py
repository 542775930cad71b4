"""Keeping iAPI requests, answers and decisions: few statements, built once.

Every check-in answer is written before (or, after a deadline fallback, right after)
it goes out, so this is on the latency path of every request. The statements are
built once at import with bound parameters: building a SQLAlchemy statement per call
cost more interpreter time than the database spent running it. One request is one
INSERT for the request, one multi-row INSERT for its decisions and one UPDATE that
marks earlier decisions for the same travellers as superseded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from paxscreen.store.iapi_tables import iapi_carriers, iapi_decisions, iapi_requests

_ANSWERED = select(
    iapi_requests.c.id, iapi_requests.c.reply, iapi_requests.c.fallback, iapi_requests.c.error
).where(
    iapi_requests.c.carrier == bindparam("b_carrier"),
    iapi_requests.c.message_reference == bindparam("b_reference"),
    iapi_requests.c.transaction_reference == bindparam("b_transaction"),
)
_DIRECTIVES = (
    select(iapi_decisions.c.directive)
    .where(iapi_decisions.c.request_id == bindparam("b_request"))
    .order_by(iapi_decisions.c.id)
)
_CARRIER_ACTIVE = select(iapi_carriers.c.code).where(
    iapi_carriers.c.code == bindparam("b_carrier"), iapi_carriers.c.active.is_(True)
)
_INSERT_REQUEST = iapi_requests.insert().returning(iapi_requests.c.id)
_INSERT_DECISION = iapi_decisions.insert()
_SUPERSEDE = (
    update(iapi_decisions)
    .where(
        iapi_decisions.c.flight_key == bindparam("b_flight"),
        iapi_decisions.c.passenger_reference.in_(bindparam("b_references", expanding=True)),
        iapi_decisions.c.request_id != bindparam("b_request"),
        iapi_decisions.c.current.is_(True),
    )
    .values(current=False)
)


@dataclass(frozen=True, slots=True)
class AnsweredRequest:
    id: int
    reply: bytes
    fallback: bool
    error: str | None
    directives: list[str]


def answered_request(
    connection: Connection, carrier: str, reference: str, transaction: str
) -> AnsweredRequest | None:
    """The request with these references as it was answered, or None when it is new."""
    row = connection.execute(
        _ANSWERED, {"b_carrier": carrier, "b_reference": reference, "b_transaction": transaction}
    ).first()
    if row is None:
        return None
    directives = list(connection.execute(_DIRECTIVES, {"b_request": row.id}).scalars())
    return AnsweredRequest(row.id, row.reply, row.fallback, row.error, directives)


def carrier_active(connection: Connection, carrier: str) -> bool:
    return connection.execute(_CARRIER_ACTIVE, {"b_carrier": carrier}).first() is not None


def keep_request(connection: Connection, values: dict[str, Any]) -> int:
    """Insert one request row; IntegrityError when its references are on record already."""
    return int(connection.execute(_INSERT_REQUEST, values).scalar_one())


def keep_decisions(
    connection: Connection,
    request_id: int,
    flight_key: str | None,
    rows: Sequence[dict[str, Any]],
    *,
    decided_at: dt.datetime,
) -> None:
    """The request's decisions become the current ones for their travellers."""
    if not rows:
        return
    connection.execute(
        _INSERT_DECISION,
        [
            {**row, "request_id": request_id, "flight_key": flight_key, "decided_at": decided_at}
            for row in rows
        ],
    )
    references = [row["passenger_reference"] for row in rows if row["passenger_reference"]]
    if flight_key and references:
        connection.execute(
            _SUPERSEDE,
            {"b_flight": flight_key, "b_references": references, "b_request": request_id},
        )


__all__ = [
    "AnsweredRequest",
    "answered_request",
    "carrier_active",
    "keep_decisions",
    "keep_request",
]
