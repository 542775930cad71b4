"""Travellers and their travel documents.

One `Traveller` class serves API (a person on a flight manifest) and PNR (a person
in a booking): both describe a person on a journey, and merging them is easier
when they share a shape. Fields a source does not carry stay empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from paxscreen.model.dates import PartialDate
from paxscreen.model.keys import document_number_key, name_key
from paxscreen.model.provenance import Sources


class TravellerRole(StrEnum):
    PASSENGER = "passenger"
    CREW = "crew"
    TRANSIT_PASSENGER = "transit_passenger"
    TRANSIT_CREW = "transit_crew"
    INFANT = "infant"


class NameSource(StrEnum):
    API = "api"  # PAXLST NAD (what the passport's MRZ says)
    TIF = "tif"  # PNR booking name
    DOCS = "docs"  # PNR SSR DOCS (the document's name)
    XML = "xml"
    OTHER = "other"


@dataclass(slots=True, kw_only=True)
class PersonName:
    raw: str = ""
    surname: str = ""
    given_names: str = ""
    title: str | None = None
    source: NameSource = NameSource.OTHER

    @property
    def key(self) -> str:
        return name_key(self.surname, self.given_names)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


@dataclass(slots=True, kw_only=True)
class TravelDocument:
    type: str | None = None  # P passport, I/IP id card, V visa, A/C crew ...
    number: str = ""
    issuing_state: str | None = None
    nationality: str | None = None
    expiry: dt.date | None = None
    issue_date: dt.date | None = None
    place_of_issue: str | None = None
    surname: str | None = None  # the name printed on the document, when sent (DOCS)
    given_names: str | None = None
    sources: Sources = field(default_factory=dict)

    @property
    def number_key(self) -> str:
        return document_number_key(self.number)


@dataclass(slots=True, kw_only=True)
class Bag:
    flight: str | None = None  # designator of the flight the bags travel on
    count: int | None = None
    weight: Decimal | None = None
    weight_unit: str | None = None  # KG / LB
    tags: list[str] = field(default_factory=list)
    pool_head: bool = False
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Seat:
    flight: str | None = None
    seat: str = ""
    checked_in: bool = False  # SSD at check-in (actual) vs SSR SEAT (requested)
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class FrequentFlyer:
    airline: str
    number: str
    tier: str | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Ticket:
    number: str
    issue_date: dt.date | None = None
    fare_amount: Decimal | None = None
    currency: str | None = None
    taxes: Decimal | None = None
    one_way: bool | None = None
    sources: Sources = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Traveller:
    role: TravellerRole = TravellerRole.PASSENGER
    name: PersonName = field(default_factory=PersonName)
    other_names: list[PersonName] = field(default_factory=list)  # e.g. DOCS name beside TIF name
    sex: str | None = None  # M / F / U (X)
    date_of_birth: PartialDate | None = None
    nationality: str | None = None
    residence_country: str | None = None
    place_of_birth: str | None = None
    birth_country: str | None = None
    embarkation: str | None = None
    debarkation: str | None = None
    clearance_airport: str | None = None
    crew_function: str | None = None
    passenger_type: str | None = None  # PNR TIF type: A adult, C child, IN infant ...
    infant_of: int | None = None  # index in the booking's travellers of the carrying adult
    reference_number: str | None = None  # PNR TIF traveller reference (9944), links SSRs
    record_locator: str | None = None
    passenger_reference: str | None = None  # unique passenger reference (UPI / REF)
    ticket_numbers: list[str] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    frequent_flyers: list[FrequentFlyer] = field(default_factory=list)
    redress_number: str | None = None
    known_traveller_number: str | None = None
    verified: bool | None = None  # PAXLST GEI+173 (verified) / 174
    checkin_status: str | None = None
    boarding_status: str | None = None
    seats: list[Seat] = field(default_factory=list)
    bags: list[Bag] = field(default_factory=list)
    documents: list[TravelDocument] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # PAXLST COM; PNR contacts live on Booking
    emails: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    # references and remarks a reader could not map (e.g. RFF+AGK, FTX+AAA), kept as
    # "SEGMENT+QUALIFIER:value" so that no sent data is dropped
    other_references: list[str] = field(default_factory=list)
    sources: Sources = field(default_factory=dict)

    @property
    def name_key(self) -> str:
        return self.name.key

    @property
    def seat(self) -> str | None:
        return self.seats[0].seat if self.seats else None


__all__ = [
    "Bag",
    "FrequentFlyer",
    "NameSource",
    "PersonName",
    "Seat",
    "Ticket",
    "TravelDocument",
    "Traveller",
    "TravellerRole",
]
