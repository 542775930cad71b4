"""One XML `PNR` element -> a Booking, with the rules the EDIFACT reader applies.

Booking references, point of sale, contacts, passengers (`pnrgov_xml_passenger`),
flights and remarks. Sensitive SSRs and remarks are withheld and cards masked by
the shared `BookingBuilder`; infants are linked as in EDIFACT.
"""

from __future__ import annotations

import datetime as dt

from paxscreen.findings import Severity
from paxscreen.messages.pnrgov_booking import BookingBuilder, PnrOptions
from paxscreen.messages.pnrgov_travellers import link_infants
from paxscreen.messages.pnrgov_xml import XmlDocument, parse_xml_datetime, pnr_last_changed
from paxscreen.messages.pnrgov_xml_passenger import (
    REMARK_ELEMENTS,
    read_contact_info,
    read_passenger,
    read_remark,
    read_ssr,
)
from paxscreen.messages.pnrgov_xml_tree import XmlElement, attribute, child_named, children_named
from paxscreen.model import Agency, Booking, BookingStatus, ItinerarySegment, RecordLocator
from paxscreen.model.keys import split_flight_number


def read_xml_pnr(
    document: XmlDocument, pnr: XmlElement, *, options: PnrOptions, today: dt.date
) -> Booking:
    builder = BookingBuilder(options, findings=document.findings)
    booking = builder.booking
    booking.sources[""] = document.source(pnr)
    booking.created = parse_xml_datetime(attribute(pnr, "PNR_CreationDate", "CreationDate"))
    booking.last_changed = pnr_last_changed(pnr)
    for reference in children_named(pnr, "BookingRefID"):
        locator = attribute(reference, "ID")
        if locator:
            system = attribute(child_named(reference, "CompanyName"), "Code")
            booking.record_locators.append(RecordLocator(locator=locator, system=system))
    if not booking.record_locators:
        document.note("pnrgov.no-record-locator", "PNR without a BookingRefID", pnr)
    _point_of_sale(document, builder, child_named(pnr, "POS"))
    for contact in children_named(pnr, "ContactInfo"):
        read_contact_info(document, builder, contact, traveller_index=None)
    for passenger in children_named(pnr, "Passenger"):
        read_passenger(document, builder, passenger, today=today)
    for ssr in children_named(pnr, "SSR"):  # PNR-level SSRs (GTAS #2082: DOCS outside the pax)
        read_ssr(document, builder, ssr, None, today=today)
    for sequence, flight in enumerate(children_named(pnr, "Flight"), start=1):
        _flight_segment(document, builder, flight, sequence)
    for name in REMARK_ELEMENTS:
        for remark in children_named(pnr, name):
            read_remark(document, builder, remark, traveller_index=None)
    if link_infants(builder):
        document.note(
            "pnrgov.infant-adult-guessed", "infant linked to an adult by order", pnr, Severity.INFO
        )
    if (
        booking.record_locators
        and not booking.travellers
        and not booking.itinerary
        and child_named(pnr, "POS") is None
    ):
        booking.status = BookingStatus.CANCELLED
    return booking


def _point_of_sale(document: XmlDocument, builder: BookingBuilder, pos: XmlElement | None) -> None:
    source = child_named(pos, "Source") if pos is not None else None
    if source is None:
        return
    requestor = child_named(source, "RequestorID")
    builder.booking.agency = Agency(
        pseudo_city=attribute(source, "PseudoCityCode"),
        country=attribute(source, "ISOCountry"),
        city=attribute(source, "AirportCode"),
        agent_id=attribute(source, "AgentSine"),
        system=attribute(source, "AirlineVendorID"),
        iata_number=attribute(source, "IATA_Number") or attribute(requestor, "ID"),
        name=attribute(
            child_named(requestor, "CompanyName") if requestor is not None else None, "Code"
        ),
        sources={"": document.source(source)},
    )


def _flight_segment(
    document: XmlDocument, builder: BookingBuilder, flight: XmlElement, sequence: int
) -> None:
    marketing, operating = (
        child_named(flight, "MarketingAirline"),
        child_named(flight, "OperatingAirline"),
    )
    number_text = attribute(marketing, "FlightNumber") or attribute(flight, "FlightNumber") or ""
    number, suffix = split_flight_number(number_text) if number_text else ("", None)
    operating_number = attribute(operating, "FlightNumber")
    builder.booking.itinerary.append(
        ItinerarySegment(
            sequence=sequence,
            carrier=attribute(marketing, "Code") or attribute(operating, "Code") or "",
            number=number,
            suffix=suffix,
            operating_carrier=attribute(operating, "Code"),
            operating_number=split_flight_number(operating_number)[0] if operating_number else None,
            origin=attribute(child_named(flight, "DepartureAirport"), "LocationCode"),
            destination=attribute(child_named(flight, "ArrivalAirport"), "LocationCode"),
            departure_local=parse_xml_datetime(attribute(flight, "DepartureDateTime")),
            arrival_local=parse_xml_datetime(attribute(flight, "ArrivalDateTime")),
            class_of_service=attribute(flight, "ResBookDesigCode"),
            status=attribute(flight, "Status"),
            equipment=attribute(child_named(flight, "Equipment"), "AirEquipType"),
            sources={"": document.source(flight)},
        )
    )


__all__ = ["read_xml_pnr"]
