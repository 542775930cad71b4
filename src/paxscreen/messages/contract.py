"""`ParsedMessage` -> the JSON contract of `paxscreen parse --json`.

Later issues and outside tools read this shape, so the names in the issue's
contract never change; fields may be added. Dates are ISO 8601, partial dates
`1965` or `1965-06`, local times to the minute (`2017-01-27T17:25`), amounts as
strings (no binary floating point for money). Sensitive PNR text never gets here:
the PNRGOV reader withholds it and only `sensitive_removed` counts it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from paxscreen.model import (
    Agency,
    Bag,
    Booking,
    Flight,
    FlightLeg,
    ParsedMessage,
    PartialDate,
    TravelDocument,
    Traveller,
)


def to_contract(parsed: ParsedMessage) -> dict[str, Any]:
    """One message of the contract: header, flights, travellers, bookings, findings."""
    message = parsed.message
    return {
        "type": str(message.type),
        "version": message.version,
        "function": message.function,
        "function_modifier": message.function_modifier,
        "sender": message.sender,
        "recipient": message.recipient,
        "reference": message.message_reference,
        "interchange_reference": message.interchange_reference,
        "common_access_reference": message.common_access_reference,
        "part": message.part_number,
        "last_part": message.last_part,
        "total_parts": message.total_parts,
        "prepared_at": iso(message.prepared_at),
        "format": str(message.format),
        "id": message.id,
        "flights": [flight_to_contract(flight) for flight in parsed.flights],
        "travellers": [traveller_to_contract(traveller) for traveller in parsed.travellers],
        "bookings": [booking_to_contract(booking) for booking in parsed.bookings],
        "findings": [finding.to_dict() for finding in parsed.findings],
    }


def iso(value: dt.date | dt.datetime | PartialDate | None) -> str | None:
    """ISO 8601; datetimes to the minute unless they carry seconds."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return value.isoformat()


def amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def flight_to_contract(flight: Flight) -> dict[str, Any]:
    return {
        "carrier": flight.carrier,
        "number": flight.number,
        "suffix": flight.suffix,
        "origin": flight.origin,
        "destination": flight.destination,
        "departure_local": iso(flight.departure_local),
        "arrival_local": iso(flight.arrival_local),
        "direction": str(flight.direction),
        "cancelled": flight.cancelled,
        "aliases": [str(alias) for alias in flight.aliases],
        "legs": [leg_to_contract(leg) for leg in flight.legs],
    }


def leg_to_contract(leg: FlightLeg) -> dict[str, Any]:
    return {
        "sequence": leg.sequence,
        "origin": leg.origin,
        "destination": leg.destination,
        "departure_local": iso(leg.departure_local),
        "arrival_local": iso(leg.arrival_local),
    }


def document_to_contract(document: TravelDocument) -> dict[str, Any]:
    return {
        "type": document.type,
        "number": document.number,
        "issuing_state": document.issuing_state,
        "expiry": iso(document.expiry),
        "issue_date": iso(document.issue_date),
        "nationality": document.nationality,
        "place_of_issue": document.place_of_issue,
        "surname": document.surname,
        "given_names": document.given_names,
    }


def bag_to_contract(bag: Bag) -> dict[str, Any]:
    return {
        "flight": bag.flight,
        "count": bag.count,
        "weight": amount(bag.weight),
        "weight_unit": bag.weight_unit,
        "tags": list(bag.tags),
    }


def traveller_to_contract(traveller: Traveller) -> dict[str, Any]:
    """An API traveller: the issue-3 fields first, then everything else the model holds."""
    return {
        "role": str(traveller.role),
        "surname": traveller.name.surname,
        "given_names": traveller.name.given_names,
        "sex": traveller.sex,
        "date_of_birth": iso(traveller.date_of_birth),
        "nationality": traveller.nationality,
        "record_locator": traveller.record_locator,
        "passenger_reference": traveller.passenger_reference,
        "seat": traveller.seat,
        "documents": [document_to_contract(document) for document in traveller.documents],
        "residence_country": traveller.residence_country,
        "place_of_birth": traveller.place_of_birth,
        "birth_country": traveller.birth_country,
        "embarkation": traveller.embarkation,
        "debarkation": traveller.debarkation,
        "clearance_airport": traveller.clearance_airport,
        "crew_function": traveller.crew_function,
        "verified": traveller.verified,
        "address": traveller.addresses[0] if traveller.addresses else None,
        "phones": list(traveller.phones),
        "emails": list(traveller.emails),
        "bags": [bag_to_contract(bag) for bag in traveller.bags],
        "ticket_numbers": list(traveller.ticket_numbers),
        "frequent_flyer": [
            {"airline": item.airline, "number": item.number} for item in traveller.frequent_flyers
        ],
        "redress_number": traveller.redress_number,
        "known_traveller_number": traveller.known_traveller_number,
        "boarding_status": traveller.boarding_status,
    }


def booking_traveller_to_contract(traveller: Traveller) -> dict[str, Any]:
    """A PNR traveller, on the issue-4 contract."""
    return {
        "surname": traveller.name.surname,
        "given_names": traveller.name.given_names,
        "title": traveller.name.title,
        "type": traveller.passenger_type,
        "passenger_reference": traveller.passenger_reference,
        "checkin_status": traveller.checkin_status,
        "ticket_numbers": list(traveller.ticket_numbers),
        "infant_of": traveller.infant_of,
        "reference": traveller.reference_number,
        "sex": traveller.sex,
        "date_of_birth": iso(traveller.date_of_birth),
        "nationality": traveller.nationality,
        "other_names": [
            {"surname": name.surname, "given_names": name.given_names, "source": str(name.source)}
            for name in traveller.other_names
        ],
        "documents": [document_to_contract(document) for document in traveller.documents],
        "frequent_flyer": [
            {"airline": item.airline, "number": item.number, "tier": item.tier}
            for item in traveller.frequent_flyers
        ],
        "tickets": [
            {
                "number": ticket.number,
                "issue_date": iso(ticket.issue_date),
                "fare_amount": amount(ticket.fare_amount),
                "currency": ticket.currency,
            }
            for ticket in traveller.tickets
        ],
        "seats": [
            {"flight": seat.flight, "seat": seat.seat, "checked_in": seat.checked_in}
            for seat in traveller.seats
        ],
        "bags": [bag_to_contract(bag) for bag in traveller.bags],
    }


def _agency(agency: Agency | None) -> dict[str, Any] | None:
    if agency is None:
        return None
    return {
        "iata_number": agency.iata_number,
        "pseudo_city": agency.pseudo_city,
        "country": agency.country,
        "city": agency.city,
        "name": agency.name,
        "agent_id": agency.agent_id,
        "system": agency.system,
    }


def booking_to_contract(booking: Booking) -> dict[str, Any]:
    """A PNR on the issue-4 contract (`bookings`)."""
    return {
        "record_locators": [
            {"system": item.system, "locator": item.locator} for item in booking.record_locators
        ],
        "created": iso(booking.created),
        "last_change": iso(booking.last_changed),
        "status": str(booking.status),
        "agency": _agency(booking.agency),
        "travellers": [booking_traveller_to_contract(item) for item in booking.travellers],
        "itinerary": [
            {
                "sequence": item.sequence,
                "carrier": item.carrier,
                "number": item.number,
                "operating_carrier": item.operating_carrier,
                "operating_number": item.operating_number,
                "equipment": item.equipment,
                "origin": item.origin,
                "destination": item.destination,
                "departure_local": iso(item.departure_local),
                "arrival_local": iso(item.arrival_local),
                "class_of_service": item.class_of_service,
                "status": item.status,
            }
            for item in booking.itinerary
        ],
        "payments": [
            {
                "type": item.type,
                "card_brand": item.card_brand,
                "masked_number": item.masked_number,
                "card_hash": item.card_hash,
                "amount": amount(item.amount),
                "currency": item.currency,
                "card_holder": item.card_holder,
                "payer": item.payer,
            }
            for item in booking.payments
        ],
        "phones": [
            {
                "raw": item.raw,
                "e164": item.e164,
                "role": item.role,
                "traveller": item.traveller_index,
            }
            for item in booking.phones
        ],
        "emails": [
            {"raw": item.raw, "normalised": item.normalised, "traveller": item.traveller_index}
            for item in booking.emails
        ],
        "addresses": [
            {
                "role": item.role,
                "street": item.street,
                "city": item.city,
                "state": item.state,
                "postcode": item.postcode,
                "country": item.country,
                "raw": item.raw,
                "traveller": item.traveller_index,
            }
            for item in booking.addresses
        ],
        "remarks": [
            {
                "kind": item.kind,
                "code": item.code,
                # a kept sensitive item (withholding switched off) still never shows its text
                "text": None if item.sensitive_category else item.text,
                "sensitive_category": item.sensitive_category,
                "traveller": item.traveller_index,
            }
            for item in booking.remarks
        ],
        "sensitive_removed": booking.sensitive_removed,
        "sensitive_codes": list(booking.sensitive_codes),  # codes and categories, never text
        "history": [
            {
                "action": item.action,
                "time": iso(item.time),
                "description": item.description,
                "agent": item.agent,
            }
            for item in booking.history
        ],
        "group_name": booking.group_name,
        "split_locators": list(booking.split_locators),
        "push_function": booking.push_function,
    }


__all__ = ["booking_to_contract", "to_contract"]
