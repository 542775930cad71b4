"""Bookings -> PNRGOV XML -> our XML reader gives the same bookings back."""

from __future__ import annotations

import datetime as dt

from tests.messages.test_pnrgov_writer import FLIGHT, TODAY, _booking

from paxscreen.messages.dispatch import parse_interchange
from paxscreen.messages.pnrgov_xml_writer import write_pnrgov_xml
from paxscreen.model import Booking, BookingStatus, RecordLocator


def _write(bookings: list[Booking], function: str = "22") -> bytes:
    return write_pnrgov_xml(
        bookings,
        flight=FLIGHT,
        function=function,
        sender="LH",
        system="1A",
        prepared_at=dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC),
        equipment="744",
    )


def test_xml_booking_survives_write_then_parse() -> None:
    raw = _write([_booking()])
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    [message] = parse_interchange(raw, today=TODAY)
    assert message.flights[0].designator == "LH400"
    [booking] = message.bookings
    assert booking.record_locator == "ABC123"
    [traveller] = booking.travellers
    assert traveller.name.surname == "O'NEILL"
    assert traveller.documents[0].number == "PA1234567"
    assert booking.payments[0].masked_number.endswith("1111")
    assert booking.itinerary[0].equipment == "744"


def test_xml_cancellation_is_the_reference_alone() -> None:
    cancelled = Booking(
        record_locators=[RecordLocator(locator="GONE12", system="1A")],
        status=BookingStatus.CANCELLED,
    )
    [message] = parse_interchange(_write([cancelled], "141"), today=TODAY)
    assert message.bookings[0].status is BookingStatus.CANCELLED
