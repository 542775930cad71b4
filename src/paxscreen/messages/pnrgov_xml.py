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
import functools
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

from paxscreen.errors import MessageError
from paxscreen.findings import Finding, Position, Severity
from paxscreen.messages.pnrgov_booking import PnrOptions
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
EMPTY_VALUES = {"", "-"}


class _IndexedElement(Element):
    """An element that keeps its `_lookup` index on itself.

    The reader's trees are made of these, so the index is a slot read away. The
    tree builder fills the slot as it goes, from names it has already split;
    `_lookup` fills it on first use otherwise.
    """

    __slots__ = ("lookup",)


class _PositionedTreeBuilder:
    """An ElementTree target that remembers where each element starts.

    `attach` hands it expat's element events directly: the ElementTree parser's
    own handlers (pure Python under defusedxml) would add two calls and a name
    lookup per element and attribute on the way to `start`. On that path each
    element gets its `_lookup` index on the way too, each distinct name being
    qualified and lower-cased once per document.
    """

    def __init__(self) -> None:
        self._stack: list[Element] = []
        self.root: Element | None = None
        self.positions: dict[int, tuple[int, int, int]] = {}
        self.expat: Any = None
        self._names: dict[str, tuple[str, str]] = {}  # expat name -> qualified, lookup key

    def attach(self, expat: Any) -> None:
        """Take expat's element events (ordered attributes, `}` namespace separator)."""
        self.expat = expat
        expat.StartElementHandler = self._expat_start
        expat.EndElementHandler = self._expat_end

    def _name(self, key: str) -> tuple[str, str]:
        """`uri}local` -> (`{uri}local`, `local` lower-cased), as ElementTree and
        `_lookup` write them."""
        name = self._names[key] = (
            "{" + key if "}" in key else key,
            key.rsplit("}", 1)[-1].lower(),
        )
        return name

    def _expat_start(self, tag: str, attr_list: list[str]) -> Element:
        names = self._names
        attrib: dict[str, str] = {}
        by_name: dict[str, str] = {}
        for number in range(0, len(attr_list), 2):
            qualified, key = names.get(attr_list[number]) or self._name(attr_list[number])
            attrib[qualified] = by_name[key] = attr_list[number + 1]
        qualified, key = names.get(tag) or self._name(tag)
        element = _IndexedElement(qualified, attrib)
        element.lookup = (by_name, {})  # type: ignore[attr-defined]
        stack = self._stack
        if stack:
            parent = stack[-1]
            parent.append(element)
            children = parent.lookup[1]  # type: ignore[attr-defined]
            found = children.get(key)
            if found is None:
                children[key] = [element]
            else:
                found.append(element)
        else:
            self.root = element
        stack.append(element)
        expat = self.expat
        self.positions[id(element)] = (
            expat.CurrentLineNumber,
            expat.CurrentColumnNumber + 1,
            expat.CurrentByteIndex,
        )
        return element

    def _expat_end(self, tag: str) -> Element:
        return self._stack.pop()

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = _IndexedElement(tag, attrs)
        if self._stack:
            self._stack[-1].append(element)
        else:
            self.root = element
        self._stack.append(element)
        if self.expat is not None:
            self.positions[id(element)] = (
                self.expat.CurrentLineNumber,
                self.expat.CurrentColumnNumber + 1,
                self.expat.CurrentByteIndex,
            )
        return element

    def end(self, tag: str) -> Element:
        return self._stack.pop()

    def data(self, text: str) -> None:
        if self._stack:
            current = self._stack[-1]
            if len(current):
                last = current[-1]
                last.tail = (last.tail or "") + text
            else:
                current.text = (current.text or "") + text

    def close(self) -> Element | None:
        return self.root


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass(slots=True)
class XmlDocument:
    """The parsed tree, where each element stands, and the message's findings."""

    root: Element
    message_id: str | None
    positions: dict[int, tuple[int, int, int]]
    findings: list[Finding] = field(default_factory=list)
    _order: dict[int, int] = field(default_factory=dict)
    _sources: dict[int, Provenance] = field(default_factory=dict)

    def position(self, element: Element) -> Position | None:
        where = self.positions.get(id(element))
        if where is None:
            return None
        line, column, offset = where
        return Position(offset=offset, line=line, column=column, segment=self.index(element))

    def index(self, element: Element) -> int:
        """The element's number in document order (stands in for a segment index)."""
        if not self._order:
            self._order = {id(item): number for number, item in enumerate(self.root.iter())}
        return self._order.get(id(element), 0)

    def source(self, element: Element) -> Provenance:
        """Where the element stands (one Provenance per element: it is frozen)."""
        known = self._sources.get(id(element))
        if known is None:
            line, column, _offset = self.positions.get(id(element), (None, None, None))
            tag = element.tag
            # positional: this runs for most elements of a push
            known = Provenance(
                self.message_id, self.index(element), line, column, tag[tag.rfind("}") + 1 :]
            )
            self._sources[id(element)] = known
        return known

    def note(
        self,
        code: str,
        message: str,
        element: Element | None,
        severity: Severity = Severity.WARNING,
    ) -> None:
        self.findings.append(
            Finding(
                code, severity, message, self.position(element) if element is not None else None
            )
        )


def attribute(element: Element | None, *names: str) -> str | None:
    """The first of `names` present as an attribute (any case) or child element text."""
    if element is None:
        return None
    attributes, children = getattr(element, "lookup", None) or _lookup(element)
    keys = _lower_names(names)
    if attributes:
        for key in keys:
            value = attributes.get(key)
            if value is not None:
                value = value.strip()
                if value not in EMPTY_VALUES:
                    return value
    if children:
        for key in keys:
            found = children.get(key)
            if found:
                text = found[0].text
                if text:
                    text = text.strip()
                    if text not in EMPTY_VALUES:
                        return text
    return None


@functools.lru_cache(maxsize=1024)  # the reader asks for a few hundred literal names
def _lower_names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.lower() for name in names)


def child_named(element: Element, name: str) -> Element | None:
    found = _lookup(element)[1].get(name.lower())
    return found[0] if found else None


def children_named(element: Element, name: str) -> list[Element]:
    return list(_lookup(element)[1].get(name.lower(), ()))


# element -> (attributes by lower-case local name, children by lower-case local name).
# The reader asks each element for several names, in any case; indexing an element
# once beats lower-casing all its attributes and children at every question. Trees
# are read, never changed, once parsed. The reader's trees are all `_IndexedElement`s
# and keep their index in its slot; any other element is indexed afresh per question.
_Lookup = tuple[dict[str, str], dict[str, list[Element]]]


def _lookup(element: Element) -> _Lookup:
    found: _Lookup | None = getattr(element, "lookup", None)
    if found is None:
        attributes = {
            key.rsplit("}", 1)[-1].lower(): value for key, value in element.attrib.items()
        }
        children: dict[str, list[Element]] = {}
        for child in element:
            if isinstance(child.tag, str):
                children.setdefault(local_name(child.tag).lower(), []).append(child)
        found = (attributes, children)
        if isinstance(element, _IndexedElement):
            element.lookup = found  # type: ignore[attr-defined]
    return found


def parse_xml_datetime(text: str | None) -> dt.datetime | None:
    """ISO 8601 date-times as the XML carries them (`2019-05-06T17:00:00`, `2019-05-06 17:00`)."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _parse_tree(raw: bytes) -> tuple[Element, dict[int, tuple[int, int, int]]]:
    builder = _PositionedTreeBuilder()
    parser = DefusedET.DefusedXMLParser(target=builder, forbid_dtd=True)
    expat = getattr(parser, "parser", None)
    if expat is not None and expat.ordered_attributes:
        builder.attach(expat)  # defusedxml's DTD and entity guards stay in place
    else:
        builder.expat = expat
    try:
        parser.feed(raw)
        root = parser.close()
    except DefusedXmlException as error:
        raise MessageError(f"XML refused: {type(error).__name__} ({error})") from error
    except DefusedET.ParseError as error:
        raise MessageError(f"XML is not well formed: {error}") from error
    except (LookupError, ValueError) as error:  # e.g. an unknown encoding in the declaration
        raise MessageError(f"XML cannot be decoded: {error}") from error
    if root is None:
        raise MessageError("XML document has no root element")
    return root, builder.positions


XmlTree = tuple[Element, dict[int, tuple[int, int, int]]]  # root, element id -> position


def read_xml_tree(raw: bytes) -> XmlTree:
    """The document's elements with where each starts (line, column, byte offset).

    Raises:
        MessageError: the bytes are not well-formed XML, or use entities or a DTD.
    """
    return _parse_tree(raw)


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
    root, positions = tree if tree is not None else _parse_tree(raw)
    document = XmlDocument(root=root, message_id=message_id, positions=positions)
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
    if header.total_parts is not None and header.total_parts != len(parsed.bookings):
        document.note(
            "pnrgov.pnr-count-mismatch",
            f"NumberOfPnrs is {header.total_parts} but the document holds {len(parsed.bookings)}",
            pnrs,
            Severity.INFO,
        )
    header.status = MessageStatus.PARSED
    header.findings = document.findings
    return parsed


def _flight(document: XmlDocument, leg: Element) -> Flight:
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
    "parse_pnrgov_xml",
    "read_xml_tree",
]
