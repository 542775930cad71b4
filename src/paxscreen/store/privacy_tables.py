"""Tables of the privacy layer: the audit trail, retention records, re-identification.

The audit trail is append-only and hash-chained: each row stores the hash of the
row before it, and `audit_anchor` keeps the head of the chain, so that a modified,
deleted, inserted or reordered row (including the last one) is detected by
`paxscreen audit verify`.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, LargeBinary, String, Table, Text

from paxscreen.store.columns import id_column
from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata

audit_events = Table(
    "audit_events",
    metadata,
    id_column(),
    Column("sequence", Integer, nullable=False, unique=True),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("actor", String, nullable=False),  # user name, or "system:<job>"
    Column("action", String, nullable=False),  # view, search, export, disposition, retention ...
    Column("object_type", String, nullable=False),
    Column("object_id", String),
    Column("purpose", Text),
    Column("details", JSONType, nullable=False, default=dict),
    Column("previous_hash", String(64), nullable=False),
    Column("row_hash", String(64), nullable=False),
    Index(None, "actor", "occurred_at"),
    Index(None, "object_type", "object_id"),
    Index(None, "occurred_at"),
)

audit_anchor = Table(
    "audit_anchor",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_sequence", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

retention_actions = Table(
    "retention_actions",
    metadata,
    id_column(),
    Column("run_at", UtcDateTime, nullable=False),
    Column("action", String, nullable=False),  # depersonalise | delete | keep
    Column("object_type", String, nullable=False),  # booking | traveller | message
    Column("object_id", String, nullable=False),
    Column("element", String),  # names, contacts, payment, frequent_flyer, remarks, api ...
    Column("profile", String, nullable=False),
    Column("reason", Text),
    Column("counts", JSONType, nullable=False, default=dict),  # the tombstone: what was there
    Index(None, "object_type", "object_id"),
)

retention_holds = Table(
    "retention_holds",
    metadata,
    id_column(),
    Column("traveller_id", Integer, nullable=False, index=True),
    Column("reason", Text, nullable=False),  # open case, confirmed hit ...
    Column("case_reference", String),
    Column("created_by", String, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("released_at", UtcDateTime),
)

retention_state = Table(
    "retention_state",
    metadata,
    Column("object_type", String, primary_key=True),  # booking | traveller | message
    Column("object_id", String, primary_key=True),
    Column("depersonalised_at", UtcDateTime),
    Column("profile", String),
)

sealed_values = Table(
    "sealed_values",
    metadata,
    id_column(),
    Column("object_type", String, nullable=False),
    Column("object_id", String, nullable=False),
    Column("sealed_at", UtcDateTime, nullable=False),
    Column("payload", LargeBinary, nullable=False),  # AES-GCM; opened only by re-identification
    Index(None, "object_type", "object_id"),
)

reidentification_requests = Table(
    "reidentification_requests",
    metadata,
    id_column(),
    Column("traveller_id", Integer, nullable=False, index=True),
    Column("requested_by", String, nullable=False),
    Column("justification", Text, nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("status", String, nullable=False, default="pending"),  # pending|approved|refused|expired
    Column("decided_by", String),
    Column("decided_at", UtcDateTime),
    Column("decision_reason", Text),
    Column("access_until", UtcDateTime),
)

__all__ = [
    "audit_anchor",
    "audit_events",
    "reidentification_requests",
    "retention_actions",
    "retention_holds",
    "retention_state",
    "sealed_values",
]
