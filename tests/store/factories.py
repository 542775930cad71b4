"""Fully populated model objects: every field set, so a round trip that drops one fails."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from paxscreen.findings import Finding, Position, Severity
from paxscreen.model import (
    Address,
    Agency,
    Bag,
    Booking,
    BookingStatus,
    Direction,
    Email,
    Flight,
    FlightDesignator,
    FlightLeg,
    FrequentFlyer,
    HistoryEntry,
    ItinerarySegment,
    Message,
    MessageFormat,
    MessageStatus,
    MessageType,
    NameSource,
    PartialDate,
    Payment,
    PersonName,
    Phone,
    Provenance,
    RecordLocator,
    Remark,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
    TravellerRole,
)

UTC = dt.UTC


def make_message(message_id: str = "00000000-0000-4000-8000-000000000001") -> Message:
    return Message(
        raw=b"UNA:+.? 'UNB+UNOA:4+LH+USCBP+260301:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'",
        id=message_id,
        payload_sha256="ab" * 32,
        received_at=dt.datetime(2026, 3, 1, 8, 0, 5, 123456, tzinfo=UTC),
        transport="http",
        sender="LH",
        recipient="USCBP",
        type=MessageType.PAXLST,
        format=MessageFormat.EDIFACT,
        version="D:05B",
        interchange_reference="1",
        message_reference="1",
        common_access_reference="LH400/260301/0900",
        part_number=1,
        last_part=True,
        total_parts=1,
        function="745",
        function_modifier="CP",
        prepared_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        status=MessageStatus.PARSED,
        status_reason="parsed with warnings",
        findings=[
            Finding(
                code="edifact.unknown-segment",
                severity=Severity.WARNING,
                message="segment XYZ at line 3 is not in PAXLST D:05B",
                position=Position(offset=120, line=3, column=1, segment=2, element=1, component=0),
            ),
            Finding(code="paxlst.no-flight", severity=Severity.ERROR, message="no TDT"),
        ],
    )


def where(message_id: str | None, segment: int, tag: str) -> Provenance:
    return Provenance(message_id, segment, segment + 1, 1, tag)


def make_flight(message_id: str | None = None) -> Flight:
    return Flight(
        carrier="LH",
        number="400",
        suffix="A",
        origin="FRA",
        destination="JFK",
        departure_local=dt.datetime(2026, 3, 1, 10, 5),
        arrival_local=dt.datetime(2026, 3, 1, 12, 55),
        departure_utc=dt.datetime(2026, 3, 1, 9, 5, tzinfo=UTC),
        arrival_utc=dt.datetime(2026, 3, 1, 17, 55, tzinfo=UTC),
        direction=Direction.INBOUND,
        legs=[
            FlightLeg(
                sequence=1,
                origin="FRA",
                destination="JFK",
                departure_local=dt.datetime(2026, 3, 1, 10, 5),
                arrival_local=dt.datetime(2026, 3, 1, 12, 55),
                departure_utc=dt.datetime(2026, 3, 1, 9, 5, tzinfo=UTC),
                arrival_utc=dt.datetime(2026, 3, 1, 17, 55, tzinfo=UTC),
                sources={"": where(message_id, 4, "LOC")},
            ),
            FlightLeg(sequence=2, origin="JFK", destination="ORD"),
        ],
        aliases=[
            FlightDesignator(carrier="UA", number="9001"),
            FlightDesignator(carrier="AC", number="12", suffix="B"),
        ],
        cancelled=False,
        sources={"": where(message_id, 3, "TDT"), "departure_local": where(message_id, 5, "DTM")},
    )


def make_traveller(message_id: str | None = None, *, surname: str = "MÜLLER") -> Traveller:
    return Traveller(
        role=TravellerRole.TRANSIT_PASSENGER,
        name=PersonName(
            raw="MÜLLER:HANS PETER",
            surname=surname,
            given_names="HANS PETER",
            title="DR",
            source=NameSource.API,
        ),
        other_names=[
            PersonName(
                raw="MULLER/HANS", surname="MULLER", given_names="HANS", source=NameSource.DOCS
            )
        ],
        sex="M",
        date_of_birth=PartialDate(1965, 6),
        nationality="DEU",
        residence_country="AUT",
        place_of_birth="LINZ",
        birth_country="AUT",
        embarkation="FRA",
        debarkation="JFK",
        clearance_airport="JFK",
        crew_function=None,
        passenger_type="A",
        infant_of=None,
        reference_number="2",
        record_locator="ABC123",
        passenger_reference="UPI0001",
        ticket_numbers=["2201234567890"],
        tickets=[
            Ticket(
                number="2201234567890",
                issue_date=dt.date(2026, 2, 1),
                fare_amount=Decimal("1234.50"),
                currency="EUR",
                taxes=Decimal("99.99"),
                one_way=True,
                sources={"": where(message_id, 9, "TKT")},
            )
        ],
        frequent_flyers=[FrequentFlyer(airline="LH", number="992000123456", tier="SEN")],
        redress_number="R123",
        known_traveller_number="KTN9",
        verified=True,
        checkin_status="checked_in",
        boarding_status="boarded",
        seats=[Seat(flight="LH400A", seat="12C", checked_in=True), Seat(flight="UA9", seat="1A")],
        bags=[
            Bag(
                flight="LH400A",
                count=2,
                weight=Decimal("23.5"),
                weight_unit="KG",
                tags=["LH123456", "LH123457"],
                pool_head=True,
            ),
            Bag(count=0),
        ],
        documents=[
            TravelDocument(
                type="P",
                number="c01x00t47",
                issuing_state="DEU",
                nationality="DEU",
                expiry=dt.date(2031, 5, 31),
                issue_date=dt.date(2021, 6, 1),
                place_of_issue="BERLIN",
                surname="MUELLER",
                given_names="HANS PETER",
                sources={"number": where(message_id, 12, "DOC")},
            ),
            TravelDocument(type="V", number="V-77"),
        ],
        phones=["+49 30 1234567"],
        emails=["Hans@Example.org"],
        addresses=["HAUPTSTR 1, BERLIN"],
        sources={"": where(message_id, 10, "NAD"), "date_of_birth": where(message_id, 11, "DTM")},
    )


def make_booking(message_id: str | None = None) -> Booking:
    adult = make_traveller(message_id)
    infant = Traveller(
        role=TravellerRole.INFANT,
        name=PersonName(surname="MULLER", given_names="ANNA"),
        passenger_type="IN",
        infant_of=0,
        date_of_birth=PartialDate(2025, 11, 2),
    )
    return Booking(
        record_locators=[
            RecordLocator(locator="ABC123", system="1A"),
            RecordLocator(locator="XYZ789", system="LH", type="C"),
        ],
        created=dt.datetime(2026, 1, 10, 14, 30, tzinfo=UTC),
        last_changed=dt.datetime(2026, 2, 28, 9, 0, tzinfo=UTC),
        status=BookingStatus.CANCELLED,
        travellers=[adult, infant],
        itinerary=[
            ItinerarySegment(
                sequence=1,
                carrier="LH",
                number="400",
                suffix="A",
                operating_carrier="LH",
                operating_number="400",
                origin="FRA",
                destination="JFK",
                departure_local=dt.datetime(2026, 3, 1, 10, 5),
                arrival_local=dt.datetime(2026, 3, 1, 12, 55),
                class_of_service="Y",
                status="HK",
                is_pushed_flight=True,
            ),
            ItinerarySegment(sequence=2, carrier="UA", number="9", origin="JFK", destination="ORD"),
        ],
        payments=[
            Payment(
                type="CC",
                card_brand="VI",
                masked_number="XXXXXXXXXXXX1111",
                card_hash="f" * 64,
                card_expiry="0129",
                card_holder="HANS MULLER",
                amount=Decimal("2469.00"),
                currency="EUR",
                payer="ACME GMBH",
                billing_address="HAUPTSTR 1",
                sources={"": where(message_id, 20, "FOP")},
            )
        ],
        agency=Agency(
            iata_number="23456789",
            pseudo_city="FRA1A2",
            country="DE",
            city="FRA",
            name="REISEBUERO",
            agent_id="AG1",
            system="1A",
        ),
        phones=[Phone(raw="0049301234567", e164="+49301234567", role="home", traveller_index=0)],
        emails=[Email(raw="HANS//EXAMPLE.ORG", normalised="hans@example.org", traveller_index=0)],
        addresses=[
            Address(
                role="billing",
                street="HAUPTSTR 1",
                city="BERLIN",
                state="BE",
                postcode="10115",
                country="DE",
                raw="HAUPTSTR 1 BERLIN",
                traveller_index=0,
            )
        ],
        remarks=[
            Remark(
                kind="SSR",
                code="DOCS",
                text="P/DEU/C01X00T47",
                traveller_index=0,
                segment_sequence=1,
            ),
            Remark(kind="OSI", text="VIP"),
        ],
        history=[
            HistoryEntry(
                action="A",
                time=dt.datetime(2026, 1, 10, 14, 31, tzinfo=UTC),
                description="SEAT 12C",
                agent="AG1",
            )
        ],
        split_locators=["DEF456"],
        group_name="TOUR",
        party_size=2,
        ticketing_date=dt.date(2026, 2, 1),
        sensitive_removed=2,
        sensitive_codes=["MEDA", "WCHR"],
        push_function="22",
        pushed_flight="LH400A/2026-03-01",
        message_id=message_id,
        sources={"": where(message_id, 1, "SRC")},
    )
