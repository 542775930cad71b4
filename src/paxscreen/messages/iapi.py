"""Interactive API requests: which PAXLST asks what, and what the answer must echo.

A carrier's DCS sends a small PAXLST per check-in event (deyoz/astra
`apis_edi_file.cc`): BGM+745 asks to clear travellers, 745+CP changes their data,
266+CLOB / CLNB closes the flight listing who is (not) on board by NAD+ZZZ with
RFF+AVF/ABO only, 266+XF cancels the flight. The reply (CUSRES, see `cusres`)
echoes the UNH reference and RFF+TN and answers per traveller by RFF+AVF/ABO,
so those are what a request keeps beside the parsed model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from paxscreen.errors import UnsupportedMessageError
from paxscreen.findings import Finding
from paxscreen.messages.cusres import CusresReply, Directive, TravellerAnswer
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.model import Flight, MessageType, ParsedMessage, Traveller


class IapiRequestKind(StrEnum):
    CLEAR = "clear"  # 745: clear these travellers to board
    CHANGE = "change"  # 745+CP: changed traveller data
    CANCEL_RESERVATION = "cancel_reservation"  # 745+XR
    REDUCE_PARTY = "reduce_party"  # 745+RP
    CLOSE_ON_BOARD = "close_on_board"  # 266+CLOB: travellers on board (NAD+ZZZ)
    CLOSE_NOT_ON_BOARD = "close_not_on_board"  # 266+CLNB
    CLOSE = "close"  # 266+CL
    CANCEL_FLIGHT = "cancel_flight"  # 266+XF
    CHANGE_FLIGHT = "change_flight"  # 266+CF


# (BGM 1001, 1004) -> request kind
REQUEST_KINDS: dict[tuple[str, str], IapiRequestKind] = {
    ("745", ""): IapiRequestKind.CLEAR,
    ("745", "CP"): IapiRequestKind.CHANGE,
    ("745", "XR"): IapiRequestKind.CANCEL_RESERVATION,
    ("745", "RP"): IapiRequestKind.REDUCE_PARTY,
    ("266", "CLOB"): IapiRequestKind.CLOSE_ON_BOARD,
    ("266", "CLNB"): IapiRequestKind.CLOSE_NOT_ON_BOARD,
    ("266", "CL"): IapiRequestKind.CLOSE,
    ("266", "XF"): IapiRequestKind.CANCEL_FLIGHT,
    ("266", "CF"): IapiRequestKind.CHANGE_FLIGHT,
}


@dataclass(slots=True, kw_only=True)
class IapiRequest:
    """One iAPI request and the references its reply must echo."""

    kind: IapiRequestKind
    message_reference: str  # UNH 0062: the CUSRES answers with the same reference
    transaction_reference: str | None  # RFF+TN
    common_access_reference: str | None
    sender: str | None
    recipient: str | None
    interchange_reference: str | None
    flight: Flight | None
    travellers: list[Traveller]
    parsed: ParsedMessage

    @property
    def findings(self) -> list[Finding]:
        return self.parsed.findings

    @property
    def needs_traveller_answers(self) -> bool:
        """Clear and change requests get one ERP+2 answer per traveller."""
        return self.kind in (IapiRequestKind.CLEAR, IapiRequestKind.CHANGE)


def read_iapi_request(raw: bytes, *, message_id: str | None = None) -> IapiRequest:
    """Parse raw bytes holding one iAPI PAXLST request.

    Raises:
        EdifactSyntaxError: no readable UNH.
        UnsupportedMessageError: not a PAXLST, or a BGM that is not an iAPI request.
    """
    parsed = parse_interchange(raw, message_id=message_id)
    paxlst = [item for item in parsed if item.message.type == MessageType.PAXLST]
    if not paxlst:
        raise UnsupportedMessageError("an iAPI request must be a PAXLST message")
    return iapi_request_from(paxlst[0])


def iapi_request_from(parsed: ParsedMessage) -> IapiRequest:
    """The iAPI view of an already parsed PAXLST message."""
    message = parsed.message
    key = (message.function or "", message.function_modifier or "")
    kind = REQUEST_KINDS.get(key)
    if kind is None:
        raise UnsupportedMessageError(
            f"BGM {'+'.join(part for part in key if part) or '(none)'} is not an iAPI request"
        )
    return IapiRequest(
        kind=kind,
        message_reference=message.message_reference or "",
        transaction_reference=message.transaction_reference,
        common_access_reference=message.common_access_reference,
        sender=message.sender,
        recipient=message.recipient,
        interchange_reference=message.interchange_reference,
        flight=parsed.flights[0] if parsed.flights else None,
        travellers=parsed.travellers,
        parsed=parsed,
    )


def answer_request(
    request: IapiRequest,
    directive_for: Callable[[Traveller], str],
    *,
    prepared_at: dt.datetime,
    interchange_reference: str = "1",
) -> CusresReply:
    """The CUSRES 962 for a request: references echoed, one answer per traveller.

    `directive_for` decides each traveller (the screening service); requests that
    name no traveller to clear (close-out, cancel) get the acknowledgement only.
    """
    flight = request.flight
    answers = [
        TravellerAnswer(
            record_locator=traveller.record_locator,
            passenger_reference=traveller.passenger_reference,
            directive=directive_for(traveller),
        )
        for traveller in (request.travellers if request.needs_traveller_answers else [])
    ]
    return CusresReply(
        message_reference=request.message_reference,
        common_access_reference=request.common_access_reference,
        transaction_reference=request.transaction_reference,
        flight=flight.designator if flight else None,
        origin=flight.origin if flight else None,
        destination=flight.destination if flight else None,
        departure_local=flight.departure_local if flight else None,
        arrival_local=flight.arrival_local if flight else None,
        answers=answers,
        sender=request.recipient or "",
        recipient=request.sender or "",
        interchange_reference=interchange_reference,
        prepared_at=prepared_at,
    )


__all__ = [
    "REQUEST_KINDS",
    "Directive",
    "IapiRequest",
    "IapiRequestKind",
    "answer_request",
    "iapi_request_from",
    "read_iapi_request",
]
