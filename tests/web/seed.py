"""A small, believable data set for web and browser tests.

Two inbound flights and one outbound, API and PNR travellers paired, one traveller on
a watchlist (alert), one caught by a targeting rule (review), and two travellers who
share a phone (for the link graph). Built through the store's repositories, the way
ingestion writes, so the pages read what production pages would read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import insert, update
from sqlalchemy.engine import Connection

from paxscreen.model import (
    Agency,
    Booking,
    Direction,
    Email,
    Flight,
    ItinerarySegment,
    PartialDate,
    Payment,
    PersonName,
    Phone,
    RecordLocator,
    Seat,
    TravelDocument,
    Traveller,
)
from paxscreen.screening.links.identity import IdentityOptions, resolve_identities
from paxscreen.store.bookings_repo import save_booking
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.hit_tables import hits
from paxscreen.store.ingest_tables import traveller_pairs
from paxscreen.store.tables import travellers
from paxscreen.store.travellers_repo import save_travellers
from paxscreen.vetting.categories import ensure_default_categories


@dataclass
class Seeded:
    flights: dict[str, int] = field(default_factory=dict)
    travellers: dict[str, int] = field(default_factory=dict)  # name -> API traveller id
    pnr_travellers: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)


PEOPLE = [
    ("HASSAN", "OMAR FAROUK", "1984-03-12", "EG", "A1234567", "M"),
    ("MUELLER", "KLAUS", "1979-11-02", "DE", "C01X00T47", "M"),
    ("SILVA", "ANA PAULA", "1991-06-30", "BR", "FX998877", "F"),
    ("NOVAK", "PETRA", "1988-01-15", "CZ", "44551212", "F"),
    ("OKAFOR", "CHIDI", "1975-09-09", "NG", "B5550001", "M"),
]


def _flight(
    carrier: str,
    number: str,
    origin: str,
    destination: str,
    departure: dt.datetime,
    direction: Direction,
) -> Flight:
    return Flight(
        carrier=carrier,
        number=number,
        origin=origin,
        destination=destination,
        departure_local=departure.replace(tzinfo=None),
        arrival_local=(departure + dt.timedelta(hours=3)).replace(tzinfo=None),
        departure_utc=departure,
        arrival_utc=departure + dt.timedelta(hours=3),
        direction=direction,
    )


def _traveller(
    surname: str, given: str, dob: str, nationality: str, document: str, sex: str, destination: str
) -> Traveller:
    year, month, day = (int(part) for part in dob.split("-"))
    return Traveller(
        name=PersonName(raw=f"{surname}/{given}", surname=surname, given_names=given),
        sex=sex,
        date_of_birth=PartialDate(year=year, month=month, day=day),
        nationality=nationality,
        debarkation=destination,
        documents=[
            TravelDocument(
                type="P",
                number=document,
                issuing_state=nationality,
                nationality=nationality,
                expiry=dt.date(2031, 5, 1),
            )
        ],
    )


def seed(connection: Connection, *, now: dt.datetime) -> Seeded:
    ensure_default_categories(connection)
    out = Seeded()
    start = now.replace(minute=0, second=0, microsecond=0)
    plan = [
        ("XA", "101", "CAI", "LHR", start + dt.timedelta(hours=3), Direction.INBOUND),
        ("XB", "7", "FRA", "LHR", start + dt.timedelta(hours=5), Direction.INBOUND),
        ("XA", "202", "LHR", "GRU", start + dt.timedelta(hours=8), Direction.OUTBOUND),
    ]
    for carrier, number, origin, destination, departure, direction in plan:
        out.flights[f"{carrier}{number}"] = save_flight(
            connection, _flight(carrier, number, origin, destination, departure, direction)
        )
    xa101 = out.flights["XA101"]
    api = [_traveller(*person, destination="LHR") for person in PEOPLE[:4]]
    ids = save_travellers(connection, api, flight_id=xa101, source="api")
    for person, traveller_id in zip(PEOPLE, ids, strict=False):
        out.travellers[person[0]] = traveller_id
    save_travellers(
        connection,
        [_traveller(*PEOPLE[4], destination="LHR")],
        flight_id=out.flights["XB7"],
        source="api",
    )
    booking = Booking(
        record_locators=[RecordLocator(locator="QX7P2A", system="1A")],
        created=now - dt.timedelta(days=2),
        travellers=[
            _traveller(*PEOPLE[0], destination="LHR"),
            _traveller(*PEOPLE[1], destination="LHR"),
        ],
        itinerary=[
            ItinerarySegment(
                sequence=1,
                carrier="XA",
                number="101",
                origin="CAI",
                destination="LHR",
                class_of_service="Y",
                status="HK",
            )
        ],
        payments=[
            Payment(
                type="CC",
                card_brand="VI",
                masked_number="XXXXXXXXXXXX4417",
                amount=Decimal("612.40"),
                currency="EUR",
            )
        ],
        agency=Agency(
            iata_number="91234567", pseudo_city="CAIXA2101", country="EG", name="Nile Travel"
        ),
        phones=[Phone(raw="+20 100 555 0199", e164="+201005550199", role="mobile")],
        emails=[Email(raw="o.hassan@example.org", normalised="o.hassan@example.org")],
    )
    booking.travellers[0].seats = [Seat(flight="XA101", seat="23C")]
    booking_id = save_booking(connection, booking)
    pnr_ids = list(
        connection.execute(
            travellers.select()
            .with_only_columns(travellers.c.id)
            .where(travellers.c.booking_id == booking_id)
            .order_by(travellers.c.booking_position)
        ).scalars()
    )
    connection.execute(
        update(travellers).where(travellers.c.booking_id == booking_id).values(flight_id=xa101)
    )
    for surname, pnr_id in zip(("HASSAN", "MUELLER"), pnr_ids, strict=True):
        out.pnr_travellers[surname] = pnr_id
        connection.execute(
            insert(traveller_pairs).values(
                flight_id=xa101,
                api_traveller_id=out.travellers[surname],
                pnr_traveller_id=pnr_id,
                rule="document",
            )
        )
    # a second booking, on another flight, reached through the same mobile phone
    other = Booking(
        record_locators=[RecordLocator(locator="ZT4K9M", system="1A")],
        created=now - dt.timedelta(days=5),
        travellers=[_traveller(*PEOPLE[4], destination="LHR")],
        itinerary=[
            ItinerarySegment(
                sequence=1,
                carrier="XB",
                number="7",
                origin="FRA",
                destination="LHR",
                class_of_service="M",
                status="HK",
            )
        ],
        payments=[Payment(type="CA", amount=Decimal("380.00"), currency="EUR")],
        phones=[Phone(raw="+20 100 555 0199", e164="+201005550199", role="mobile")],
    )
    other_id = save_booking(connection, other)
    connection.execute(
        update(travellers)
        .where(travellers.c.booking_id == other_id)
        .values(flight_id=out.flights["XB7"])
    )
    every = list(
        connection.execute(travellers.select().with_only_columns(travellers.c.id)).scalars()
    )
    resolve_identities(
        connection, every, options=IdentityOptions(fingerprint_key=b"k" * 32), now=now
    )
    out.hits["watchlist"] = _hit(
        connection,
        out.travellers["HASSAN"],
        xa101,
        now,
        source="watchlist",
        source_id="national-1:17",
        band="alert",
        score=0.94,
        severity=4,
        category="terrorism",
        explanation={  # the shape the watchlist screener writes
            "kind": "watchlist",
            "list": "National watchlist",
            "entry_id": "17",
            "entry_name": "HASAN, Omar Faruq",
            "matched_name": "HASAN OMAR FARUQ",
            "traveller_name": "HASSAN OMAR FAROUK",
            "summary": "name 0.94 [HASSAN~HASAN 0.96; OMAR=OMAR 1.00; FAROUK~FARUQ 0.88]; "
            "dob exact; nationality agrees",
            "dob": "exact",
            "nationality": "agrees",
            "document": "none",
            "caps": [],
        },
    )
    out.hits["rule"] = _hit(
        connection,
        out.travellers["MUELLER"],
        xa101,
        now,
        source="rule",
        source_id="3",
        band="review",
        score=0.75,
        severity=1,
        category="targeting-rule",
        explanation={
            "rule": "one-way-cash-late",
            "version": 1,
            "conditions": [
                {
                    "path": "0",
                    "entity": "payment",
                    "field": "type",
                    "operator": "equal",
                    "expected": "CA",
                    "found": "CA",
                    "holds": True,
                    "negated": False,
                    "protected": None,
                }
            ],
        },
    )
    return out


def _hit(
    connection: Connection, traveller_id: int, flight_id: int, now: dt.datetime, **values: object
) -> int:
    return int(
        connection.execute(
            insert(hits).values(
                traveller_id=traveller_id,
                flight_id=flight_id,
                screened_data={},
                status="open",
                created_at=now,
                updated_at=now,
                **values,
            )
        ).inserted_primary_key[0]
    )
