"""What a message-level parser receives: the `MessageContext`, and its findings sink.

Every EDIFACT message parser (PAXLST, CUSRES, PNRGOV) has the same signature::

    def parse_<type>_message(context: MessageContext) -> ParsedMessage

and returns `ParsedMessage(message=context.header, ..., findings=context.findings.findings)`.
The dispatcher builds the context: the tokenized UNH..UNT segments, the interchange
they came from (UNB, delimiters, raw text for positions), the model `Message`
header already filled from UNB/UNG/UNH, a sink that turns (code, segment) into a
`Finding` with a full `Position`, and the reference date for two-digit years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from paxscreen.edifact import EdifactMessage, Interchange, Segment
from paxscreen.findings import Finding, Severity
from paxscreen.model import Message, Provenance


@dataclass(slots=True)
class FindingSink:
    """Collects the findings of one message, positioned in the raw interchange."""

    interchange: Interchange
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        segment: Segment | None = None,
        *,
        element: int | None = None,
        component: int | None = None,
    ) -> None:
        position = self.interchange.position_of(segment, element, component) if segment else None
        self.findings.append(Finding(code, severity, message, position))

    def warning(
        self, code: str, message: str, segment: Segment | None = None, *, element: int | None = None
    ) -> None:
        self.add(code, Severity.WARNING, message, segment, element=element)

    def info(
        self, code: str, message: str, segment: Segment | None = None, *, element: int | None = None
    ) -> None:
        self.add(code, Severity.INFO, message, segment, element=element)

    def error(
        self, code: str, message: str, segment: Segment | None = None, *, element: int | None = None
    ) -> None:
        self.add(code, Severity.ERROR, message, segment, element=element)


@dataclass(slots=True)
class MessageContext:
    """Everything a message parser needs; see the module docstring for the contract."""

    interchange: Interchange
    message: EdifactMessage  # UNH .. UNT (to the end when truncated)
    header: Message  # model header filled from UNB/UNG/UNH; parsers add BGM/MSG data
    findings: FindingSink
    reference_date: dt.date  # UNB preparation date, else today: picks 2-digit centuries

    def provenance(self, segment: Segment) -> Provenance:
        """Where a value came from: message id, segment index and tag.

        Line and column are left out on purpose (they cost a lookup per value on
        manifests of 20,000 travellers); `Interchange.position` recomputes them
        from the segment index when a screen needs them.
        """
        return Provenance(self.header.id, segment.index, None, None, segment.tag)


__all__ = ["FindingSink", "MessageContext"]
