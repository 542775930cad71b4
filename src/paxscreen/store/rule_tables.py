"""Targeting-rule tables: rules and their versions, the governance trail, named lists,
saved queries, derived traveller features, per-run statistics and hit-share warnings.

A rule's text is never edited in place: each change is a new `rule_versions` row,
and hits record the version that produced them, so an explanation given to a
court or the DPO can always be reproduced (CJEU C-817/19 paras. ~210-211).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from paxscreen.store.columns import created_column, id_column, owner_column, updated_column
from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata

rules = Table(
    "rules",
    metadata,
    id_column(),
    Column("code", String(64), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("owner", String, nullable=False),  # the author; hit-share warnings go to them
    Column("status", String, nullable=False, index=True),  # draft, in_review, active, retired
    Column("latest_version", Integer, nullable=False),
    Column("active_version", Integer),  # the version screening runs; None unless active
    Column("review_by", Date),
    Column("review_reminded_at", UtcDateTime),
    Column("dpo_review_required", Boolean, nullable=False, default=False),
    Column("protected_attributes", JSONType, nullable=False, default=list),
    created_column(),
    updated_column(),
)

rule_versions = Table(
    "rule_versions",
    metadata,
    id_column(),
    owner_column("rule_id", "rules.id"),
    Column("version", Integer, nullable=False),
    Column("spec", JSONType, nullable=False),  # the RuleSpec as JSON, exactly as approved
    Column("author", String, nullable=False),
    Column("change_note", Text, nullable=False, default=""),
    created_column(),
    UniqueConstraint("rule_id", "version"),
)

rule_events = Table(
    "rule_events",
    metadata,
    id_column(),
    owner_column("rule_id", "rules.id"),
    Column("version", Integer, nullable=False),
    Column("action", String, nullable=False),  # create, edit, submit, approve, reject, retire
    Column("from_status", String),
    Column("to_status", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    created_column(),
)

named_lists = Table(
    "named_lists",
    metadata,
    id_column(),
    Column("name", String(100), nullable=False, unique=True),
    Column("description", Text, nullable=False, default=""),
    Column("owner", String, nullable=False),
    created_column(),
    updated_column(),
)

named_list_items = Table(
    "named_list_items",
    metadata,
    id_column(),
    owner_column("list_id", "named_lists.id"),
    Column("value", String, nullable=False),  # upper-cased, as rules compare strings
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("list_id", "value"),
    Index(None, "value"),
)

saved_queries = Table(
    "saved_queries",
    metadata,
    id_column(),
    Column("name", String(200), nullable=False),
    Column("owner", String, nullable=False),
    Column("conditions", JSONType, nullable=False),  # the same tree a rule has
    Column("promoted_rule_id", Integer, ForeignKey("rules.id", ondelete="SET NULL")),
    created_column(),
    updated_column(),
    UniqueConstraint("owner", "name"),
)

derived_traveller_features = Table(
    "derived_traveller_features",
    metadata,
    Column(
        "traveller_id",
        Integer,
        ForeignKey("travellers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    owner_column("flight_id", "flights.id"),
    Column("computed_at", UtcDateTime, nullable=False),
    Column("hours_booking_to_departure", Float),
    Column("hours_ticketing_to_departure", Float),
    Column("is_one_way", Boolean),
    Column("trip_length_days", Float),
    Column("segment_count", Integer),
    Column("connection_count", Integer),
    Column("max_dwell_hours", Float),
    Column("route", String),  # e.g. LHR-IST-BGW
    Column("itinerary", JSONType, nullable=False, default=list),  # legs with dwell times
    Column("is_broken_travel", Boolean),
    Column("broken_travel_reason", String),
    Column("trips_last_365_days", Integer),
    Column("previous_visits_to_destination", Integer),
    Column("payment_type", String),
    Column("payer_is_traveller", Boolean),
    Column("party_size", Integer),
    Column("bag_count", Integer),
    Column("bag_weight_kg", Float),
    Column("neighbours_same_booking", Integer),
    Column("neighbours_other_booking", Integer),
    Column("document_issued_days_before_departure", Float),
    Column("document_expires_days_after_departure", Float),
    Column("document_state_differs_from_nationality", Boolean),
    Column("age_years", Integer),
)

rule_runs = Table(
    "rule_runs",
    metadata,
    id_column(),
    owner_column("rule_id", "rules.id"),
    Column("version", Integer, nullable=False),
    owner_column("flight_id", "flights.id"),
    Column("travellers", Integer, nullable=False),
    Column("hit_count", Integer, nullable=False),
    Column("milliseconds", Float, nullable=False),
    Column("reason", String, nullable=False),  # load, change, rescreen
    created_column(),
)

rule_warnings = Table(
    "rule_warnings",
    metadata,
    id_column(),
    owner_column("rule_id", "rules.id"),
    Column("version", Integer, nullable=False),
    owner_column("flight_id", "flights.id", nullable=True),
    Column("owner", String, nullable=False),  # who is warned: the rule's owner
    Column("kind", String, nullable=False),  # hit_share, review_due
    Column("message", Text, nullable=False),
    Column("share", Float),
    Column("threshold", Float),
    Column("acknowledged", Boolean, nullable=False, default=False),
    created_column(),
)

__all__ = [
    "derived_traveller_features",
    "named_list_items",
    "named_lists",
    "rule_events",
    "rule_runs",
    "rule_versions",
    "rule_warnings",
    "rules",
    "saved_queries",
]
