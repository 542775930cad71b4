"""Segments -> EDIFACT text, with every special character released.

Used by the CUSRES writer, the PAXLST writer and the demo generator. The writer
returns text; the caller encodes it with `encoding_for_syntax(syntax)` (UNOA means
ASCII), keeping the choice of bytes at the edge. Trailing empty components and
elements are dropped, as ISO 9735 asks, so `write_segment("NAD", ["FL", None,
None, ["DOE", "JOHN"]])` gives `NAD+FL+++DOE:JOHN'`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from paxscreen.edifact.delimiters import DEFAULT_DELIMITERS, Delimiters

Element = str | Sequence[str | None] | None
SegmentSpec = tuple[str, Sequence[Element]]


def escape(value: str, delimiters: Delimiters = DEFAULT_DELIMITERS) -> str:
    """Put the release character before every separator, terminator and release character."""
    release = delimiters.release
    if not release:
        return value
    specials = delimiters.specials
    if not any(char in value for char in specials):
        return value
    return "".join(release + char if char in specials else char for char in value)


def write_segment(
    tag: str, elements: Sequence[Element] = (), *, delimiters: Delimiters = DEFAULT_DELIMITERS
) -> str:
    """One segment with its terminator; an element is a str, a list of components or None."""
    rendered: list[str] = []
    for element in elements:
        if element is None:
            rendered.append("")
        elif isinstance(element, str):
            rendered.append(escape(element, delimiters))
        else:
            components = [escape(component or "", delimiters) for component in element]
            while components and not components[-1]:
                components.pop()
            rendered.append(delimiters.component.join(components))
    while rendered and not rendered[-1]:
        rendered.pop()
    return delimiters.element.join([tag, *rendered]) + delimiters.terminator


@dataclass(frozen=True, slots=True)
class MessageHeader:
    """What a UNH says: reference, type and version, and the multi-part identification."""

    reference: str
    type: str  # PAXLST, CUSRES, PNRGOV
    version: str  # "D" for UN directories, "13" for PNRGOV 13.1
    release: str  # "05B", "1"
    agency: str = "UN"
    association: str | None = "IATA"
    common_access_reference: str | None = None
    sequence: str | None = None
    first_last: str | None = None  # C or F

    def to_segment(self) -> SegmentSpec:
        identifier = [self.type, self.version, self.release, self.agency, self.association]
        part = [self.sequence, self.first_last] if self.sequence or self.first_last else None
        return "UNH", [self.reference, identifier, self.common_access_reference, part]


def write_message(
    header: MessageHeader,
    body: Sequence[SegmentSpec],
    *,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    separator: str = "\n",
) -> str:
    """UNH + body + UNT with the right segment count."""
    specs = [header.to_segment(), *body, ("UNT", [str(len(body) + 2), header.reference])]
    return separator.join(write_segment(tag, els, delimiters=delimiters) for tag, els in specs)


def write_interchange(
    messages: Sequence[str],
    *,
    sender: str,
    recipient: str,
    control_reference: str,
    prepared_at: dt.datetime,
    syntax: str = "UNOA",
    syntax_version: str = "4",
    application_reference: str | None = None,
    functional_group: tuple[str, str, str] | None = None,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    separator: str = "\n",
) -> str:
    """UNA, UNB, optional UNG/UNE, the messages (from `write_message`), UNZ.

    `functional_group` is (message type, version, release), e.g. ("PAXLST", "D", "05B"),
    and wraps the messages in a UNG/UNE group whose reference is 1. A `sender` or
    `recipient` written `ID:QUALIFIER` keeps its partner identification qualifier.
    """
    date = prepared_at.strftime("%y%m%d")
    time = prepared_at.strftime("%H%M")
    lines = [delimiters.una]

    def segment(tag: str, elements: Sequence[Element]) -> None:
        lines.append(write_segment(tag, elements, delimiters=delimiters))

    segment(
        "UNB",
        [
            [syntax, syntax_version],
            sender.split(":"),
            recipient.split(":"),
            [date, time],
            control_reference,
            None,
            application_reference,
        ],
    )
    if functional_group is not None:
        kind, version, release = functional_group
        segment(
            "UNG",
            [
                kind,
                sender.split(":")[0],
                recipient.split(":")[0],
                [date, time],
                "1",
                "UN",
                [version, release],
            ],
        )
    lines.extend(messages)
    if functional_group is not None:
        segment("UNE", [str(len(messages)), "1"])
    segment("UNZ", ["1" if functional_group else str(len(messages)), control_reference])
    return separator.join(lines) + separator


__all__ = [
    "Element",
    "MessageHeader",
    "SegmentSpec",
    "escape",
    "write_interchange",
    "write_message",
    "write_segment",
]
