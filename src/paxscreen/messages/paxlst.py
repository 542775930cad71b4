"""PAXLST -> the canonical model: flights, travellers, documents, with findings.

    parse_paxlst_message(context: MessageContext) -> ParsedMessage

The reader is keyed on tag and qualifier, never on segment order or directory
version (GTAS's strict grammar failed on real traffic, its issues #801, #2082):
a NAD other than MS opens a traveller, a DOC opens a document of the current
traveller, a LOC or DTM goes where its qualifier belongs (flight, traveller or
document) wherever it stands. A segment that fits nowhere becomes a finding and
the reading goes on. The legacy US dialect (`PAXLST:001:000:NZ`, with UNS and
PDT) is recognised and refused with a finding naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from paxscreen.edifact import Segment
from paxscreen.messages.context import MessageContext
from paxscreen.messages.paxlst_checks import check_traveller, finish_message
from paxscreen.messages.paxlst_codes import (
    ARRIVAL_TIME,
    BIRTH_DATE,
    DEPARTURE_TIME,
    DOCUMENT_IDENTIFIERS,
    DOCUMENT_NAMES,
    EXPIRY_DATE,
    FILED_TIME,
    FLIGHT_LOCATIONS,
    ISSUE_DATE,
    ISSUING_STATE,
    TRANSACTION_REFERENCE,
    TRAVELLER_ROLES,
)
from paxscreen.messages.paxlst_dates import DateKind, read_date
from paxscreen.messages.paxlst_flights import FlightBuilder
from paxscreen.messages.paxlst_travellers import (
    TRAVELLER_SEGMENTS,
    apply_contact,
    apply_document_date,
    apply_document_location,
    apply_location,
    apply_reference,
    keep_unmapped,
    start_document,
    start_traveller,
)
from paxscreen.model import MessageStatus, ParsedMessage, TravelDocument, Traveller, TravellerRole

_FLIGHT_TIMES = frozenset({DEPARTURE_TIME, ARRIVAL_TIME, FILED_TIME})
_DOCUMENT_DATES = frozenset({EXPIRY_DATE, ISSUE_DATE})
# segments of the UN message that the air guidelines do not use: read past quietly
_UNUSED = frozenset({"AUT", "CPI", "QTY", "GID"})


def parse_paxlst_message(context: MessageContext, **options: Any) -> ParsedMessage:
    """Read one PAXLST message (options meant for other message types are ignored)."""
    if is_us_legacy_dialect(context):
        context.findings.error(
            "paxlst.us-legacy-dialect",
            f"PAXLST {context.message.version} is the legacy US EDIFACT dialect (UNS/PDT "
            "passenger records), not the UN/IATA PAXLST we read; message refused",
            context.message.header,
        )
        context.header.status = MessageStatus.FAILED_PARSE
        context.header.status_reason = "legacy US PAXLST dialect"
        return ParsedMessage(message=context.header, findings=context.findings.findings)
    return PaxlstReader(context).read()


def is_us_legacy_dialect(context: MessageContext) -> bool:
    """UNH S009 `PAXLST:001:000:NZ`, or PDT passenger records, mark the pre-UN US format."""
    message = context.message
    if message.version.startswith("001") or message.controlling_agency.upper() == "NZ":
        return True
    return any(segment.tag == "PDT" for segment in message.segments[1:65])


class PaxlstReader:
    """One pass over the message body; see the module docstring for the routing rules."""

    def __init__(self, context: MessageContext) -> None:
        self.context = context
        self.findings = context.findings
        self.flights: list[FlightBuilder] = []
        self.travellers: list[Traveller] = []
        self.traveller: Traveller | None = None
        self.traveller_segment: Segment | None = None
        self.document: TravelDocument | None = None
        self.totals: list[Segment] = []
        self.two_digit_births: list[Segment] = []
        self.handlers: dict[str, Callable[[Segment], None]] = {
            "BGM": self._beginning,
            "RFF": self._reference,
            "DTM": self._date,
            "LOC": self._location,
            "NAD": self._party,
            "CTA": self._contact_name,
            "COM": self._contact,
            "TDT": self._transport,
            "DOC": self._document,
            "CNT": self.totals.append,
        }

    def read(self) -> ParsedMessage:
        handlers, traveller_segments = self.handlers, TRAVELLER_SEGMENTS
        context = self.context
        for segment in context.message.body:
            handler = handlers.get(segment.tag)
            if handler is not None:
                handler(segment)
                continue
            apply = traveller_segments.get(segment.tag)
            if apply is not None and self.traveller is not None:
                apply(context, self.traveller, segment)
            elif segment.tag not in _UNUSED:
                self.findings.warning(
                    "paxlst.unexpected-segment",
                    f"{segment.tag} segment is not expected here (before any traveller, or not "
                    "a PAXLST segment); ignored",
                    segment,
                )
        self._close_traveller()
        flights = [builder.build() for builder in self.flights]
        parsed = ParsedMessage(
            message=context.header,
            flights=flights,
            travellers=self.travellers,
            findings=self.findings.findings,
        )
        finish_message(context, parsed, totals=self.totals, two_digit_births=self.two_digit_births)
        return parsed

    def _beginning(self, segment: Segment) -> None:
        header = self.context.header
        function, modifier = segment.value(0).strip(), segment.value(1).strip().upper()
        header.function, header.function_modifier = function or None, modifier or None
        if function not in DOCUMENT_NAMES:
            self.findings.warning(
                "paxlst.unknown-function",
                f"BGM document code {function!r} is not an air API list "
                f"({', '.join(sorted(DOCUMENT_NAMES))}); read as a passenger list",
                segment,
            )
        elif modifier not in DOCUMENT_IDENTIFIERS[function]:
            self.findings.warning(
                "paxlst.unknown-function-modifier",
                f"BGM {function} with identifier {modifier!r} is not a known variant",
                segment,
                element=1,
            )

    def _reference(self, segment: Segment) -> None:
        components = segment.components(0)
        if components and components[0] == TRANSACTION_REFERENCE:
            self.context.header.transaction_reference = segment.value(0, 1).strip() or None
        elif self.traveller is not None:
            apply_reference(self.context, self.traveller, segment, components)
        else:
            self.findings.info(
                "paxlst.header-reference",
                f"RFF {segment.value(0)!r} outside any traveller; ignored",
                segment,
            )

    def _date(self, segment: Segment) -> None:
        components = segment.components(0)
        qualifier = components[0] if components else ""
        if qualifier in _FLIGHT_TIMES and self.flights:
            self.flights[-1].add_time(segment)
        elif qualifier == BIRTH_DATE and self.traveller is not None:
            self._birth_date(self.traveller, segment, components)
        elif qualifier in _DOCUMENT_DATES and self.document is not None:
            apply_document_date(self.context, self.document, segment, components)
        elif self.traveller is not None:
            keep_unmapped(self.context, self.traveller, segment)
        else:
            self.findings.info(
                "paxlst.header-date", f"DTM {qualifier!r} outside flight and traveller", segment
            )

    def _birth_date(self, traveller: Traveller, segment: Segment, components: list[str]) -> None:
        text = components[1] if len(components) > 1 else ""
        try:
            reading = read_date(
                text,
                components[2] if len(components) > 2 else "",
                kind=DateKind.BIRTH,
                reference_date=self.context.reference_date,
            )
        except ValueError as error:
            self.findings.warning(
                "paxlst.bad-birth-date", f"date of birth: {error}", segment, element=0
            )
            return
        traveller.date_of_birth = reading.date
        if reading.century_guessed:
            self.two_digit_births.append(segment)
        if reading.date.year > self.context.reference_date.year:
            self.findings.warning(
                "paxlst.birth-in-future", f"date of birth {reading.date} is in the future", segment
            )
        elif text.strip() in ("010101", "19010101", "20010101"):
            self.findings.info(
                "paxlst.placeholder-birth-date",
                f"date of birth {text} is a common placeholder for an unknown date",
                segment,
            )

    def _location(self, segment: Segment) -> None:
        qualifier = segment.value(0)
        if qualifier in FLIGHT_LOCATIONS:
            if not self.flights:
                self.findings.info(
                    "paxlst.header-location", f"LOC {qualifier} before any TDT; ignored", segment
                )
                return
            if self.traveller is not None:
                self.findings.warning(
                    "paxlst.flight-location-after-travellers",
                    f"flight LOC {qualifier} stands among the travellers; added to the last flight",
                    segment,
                )
            self.flights[-1].add_stop(segment)
        elif qualifier == ISSUING_STATE and self.document is not None:
            apply_document_location(self.context, self.document, segment)
        elif self.traveller is not None:
            apply_location(self.context, self.traveller, segment, qualifier)
        else:
            self.findings.info(
                "paxlst.header-location", f"LOC {qualifier!r} outside any traveller", segment
            )

    def _party(self, segment: Segment) -> None:
        qualifier = segment.value(0).strip().upper()
        if qualifier == "MS":
            self._close_traveller()
            name = " ".join(part for part in segment.components(3) if part) or segment.value(1)
            self.context.header.reporting_party = name.strip() or None
            return
        role = TRAVELLER_ROLES.get(qualifier)
        if role is None:
            self.findings.warning(
                "paxlst.unknown-party",
                f"NAD party qualifier {qualifier!r} is not FL, FM, DDU, DDT or ZZZ; "
                "read as a passenger",
                segment,
            )
            role = TravellerRole.PASSENGER
        self._close_traveller()
        self.traveller = start_traveller(self.context, segment, role)
        self.traveller_segment = segment

    def _contact_name(self, segment: Segment) -> None:
        header = self.context.header
        contact = segment.value(1, 1).strip() or segment.value(1).strip()
        if contact:
            header.reporting_party = f"{header.reporting_party or ''} ({contact})".strip()

    def _contact(self, segment: Segment) -> None:
        if self.traveller is not None:
            apply_contact(self.context, self.traveller, segment)
            return
        header = self.context.header
        numbers = " ".join(
            ":".join(part for part in element if part) for element in segment.elements
        )
        header.reporting_party = f"{header.reporting_party or ''} {numbers}".strip()

    def _transport(self, segment: Segment) -> None:
        if self.traveller is not None:
            self.findings.warning(
                "paxlst.flight-after-travellers",
                "TDT stands after travellers; travellers belong to the whole message",
                segment,
            )
            self._close_traveller()
        self.flights.append(FlightBuilder(self.context, segment))

    def _document(self, segment: Segment) -> None:
        if self.traveller is None:
            self.findings.warning(
                "paxlst.document-without-traveller",
                "DOC before any traveller NAD; ignored",
                segment,
            )
            return
        start_document(self.context, self.traveller, segment)
        self.document = self.traveller.documents[-1]

    def _close_traveller(self) -> None:
        traveller = self.traveller
        if traveller is None:
            return
        assert self.traveller_segment is not None
        check_traveller(self.context, traveller, self.traveller_segment)
        self.travellers.append(traveller)
        self.traveller = self.traveller_segment = self.document = None


__all__ = ["PaxlstReader", "is_us_legacy_dialect", "parse_paxlst_message"]
