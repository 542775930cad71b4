"""A planned booking as the carrier would push it at a given moment.

Full pushes send every live PNR as it stands; update pushes send the PNRs that
changed since the previous push, and a cancelled PNR as locator only. Check-in
data (actual seat, bags with tags) appear once the traveller has checked in,
as in DCS-enriched pushes.
"""

from __future__ import annotations

import datetime as dt

from paxscreen.demo.bookings import PlannedBooking, PlannedTraveller
from paxscreen.demo.names import to_booking_form, to_mrz_form
from paxscreen.model import (
    Address,
    Bag,
    Booking,
    BookingStatus,
    Email,
    FrequentFlyer,
    HistoryEntry,
    NameSource,
    PartialDate,
    PersonName,
    Phone,
    RecordLocator,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
    TravellerRole,
)


def booking_name(traveller: PlannedTraveller) -> PersonName:
    """The TIF name: typed without diacritics, title separate (the writer glues it on)."""
    person = traveller.person
    given = person.given_names[:1] if traveller.drop_middle_name else person.given_names
    surname = to_booking_form(person.surname)
    given_text = to_booking_form(" ".join(given))
    return PersonName(
        raw=f"{surname}/{given_text} {person.title}".strip(),
        surname=surname,
        given_names=given_text,
        title=person.title,
        source=NameSource.TIF,
    )


def document_of(traveller: PlannedTraveller) -> TravelDocument:
    """The document as SSR DOCS or PAXLST carries it: the name in its MRZ form."""
    person = traveller.person
    document = person.documents[traveller.document_index]
    return TravelDocument(
        type=document.type,
        number=document.number,
        issuing_state=document.issuing_state,
        nationality=document.nationality,
        expiry=document.expiry,
        issue_date=document.issue_date,
        surname=to_mrz_form(person.surname),
        given_names=to_mrz_form(" ".join(person.given_names)),
    )


def _traveller(
    plan: PlannedBooking, index: int, traveller: PlannedTraveller, moment: dt.datetime
) -> Traveller:
    person = traveller.person
    designator = plan.scheduled.flight.designator
    checked_in = traveller.checked_in_at is not None and traveller.checked_in_at <= moment
    result = Traveller(
        role=TravellerRole.INFANT if traveller.passenger_type == "IN" else TravellerRole.PASSENGER,
        name=booking_name(traveller),
        sex=person.sex,
        date_of_birth=PartialDate.from_date(person.date_of_birth),
        nationality=person.nationality,
        residence_country=person.residence,
        passenger_type=traveller.passenger_type,
        infant_of=traveller.infant_of,
        reference_number=str(index + 1),
        record_locator=plan.locator,
        passenger_reference=f"{plan.scheduled.carrier.code}{plan.locator}{index + 1:03d}",
        checkin_status="checked_in" if checked_in else None,
    )
    if traveller.send_docs:
        result.documents.append(document_of(traveller))
    if person.frequent_flyer:
        airline, number = person.frequent_flyer
        result.frequent_flyers.append(FrequentFlyer(airline=airline, number=number))
    if plan.ticketed is not None and plan.ticketed <= moment:
        result.ticket_numbers.append(traveller.ticket_number)
        one_way = (
            len(plan.itinerary) == 1 or plan.itinerary[0].origin != plan.itinerary[-1].destination
        )
        result.tickets.append(
            Ticket(
                number=traveller.ticket_number,
                issue_date=plan.ticketed.date(),
                fare_amount=plan.fare,
                currency=plan.currency,
                one_way=one_way,
            )
        )
    if traveller.requested_seat and plan.seat_chosen is not None and plan.seat_chosen <= moment:
        result.seats.append(Seat(flight=designator, seat=traveller.requested_seat))
    if checked_in:
        if traveller.seat:
            result.seats.append(Seat(flight=designator, seat=traveller.seat, checked_in=True))
        if traveller.bags:
            result.bags.append(
                Bag(
                    flight=designator,
                    count=traveller.bags,
                    weight=traveller.bag_weight,
                    weight_unit="KG",
                    tags=list(traveller.bag_tags),
                )
            )
    return result


def _history(plan: PlannedBooking, moment: dt.datetime) -> list[HistoryEntry]:
    agent = plan.agency.pseudo_city
    entries = [HistoryEntry(action="A", time=plan.created, description="NEW PNR", agent=agent)]
    if plan.ticketed and plan.ticketed <= moment:
        entries.append(
            HistoryEntry(action="A", time=plan.ticketed, description="TICKETED", agent=agent)
        )
    if plan.seat_chosen and plan.seat_chosen <= moment:
        entries.append(
            HistoryEntry(action="A", time=plan.seat_chosen, description="SEAT REQUESTED")
        )
    if plan.contact_added and plan.contact_added <= moment:
        entries.append(
            HistoryEntry(action="A", time=plan.contact_added, description="CONTACT ADDED")
        )
    if plan.split_at and plan.split_at <= moment:
        entries.append(
            HistoryEntry(
                action="X", time=plan.split_at, description=f"SPLIT {' '.join(plan.split_locators)}"
            )
        )
    return entries


def _contacts(plan: PlannedBooking, booking: Booking, moment: dt.datetime) -> None:
    contact = plan.travellers[0].person.contact
    booking.phones.append(
        Phone(raw=contact.phone_raw, e164=contact.phone_e164, role="mobile", traveller_index=0)
    )
    booking.emails.append(
        Email(raw=contact.email, normalised=contact.email.lower(), traveller_index=0)
    )
    if plan.contact_added and plan.contact_added <= moment:
        second = contact.email.replace("@", "2@", 1)
        booking.emails.append(Email(raw=second, normalised=second.lower(), traveller_index=0))
    booking.addresses.append(
        Address(
            role="home",
            street=contact.street,
            city=contact.city,
            postcode=contact.postcode,
            country=contact.country,
            traveller_index=0,
        )
    )


def booking_at(plan: PlannedBooking, moment: dt.datetime) -> Booking | None:
    """The PNR as pushed at `moment`; None before it existed."""
    if plan.created > moment:
        return None
    locators = [
        RecordLocator(locator=plan.locator, system=plan.scheduled.carrier.system),
        RecordLocator(locator=plan.carrier_locator, system=plan.scheduled.carrier.code),
    ]
    if plan.cancelled is not None and plan.cancelled <= moment:
        return Booking(
            record_locators=locators, status=BookingStatus.CANCELLED, last_changed=plan.cancelled
        )
    changes = [time for time in plan.event_times() if time <= moment]
    booking = Booking(
        record_locators=locators,
        created=plan.created,
        last_changed=max(changes),
        itinerary=plan.itinerary,
        payments=[plan.payment] if plan.ticketed and plan.ticketed <= moment else [],
        agency=plan.agency,
        remarks=list(plan.remarks),
        history=_history(plan, moment),
        group_name=plan.group_name,
        ticketing_date=plan.ticketed.date() if plan.ticketed and plan.ticketed <= moment else None,
    )
    for index, traveller in enumerate(plan.travellers):
        if traveller.left_at is None or traveller.left_at > moment:
            booking.travellers.append(_traveller(plan, index, traveller, moment))
    if plan.split_at and plan.split_at <= moment:
        booking.split_locators = list(plan.split_locators)
    booking.party_size = len(booking.travellers)
    _contacts(plan, booking, moment)
    return booking


__all__ = ["booking_at", "booking_name", "document_of"]
