"""Bookings -> PNRGOV EDIFACT -> our parser gives the same bookings back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from paxscreen.edifact import Delimiters, tokenize
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.messages.pnrgov_writer import PnrgovPush, docs_date, write_pnrgov
from paxscreen.model import (
    Agency,
    Bag,
    Booking,
    BookingStatus,
    Email,
    Flight,
    ItinerarySegment,
    PartialDate,
    Payment,
    PersonName,
    Phone,
    RecordLocator,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
)

TODAY = dt.date(2026, 11, 27)
FLIGHT = Flight(
    carrier="LH",
    number="400",
    origin="FRA",
    destination="JFK",
    departure_local=dt.datetime(2026, 11, 27, 10, 5),
    arrival_local=dt.datetime(2026, 11, 27, 13, 0),
)


def _booking(locator: str = "ABC123", *, surname: str = "O'NEILL") -> Booking:
    traveller = Traveller(
        name=PersonName(surname=surname, given_names="SEAN PATRICK", title="MR"),
        sex="M",
        date_of_birth=PartialDate(1980, 4, 7),
        nationality="IRL",
        passenger_type="A",
        reference_number="1",
        passenger_reference="LHABC123001",
        checkin_status="checked_in",
        documents=[
            TravelDocument(
                type="P",
                number="PA1234567",
                issuing_state="IRL",
                nationality="IRL",
                expiry=dt.date(2031, 5, 1),
                surname="ONEILL",
                given_names="SEAN PATRICK",
            )
        ],
        tickets=[
            Ticket(
                number="2201234567890",
                issue_date=dt.date(2026, 11, 1),
                fare_amount=Decimal("512.30"),
                currency="EUR",
            )
        ],
        seats=[Seat(flight="LH400", seat="23A"), Seat(flight="LH400", seat="24C", checked_in=True)],
        bags=[
            Bag(
                flight="LH400",
                count=2,
                weight=Decimal(41),
                weight_unit="KG",
                tags=["0220000101", "0220000102"],
            )
        ],
    )
    return Booking(
        record_locators=[
            RecordLocator(locator=locator, system="1A"),
            RecordLocator(locator="XYZ987", system="LH"),
        ],
        created=dt.datetime(2026, 10, 30, 9, 15, tzinfo=dt.UTC),
        last_changed=dt.datetime(2026, 11, 27, 7, 40, tzinfo=dt.UTC),
        ticketing_date=dt.date(2026, 11, 1),
        travellers=[traveller],
        itinerary=[
            ItinerarySegment(
                sequence=1,
                carrier="LH",
                number="400",
                origin="FRA",
                destination="JFK",
                departure_local=FLIGHT.departure_local,
                arrival_local=FLIGHT.arrival_local,
                class_of_service="Y",
                status="HK",
                is_pushed_flight=True,
            )
        ],
        payments=[
            Payment(
                type="CC",
                card_brand="VI",
                masked_number="XXXXXXXXXXXX1111",
                card_expiry="0129",
                card_holder="SEAN ONEILL",
                amount=Decimal("512.30"),
                currency="EUR",
            )
        ],
        agency=Agency(
            iata_number="12345675", pseudo_city="DUBA12", country="IE", city="DUBLIN", system="1A"
        ),
        phones=[Phone(raw="+353 85 1234567", traveller_index=0)],
        emails=[Email(raw="SEAN_ONEILL@EXAMPLE.IE", traveller_index=0)],
    )


def _push(**changes: object) -> PnrgovPush:
    values: dict[str, object] = dict(
        flight=FLIGHT,
        function="22",
        sender="LH",
        recipient="DEPIU",
        prepared_at=dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC),
        control_reference="100",
    )
    values.update(changes)
    return PnrgovPush(**values)  # type: ignore[arg-type]


def _read(texts: list[str]) -> list[Booking]:
    return [
        b
        for text in texts
        for m in parse_interchange(text.encode(), today=TODAY)
        for b in m.bookings
    ]


def test_booking_survives_write_then_parse() -> None:
    [booking] = _read(write_pnrgov(_push(), [_booking()], equipment="744"))
    assert booking.record_locator == "ABC123"
    [traveller] = booking.travellers
    assert traveller.name.surname == "O'NEILL"
    assert traveller.date_of_birth == PartialDate(1980, 4, 7)
    assert traveller.documents[0].number == "PA1234567"
    assert traveller.documents[0].expiry == dt.date(2031, 5, 1)
    assert {seat.seat for seat in traveller.seats} >= {"24C"}
    assert sum(bag.count or 0 for bag in traveller.bags) == 2
    assert booking.payments[0].card_brand == "VI"
    assert any(email.normalised == "sean_oneill@example.ie" for email in booking.emails)
    assert booking.itinerary[0].origin == "FRA" and booking.itinerary[0].destination == "JFK"


def test_group_name_travels_as_a_group_tif() -> None:
    booking = _booking()
    booking.group_name = "SEETHE WORLD"
    [text] = write_pnrgov(_push(), [booking])
    assert "TIF+SEETHE WORLD:G'" in text
    [read] = _read([text])
    assert read.group_name == "SEETHE WORLD"
    assert len(read.travellers) == 1


def test_apostrophe_in_a_name_is_released() -> None:
    [text] = write_pnrgov(_push(), [_booking()])
    assert "TIF+O?'NEILL+SEAN PATRICKMR:A:1'" in text


def test_cancelled_booking_is_locator_and_empty_org() -> None:
    cancelled = Booking(
        record_locators=[RecordLocator(locator="GONE12", system="1A")],
        status=BookingStatus.CANCELLED,
    )
    [text] = write_pnrgov(_push(function="141"), [cancelled])
    assert "MSG+:141'" in text
    assert "SRC'\nRCI+1A:GONE12'\nORG'\nUNT" in text
    [booking] = _read([text])
    assert booking.status is BookingStatus.CANCELLED


def test_multi_part_push_counts_all_pnrs_and_marks_parts() -> None:
    bookings = [_booking(f"LOC{index:03d}") for index in range(5)]
    texts = write_pnrgov(_push(max_pnrs_per_part=2), bookings)
    assert len(texts) == 3
    assert all("EQN+5'" in text for text in texts)
    parts = [tokenize(text.encode()).messages[0].header for text in texts]
    assert [segment.value(3, 1) for segment in parts] == ["C", "C", "F"]
    assert len(_read(texts)) == 5


@pytest.mark.parametrize(
    "delimiters",
    [Delimiters(element="*", terminator="$"), Delimiters(release="\\", repetition="*")],
)
def test_custom_delimiters_are_declared_and_read(delimiters: Delimiters) -> None:
    [text] = write_pnrgov(_push(delimiters=delimiters), [_booking()])
    assert text.startswith(delimiters.una)
    [booking] = _read([text])
    assert booking.travellers[0].name.surname == "O'NEILL"


def test_docs_date_is_day_month_abbreviation_year() -> None:
    assert docs_date(dt.date(1976, 5, 30)) == "30MAY76"
