"""Tables of the interactive API: carriers, requests and answers, decisions, outbox.

Every request is kept with its raw bytes and the exact reply sent, so a re-sent
request gets the very same answer and every answer can be audited later. Decisions
are per traveller; when analysts change one after the answer went out, the
unsolicited CUSRES (BGM 132) waits in `iapi_outbox` until the carrier acknowledges
it (BGM 312) or it expires.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from paxscreen.store.columns import id_column
from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata

iapi_carriers = Table(
    "iapi_carriers",
    metadata,
    Column("code", String(8), primary_key=True),  # the ingest sender name the carrier's key maps to
    Column("name", String, nullable=False, default=""),
    Column("callback_url", String),  # where unsolicited CUSRES are POSTed
    Column("reply_queue", String),  # or: the AMQP queue they are published to
    Column("active", Boolean, nullable=False, default=True),
)

iapi_requests = Table(
    "iapi_requests",
    metadata,
    id_column(),
    Column("carrier", String(8), nullable=False),
    Column("message_reference", String, nullable=False),
    Column("transaction_reference", String, nullable=False, default=""),
    Column("kind", String, nullable=False),  # clear, change, close_on_board ... or error
    Column("flight_key", String, index=True),
    Column("received_at", UtcDateTime, nullable=False),
    Column("answered_at", UtcDateTime, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("fallback", Boolean, nullable=False, default=False),  # deadline passed: fallback answer
    Column("error", Text),  # message-level error (ERP+1) reason
    Column("raw", LargeBinary, nullable=False),
    Column("reply", LargeBinary, nullable=False),
    UniqueConstraint("carrier", "message_reference", "transaction_reference"),
    Index(None, "carrier", "received_at"),
)

iapi_decisions = Table(
    "iapi_decisions",
    metadata,
    id_column(),
    Column(
        "request_id",
        Integer,
        ForeignKey("iapi_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("carrier", String(8), nullable=False),
    Column("flight_key", String, index=True),
    Column("traveller_id", Integer, ForeignKey("travellers.id", ondelete="SET NULL"), index=True),
    Column("record_locator", String),
    Column("passenger_reference", String, index=True),
    Column("directive", String(2), nullable=False),  # 0Z 1Z 2Z 4Z
    Column("reasons", JSONType, nullable=False, default=list),
    Column("final", Boolean, nullable=False, default=True),  # false: fallback, screening goes on
    Column("current", Boolean, nullable=False, default=True),  # superseded by a later decision
    Column("boarding_status", String),  # on_board / not_on_board after close-out
    Column("decided_at", UtcDateTime, nullable=False),
    Column("decided_by", String, nullable=False, default="system"),
)

iapi_outbox = Table(
    "iapi_outbox",
    metadata,
    id_column(),
    Column("carrier", String(8), nullable=False, index=True),
    Column(
        "decision_id", Integer, ForeignKey("iapi_decisions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("message_reference", String, nullable=False, unique=True),  # our 132's UNH reference
    Column("payload", LargeBinary, nullable=False),
    Column("status", String, nullable=False, default="pending"),  # pending, acknowledged, expired
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("acknowledged_at", UtcDateTime),
    Column("last_error", Text),
    Index(None, "status", "next_attempt_at"),
)

__all__ = ["iapi_carriers", "iapi_decisions", "iapi_outbox", "iapi_requests"]
