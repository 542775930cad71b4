"""The one `hits` table every screening source writes to.

Watchlists, targeting rules, network (link) rules, manual referrals and
document checks all produce a hit on a traveller; keeping them in one table
gives analysts one queue, one disposition flow and one audit trail. The unique
key (traveller, source, source_id) makes re-screening idempotent: screening the
same traveller against the same list entry again refreshes the hit instead of
duplicating it, and never resets its disposition.

A flight's first screening writes thousands of hits at once, so the table carries
only the indexes something reads by: the unique key serves lookups by traveller
(its first column), and the explanation and screened data are documents read
whole (`JSONDocumentType`), never searched inside.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from paxscreen.store.columns import created_column, id_column, owner_column, updated_column
from paxscreen.store.dialect import JSONDocumentType
from paxscreen.store.metadata import metadata

HIT_SOURCES = ("watchlist", "rule", "network", "manual", "document")
HIT_BANDS = ("clear", "review", "alert")


def _in_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


hits = Table(
    "hits",
    metadata,
    id_column(),
    # no index of its own: the unique key (traveller, source, source_id) leads with it
    owner_column("traveller_id", "travellers.id", index=False),
    owner_column("flight_id", "flights.id", nullable=True),
    Column("source", String, nullable=False),
    Column("source_id", String, nullable=False),  # watchlist entry id, rule id, ... as text
    Column("source_version", String),  # list version / rule version that produced the hit
    Column("score", Float, nullable=False),  # 0..1
    Column("band", String, nullable=False),
    Column("severity", Integer, nullable=False, default=0),
    Column("weight", Float, nullable=False, default=1.0),
    Column("category", String),
    Column("explanation", JSONDocumentType, nullable=False, default=dict),
    Column("screened_data", JSONDocumentType, nullable=False, default=dict),  # as screened
    Column("message_id", String(36)),  # the message whose data was screened
    Column("status", String, nullable=False, default="open"),
    Column("urgent", Boolean, nullable=False, default=False),
    created_column(),
    updated_column(),
    UniqueConstraint("traveller_id", "source", "source_id"),
    CheckConstraint(_in_list("source", HIT_SOURCES), name="source"),
    CheckConstraint(_in_list("band", HIT_BANDS), name="band"),
    CheckConstraint("score >= 0 AND score <= 1", name="score"),
    Index(None, "status", "band"),
)

__all__ = ["HIT_BANDS", "HIT_SOURCES", "hits"]
