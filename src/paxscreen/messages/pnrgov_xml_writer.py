"""Bookings -> PNRGOV XML (`IATA_PNRGOV_NotifRQ`), for carriers that push XML.

The IATA XSD is not public; the shape follows `message-formats.md` §4 (the
synthetic generators and samples it cites): OTA-style namespace, the pushed
flight in `FlightLeg`, one `PNR` per booking with `BookingRefID`, `POS/Source`,
`ContactInfo`, `Passenger` (names, loyalty, SSRs, `TicketDocument` with
`PaymentInfo`, `DOC_SSR/DOCS` attributes) and one `Flight` per itinerary
segment. A cancelled PNR in an update push is its `BookingRefID` alone. Dates
are ISO 8601; flight times local, transaction times UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.etree.ElementTree import Element, SubElement, tostring

from paxscreen.model import Booking, BookingStatus, Flight, ItinerarySegment, Traveller

NAMESPACE = "http://www.iata.org/IATA/2007/00"


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return (
        value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()
    )


def _add(parent: Element, tag: str, **attributes: str | None) -> Element:
    return SubElement(parent, tag, {key: value for key, value in attributes.items() if value})


def _flight_leg(root: Element, flight: Flight) -> None:
    leg = _add(
        root,
        "FlightLeg",
        CarrierCode=flight.carrier,
        FlightNumber=flight.number,
        DepartureDateTime=_iso(flight.departure_local),
        ArrivalDateTime=_iso(flight.arrival_local),
    )
    _add(leg, "DepartureAirport", LocationCode=flight.origin)
    _add(leg, "ArrivalAirport", LocationCode=flight.destination)


def _passenger(pnr: Element, booking: Booking, index: int, traveller: Traveller) -> None:
    name = traveller.name
    passenger = _add(
        pnr,
        "Passenger",
        RPH=traveller.reference_number,
        SurnameRefNumber=traveller.passenger_reference,
        PassengerTypeCode=traveller.passenger_type,
        BoardingStatus=traveller.checkin_status,
    )
    _add(passenger, "GivenName").text = name.given_names
    _add(passenger, "NameTitle").text = name.title
    _add(passenger, "Surname").text = name.surname
    for ff in traveller.frequent_flyers:
        _add(passenger, "CustLoyalty", ProgramID=ff.airline, MembershipID=ff.number)
    for email in booking.emails:
        if email.traveller_index == index:
            _add(passenger, "ContactInfo", EmailAddress=email.raw)
    for phone in booking.phones:
        if phone.traveller_index == index:
            _add(passenger, "ContactInfo", PhoneNumber=phone.raw, PhoneUseType=phone.role)
    for remark in booking.remarks:
        if remark.kind == "SSR" and remark.traveller_index == index:
            _add(passenger, "SSR", SSR_Code=remark.code, Text=remark.text or None)
    for ticket in traveller.tickets:
        document = _add(
            passenger,
            "TicketDocument",
            TicketDocumentNbr=ticket.number,
            DateOfIssue=_iso(ticket.issue_date),
        )
        amount = f"{ticket.fare_amount:.2f}" if ticket.fare_amount is not None else None
        _add(document, "TotalFare", Amount=amount, CurrencyCode=ticket.currency)
        for payment in booking.payments:
            _add(
                document,
                "PaymentInfo",
                PaymentType=payment.type,
                PaymentAmount=amount,
                VendorCode=payment.card_brand,
                AccountNbr=payment.masked_number,
                ExpiryDate=payment.card_expiry,
                CardHolderName=payment.card_holder,
            )
    for travel_document in traveller.documents:
        birth = traveller.date_of_birth.isoformat() if traveller.date_of_birth else None
        given = (travel_document.given_names or "").split()
        sex = traveller.sex or ""
        doc_ssr = _add(passenger, "DOC_SSR")
        _add(
            doc_ssr,
            "DOCS",
            DocType=travel_document.type,
            DocID=travel_document.number,
            DocIssueCountry=travel_document.issuing_state,
            PaxNationality=travel_document.nationality,
            DateOfBirth=birth,
            Gender=sex + ("I" if traveller.passenger_type == "IN" and sex else ""),
            ExpiryDate=_iso(travel_document.expiry),
            Surname=travel_document.surname,
            FirstGivenName=given[0] if given else None,
            SecondGivenName=" ".join(given[1:]) or None,
        )


def _segment(
    pnr: Element, booking: Booking, segment: ItinerarySegment, equipment: str | None
) -> None:
    flight = _add(
        pnr,
        "Flight",
        DepartureDateTime=_iso(segment.departure_local),
        ArrivalDateTime=_iso(segment.arrival_local),
        ResBookDesigCode=segment.class_of_service,
        NumberInParty=str(len(booking.travellers)),
        Status=segment.status,
        FlightNumber=segment.number,
    )
    _add(flight, "DepartureAirport", LocationCode=segment.origin)
    _add(flight, "ArrivalAirport", LocationCode=segment.destination)
    if segment.operating_carrier:
        _add(
            flight,
            "OperatingAirline",
            Code=segment.operating_carrier,
            FlightNumber=segment.operating_number,
        )
    _add(flight, "MarketingAirline", Code=segment.carrier, FlightNumber=segment.number)
    if segment.is_pushed_flight and equipment:
        _add(flight, "Equipment", AirEquipType=equipment)


def _pnr(parent: Element, booking: Booking, equipment: str | None) -> None:
    cancelled = booking.status is BookingStatus.CANCELLED
    pnr = _add(
        parent,
        "PNR",
        NumberOfPassengers=None if cancelled else str(len(booking.travellers)),
        PNR_TransDate=_iso(booking.last_changed),
        PNR_CreationDate=_iso(booking.created),
        LastTktDate=_iso(booking.ticketing_date),
    )
    for locator in booking.record_locators:
        reference = _add(pnr, "BookingRefID", ID=locator.locator)
        _add(reference, "CompanyName", Code=locator.system)
    if cancelled:
        return
    agency = booking.agency
    if agency is not None:
        source = _add(
            _add(pnr, "POS"),
            "Source",
            PseudoCityCode=agency.pseudo_city,
            ISOCountry=agency.country,
            AirlineVendorID=agency.system,
            AgentSine=agency.agent_id,
        )
        if agency.iata_number:
            requestor = _add(source, "RequestorID", ID=agency.iata_number)
            _add(requestor, "CompanyName", Code=agency.name)
    for address in booking.addresses:
        _add(
            pnr,
            "ContactInfo",
            AddressLine=address.street,
            CityName=address.city,
            PostalCode=address.postcode,
            CountryName=address.country,
        )
    for email in booking.emails:
        if email.traveller_index is None:
            _add(pnr, "ContactInfo", EmailAddress=email.raw)
    for index, traveller in enumerate(booking.travellers):
        _passenger(pnr, booking, index, traveller)
    for segment in booking.itinerary:
        _segment(pnr, booking, segment, equipment)
    for remark in booking.remarks:
        if remark.kind in ("OSI", "RMK"):
            _add(pnr, "OSI", Code=remark.code, Text=remark.text)


def write_pnrgov_xml(
    bookings: Sequence[Booking],
    *,
    flight: Flight,
    function: str,
    sender: str,
    system: str,
    prepared_at: dt.datetime,
    equipment: str | None = None,
    version: str = "16.1",
) -> bytes:
    """One push as a UTF-8 XML document (with declaration)."""
    root = Element(
        "IATA_PNRGOV_NotifRQ",
        {
            "xmlns": NAMESPACE,
            "Version": version,
            "PushType": function,
            "TimeStamp": _iso(prepared_at) or "",
        },
    )
    _add(root, "Originator", AirlineCode=sender, SystemCode=system)
    _flight_leg(root, flight)
    pnrs = _add(root, "PNRs", NumberOfPnrs=str(len(bookings)))
    for booking in bookings:
        _pnr(pnrs, booking, equipment)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode").encode(
        "utf-8"
    )


__all__ = ["NAMESPACE", "write_pnrgov_xml"]
