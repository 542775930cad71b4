"""The entities and fields a rule may test, as a data table mapped to store columns.

Each entity names its table and how its rows reach a traveller (`Link`); each field
names its column, its type, and whether it is a protected attribute. The compiler,
the oracle and the rule builder read this one table; adding a field is one line.

Protected attributes (sex, age, nationality, place of birth) are marked with the
attribute they reveal: a rule using one needs a written justification and is shown
to the data-protection officer, and a rule using nothing else is refused
(EU PNR Directive art. 6(4); CJEU C-817/19).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from paxscreen.screening.rules.values import FieldType

S, N, D, T, B = (
    FieldType.STRING,
    FieldType.NUMBER,
    FieldType.DATE,
    FieldType.DATETIME,
    FieldType.BOOLEAN,
)


class Link(StrEnum):
    """How an entity's rows are reached from a traveller row."""

    SELF = "self"  # the travellers row itself
    FLIGHT = "flight"  # flights.id = travellers.flight_id (one)
    BOOKING = "booking"  # bookings.id = travellers.booking_id (one)
    ONE_BY_BOOKING = "one_by_booking"  # <table>.booking_id = travellers.booking_id (one)
    ONE_BY_TRAVELLER = "one_by_traveller"  # <table>.traveller_id = travellers.id (one)
    MANY_BY_TRAVELLER = "many_by_traveller"  # any row with traveller_id = travellers.id
    MANY_BY_BOOKING = "many_by_booking"  # any row of the traveller's booking
    MANY_BY_EITHER = "many_by_either"  # contacts: the traveller's own or the booking's

    @property
    def is_many(self) -> bool:
        return self.value.startswith("many")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    column: str
    type: FieldType
    protected: str | None = None  # "sex", "age", "nationality", "place of birth"
    label: str = ""


@dataclass(frozen=True, slots=True)
class EntitySpec:
    name: str
    table: str
    link: Link
    fields: dict[str, FieldSpec]
    label: str


def _entity(name: str, table: str, link: Link, label: str, *rows: tuple[object, ...]) -> EntitySpec:
    fields: dict[str, FieldSpec] = {}
    for row in rows:
        field_name, column, field_type, *rest = row
        protected = rest[0] if rest else None
        fields[str(field_name)] = FieldSpec(
            name=str(field_name),
            column=str(column),
            type=field_type,  # type: ignore[arg-type]
            protected=protected,  # type: ignore[arg-type]
            label=str(field_name).replace("_", " "),
        )
    return EntitySpec(name=name, table=table, link=link, fields=fields, label=label)


FEATURES_TABLE = "derived_traveller_features"

ENTITIES: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        _entity("traveller", "travellers", Link.SELF, "traveller",
                ("role", "role", S), ("source", "source", S),
                ("passenger_type", "passenger_type", S), ("sex", "sex", S, "sex"),
                ("date_of_birth", "birth_date", D, "age"), ("birth_year", "birth_year", N, "age"),
                ("nationality", "nationality", S, "nationality"),
                ("place_of_birth", "place_of_birth", S, "place of birth"),
                ("birth_country", "birth_country", S, "place of birth"),
                ("residence_country", "residence_country", S),
                ("embarkation", "embarkation", S), ("debarkation", "debarkation", S),
                ("clearance_airport", "clearance_airport", S),
                ("crew_function", "crew_function", S),
                ("record_locator", "record_locator", S),
                ("known_traveller_number", "known_traveller_number", S),
                ("redress_number", "redress_number", S), ("verified", "verified", B),
                ("checkin_status", "checkin_status", S),
                ("boarding_status", "boarding_status", S)),
        _entity("name", "traveller_names", Link.MANY_BY_TRAVELLER, "name",
                ("surname", "surname", S), ("given_names", "given_names", S),
                ("name_key", "name_key", S), ("source", "source", S)),
        _entity("document", "documents", Link.MANY_BY_TRAVELLER, "travel document",
                ("type", "type", S), ("number", "number_key", S),
                ("issuing_state", "issuing_state", S),
                ("nationality", "nationality", S, "nationality"),
                ("expiry", "expiry", D), ("issue_date", "issue_date", D),
                ("place_of_issue", "place_of_issue", S)),
        _entity("flight", "flights", Link.FLIGHT, "flight",
                ("carrier", "carrier", S), ("number", "number", S),
                ("origin", "origin", S), ("destination", "destination", S),
                ("departure_date", "departure_date", D),
                ("departure_utc", "departure_utc", T), ("arrival_utc", "arrival_utc", T),
                ("direction", "direction", S), ("cancelled", "cancelled", B)),
        _entity("segment", "itinerary_segments", Link.MANY_BY_BOOKING, "itinerary segment",
                ("carrier", "carrier", S), ("number", "number", S),
                ("operating_carrier", "operating_carrier", S),
                ("origin", "origin", S), ("destination", "destination", S),
                ("departure_local", "departure_local", T),
                ("arrival_local", "arrival_local", T),
                ("class_of_service", "class_of_service", S), ("status", "status", S)),
        _entity("booking", "bookings", Link.BOOKING, "booking",
                ("record_locator", "record_locator", S), ("created", "created", T),
                ("last_changed", "last_changed", T), ("status", "status", S),
                ("group_name", "group_name", S), ("party_size", "party_size", N),
                ("ticketing_date", "ticketing_date", D)),
        _entity("payment", "payments", Link.MANY_BY_BOOKING, "form of payment",
                ("type", "type", S), ("card_brand", "card_brand", S),
                ("card_hash", "card_hash", S), ("card_holder", "card_holder", S),
                ("amount", "amount", N), ("currency", "currency", S), ("payer", "payer", S)),
        _entity("agency", "agencies", Link.ONE_BY_BOOKING, "travel agency",
                ("iata_number", "iata_number", S), ("pseudo_city", "pseudo_city", S),
                ("country", "country", S), ("city", "city", S), ("name", "name", S),
                ("agent_id", "agent_id", S), ("system", "system", S)),
        _entity("phone", "phones", Link.MANY_BY_EITHER, "phone",
                ("number", "e164", S), ("raw", "raw", S), ("role", "role", S)),
        _entity("email", "emails", Link.MANY_BY_EITHER, "e-mail",
                ("address", "normalised", S), ("raw", "raw", S)),
        _entity("address", "addresses", Link.MANY_BY_EITHER, "address",
                ("role", "role", S), ("street", "street", S), ("city", "city", S),
                ("state", "state", S), ("postcode", "postcode", S),
                ("country", "country", S)),
        _entity("bag", "bags", Link.MANY_BY_TRAVELLER, "bag",
                ("count", "count", N), ("weight", "weight", N),
                ("weight_unit", "weight_unit", S), ("flight", "flight", S)),
        _entity("seat", "seats", Link.MANY_BY_TRAVELLER, "seat",
                ("seat", "seat", S), ("flight", "flight", S), ("checked_in", "checked_in", B)),
        _entity("frequent_flyer", "frequent_flyers", Link.MANY_BY_TRAVELLER, "frequent flyer",
                ("airline", "airline", S), ("number", "number", S), ("tier", "tier", S)),
        _entity("ticket", "tickets", Link.MANY_BY_TRAVELLER, "ticket",
                ("number", "number", S), ("issue_date", "issue_date", D),
                ("fare_amount", "fare_amount", N), ("currency", "currency", S),
                ("one_way", "one_way", B)),
        _entity("remark", "remarks", Link.MANY_BY_BOOKING, "remark",
                ("kind", "kind", S), ("code", "code", S), ("text", "text", S)),
        _entity("features", FEATURES_TABLE, Link.ONE_BY_TRAVELLER, "derived feature",
                ("hours_booking_to_departure", "hours_booking_to_departure", N),
                ("hours_ticketing_to_departure", "hours_ticketing_to_departure", N),
                ("is_one_way", "is_one_way", B), ("trip_length_days", "trip_length_days", N),
                ("segment_count", "segment_count", N),
                ("connection_count", "connection_count", N),
                ("max_dwell_hours", "max_dwell_hours", N), ("route", "route", S),
                ("is_broken_travel", "is_broken_travel", B),
                ("broken_travel_reason", "broken_travel_reason", S),
                ("trips_last_365_days", "trips_last_365_days", N),
                ("previous_visits_to_destination", "previous_visits_to_destination", N),
                ("payment_type", "payment_type", S),
                ("payer_is_traveller", "payer_is_traveller", B),
                ("party_size", "party_size", N), ("bag_count", "bag_count", N),
                ("bag_weight_kg", "bag_weight_kg", N),
                ("neighbours_same_booking", "neighbours_same_booking", N),
                ("neighbours_other_booking", "neighbours_other_booking", N),
                ("document_issued_days_before_departure",
                 "document_issued_days_before_departure", N),
                ("document_expires_days_after_departure",
                 "document_expires_days_after_departure", N),
                ("document_state_differs_from_nationality",
                 "document_state_differs_from_nationality", B),
                ("age_years", "age_years", N, "age")),
    )
}  # fmt: skip


def find_field(entity: str, field: str) -> tuple[EntitySpec, FieldSpec]:
    """The catalogue entry for `entity.field`; KeyError says which part is unknown."""
    spec = ENTITIES.get(entity)
    if spec is None:
        raise KeyError(f"unknown entity {entity!r}; known: {', '.join(sorted(ENTITIES))}")
    found = spec.fields.get(field)
    if found is None:
        known = ", ".join(sorted(spec.fields))
        raise KeyError(f"unknown field {field!r} of {entity}; known: {known}")
    return spec, found


__all__ = ["ENTITIES", "FEATURES_TABLE", "EntitySpec", "FieldSpec", "Link", "find_field"]
