"""PNRGOV XML (`IATA_PNRGOV_NotifRQ`) -> the same canonical bookings as EDIFACT.

ICAO Annex 9 lets states accept the XML PNRGOV message beside EDIFACT; GTAS
never read it (its issue #40). The XSD is not public, so this reader follows the
structure described in `message-formats.md` §4 and real generators: attributes
first, child-element text as a fallback, namespaces ignored, attribute names
matched without regard to case (generators write `ISOCOuntry`). XML is parsed
with defusedxml: no entity expansion, no external entities, no DTD tricks; such
input is refused with `MessageError`, as is XML that is not well formed. Every
element keeps its line and column so provenance and findings point into the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from typing import Any

from paxscreen.findings import Finding, Position, Severity
from paxscreen.messages.pnrgov_booking import PnrOptions
from paxscreen.messages.pnrgov_xml_tree import (
    XmlElement,
    attribute,
    child_named,
    children_named,
    local_name,
    read_xml_tree,
)
from paxscreen.model import (
    Flight,
    Message,
    MessageFormat,
    MessageStatus,
    MessageType,
    ParsedMessage,
    Provenance,
)

ROOT = "IATA_PNRGOV_NotifRQ"


XmlTree = XmlElement  # the root, as `read_xml_tree` returns it


@dataclass(slots=True)
class XmlDocument:
    """The parsed tree and the message's findings; provenance made once per element."""

    root: XmlElement
    message_id: str | None
    findings: list[Finding] = field(default_factory=list)
    _sources: dict[XmlElement, Provenance] = field(default_factory=dict)

    def position(self, element: XmlElement) -> Position:
        return element_position(element)

    def source(self, element: XmlElement) -> Provenance:
        """Where the element stands (one Provenance per element: it is frozen)."""
        known = self._sources.get(element)
        if known is None:
            # positional: this runs for most elements of a push
            known = self._sources[element] = Provenance(
                self.message_id, element.order, element.line, element.column, element.name
            )
        return known

    def note(
        self,
        code: str,
        message: str,
        element: XmlElement | None,
        severity: Severity = Severity.WARNING,
    ) -> None:
        self.findings.append(
            Finding(
                code, severity, message, self.position(element) if element is not None else None
            )
        )


def element_position(element: XmlElement) -> Position:
    """Where the element starts; its number in document order stands in for a segment index."""
    return Position(
        offset=element.offset, line=element.line, column=element.column, segment=element.order
    )


def parse_xml_datetime(text: str | None) -> dt.datetime | None:
    """ISO 8601 date-times as the XML carries them (`2019-05-06T17:00:00`, `2019-05-06 17:00`)."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_pnrgov_xml(
    raw: bytes,
    *,
    message_id: str | None = None,
    options: PnrOptions | None = None,
    tree: XmlTree | None = None,
    **_other: Any,
) -> ParsedMessage:
    """Read one `IATA_PNRGOV_NotifRQ` document into a ParsedMessage with its bookings.

    `tree` is `read_xml_tree(raw)` when the caller has already read it (ingestion
    fingerprints the same elements), so the bytes are parsed once.

    Raises:
        MessageError: the bytes are not well-formed XML, or use entities or a DTD.
    """
    from paxscreen.messages.pnrgov_xml_pnr import read_xml_pnr

    options = options or PnrOptions()
    root = tree if tree is not None else read_xml_tree(raw)
    document = XmlDocument(root=root, message_id=message_id)
    header = Message(raw=raw, id=message_id, type=MessageType.PNRGOV, format=MessageFormat.XML)
    parsed = ParsedMessage(message=header, findings=document.findings)
    if local_name(root.tag) != ROOT:
        document.note(
            "pnrgov-xml.unknown-root",
            f"root element {local_name(root.tag)!r} is not {ROOT}",
            root,
            Severity.ERROR,
        )
        header.status = MessageStatus.FAILED_PARSE
        header.findings = document.findings
        return parsed
    header.version = attribute(root, "Version") or None
    originator = child_named(root, "Originator")
    header.sender = attribute(originator, "AirlineCode", "SystemCode")
    header.function = attribute(root, "PushType", "MessageFunction")
    leg = child_named(root, "FlightLeg")
    if leg is not None:
        parsed.flights.append(_flight(document, leg))
    pnrs = child_named(root, "PNRs")
    if pnrs is not None:
        total = attribute(pnrs, "NumberOfPnrs")
        header.total_parts = int(total) if total and total.isdigit() else None
        today = options.today or dt.date.today()
        pushed = parsed.flights[0].designator if parsed.flights else None
        for pnr in children_named(pnrs, "PNR"):
            booking = read_xml_pnr(document, pnr, options=options, today=today)
            booking.pushed_flight, booking.message_id = pushed, message_id
            booking.push_function = header.function
            parsed.bookings.append(booking)
    held = len(parsed.bookings) + options.left_out  # PNRs ingestion left out count as held
    if header.total_parts is not None and header.total_parts != held:
        document.note(
            "pnrgov.pnr-count-mismatch",
            f"NumberOfPnrs is {header.total_parts} but the document holds {held}",
            pnrs,
            Severity.INFO,
        )
    header.status = MessageStatus.PARSED
    header.findings = document.findings
    return parsed


def pnr_elements(root: XmlElement) -> Sequence[XmlElement]:
    """The `PNR` elements the reader reads, in document order (those of `PNRs`)."""
    pnrs = child_named(root, "PNRs")
    return children_named(pnrs, "PNR") if pnrs is not None else ()


def pnr_last_changed(pnr: XmlElement) -> dt.datetime | None:
    """The PNR's last transaction time (`PNR_TransDate`), as its booking's `last_changed`."""
    return parse_xml_datetime(attribute(pnr, "PNR_TransDate", "TransDate"))


def without_pnrs(root: XmlElement, left_out: Container[XmlElement]) -> XmlElement:
    """The document as the reader sees it without the `left_out` PNR elements.

    Copies of the root and of `PNRs` hold the other children; every element keeps
    its place in the file, so positions and provenance are those of the full document.
    """
    pnrs = child_named(root, "PNRs")
    if pnrs is None:
        return root
    kept_pnrs = pnrs.with_children([child for child in pnrs.children if child not in left_out])
    return root.with_children([kept_pnrs if child is pnrs else child for child in root.children])


def _flight(document: XmlDocument, leg: XmlElement) -> Flight:
    carrier = attribute(leg, "CarrierCode", "AirlineCode") or ""
    number = (attribute(leg, "FlightNumber") or "").lstrip("0") or ""
    if not carrier or not number:
        document.note("pnrgov-xml.incomplete-flight", "FlightLeg without carrier or number", leg)
    return Flight(
        carrier=carrier,
        number=number,
        origin=attribute(child_named(leg, "DepartureAirport"), "LocationCode"),
        destination=attribute(child_named(leg, "ArrivalAirport"), "LocationCode"),
        departure_local=parse_xml_datetime(attribute(leg, "DepartureDateTime")),
        arrival_local=parse_xml_datetime(attribute(leg, "ArrivalDateTime")),
        sources={"": document.source(leg)},
    )


__all__ = [
    "ROOT",
    "XmlDocument",
    "XmlTree",
    "attribute",
    "children_named",
    "element_position",
    "parse_pnrgov_xml",
    "pnr_elements",
    "pnr_last_changed",
    "read_xml_tree",
    "without_pnrs",
]
