"""CUSRES: the government's answer to an iAPI request, written and read back.

Shape (deyoz/astra `iapi_china.ts`, `message-formats.md` §2.8)::

    UNH+<request's UNH ref>+CUSRES:D:05B:UN:IATA+<common access ref>+01:F'
    BGM+962'  (132 unsolicited status change, 312 carrier acknowledgement)
    RFF+TN:<request's RFF+TN>'  RFF+AF:<flight>'  DTM+189/232'  LOC+125/87'
    ERP+1'  ERC+<code>'  FTX+AAP+++<text>'           message-level errors
    ERP+2'  RFF+AVF:<locator>'  RFF+ABO:<ref>'  ERC+0Z|1Z|2Z|4Z'  FTX+AAP+++<text>'
    UNT  UNE  UNZ

`format_cusres` writes a `CusresReply`; `reply_from_message` reads one (our own
replies and other governments'); `parse_cusres_message` is the dispatcher entry,
giving a ParsedMessage whose travellers carry the directive as `boarding_status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from paxscreen.edifact import (
    DEFAULT_DELIMITERS,
    Delimiters,
    EdifactMessage,
    MessageHeader,
    SegmentSpec,
    encoding_for_syntax,
    write_interchange,
    write_message,
)
from paxscreen.messages.context import FindingSink, MessageContext
from paxscreen.messages.paxlst_flights import read_moment
from paxscreen.model import (
    Flight,
    MessageStatus,
    ParsedMessage,
    Traveller,
    split_flight_number,
)


class Directive(StrEnum):
    """ERC board / no-board directives of the iAPI guidelines."""

    OK_TO_BOARD = "0Z"
    NO_BOARD = "1Z"
    ADVISORY = "2Z"
    INSUFFICIENT_DATA = "4Z"


DIRECTIVE_TEXTS: dict[str, str] = {
    Directive.OK_TO_BOARD: "OK TO BOARD",
    Directive.NO_BOARD: "DO NOT BOARD",
    Directive.ADVISORY: "ADVISORY",
    Directive.INSUFFICIENT_DATA: "INSUFFICIENT DATA",
}
RESPONSE, UNSOLICITED, ACKNOWLEDGEMENT = "962", "132", "312"


@dataclass(slots=True, kw_only=True)
class TravellerAnswer:
    """One ERP+2 group: which traveller, and what to do with them."""

    record_locator: str | None = None  # RFF+AVF
    passenger_reference: str | None = None  # RFF+ABO, the iAPI matching key
    directive: str = Directive.OK_TO_BOARD  # ERC code (a Directive, or as sent)
    text: str | None = None  # FTX+AAP free text


@dataclass(slots=True, kw_only=True)
class MessageLevelError:
    """One ERP+1 group: an error about the whole request (e.g. ERC+118)."""

    code: str
    text: str | None = None


@dataclass(slots=True, kw_only=True)
class CusresReply:
    message_reference: str  # the request's UNH 0062, echoed
    document: str = RESPONSE  # BGM 1001
    common_access_reference: str | None = None
    transaction_reference: str | None = None  # the request's RFF+TN, echoed
    flight: str | None = None  # RFF+AF, e.g. MU2599
    origin: str | None = None
    destination: str | None = None
    departure_local: dt.datetime | None = None
    arrival_local: dt.datetime | None = None
    answers: list[TravellerAnswer] = field(default_factory=list)
    errors: list[MessageLevelError] = field(default_factory=list)
    sender: str = ""
    recipient: str = ""
    interchange_reference: str = "1"
    prepared_at: dt.datetime | None = None


def cusres_segments(reply: CusresReply) -> list[SegmentSpec]:
    """The segments between UNH and UNT."""
    segments: list[SegmentSpec] = [("BGM", [reply.document])]
    if reply.transaction_reference:
        segments.append(("RFF", [["TN", reply.transaction_reference]]))
    if reply.flight:
        segments.append(("RFF", [["AF", reply.flight]]))
    for qualifier, moment in (("189", reply.departure_local), ("232", reply.arrival_local)):
        if moment is not None:
            segments.append(("DTM", [[qualifier, moment.strftime("%y%m%d%H%M"), "201"]]))
    for qualifier, airport in (("125", reply.origin), ("87", reply.destination)):
        if airport:
            segments.append(("LOC", [qualifier, airport]))
    for error in reply.errors:
        segments += [("ERP", ["1"]), ("ERC", [error.code])]
        if error.text:
            segments.append(("FTX", ["AAP", None, None, error.text]))
    for answer in reply.answers:
        segments.append(("ERP", ["2"]))
        if answer.record_locator:
            segments.append(("RFF", [["AVF", answer.record_locator]]))
        if answer.passenger_reference:
            segments.append(("RFF", [["ABO", answer.passenger_reference]]))
        segments.append(("ERC", [str(answer.directive)]))
        text = answer.text or DIRECTIVE_TEXTS.get(answer.directive)
        if text:
            segments.append(("FTX", ["AAP", None, None, text]))
    return segments


def format_cusres(reply: CusresReply, *, delimiters: Delimiters = DEFAULT_DELIMITERS) -> str:
    """The whole interchange as text (UNB application reference IAPI)."""
    header = MessageHeader(
        reference=reply.message_reference,
        type="CUSRES",
        version="D",
        release="05B",
        common_access_reference=reply.common_access_reference,
        sequence="01",
        first_last="F",
    )
    message = write_message(header, cusres_segments(reply), delimiters=delimiters)
    return write_interchange(
        [message],
        sender=reply.sender or "GOVERNMENT",
        recipient=reply.recipient or "CARRIER",
        control_reference=reply.interchange_reference,
        prepared_at=reply.prepared_at or dt.datetime.now(dt.UTC).replace(tzinfo=None),
        application_reference="IAPI",
        functional_group=("CUSRES", "D", "05B"),
        delimiters=delimiters,
    )


def write_cusres(reply: CusresReply, *, syntax: str = "UNOA") -> bytes:
    return format_cusres(reply).encode(encoding_for_syntax(syntax), errors="replace")


def reply_from_message(context: MessageContext) -> CusresReply:
    """Read a CUSRES message; odd segments become findings in `context.findings`."""
    message: EdifactMessage = context.message
    reply = CusresReply(
        message_reference=message.reference,
        common_access_reference=message.common_access_reference or None,
        sender=context.interchange.sender,
        recipient=context.interchange.recipient,
        interchange_reference=context.interchange.control_reference,
        prepared_at=context.header.prepared_at,
    )
    group: TravellerAnswer | MessageLevelError | None = None
    findings: FindingSink = context.findings
    for segment in message.body:
        tag, qualifier = segment.tag, segment.value(0)
        if tag == "BGM":
            reply.document = qualifier
        elif tag == "ERP":
            group = TravellerAnswer() if qualifier == "2" else MessageLevelError(code="")
            (reply.answers if qualifier == "2" else reply.errors).append(group)  # type: ignore[arg-type]
        elif tag == "RFF":
            _reference(reply, group, qualifier, segment.value(0, 1).strip())
        elif tag == "ERC":
            if isinstance(group, TravellerAnswer):
                group.directive = qualifier
            elif isinstance(group, MessageLevelError):
                group.code = qualifier
            else:
                reply.errors.append(MessageLevelError(code=qualifier))  # header-level ERC 0/1
        elif tag == "FTX" and group is not None:
            group.text = segment.value(3).strip() or None
        elif tag == "DTM" and qualifier in ("189", "232"):
            moment = read_moment(context, segment)
            if qualifier == "189":
                reply.departure_local = moment
            else:
                reply.arrival_local = moment
        elif tag == "LOC" and qualifier in ("125", "87"):
            airport = segment.value(1).strip() or None
            if qualifier == "125":
                reply.origin = airport
            else:
                reply.destination = airport
        else:
            findings.warning(
                "cusres.unexpected-segment", f"{tag} is not expected in a CUSRES; ignored", segment
            )
    return reply


def _reference(
    reply: CusresReply,
    group: TravellerAnswer | MessageLevelError | None,
    qualifier: str,
    value: str,
) -> None:
    if qualifier == "TN":
        reply.transaction_reference = value or None
    elif qualifier == "AF":
        reply.flight = value or None
    elif isinstance(group, TravellerAnswer) and qualifier == "AVF":
        group.record_locator = value or None
    elif isinstance(group, TravellerAnswer) and qualifier == "ABO":
        group.passenger_reference = value or None


def parse_cusres_message(context: MessageContext, **options: Any) -> ParsedMessage:
    """Dispatcher entry: the reply as a ParsedMessage (directive in `boarding_status`)."""
    reply = reply_from_message(context)
    header = context.header
    header.function = reply.document
    header.transaction_reference = reply.transaction_reference
    flights = []
    if reply.flight:
        number, suffix = split_flight_number(reply.flight[2:])
        flights.append(
            Flight(
                carrier=reply.flight[:2],
                number=number,
                suffix=suffix,
                origin=reply.origin,
                destination=reply.destination,
                departure_local=reply.departure_local,
                arrival_local=reply.arrival_local,
            )
        )
    travellers = [
        Traveller(
            record_locator=answer.record_locator,
            passenger_reference=answer.passenger_reference,
            boarding_status=answer.directive,
            other_references=[f"FTX+AAP:{answer.text}"] if answer.text else [],
        )
        for answer in reply.answers
    ]
    for error in reply.errors:
        context.findings.info(
            "cusres.message-error",
            f"message-level ERC {error.code}: {error.text or '(no text)'}",
            context.message.header,
        )
    header.status = MessageStatus.PARSED
    return ParsedMessage(
        message=header, flights=flights, travellers=travellers, findings=context.findings.findings
    )


__all__ = [
    "CusresReply",
    "Directive",
    "MessageLevelError",
    "TravellerAnswer",
    "format_cusres",
    "parse_cusres_message",
    "reply_from_message",
    "write_cusres",
]
