"""Bookings (PNR): who booked, paid, with whom, how to reach them, on which route.

Card numbers: only brand, masked form and a keyed hash ever live here. The keyed
hash is computed at the message boundary (with the agency's secret) so that the
same card links bookings without the number being stored (GTAS issue #543).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from paxscreen.model.provenance import Sources
from paxscreen.model.travellers import Traveller


class BookingStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


@dataclass(slots=True, kw_only=True)
class RecordLocator:
    locator: str
    system: str | None = None  # airline or GDS owning the locator, e.g. 1A, DL
    type: str | None = None  # RCI reference type, e.g. C for a DCS reference


@dataclass(slots=True, kw_only=True)
class Agency:
    iata_number: str | None = None
    pseudo_city: str | None = None
    country: str | None = None
    city: str | None = None
    name: str | None = None
    agent_id: str | None = None
    system: str | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Payment:
    type: str  # CC card, CA cash, MS misc, GR government, IN invoice, MI miles ...
    card_brand: str | None = None
    masked_number: str | None = None
    card_hash: str | None = None  # keyed hash of the full number; never the number
    card_expiry: str | None = None  # MMYY as sent
    card_holder: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    payer: str | None = None  # sponsor / third party who paid (IFT 4:43)
    billing_address: str | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Phone:
    raw: str
    e164: str | None = None
    role: str | None = None  # home, mobile, business, agency, emergency ...
    traveller_index: int | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Email:
    raw: str
    normalised: str | None = None
    traveller_index: int | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Address:
    role: str | None = None  # home, billing, destination (DOCA D), residence (DOCA R) ...
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postcode: str | None = None
    country: str | None = None
    raw: str | None = None
    traveller_index: int | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class ItinerarySegment:
    sequence: int
    carrier: str  # marketing carrier
    number: str
    suffix: str | None = None
    operating_carrier: str | None = None
    operating_number: str | None = None
    origin: str | None = None
    destination: str | None = None
    departure_local: dt.datetime | None = None
    arrival_local: dt.datetime | None = None
    class_of_service: str | None = None
    status: str | None = None  # HK, HL, TK, UN ...
    is_pushed_flight: bool = False
    equipment: str | None = None  # aircraft type (PNRGOV APD), e.g. 333
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Remark:
    kind: str  # SSR, OSI, RMK (IFT), LTS ...
    code: str | None = None  # e.g. OTHS, CKIN
    text: str = ""
    traveller_index: int | None = None
    segment_sequence: int | None = None
    # category the sensitive-data table flagged; set only when a reader was told
    # to keep sensitive items (withholding is the default), so ingestion can drop them
    sensitive_category: str | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class HistoryEntry:
    action: str | None = None  # SAC action code: A added, X cancelled, ...
    time: dt.datetime | None = None
    description: str = ""
    agent: str | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Booking:
    record_locators: list[RecordLocator] = field(default_factory=list)
    created: dt.datetime | None = None  # UTC (PNRGOV DAT), aware
    last_changed: dt.datetime | None = None  # UTC, aware
    status: BookingStatus = BookingStatus.ACTIVE
    travellers: list[Traveller] = field(default_factory=list)
    itinerary: list[ItinerarySegment] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    agency: Agency | None = None
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    split_locators: list[str] = field(default_factory=list)  # divided PNRs (Gr8)
    group_name: str | None = None
    party_size: int | None = None
    ticketing_date: dt.date | None = None
    # what the privacy table withheld on receipt: the count and codes, never the text
    sensitive_removed: int = 0
    sensitive_codes: list[str] = field(default_factory=list)
    # push information: which push, of which flight, carried this version
    push_function: str | None = None  # 22 full push, 141 update push
    pushed_flight: str | None = None
    message_id: str | None = None
    sources: Sources = field(default_factory=dict)

    @property
    def record_locator(self) -> str | None:
        return self.record_locators[0].locator if self.record_locators else None

    @property
    def is_one_way(self) -> bool | None:
        """True when the itinerary does not come back to where it started."""
        if not self.itinerary:
            return None
        first, last = self.itinerary[0], self.itinerary[-1]
        if first.origin is None or last.destination is None:
            return None
        return first.origin != last.destination


__all__ = [
    "Address",
    "Agency",
    "Booking",
    "BookingStatus",
    "Email",
    "HistoryEntry",
    "ItinerarySegment",
    "Payment",
    "Phone",
    "RecordLocator",
    "Remark",
]
