"""Ingestion's own tables: events, multi-part sets, versions, traveller pairs, senders.

The raw message and its current status live in `messages` (core tables); what
happened to it on the way (each status change, each duplicate arrival, each
sensitive-data removal, each timed-out part set) is appended to `ingest_events`,
so an operator can follow a message from arrival to screening and a DPO can see
what was withheld (counts and codes, never the content).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)

from paxscreen.store.columns import (
    IN_PLACE_FILLFACTOR,
    MESSAGE_ID_LENGTH,
    created_column,
    id_column,
)
from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata
from paxscreen.store.owner_keys import ingestion_key


def _message_column(*, nullable: bool = False) -> Column[str]:
    return Column(
        "message_id",
        String(MESSAGE_ID_LENGTH),
        ingestion_key("messages.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


ingest_events = Table(
    "ingest_events",
    metadata,
    id_column(),
    _message_column(nullable=True),
    # read only as a message's trail (by `message_id`): `at` and `kind` need no index
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String, nullable=False),  # status, duplicate, sensitive, parts ...
    Column("status", String),  # the status entered, for kind = status
    Column("detail", JSONType, nullable=False, default=dict),
)

ingest_part_sets = Table(
    "ingest_part_sets",
    metadata,
    Column("key", String, primary_key=True),  # sender|type|0068|flight
    Column("first_received_at", UtcDateTime, nullable=False),
    Column("completed_at", UtcDateTime),  # set when loaded (complete or timed out)
    Column("timed_out", Boolean, nullable=False, default=False),
)

ingest_parts = Table(
    "ingest_parts",
    metadata,
    id_column(),
    Column(
        "set_key", String, ingestion_key("ingest_part_sets.key", ondelete="CASCADE"), nullable=False
    ),
    _message_column(),
    Column("unit", Integer, nullable=False, default=0),  # which UNH..UNT of the interchange
    Column("part_number", Integer, nullable=False),
    Column("is_last", Boolean, nullable=False, default=False),
    Column("record_count", Integer, nullable=False, default=0),
    Column("record_total", Integer),
    UniqueConstraint("set_key", "part_number"),
)

# One row per version of a PNR (per pushed flight) or of an API traveller, applied
# or not: the history that shows no push ever overwrote a newer one.
ingest_versions = Table(
    "ingest_versions",
    metadata,
    id_column(),
    Column("kind", String, nullable=False),  # booking | api
    Column("entity_key", String, nullable=False),  # locator/flight key, or traveller row id
    Column("flight_id", Integer, ingestion_key("flights.id", ondelete="CASCADE"), index=True),
    _message_column(),
    Column("row_id", Integer),  # bookings.id / travellers.id written for this version
    Column("version", String, nullable=False),  # VersionKey.to_text(): sortable
    Column("fingerprint", String(64)),
    Column("decision", String, nullable=False),  # apply | same | history
    Column("is_current", Boolean, nullable=False, default=False),
    created_column(),
    # Each lookup leads with what singles rows out (entity keys, fingerprints) and has
    # its other conditions in the same index. A planner without statistics (autovacuum
    # off) misjudges "kind = 'booking' AND is_current" as selective: given an index that
    # leads with them, it scanned every current version of the kind per push, a cost
    # that grew with the history (14 ms a push at 120 flights, against 0.6 ms).
    Index(None, "entity_key", "kind", "is_current"),
    # A push moves older versions' `row_id` to the history row (`version_rows`): with
    # room on the page that update is HOT (no new entry in the five indexes). The
    # current version's row, retired in the same write, cannot be (the lookups'
    # indexes hold `is_current`, and keep them selective). On the ingest bench:
    # 2,903 updates, 774 of them HOT (4,533 and 2,185 when the move and the retiring
    # were two writes).
    postgresql_with={"fillfactor": IN_PLACE_FILLFACTOR},
)

# An unchanged PNR of a push is found by its fingerprint before parsing, among current
# versions only: the index holds those alone. Most rows are written not current (a
# push's sightings of unchanged PNRs, and each older version when a newer one comes),
# and they cost no entry in it; the condition is written as the lookup writes it
# (`is_(True)`, rendered per dialect), so the planner can match the two.
Index(
    None,
    ingest_versions.c.fingerprint,
    ingest_versions.c.kind,
    postgresql_where=text("is_current IS true"),
    sqlite_where=text("is_current IS 1"),
)

# API traveller <-> PNR traveller of the same person on the same flight, and why.
traveller_pairs = Table(
    "traveller_pairs",
    metadata,
    id_column(),
    Column("flight_id", Integer, ingestion_key("flights.id", ondelete="CASCADE"), index=True),
    # no index of its own: the unique key (api, pnr) leads with it
    Column("api_traveller_id", Integer, ingestion_key("travellers.id", ondelete="CASCADE")),
    Column(
        "pnr_traveller_id", Integer, ingestion_key("travellers.id", ondelete="CASCADE"), index=True
    ),
    Column("rule", String, nullable=False),  # locator+reference, document, name+dob ...
    _message_column(nullable=True),
    created_column(),
    UniqueConstraint("api_traveller_id", "pnr_traveller_id"),
)

# What the flight's pairs were last worked out from: a digest of every current API and PNR
# traveller's pairing inputs (`merge.pairing_signature`). A message that leaves it as it
# was (check-in, seats, bags) leaves the pairs as they are, without matching again.
pairing_digests = Table(
    "pairing_digests",
    metadata,
    Column("flight_id", Integer, ingestion_key("flights.id", ondelete="CASCADE"), primary_key=True),
    Column("inputs_digest", String(64), nullable=False),
)

# Senders allowed to POST messages; only a hash of each API key is stored.
ingest_senders = Table(
    "ingest_senders",
    metadata,
    id_column(),
    Column("name", String, nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("active", Boolean, nullable=False, default=True),
    created_column(),
)

__all__ = [
    "ingest_events",
    "ingest_part_sets",
    "ingest_parts",
    "ingest_senders",
    "ingest_versions",
    "pairing_digests",
    "traveller_pairs",
]
