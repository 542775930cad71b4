"""PAXLST Gr4/Gr5: the segments of one traveller and their documents, applied to the model.

Each function takes the message context, the traveller being built and one
segment, and sets what the segment says, keyed on its qualifier. Unknown
qualifiers are kept in `Traveller.other_references` as sent, with a finding, so
that a national variant never loses data.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from operator import itemgetter

from paxscreen.edifact import Segment, numeric
from paxscreen.messages.context import MessageContext
from paxscreen.messages.paxlst_codes import (
    EMAIL_CHANNEL,
    EXPIRY_DATE,
    ISSUE_DATE,
    SEX_CODES,
    TRAVELLER_LOCATIONS,
    TRAVELLER_REFERENCES,
    VERIFIED,
    WEIGHT_UNITS,
)
from paxscreen.messages.paxlst_dates import DateKind, read_date
from paxscreen.messages.pnrgov_cards import scrub_card_numbers
from paxscreen.messages.pnrgov_travellers import country_code
from paxscreen.model import (
    Bag,
    FrequentFlyer,
    NameSource,
    PersonName,
    Seat,
    TravelDocument,
    Traveller,
    TravellerRole,
)

MAX_DOCUMENTS = 5  # Gr5 repeats at most five times per traveller


def start_traveller(context: MessageContext, segment: Segment, role: TravellerRole) -> Traveller:
    """NAD+FL+++SURNAME:GIVEN:MIDDLE+street+city+state+postcode+country."""
    elements = segment.elements
    components = elements[3] if len(elements) > 3 else [""]
    surname = components[0].strip()
    given = " ".join(filter(None, map(str.strip, components[1:])))
    name = PersonName(
        raw=":".join(components), surname=surname, given_names=given, source=NameSource.API
    )
    traveller = Traveller(role=role, name=name, sources={"": context.provenance(segment)})
    if len(elements) > 4:
        address = ", ".join(filter(None, map(str.strip, map(itemgetter(0), elements[4:9]))))
        if address:
            traveller.addresses.append(address)
    return traveller


def apply_sex(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """ATT+2++M."""
    sex = segment.value(2).strip().upper()
    if sex and sex not in SEX_CODES:
        context.findings.warning(
            "paxlst.unknown-sex-code",
            f"sex code {sex!r} is not M, F, U or X; kept",
            segment,
            element=2,
        )
    traveller.sex = sex or None


def apply_location(
    context: MessageContext, traveller: Traveller, segment: Segment, qualifier: str | None = None
) -> None:
    """LOC+22/174/178/179/180 (clearance, residence, embarkation, debarkation, birth)."""
    attribute = TRAVELLER_LOCATIONS.get(segment.value(0) if qualifier is None else qualifier)
    code = segment.value(1).strip().upper()
    if attribute is None:
        keep_unmapped(context, traveller, segment)
    elif attribute == "place_of_birth":
        place = segment.value(1, 3).strip()
        if place:
            traveller.place_of_birth = place
            traveller.birth_country = country_code(code) if code else None
        else:
            traveller.birth_country = country_code(code)
    elif attribute == "residence_country":
        traveller.residence_country = country_code(code)
    else:
        setattr(traveller, attribute, code or None)


def apply_nationality(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """NAT+2+USA (2 current nationality; 1 at birth used only when nothing better came)."""
    code = segment.value(1).strip().upper()
    if not code:
        context.findings.warning("paxlst.empty-nationality", "NAT carries no country", segment)
        return
    if segment.value(0) == "2" or traveller.nationality is None:
        traveller.nationality = country_code(code)


def apply_reference(
    context: MessageContext,
    traveller: Traveller,
    segment: Segment,
    components: list[str] | None = None,
) -> None:
    """RFF+AVF/ABO/SEA/AEA/CR/YZY (`components`: the RFF C506 when already split)."""
    if components is None:
        components = segment.components(0)
    value = components[1].strip() if len(components) > 1 else ""
    attribute = TRAVELLER_REFERENCES.get(components[0]) if components else None
    if not value:
        context.findings.warning(
            "paxlst.empty-reference", f"RFF {segment.value(0)!r} carries no value", segment
        )
    elif attribute is None:
        keep_unmapped(context, traveller, segment)
    elif attribute == "seat":
        traveller.seats.append(Seat(seat=value, sources={"": context.provenance(segment)}))
    elif attribute == "frequent_flyer":
        traveller.frequent_flyers.append(FrequentFlyer(airline="", number=value))
    elif attribute == "ticket_number":
        traveller.ticket_numbers.append(value)
    else:
        setattr(traveller, attribute, value)


def apply_contact(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """COM+number:TE+address:EM."""
    for element in segment.elements:
        number = element[0].strip()
        if not number:
            continue
        channel = element[1] if len(element) > 1 else ""
        (traveller.emails if channel == EMAIL_CHANNEL else traveller.phones).append(number)


def apply_measure(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """MEA+CT++:2 (checked bags) or MEA+WT++KGM:23."""
    qualifier, unit, measure = segment.value(0), segment.value(2), segment.value(2, 1)
    bag = _bag(traveller)
    try:
        if qualifier == "CT":
            bag.count = int(measure)
        elif qualifier == "WT":
            bag.weight = Decimal(measure)
            bag.weight_unit = WEIGHT_UNITS.get(unit.upper(), unit or None)
        else:
            keep_unmapped(context, traveller, segment)
    except (ValueError, InvalidOperation):
        context.findings.warning(
            "paxlst.bad-measure", f"MEA {qualifier} value {measure!r} is not a number", segment
        )


def apply_free_text(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """FTX+BAG+++AF012345:3: the first bag tag and how many consecutive tags follow."""
    if segment.value(0) != "BAG":
        keep_unmapped(context, traveller, segment)
        return
    first, count_text = segment.value(3).strip(), segment.value(3, 1).strip()
    if not first:
        context.findings.warning("paxlst.empty-bag-tag", "FTX+BAG carries no tag number", segment)
        return
    count = numeric(count_text) or 1
    _bag(traveller).tags.extend(consecutive_tags(first, count))


def consecutive_tags(first: str, count: int) -> list[str]:
    """AF012345 x 3 -> AF012345, AF012346, AF012347 (the numeric tail counts up)."""
    head = first.rstrip("0123456789")
    digits = first[len(head) :]
    if not digits or count <= 1:
        return [first]
    start = int(digits)
    return [f"{head}{start + offset:0{len(digits)}d}" for offset in range(min(count, 999))]


def apply_verification(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """GEI+4+173 verified / 174 not verified."""
    verified = VERIFIED.get(segment.value(1))
    if verified is None:
        keep_unmapped(context, traveller, segment)
    else:
        traveller.verified = verified


def apply_employment(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """EMP+1+CR1 (crew function)."""
    traveller.crew_function = segment.value(1).strip() or None


def start_document(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """DOC+P:110:111+YY3478621G (type, number); up to five per traveller."""
    kind, number = segment.value(0).strip().upper(), segment.value(1).strip()
    if not kind:
        context.findings.warning(
            "paxlst.document-without-type", f"DOC {number!r} has no document type", segment
        )
    if not number:
        context.findings.warning("paxlst.document-without-number", "DOC has no number", segment)
    if len(traveller.documents) == MAX_DOCUMENTS:
        context.findings.warning(
            "paxlst.too-many-documents",
            f"more than {MAX_DOCUMENTS} documents for one traveller; all kept",
            segment,
        )
    traveller.documents.append(
        TravelDocument(type=kind or None, number=number, sources={"": context.provenance(segment)})
    )


def apply_document_date(
    context: MessageContext, document: TravelDocument, segment: Segment, components: list[str]
) -> None:
    """DTM+36 expiry / DTM+182 issue date of the current document (`components`: DTM C507)."""
    qualifier = components[0]
    kind = DateKind.EXPIRY if qualifier == EXPIRY_DATE else DateKind.ISSUE
    try:
        reading = read_date(
            components[1] if len(components) > 1 else "",
            components[2] if len(components) > 2 else "",
            kind=kind,
            reference_date=context.reference_date,
        )
    except ValueError as error:
        context.findings.warning("paxlst.bad-date", f"DTM {qualifier}: {error}", segment, element=0)
        return
    day = reading.to_date()
    if day is None:
        context.findings.warning(
            "paxlst.partial-date", f"document date {segment.value(0, 1)!r} is incomplete", segment
        )
    elif qualifier == ISSUE_DATE:
        document.issue_date = day
    else:
        document.expiry = day


def apply_document_location(
    context: MessageContext, document: TravelDocument, segment: Segment
) -> None:
    """LOC+91+FRA (issuing state), with the place of issue when sent (LOC+91+FRA:::PARIS)."""
    document.issuing_state = country_code(segment.value(1)) or None
    place = segment.value(1, 3).strip()
    if place:
        document.place_of_issue = place


def keep_unmapped(context: MessageContext, traveller: Traveller, segment: Segment) -> None:
    """Keep a segment we do not map, as sent (but a card number masked), and say so."""
    text = f"{segment.tag}+" + "+".join(":".join(element) for element in segment.elements)
    text, _masked = scrub_card_numbers(text)  # free text (FTX) may carry one: never kept
    traveller.other_references.append(text)
    context.findings.info(
        "paxlst.unknown-qualifier",
        f"{segment.tag} qualifier {segment.value(0)!r} is not one we map; kept as {text!r}",
        segment,
    )


def _bag(traveller: Traveller) -> Bag:
    if not traveller.bags:
        traveller.bags.append(Bag())
    return traveller.bags[0]


TravellerHandler = Callable[[MessageContext, Traveller, Segment], None]

# Gr4 tags -> handler (NAD, DTM, LOC, RFF and DOC are routed by the reader)
TRAVELLER_SEGMENTS: dict[str, TravellerHandler] = {
    "ATT": apply_sex,
    "NAT": apply_nationality,
    "COM": apply_contact,
    "MEA": apply_measure,
    "FTX": apply_free_text,
    "GEI": apply_verification,
    "EMP": apply_employment,
}

__all__ = ["TRAVELLER_SEGMENTS", "apply_document_date", "start_document", "start_traveller"]
