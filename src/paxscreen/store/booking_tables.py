"""Booking (PNR) tables: the booking row and each of its data elements apart.

Payment, agency, remarks and history each have their own table so that each
PNR data element can be masked or deleted on its own (see `tables.py`). A card
number is never stored: `payments` has the brand, the masked form and a keyed
hash (`card_hash`) that links bookings paid with the same card.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from paxscreen.store.columns import (
    IN_PLACE_FILLFACTOR,
    created_column,
    element_columns,
    id_column,
    owner_column,
    provenance_columns,
    updated_column,
    values_index,
)
from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata
from paxscreen.store.owner_keys import ingestion_key

bookings = Table(
    "bookings",
    metadata,
    id_column(),
    Column("record_locator", String, index=True),  # the first locator, for quick lookups
    Column("created", UtcDateTime),
    Column("last_changed", UtcDateTime),
    Column("status", String, nullable=False),
    Column("group_name", String),
    Column("party_size", Integer),
    Column("ticketing_date", Date),
    # what the sensitive-data filter withheld on receipt: count and codes, never the text
    Column("sensitive_removed", Integer, nullable=False, default=0),
    Column("sensitive_codes", JSONType, nullable=False, default=list),
    Column("push_function", String),
    Column("pushed_flight", String),
    # versioning, managed by ingestion: a newer push supersedes the older version
    Column("version_number", Integer, nullable=False, default=1),
    Column("superseded", Boolean, nullable=False, default=False),
    # A newer version whose data elements did not change is written over its row in
    # place; the older version's scalars move to a history row whose `elements_from`
    # names the row that holds the (shared, never rewritten) elements. The digest
    # (content of every element list, provenance left out) tells "did not change".
    # Indexed: deleting a booking (retention) finds the history rows that read it.
    Column("elements_digest", String),
    Column("elements_from", Integer, ingestion_key("bookings.id", ondelete="SET NULL")),
    *provenance_columns(),
    created_column(),
    updated_column(),
    values_index("elements_from"),  # history rows only
    postgresql_with={"fillfactor": IN_PLACE_FILLFACTOR},
)

record_locators = Table(
    "record_locators",
    metadata,
    *element_columns("booking_id", "bookings.id"),
    Column("locator", String, nullable=False, index=True),
    Column("system", String),
    Column("type", String),
)

split_locators = Table(
    "split_locators",
    metadata,
    *element_columns("booking_id", "bookings.id"),
    Column("locator", String, nullable=False),
)

itinerary_segments = Table(
    "itinerary_segments",
    metadata,
    id_column(),
    # no index of its own: the unique key leads with it
    owner_column("booking_id", "bookings.id", kept_by_ingestion=True, index=False),
    # linked by ingestion when known
    owner_column("flight_id", "flights.id", kept_by_ingestion=True, nullable=True, index=False),
    Column("sequence", Integer, nullable=False),
    Column("carrier", String, nullable=False),
    Column("number", String, nullable=False),
    Column("suffix", String),
    Column("operating_carrier", String),
    Column("operating_number", String),
    Column("origin", String),
    Column("destination", String),
    Column("departure_local", DateTime),
    Column("arrival_local", DateTime),
    Column("class_of_service", String),
    Column("status", String),
    Column("is_pushed_flight", Boolean, nullable=False, default=False),
    *provenance_columns(),
    UniqueConstraint("booking_id", "sequence"),
    values_index("flight_id"),
)

payments = Table(
    "payments",
    metadata,
    *element_columns("booking_id", "bookings.id"),
    Column("type", String, nullable=False),
    Column("card_brand", String),
    Column("masked_number", String),
    Column("card_hash", String),  # cards only
    Column("card_expiry", String),
    Column("card_holder", String),
    Column("amount", Numeric(18, 3)),
    Column("currency", String(3)),
    Column("payer", String),
    Column("billing_address", Text),
    *provenance_columns(),
    values_index("card_hash"),
)

agencies = Table(
    "agencies",
    metadata,
    id_column(),
    # no index of its own: unique, one agency a booking
    owner_column("booking_id", "bookings.id", kept_by_ingestion=True, index=False),
    Column("iata_number", String),
    Column("pseudo_city", String),
    Column("country", String),
    Column("city", String),
    Column("name", String),
    Column("agent_id", String),
    Column("system", String),
    *provenance_columns(),
    UniqueConstraint("booking_id"),
    values_index("iata_number"),
)

remarks = Table(
    "remarks",
    metadata,
    *element_columns("booking_id", "bookings.id"),
    Column("kind", String, nullable=False),
    Column("code", String),
    Column("text", Text, nullable=False, default=""),
    Column("traveller_index", Integer),
    Column("segment_sequence", Integer),
    *provenance_columns(),
)

booking_history = Table(
    "booking_history",
    metadata,
    *element_columns("booking_id", "bookings.id"),
    Column("action", String),
    Column("time", UtcDateTime),
    Column("description", Text, nullable=False, default=""),
    Column("agent", String),
    *provenance_columns(),
)

__all__ = [
    "agencies",
    "booking_history",
    "bookings",
    "itinerary_segments",
    "payments",
    "record_locators",
    "remarks",
    "split_locators",
]
