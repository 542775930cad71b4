"""One XML `Passenger` -> a Traveller: names, loyalty, bags, SSRs, tickets, DOC_SSR.

DOCS, DOCO and DOCA arrive as attributes of `DOC_SSR` children (or as AIRIMP text
in a plain `SSR`); both feed the same `pnrgov_travellers` functions the EDIFACT
reader uses, so a document attaches the same way whatever the syntax.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from paxscreen.messages.pnrgov_booking import BookingBuilder, to_decimal
from paxscreen.messages.pnrgov_contacts import contact_from_code, contact_from_osi
from paxscreen.messages.pnrgov_dates import DateKind, parse_ddmmmyy, parse_partial_birth_date
from paxscreen.messages.pnrgov_travellers import (
    add_frequent_flyer,
    add_traveller,
    apply_doca,
    apply_doco,
    apply_docs,
    find_by_name,
    find_by_reference,
)
from paxscreen.messages.pnrgov_xml import XmlDocument, parse_xml_datetime
from paxscreen.messages.pnrgov_xml_tree import XmlElement, attribute, child_named, children_named
from paxscreen.messages.ssr import Doca, Doco, Docs, parse_doca, parse_doco, parse_docs
from paxscreen.model import Address, Bag, PartialDate, Ticket

REMARK_ELEMENTS = ("OSI", "Remark", "Remarks", "SpecialRemark", "OtherServiceInfo")


def _date(text: str | None, *, kind: DateKind, today: dt.date) -> dt.date | None:
    """ISO (`1976-05-30`) or AIRIMP (`30MAY76`) date; None when neither."""
    if not text:
        return None
    stamp = parse_xml_datetime(text)
    if stamp is not None:
        return stamp.date()
    try:
        return parse_ddmmmyy(text, today=today, kind=kind)
    except ValueError:
        return None


def read_contact_info(
    document: XmlDocument, builder: BookingBuilder, contact: XmlElement, traveller_index: int | None
) -> None:
    source = document.source(contact)
    phone = attribute(contact, "PhoneNumber")
    if phone:
        builder.add_phone(
            phone,
            role=attribute(contact, "PhoneUseType"),
            source=source,
            traveller_index=traveller_index,
        )
    email = attribute(contact, "EmailAddress")
    if email:
        builder.add_email(email, source=source, traveller_index=traveller_index)
    street = attribute(contact, "AddressLine")
    city, postcode = attribute(contact, "CityName"), attribute(contact, "PostalCode")
    if street or city or postcode:
        builder.booking.addresses.append(
            Address(
                role="contact",
                street=street,
                city=city,
                postcode=postcode,
                state=attribute(contact, "StateProv"),
                country=attribute(contact, "CountryName"),
                raw=", ".join(part for part in (street, postcode, city) if part),
                traveller_index=traveller_index,
                sources={"": source},
            )
        )


def read_passenger(
    document: XmlDocument, builder: BookingBuilder, passenger: XmlElement, *, today: dt.date
) -> None:
    source = document.source(passenger)
    surname = attribute(passenger, "Surname") or ""
    given = " ".join(
        part
        for part in (attribute(passenger, "GivenName"), attribute(passenger, "NameTitle"))
        if part
    )
    if not surname:
        document.note("pnrgov-xml.no-surname", "Passenger without a Surname", passenger)
    index = add_traveller(
        builder,
        surname=surname,
        given=given,
        passenger_type=attribute(passenger, "PassengerTypeCode", "PTC"),
        reference=attribute(passenger, "RPH"),
        source=source,
    )
    traveller = builder.booking.travellers[index]
    traveller.passenger_reference = attribute(passenger, "SurnameRefNumber")
    traveller.boarding_status = attribute(passenger, "BoardingStatus")
    for loyalty in children_named(passenger, "CustLoyalty"):
        airline, number = attribute(loyalty, "ProgramID"), attribute(loyalty, "MembershipID")
        if airline and number:
            add_frequent_flyer(
                builder,
                index,
                airline,
                number,
                attribute(loyalty, "LoyalLevel", "TierLevel"),
                document.source(loyalty),
            )
    for bag in children_named(passenger, "ExcessBaggage"):
        count = attribute(bag, "UnitOfMeasureQuantity")
        traveller.bags.append(
            Bag(
                count=int(count) if count and count.isdigit() else None,
                weight_unit=(attribute(bag, "UnitOfMeasureCode") or "").upper() or None,
                pool_head=attribute(bag, "BaggagePool") == "HP",
                sources={"": document.source(bag)},
            )
        )
    for contact in children_named(passenger, "ContactInfo"):
        read_contact_info(document, builder, contact, traveller_index=index)
    for ssr in children_named(passenger, "SSR"):
        read_ssr(document, builder, ssr, index, today=today)
    for ticket in children_named(passenger, "TicketDocument"):
        _ticket(document, builder, ticket, index)
    for doc_ssr in children_named(passenger, "DOC_SSR"):
        _doc_ssr(document, builder, doc_ssr, index, today=today)
    for name in REMARK_ELEMENTS:
        for remark in children_named(passenger, name):
            read_remark(document, builder, remark, traveller_index=index)


def read_ssr(
    document: XmlDocument,
    builder: BookingBuilder,
    ssr: XmlElement,
    index: int | None,
    *,
    today: dt.date,
) -> None:
    """An SSR element; at PNR level (`index` None) its RPH or DOCS name finds the traveller."""
    code = (attribute(ssr, "SSR_Code", "Code") or "").upper()
    text = attribute(ssr, "TEXT", "Text", "FreeText") or ""
    position = functools.partial(document.position, ssr)  # computed only for a finding
    source = document.source(ssr)
    if builder.is_withheld(code, builder.options.table.ssr_category(code), position):
        return
    if index is None:
        index = find_by_reference(builder, attribute(ssr, "RPH"))
    if code == "DOCS":
        docs = parse_docs(text, today=today)
        holder = (
            index if index is not None else find_by_name(builder, docs.surname, docs.given_names)
        )
        if holder is not None:
            apply_docs(builder, holder, docs, source)
            return
    elif code == "DOCO" and index is not None:
        apply_doco(builder, index, parse_doco(text, today=today), source)
        return
    elif code == "DOCA" and index is not None:
        apply_doca(builder, index, parse_doca(text), source)
        return
    elif code.startswith("CTC") and len(code) == 4:
        contact = contact_from_code(code[3], text)
        if contact is not None:
            builder.add_contact(contact, source=source, traveller_index=index)
        return
    builder.add_remark(
        kind="SSR",
        code=code or None,
        text=text,
        source=source,
        position=position,
        traveller_index=index,
    )


def _doc_ssr(
    document: XmlDocument,
    builder: BookingBuilder,
    doc_ssr: XmlElement,
    index: int,
    *,
    today: dt.date,
) -> None:
    docs = child_named(doc_ssr, "DOCS")
    if docs is not None:
        birth_text = attribute(docs, "DateOfBirth", "BirthDate")
        birth = _date(birth_text, kind=DateKind.BIRTH, today=today)
        given = " ".join(
            part
            for part in (
                attribute(docs, "FirstGivenName", "GivenName"),
                attribute(docs, "SecondGivenName", "MiddleName"),
            )
            if part
        )
        gender = (attribute(docs, "Gender") or "").upper()
        read = Docs(
            document_type=attribute(docs, "DocType", "TravelDocType"),
            number=attribute(docs, "DocID", "TravelDocNbr", "DocumentNumber"),
            issuing_state=attribute(docs, "IssuingLoc", "DocIssueCountry"),
            nationality=attribute(docs, "PaxNationality", "DocHolderNationality"),
            date_of_birth=PartialDate.from_date(birth) if birth else _partial(birth_text, today),
            sex=gender[:1] or None,
            is_infant=gender in ("MI", "FI"),
            expiry=_date(
                attribute(docs, "ExpiryDate", "ExpireDate"), kind=DateKind.EXPIRY, today=today
            ),
            surname=attribute(docs, "Surname"),
            given_names=given or None,
        )
        apply_docs(builder, index, read, document.source(docs))
    doco = child_named(doc_ssr, "DOCO")
    if doco is not None:
        apply_doco(
            builder,
            index,
            Doco(
                place_of_birth=attribute(doco, "BirthLocation"),
                document_type=attribute(doco, "TravelDocType"),
                number=attribute(doco, "TravelDocNbr"),
                place_of_issue=attribute(doco, "PlaceOfIssue"),
                issue_date=_date(attribute(doco, "DateOfIssue"), kind=DateKind.ISSUE, today=today),
                applicable_state=attribute(doco, "CountryState"),
            ),
            document.source(doco),
        )
    doca = child_named(doc_ssr, "DOCA")
    if doca is not None:
        apply_doca(
            builder,
            index,
            Doca(
                address_type=attribute(doca, "AddressType"),
                country=attribute(doca, "Country"),
                street=attribute(doca, "Address"),
                city=attribute(doca, "CityName"),
                state=attribute(doca, "StateProvCounty"),
                postcode=attribute(doca, "PostalCode"),
            ),
            document.source(doca),
        )
    if docs is None and doco is None and doca is None:
        document.note("pnrgov-xml.empty-doc-ssr", "DOC_SSR without DOCS, DOCO or DOCA", doc_ssr)


def _partial(text: str | None, today: dt.date) -> PartialDate | None:
    if not text:
        return None
    try:
        return parse_partial_birth_date(text, today=today)
    except ValueError:
        try:
            return PartialDate.parse(text)
        except ValueError:
            return None


def _ticket(
    document: XmlDocument, builder: BookingBuilder, ticket_element: XmlElement, index: int
) -> None:
    source = document.source(ticket_element)
    number = attribute(ticket_element, "TicketDocumentNbr") or ""
    total = child_named(ticket_element, "TotalFare")
    taxes = sum(
        (to_decimal(attribute(tax, "Amount")) or Decimal(0))
        for taxes_element in children_named(ticket_element, "Taxes")
        for tax in children_named(taxes_element, "Tax")
    )
    issued = parse_xml_datetime(attribute(ticket_element, "DateOfIssue"))
    ticket = Ticket(
        number=number,
        issue_date=issued.date() if issued else None,
        fare_amount=to_decimal(attribute(total, "Amount")),
        currency=attribute(total, "CurrencyCode"),
        taxes=taxes or None,
        sources={"": source},
    )
    traveller = builder.booking.travellers[index]
    if number:
        traveller.tickets.append(ticket)
        traveller.ticket_numbers.append(number)
    for payment in children_named(ticket_element, "PaymentInfo"):
        builder.add_payment(
            type=attribute(payment, "PaymentType") or "",
            amount=attribute(payment, "PaymentAmount"),
            currency=ticket.currency,
            card_brand=attribute(payment, "VendorCode"),
            card_number=attribute(payment, "AccountNbr"),
            card_expiry=attribute(payment, "ExpiryDate"),
            card_holder=attribute(payment, "CardHolderName"),
            source=document.source(payment),
            position=document.position(payment),
        )


def read_remark(
    document: XmlDocument, builder: BookingBuilder, remark: XmlElement, traveller_index: int | None
) -> None:
    text = attribute(remark, "Text", "TEXT") or (remark.text or "").strip()
    if not text:
        return
    contact = contact_from_osi(text)
    if contact is not None and contact.kind in ("email", "phone"):
        builder.add_contact(
            contact, source=document.source(remark), traveller_index=traveller_index
        )
        return
    builder.add_remark(
        kind="OSI",
        code=attribute(remark, "Code"),
        text=text,
        source=document.source(remark),
        position=document.position(remark),
        traveller_index=traveller_index,
    )


__all__ = ["REMARK_ELEMENTS", "read_contact_info", "read_passenger", "read_remark", "read_ssr"]
