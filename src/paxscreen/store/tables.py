"""Core travel tables: messages, flights, travellers and what hangs off a traveller.

Layout for privacy. Each personal data element lives in its own table (or its
own column group), so that retention can mask or delete it alone without
touching the rest: names (`traveller_names`), contacts (`phones`, `emails`,
`addresses`), payment (`payments`), frequent flyer (`frequent_flyers`), remarks
(`remarks`), API data (`documents` and the identity columns of `travellers`).
The raw message (`messages.raw`) is written once and never updated; only its
processing status changes.

Provenance. Every row that came from a message carries `message_id` (which
message) and `sources` (JSON: model field name -> {message_id, segment_index,
line, column, segment_tag}; the key "" is the element as a whole), so a hit can
always be traced to the exact segment that produced the data.

Keys and indexes. Ingestion writes a dozen or more rows per traveller, and the database
pays for every foreign key (a look-up of the parent row) and every index (an entry)
on each of them. Foreign keys guard ownership: a part belongs to its traveller or
booking (`traveller_id`, `booking_id`, with ON DELETE CASCADE, which retention's
deletes rely on) and a traveller to its flight; their indexes serve those cascades
and loading a traveller's parts. `message_id` is provenance, not ownership: it has
neither key nor index (see `columns.provenance_columns`). A value gets an index
only where something searches by it across flights: link analysis and identity
matching (document numbers, name keys, dates of birth, contacts, cards, agencies,
bag tags, person ids), booking look-ups (`find_booking_ids`) and travel history.
Screening, rules and their back-tests read the travellers of one flight or of the
flights departing in a window (`travellers.flight_id`, `flights.departure_utc`), so
the fields a rule tests (nationality, birth year, ticket numbers, remark codes ...)
have none. A column empty on many of the rows ingestion writes (a contact's other
owner, an API traveller's booking) is indexed only where it holds a value
(`columns.values_index`). `travellers` and `bookings` are updated in place on each
new version: they leave room on their pages (`columns.IN_PLACE_FILLFACTOR`) so that
an update that changes no indexed column stays on its page (HOT).

Bookings and their parts are in `booking_tables.py` and re-exported here.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from paxscreen.store.booking_tables import (
    agencies,
    booking_history,
    bookings,
    itinerary_segments,
    payments,
    record_locators,
    remarks,
    split_locators,
)
from paxscreen.store.columns import (
    IN_PLACE_FILLFACTOR,
    MESSAGE_ID_LENGTH,
    created_column,
    element_columns,
    id_column,
    owner_column,
    position_column,
    provenance_columns,
    updated_column,
    values_index,
)
from paxscreen.store.dialect import JSONType, UtcDateTime
from paxscreen.store.metadata import metadata
from paxscreen.store.owner_keys import ingestion_key

messages = Table(
    "messages",
    metadata,
    Column("id", String(MESSAGE_ID_LENGTH), primary_key=True),
    Column("raw", LargeBinary, nullable=False),  # immutable: the record of what was received
    Column("sha256", String(64), nullable=False, index=True),
    Column("payload_sha256", String(64), index=True),  # envelope-free hash for de-duplication
    Column("received_at", UtcDateTime, index=True),
    Column("prepared_at", UtcDateTime),
    Column("transport", String),
    Column("sender", String, index=True),
    Column("recipient", String),
    Column("type", String, nullable=False),
    Column("format", String, nullable=False),
    Column("version", String),
    Column("interchange_reference", String),
    Column("message_reference", String),
    # no index: multi-part sets are found by `ingest_parts.set_key`, nothing searches by it
    Column("common_access_reference", String),
    Column("part_number", Integer),
    Column("last_part", Boolean),
    Column("total_parts", Integer),
    Column("function", String),
    Column("function_modifier", String),
    Column("status", String, nullable=False, index=True),
    Column("status_reason", Text),
    Column("findings", JSONType, nullable=False, default=list),
    created_column(),
)

flights = Table(
    "flights",
    metadata,
    id_column(),
    Column("flight_key", String, nullable=False, unique=True),
    Column("carrier", String, nullable=False),
    Column("number", String, nullable=False),
    Column("suffix", String),
    Column("origin", String),
    Column("destination", String),
    Column("departure_date", Date),  # local departure date: the analysts' "flight date"
    Column("departure_local", DateTime),
    Column("arrival_local", DateTime),
    Column("departure_utc", UtcDateTime),
    Column("arrival_utc", UtcDateTime),
    Column("direction", String, nullable=False),
    Column("cancelled", Boolean, nullable=False, default=False),
    *provenance_columns(),
    created_column(),
    updated_column(),
    Index(None, "departure_date", "carrier"),
    Index(None, "origin", "destination", "departure_date"),
    Index(None, "carrier", "number", "departure_date"),
    Index(None, "departure_utc"),
)

flight_legs = Table(
    "flight_legs",
    metadata,
    id_column(),
    owner_column("flight_id", "flights.id", kept_by_ingestion=True),
    Column("sequence", Integer, nullable=False),
    Column("origin", String, nullable=False),
    Column("destination", String, nullable=False),
    Column("departure_local", DateTime),
    Column("arrival_local", DateTime),
    Column("departure_utc", UtcDateTime),
    Column("arrival_utc", UtcDateTime),
    *provenance_columns(),
    UniqueConstraint("flight_id", "sequence"),
)

flight_aliases = Table(
    "flight_aliases",
    metadata,
    *element_columns("flight_id", "flights.id"),
    Column("carrier", String, nullable=False),
    Column("number", String, nullable=False),
    Column("suffix", String),
    Index(None, "carrier", "number"),
)

travellers = Table(
    "travellers",
    metadata,
    id_column(),
    owner_column("flight_id", "flights.id", kept_by_ingestion=True, nullable=True),
    # no booking for an API traveller (see `values_index`)
    owner_column("booking_id", "bookings.id", kept_by_ingestion=True, nullable=True, index=False),
    Column("booking_position", Integer),  # index in Booking.travellers (infant_of refers to it)
    Column("source", String, nullable=False),  # 'api' (PAXLST) or 'pnr'
    Column("role", String, nullable=False),
    Column("sex", String),
    Column("date_of_birth", String(10), index=True),  # ISO, possibly partial: 1965, 1965-06
    Column("birth_year", Integer),
    Column("birth_date", Date),  # only when the date of birth is complete
    Column("nationality", String),
    Column("residence_country", String),
    Column("place_of_birth", String),
    Column("birth_country", String),
    Column("embarkation", String),
    Column("debarkation", String),
    Column("clearance_airport", String),
    Column("crew_function", String),
    Column("passenger_type", String),
    Column("infant_of", Integer),
    Column("reference_number", String),
    Column("record_locator", String, index=True),
    Column("passenger_reference", String),
    Column("ticket_numbers", JSONType, nullable=False, default=list),
    Column("redress_number", String),
    Column("known_traveller_number", String),
    Column("verified", Boolean),
    Column("checkin_status", String),
    Column("boarding_status", String),
    # identity resolution, filled by ingestion / links: same person across messages
    Column("person_id", String),
    Column("merged_into", Integer, ingestion_key("travellers.id", ondelete="SET NULL")),
    *provenance_columns(),
    created_column(),
    updated_column(),
    CheckConstraint("source IN ('api', 'pnr')", name="source"),
    values_index("booking_id"),
    values_index("person_id"),
    postgresql_with={"fillfactor": IN_PLACE_FILLFACTOR},
)

traveller_names = Table(
    "traveller_names",
    metadata,
    # position 0 = the traveller's name, 1.. = other names (e.g. DOCS beside TIF)
    *element_columns("traveller_id", "travellers.id"),
    Column("raw", Text, nullable=False, default=""),
    Column("surname", String, nullable=False, default=""),
    Column("given_names", String, nullable=False, default=""),
    Column("title", String),
    Column("source", String, nullable=False),
    Column("name_key", String, nullable=False, index=True),
)

documents = Table(
    "documents",
    metadata,
    *element_columns("traveller_id", "travellers.id"),
    Column("type", String),
    Column("number", String, nullable=False),
    Column("number_key", String, nullable=False, index=True),
    Column("issuing_state", String),
    Column("nationality", String),
    Column("expiry", Date),
    Column("issue_date", Date),
    Column("place_of_issue", String),
    Column("surname", String),
    Column("given_names", String),
    *provenance_columns(),
)

seats = Table(
    "seats",
    metadata,
    *element_columns("traveller_id", "travellers.id"),
    Column("flight", String),
    Column("seat", String, nullable=False),
    Column("checked_in", Boolean, nullable=False, default=False),
    *provenance_columns(),
)

bags = Table(
    "bags",
    metadata,
    *element_columns("traveller_id", "travellers.id"),
    Column("flight", String),
    Column("count", Integer),
    Column("weight", Numeric(18, 3)),
    Column("weight_unit", String),
    Column("pool_head", Boolean, nullable=False, default=False),
    *provenance_columns(),
)

bag_tags = Table(
    "bag_tags",
    metadata,
    *element_columns("bag_id", "bags.id"),
    Column("tag", String, nullable=False, index=True),
)

frequent_flyers = Table(
    "frequent_flyers",
    metadata,
    *element_columns("traveller_id", "travellers.id"),
    Column("airline", String, nullable=False),
    Column("number", String, nullable=False, index=True),
    Column("tier", String),
    *provenance_columns(),
)

tickets = Table(
    "tickets",
    metadata,
    *element_columns("traveller_id", "travellers.id"),
    Column("number", String, nullable=False),
    Column("issue_date", Date),
    Column("fare_amount", Numeric(18, 3)),
    Column("currency", String(3)),
    Column("taxes", Numeric(18, 3)),
    Column("one_way", Boolean),
    *provenance_columns(),
)


def _contact_owner_columns() -> list[Column[int]]:
    """`booking_id` and `traveller_id`: exactly one of them is set (`_contact_owner_check`)."""
    return [
        owner_column(owner, target, kept_by_ingestion=True, nullable=True, index=False)
        for owner, target in (("booking_id", "bookings.id"), ("traveller_id", "travellers.id"))
    ]


def _contact_owner_indexes() -> list[Index]:
    """One index per owner column, of the rows it owns: each row has one owner, not both."""
    return [values_index("booking_id"), values_index("traveller_id")]


def _contact_owner_check() -> CheckConstraint:
    """A contact belongs to a booking (PNR contacts) or a traveller (PAXLST COM), not both."""
    return CheckConstraint("(booking_id IS NULL) <> (traveller_id IS NULL)", name="one_owner")


phones = Table(
    "phones",
    metadata,
    id_column(),
    *_contact_owner_columns(),
    position_column(),
    Column("raw", String, nullable=False),
    Column("e164", String),  # none where the number could not be read
    Column("role", String),
    Column("traveller_index", Integer),
    *provenance_columns(),
    _contact_owner_check(),
    *_contact_owner_indexes(),
    values_index("e164"),
)

emails = Table(
    "emails",
    metadata,
    id_column(),
    *_contact_owner_columns(),
    position_column(),
    Column("raw", String, nullable=False),
    Column("normalised", String, index=True),
    Column("traveller_index", Integer),
    *provenance_columns(),
    _contact_owner_check(),
    *_contact_owner_indexes(),
)

addresses = Table(
    "addresses",
    metadata,
    id_column(),
    *_contact_owner_columns(),
    position_column(),
    Column("role", String),
    Column("street", String),
    Column("city", String),
    Column("state", String),
    Column("postcode", String),
    Column("country", String),
    Column("raw", Text),
    Column("traveller_index", Integer),
    # normalised form that link analysis joins on (filled when the flight is loaded)
    Column("link_key", String),
    *provenance_columns(),
    _contact_owner_check(),
    *_contact_owner_indexes(),
    values_index("link_key"),
)

__all__ = [
    "addresses",
    "agencies",
    "bag_tags",
    "bags",
    "booking_history",
    "bookings",
    "documents",
    "emails",
    "flight_aliases",
    "flight_legs",
    "flights",
    "frequent_flyers",
    "itinerary_segments",
    "messages",
    "payments",
    "phones",
    "record_locators",
    "remarks",
    "seats",
    "split_locators",
    "tickets",
    "traveller_names",
    "travellers",
]
