"""Watchlists as data: lists, their versions (one per import or manual change) and
entries (a full snapshot per version).

A snapshot per version keeps what a hit cites ("entry W17 of version 4") readable
for as long as the hit lives, and makes "what changed between two imports" a query.
Person entries keep names, dates of birth, nationalities and documents as JSON in
the shape of `paxscreen.screening.watchlists.model`; document lists (lost, stolen,
revoked travel documents) use the same rows with only `documents` filled.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text

from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata

WATCHLIST_KINDS = ("person", "document")

watchlists = Table(
    "watchlists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(16), nullable=False, default="person"),
    Column("category", String(64), nullable=False),  # hit category of its hits
    Column("severity", String(16), nullable=False, default="high"),
    Column("description", Text, nullable=False, default=""),
    Column("current_version", Integer, nullable=False, default=0),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("kind IN ('person', 'document')", name="kind"),
)

watchlist_versions = Table(
    "watchlist_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watchlist_id", ForeignKey("watchlists.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("change", String(16), nullable=False),  # import | manual
    Column("source_name", String(256), nullable=False, default=""),
    Column("source_format", String(32), nullable=False, default=""),
    Column("entries", Integer, nullable=False, default=0),
    Column("rejected", JSONType, nullable=False, default=list),  # [{line, reason}]
    Column("skipped", Integer, nullable=False, default=0),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_watchlist_versions_list", "watchlist_id", "version", unique=True),
)

watchlist_entries = Table(
    "watchlist_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watchlist_id", ForeignKey("watchlists.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("entry_id", String(128), nullable=False),  # the source's identifier
    Column("primary_name", String(512), nullable=False, default=""),
    Column("names", JSONType, nullable=False, default=list),
    Column("dates_of_birth", JSONType, nullable=False, default=list),
    Column("nationalities", JSONType, nullable=False, default=list),
    Column("sex", String(1), nullable=True),
    Column("documents", JSONType, nullable=False, default=list),
    Column("category", String(64), nullable=True),
    Column("remarks", Text, nullable=False, default=""),
    Column("source_reference", String(256), nullable=False, default=""),
    Column("added_by", String(64), nullable=True),  # set for manual additions
    Index("ix_watchlist_entries_list_version", "watchlist_id", "version"),
)
