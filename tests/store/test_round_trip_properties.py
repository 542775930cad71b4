"""Property round trips: any traveller or booking the model can hold comes back equal."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Connection

from paxscreen.model import Booking, Flight, Message, Traveller
from paxscreen.store.bookings_repo import load_booking, save_booking
from paxscreen.store.flights_repo import load_flight, save_flight
from paxscreen.store.messages_repo import load_message, save_message
from paxscreen.store.travellers_repo import load_traveller, save_traveller
from store.strategies import bookings, flights, messages, travellers

pytestmark = pytest.mark.slow  # many database round trips per test

PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(traveller=travellers)
def test_any_traveller_round_trips(connection: Connection, traveller: Traveller) -> None:
    with connection.begin_nested() as savepoint:
        assert load_traveller(connection, save_traveller(connection, traveller)) == traveller
        savepoint.rollback()


@PROPERTY_SETTINGS
@given(booking=bookings)
def test_any_booking_round_trips(connection: Connection, booking: Booking) -> None:
    with connection.begin_nested() as savepoint:
        assert load_booking(connection, save_booking(connection, booking)) == booking
        savepoint.rollback()


@PROPERTY_SETTINGS
@given(flight=flights)
def test_any_flight_round_trips(connection: Connection, flight: Flight) -> None:
    with connection.begin_nested() as savepoint:
        assert load_flight(connection, save_flight(connection, flight)) == flight
        savepoint.rollback()


@PROPERTY_SETTINGS
@given(message=messages)
def test_any_message_round_trips(connection: Connection, message: Message) -> None:
    with connection.begin_nested() as savepoint:
        assert load_message(connection, save_message(connection, message)) == message
        savepoint.rollback()
