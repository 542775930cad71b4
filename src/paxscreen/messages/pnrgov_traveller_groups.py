"""Groups 2 to 4: a traveller (TIF), their tickets (TKT) and forms of payment (FOP).

`TIF+SURNAME[:I]+GIVEN[TITLE]:type:reference[:infant indicator]` names the
traveller; a group booking sends `TIF+NAME OF GROUP:G` without people. Travellers
are created for every TIF of the booking before any SSR is read, so that an INFT
or a DOCS of the adult finds the infant's own TIF instead of inventing a twin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from paxscreen.edifact import Segment
from paxscreen.messages.pnrgov_booking import to_decimal
from paxscreen.messages.pnrgov_contacts import contact_from_osi
from paxscreen.messages.pnrgov_dates import parse_card_expiry
from paxscreen.messages.pnrgov_groups import SegmentGroup
from paxscreen.messages.pnrgov_reader import PnrReader, joined_text
from paxscreen.messages.pnrgov_ssr_segments import read_ssrs
from paxscreen.messages.pnrgov_travellers import add_frequent_flyer, add_traveller
from paxscreen.model import Address, Payment, Ticket


def create_travellers(reader: PnrReader, group: SegmentGroup) -> list[int]:
    """Travellers of one TIF (one per given-name element); [] for a group name."""
    tif = group.trigger
    assert tif is not None  # a group 2 always opens with its TIF
    elements = tif.elements  # split once: surname, group marks and given names
    name = elements[0] if elements else []
    surname = name[0] if name else ""
    first_given = elements[1] if len(elements) > 1 else []
    if _is_group_mark(name) or _is_group_mark(first_given):
        reader.builder.booking.group_name = surname or None
        return []
    given_elements = elements[1:] or [[""]]
    source = reader.source(tif)
    created = []
    for element in given_elements:
        given = element[0] if element else ""
        created.append(
            add_traveller(
                reader.builder,
                surname=surname,
                given=given,
                passenger_type=element[1] if len(element) > 1 else None,
                reference=element[2] if len(element) > 2 else None,
                source=source,
            )
        )
    if not surname:
        reader.note("pnrgov.tif-no-surname", "TIF without a surname", tif, element=0)
    return created


def _is_group_mark(element: list[str]) -> bool:
    """`G` as an element's second component: `TIF+NAME OF GROUP:G` (or on the given name)."""
    return len(element) > 1 and element[1].upper() == "G"


def read_traveller_group(reader: PnrReader, group: SegmentGroup, indexes: list[int]) -> None:
    """The members of one group 2 and its tickets, for the travellers its TIF created."""
    index = indexes[0] if indexes else None
    ssrs = []  # read together afterwards, in one pass over the members
    for segment in group.segments:
        tag = segment.tag
        if tag == "SSR":
            ssrs.append(segment)
        elif index is not None:
            reader_for = _GR2_MEMBERS.get(tag)
            if reader_for is not None:
                reader_for(reader, segment, index)
    read_ssrs(reader, ssrs, traveller=index)
    payment_groups = []
    for child in group.groups:
        if child.name == "Gr3":
            _read_ticket(reader, child, index)
        elif child.name == "Gr4":
            payment_groups.append(child)
    for payment_group in payment_groups:  # after every ticket, the order they were read in
        _read_payment(reader, payment_group, index, None)


def _read_fti(reader: PnrReader, segment: Segment, index: int) -> None:
    for element in segment.elements:
        airline, number = (element + ["", ""])[:2]
        if airline and number:
            tier = next((part for part in element[2:] if part), None)
            add_frequent_flyer(reader.builder, index, airline, number, tier, reader.source(segment))


def _read_ref(reader: PnrReader, segment: Segment, index: int) -> None:
    """`REF+:001435199A918A76`: the unique passenger reference."""
    reference = segment.value(0, 1) or segment.value(0) or None
    reader.builder.booking.travellers[index].passenger_reference = reference


def _read_traveller_ift(reader: PnrReader, segment: Segment, index: int) -> None:
    read_ift(reader, segment, traveller_index=index)


def _read_traveller_add(reader: PnrReader, segment: Segment, index: int) -> None:
    read_add(reader, segment, traveller_index=index)


def _read_ebd(reader: PnrReader, segment: Segment, index: int) -> None:
    """Excess baggage, kept as a remark on the traveller."""
    reader.builder.add_remark(
        kind="EBD",
        code=None,
        text=reader.free_text(segment, 0),
        source=reader.source(segment),
        position=reader.where(segment),
        traveller_index=index,
    )


# group 2 members other than SSR (read together afterwards) and FAR (fare detail, unused)
_GR2_MEMBERS: dict[str, Callable[[PnrReader, Segment, int], None]] = {
    "FTI": _read_fti,
    "REF": _read_ref,
    "IFT": _read_traveller_ift,
    "ADD": _read_traveller_add,
    "EBD": _read_ebd,
}


def read_ift(
    reader: PnrReader,
    segment: Segment,
    *,
    traveller_index: int | None = None,
    segment_sequence: int | None = None,
    payments: Sequence[Payment] = (),
) -> None:
    """An IFT: a contact in OSI conventions, a sponsor (4:43) or a remark.

    `payments` are those of the FOP the IFT follows (group 4): a sponsor there is
    the payer and card holder; elsewhere a sponsor is kept as a remark.
    """
    elements = segment.elements  # split once: the qualifier and the text both need it
    qualifier = ":".join(filter(None, elements[0][:2])) if elements else ""
    text = joined_text(elements)
    if not text:
        return
    source = reader.source(segment)
    if qualifier == "4:43":
        _read_sponsor(reader, segment, traveller_index, payments)
        return
    contact = contact_from_osi(text)
    if contact is not None and contact.kind in ("email", "phone"):
        reader.builder.add_contact(contact, source=source, traveller_index=traveller_index)
        return
    kind = "OSI" if qualifier == "4:28" else "IFT"
    reader.builder.add_remark(
        kind=kind,
        code=qualifier or None,
        text=text,
        source=source,
        position=reader.where(segment),
        traveller_index=traveller_index,
        segment_sequence=segment_sequence,
    )


def _read_sponsor(
    reader: PnrReader, segment: Segment, traveller_index: int | None, payments: Sequence[Payment]
) -> None:
    """IFT 4:43: who pays (name, address, phone); put on the payments it follows."""
    name, address, phone = segment.value(1), segment.value(2), segment.value(3)
    source = reader.source(segment)
    for payment in payments:
        payment.payer = payment.payer or name or None
        payment.billing_address = payment.billing_address or address or None
        if payment.type == "CC" and payment.card_holder is None:
            payment.card_holder = name or None
    if not payments:
        reader.builder.add_remark(
            kind="SPONSOR",
            code="4:43",
            text=reader.free_text(segment),
            source=source,
            position=reader.where(segment),
            traveller_index=traveller_index,
        )
    if phone:
        reader.builder.add_phone(
            phone, role="sponsor", source=source, traveller_index=traveller_index
        )


def read_add(
    reader: PnrReader,
    segment: Segment,
    *,
    traveller_index: int | None = None,
    role: str | None = None,
) -> Address | None:
    """`ADD++700:street:city:state::country:postcode:phone or contact text`."""
    parts = segment.components(1) + [""] * 8
    source = reader.source(segment)
    extra = parts[7].strip()
    if extra:
        contact = contact_from_osi(extra)
        if contact is not None:
            reader.builder.add_contact(contact, source=source, traveller_index=traveller_index)
        else:
            reader.builder.add_phone(
                extra, role="address", source=source, traveller_index=traveller_index
            )
    if not any(parts[1:7]):
        return None
    address = Address(
        role=role or parts[0] or None,
        street=parts[1] or None,
        city=parts[2] or None,
        state=parts[3] or None,
        country=parts[5] or None,
        postcode=parts[6] or None,
        raw=":".join(part for part in parts[1:7] if part),
        traveller_index=traveller_index,
        sources={"": source},
    )
    reader.builder.booking.addresses.append(address)
    return address


def _read_ticket(reader: PnrReader, group: SegmentGroup, index: int | None) -> None:
    tkt = group.trigger
    assert tkt is not None  # a group 3 always opens with its TKT
    number = tkt.value(0).strip()
    ticket = Ticket(number=number, sources={"": reader.source(tkt)})
    taxes = Decimal(0)
    for segment in group.segments:
        if segment.tag == "MON":
            for element in segment.elements:
                if (
                    len(element) > 1
                    and element[0] in ("T", "B")
                    and (ticket.fare_amount is None or element[0] == "T")
                ):
                    ticket.fare_amount = to_decimal(element[1])
                    ticket.currency = (element[2] if len(element) > 2 else "") or ticket.currency
        elif segment.tag == "TXD":
            taxes += sum(
                (to_decimal(element[0]) or Decimal(0))
                for element in segment.elements[1:]
                if element
            )
        elif segment.tag == "DAT":
            issued = segment.components(0)
            if issued and issued[0] == "710":
                date_text = issued[1] if len(issued) > 1 else ""
                ticket.issue_date = reader.date(segment, date_text, element=0)
    ticket.taxes = taxes or None
    if index is not None and number:
        traveller = reader.builder.booking.travellers[index]
        traveller.tickets.append(ticket)
        if number not in traveller.ticket_numbers:
            traveller.ticket_numbers.append(number)
    if ticket.issue_date and reader.builder.booking.ticketing_date is None:
        reader.builder.booking.ticketing_date = ticket.issue_date
    for payment_group in group.groups:
        if payment_group.name == "Gr4":
            _read_payment(reader, payment_group, index, ticket.currency)


def _read_payment(
    reader: PnrReader, group: SegmentGroup, index: int | None, currency: str | None
) -> None:
    """`FOP+CC::416.00:AX:3732...:1211` (type, ?, amount, brand, number, expiry), repeated."""
    fop = group.trigger
    assert fop is not None  # a group 4 always opens with its FOP
    payments: list[Payment] = []
    source = reader.source(fop)
    for element_index, element in enumerate(fop.elements):
        parts = element + [""] * 6
        if not parts[0]:
            continue
        expiry = None
        if parts[5]:
            try:
                expiry = parse_card_expiry(parts[5])
            except ValueError as error:
                reader.note("pnrgov.bad-card-expiry", str(error), fop, element=element_index)
        paid = reader.builder.add_payment(
            type=parts[0],
            amount=parts[2],
            currency=currency,
            card_brand=parts[3],
            card_number=parts[4],
            card_expiry=expiry,
            source=source,
            position=reader.where(fop, element_index),
        )
        payments.append(paid)
    for segment in group.segments:
        if segment.tag == "IFT":
            read_ift(reader, segment, traveller_index=index, payments=payments)
        elif segment.tag == "ADD":
            address = read_add(reader, segment, traveller_index=index, role="billing")
            if address is not None:
                for payment in payments:
                    payment.billing_address = address.raw


__all__ = ["create_travellers", "read_add", "read_ift", "read_traveller_group"]
