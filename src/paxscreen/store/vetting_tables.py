"""Tables for vetting: hit categories, dispositions, notes, lookouts, cleared pairs.

The `hits` table itself belongs to the store (`hit_tables.py`); everything people add
to a hit afterwards lives here, append-only where the law asks for a trail:
a disposition is never edited, a new one is added (the latest one counts).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from paxscreen.store.dialect import UtcDateTime
from paxscreen.store.metadata import metadata

DISPOSITIONS = ("true_match", "false_positive", "needs_info", "referred")
LOOKOUT_STATUSES = ("active", "en_route", "encountered", "did_not_board", "missed")
LOOKOUT_OUTCOMES = (
    "denied_boarding",
    "refused_entry",
    "secondary_positive",
    "secondary_negative",
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


hit_categories = Table(
    "hit_categories",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("label", String(128), nullable=False),
    Column("severity", Integer, nullable=False, default=1),  # 3 top, 2 high, 1 normal
    Column("promote_to_lookout", Boolean, nullable=False, default=False),
    Column("description", Text, nullable=False, default=""),
)

hit_dispositions = Table(
    "hit_dispositions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hit_id", ForeignKey("hits.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("disposition", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_by", String(64), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    CheckConstraint(_one_of("disposition", DISPOSITIONS), name="disposition"),
    CheckConstraint("length(reason) > 0", name="reason"),
)

traveller_notes = Table(
    "traveller_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "traveller_id", ForeignKey("travellers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("hit_id", ForeignKey("hits.id", ondelete="SET NULL"), nullable=True),
    Column("author", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("attachment_name", String(256), nullable=True),
    Column("attachment_type", String(128), nullable=True),
    Column("attachment", LargeBinary, nullable=True),
)

lookouts = Table(
    "lookouts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hit_id", ForeignKey("hits.id", ondelete="SET NULL"), nullable=True, index=True),
    Column(
        "traveller_id", ForeignKey("travellers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("flight_id", ForeignKey("flights.id", ondelete="SET NULL"), nullable=True),
    Column("port", String(8), nullable=False),  # IATA code of the port of arrival
    Column("status", String(32), nullable=False, default="active"),
    Column("outcome", String(32), nullable=True),
    Column("reason", Text, nullable=False),
    Column("outcome_note", Text, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_by", String(64), nullable=True),
    Column("updated_at", UtcDateTime, nullable=True),
    CheckConstraint(_one_of("status", LOOKOUT_STATUSES), name="status"),
    CheckConstraint(f"outcome IS NULL OR {_one_of('outcome', LOOKOUT_OUTCOMES)}", name="outcome"),
    Index("ix_lookouts_port_status", "port", "status"),
)

# "This identity is not this list entry": recorded with a false-positive decision so
# that re-screening does not raise the same pair again. A pair holds only for the
# entry version it was decided on and the identity it was decided for.
cleared_pairs = Table(
    "cleared_pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hit_id", ForeignKey("hits.id", ondelete="SET NULL"), nullable=True),
    Column("traveller_id", Integer, nullable=False),
    Column("person_id", String(64), nullable=True, index=True),  # identity, when resolved
    Column("source", String(16), nullable=False),
    Column("source_id", String(128), nullable=False),
    Column("source_version", String(64), nullable=True),
    Column("reason", Text, nullable=False),
    Column("cleared_by", String(64), nullable=False),
    Column("cleared_at", UtcDateTime, nullable=False),
    Index("ix_cleared_pairs_source", "source", "source_id"),
)
