"""Messages: the raw bytes as received, and what a parser read from them.

The raw bytes are the record: everything else can be re-derived by reparsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from paxscreen.findings import Finding
from paxscreen.model.bookings import Booking
from paxscreen.model.flights import Flight
from paxscreen.model.travellers import Traveller


class MessageType(StrEnum):
    PAXLST = "PAXLST"
    PNRGOV = "PNRGOV"
    CUSRES = "CUSRES"
    UNKNOWN = "UNKNOWN"


class MessageFormat(StrEnum):
    EDIFACT = "edifact"
    XML = "xml"


class MessageStatus(StrEnum):
    RECEIVED = "received"
    PARSED = "parsed"
    LOADED = "loaded"
    SCREENED = "screened"
    DUPLICATE = "duplicate"
    FAILED_PARSE = "failed_parse"
    FAILED_LOAD = "failed_load"
    FAILED_SCREEN = "failed_screen"
    WAITING_PARTS = "waiting_parts"


@dataclass(slots=True, kw_only=True)
class Message:
    raw: bytes
    id: str | None = None
    sha256: str = ""
    payload_sha256: str | None = None  # hash without the envelope (UNB/UNZ): finds resends
    received_at: dt.datetime | None = None
    transport: str | None = None  # file, http, amqp, watch-folder, iapi ...
    sender: str | None = None
    recipient: str | None = None
    type: MessageType = MessageType.UNKNOWN
    format: MessageFormat = MessageFormat.EDIFACT
    version: str | None = None  # e.g. D:05B, 13:1
    interchange_reference: str | None = None  # UNB 0020
    message_reference: str | None = None  # UNH 0062
    common_access_reference: str | None = None  # UNH S010 / 0068
    part_number: int | None = None
    last_part: bool | None = None
    total_parts: int | None = None  # PNRGOV EQN
    function: str | None = None  # BGM 1001 (745, 266 ...) or PNRGOV MSG (22, 141)
    function_modifier: str | None = None  # CP, XR, RP, CLOB, CLNB, XF, CF ...
    transaction_reference: str | None = None  # PAXLST RFF+TN: iAPI correlation, revisions
    reporting_party: str | None = None  # PAXLST Gr1 NAD+MS name (and COM contact) as sent
    prepared_at: dt.datetime | None = None  # UNB date/time: orders pushes, not arrival
    status: MessageStatus = MessageStatus.RECEIVED
    status_reason: str | None = None  # why it failed / was set aside, for operators
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.raw).hexdigest()


@dataclass(slots=True, kw_only=True)
class ParsedMessage:
    """What a parser returns: the message header, its content, and every finding."""

    message: Message
    flights: list[Flight] = field(default_factory=list)
    travellers: list[Traveller] = field(default_factory=list)  # API travellers
    bookings: list[Booking] = field(default_factory=list)  # PNRs
    findings: list[Finding] = field(default_factory=list)


__all__ = ["Message", "MessageFormat", "MessageStatus", "MessageType", "ParsedMessage"]
