"""Tables of link analysis: person identities and the analysts' decisions about them.

The network itself is not copied anywhere: nodes and edges are read from the
travel tables (bookings, contacts, payments, documents, seats, bags), so there is
no second store to keep in sync and depersonalisation reaches the graph by itself.
What link analysis adds is who is the same person (`identity_links`), and the
analysts' word on it (`identity_decisions`), which later matching respects.

Decisions are keyed on traveller *fingerprints* (a keyed hash of name key, date
of birth and document numbers), not on traveller row ids, so that they survive
re-ingestion, which may replace a booking's traveller rows with new ones.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, String, Table, Text

from paxscreen.store.columns import id_column
from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata

identities = Table(
    "identities",
    metadata,
    id_column(),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("merged_into", Integer, ForeignKey("identities.id", ondelete="SET NULL")),
)

identity_links = Table(
    "identity_links",
    metadata,
    Column(
        "traveller_id",
        Integer,
        ForeignKey("travellers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "identity_id",
        Integer,
        ForeignKey("identities.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("fingerprint", String(64), nullable=False, index=True),
    Column("confidence", Float, nullable=False),
    Column("method", String, nullable=False),  # new, document, frequent_flyer, name_dob, analyst
    Column("explanation", JSONType, nullable=False, default=dict),  # agreement levels, no values
    Column("linked_at", UtcDateTime, nullable=False),
)

identity_decisions = Table(
    "identity_decisions",
    metadata,
    id_column(),
    Column("kind", String, nullable=False),  # confirm | separate | same
    Column("fingerprint", String(64), nullable=False, index=True),
    Column("other_fingerprint", String(64), index=True),  # separate / same: the other record
    Column("identity_id", Integer, ForeignKey("identities.id", ondelete="SET NULL")),
    Column("actor", String, nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Index(None, "fingerprint", "other_fingerprint"),
)

__all__ = ["identities", "identity_decisions", "identity_links"]
