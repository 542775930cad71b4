"""Round trips: every model type saved and loaded gives an equal object, on both databases."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import DBAPIError

from paxscreen.errors import NotFoundError
from paxscreen.model import Flight, MessageStatus, Traveller
from paxscreen.store.bookings_repo import (
    find_booking_ids,
    load_booking,
    mark_superseded,
    save_booking,
)
from paxscreen.store.bulk import COPY_FROM_ROWS
from paxscreen.store.flights_repo import (
    StoredFlight,
    find_flight,
    find_flights_by_key,
    list_flights,
    load_flight,
    load_stored_flight,
    save_flight,
)
from paxscreen.store.messages_repo import (
    find_message_ids,
    load_message,
    save_message,
    update_message_status,
)
from paxscreen.store.tables import bag_tags, documents, messages, payments, traveller_names
from paxscreen.store.travellers_repo import (
    load_traveller,
    replace_travellers,
    save_travellers,
    traveller_ids,
    traveller_row,
)
from store.factories import make_booking, make_flight, make_message, make_traveller


def test_message_round_trip_keeps_raw_bytes_and_findings(connection: Connection) -> None:
    message = make_message()
    save_message(connection, message)
    assert load_message(connection, message.id or "") == message


def test_message_without_id_gets_one(connection: Connection) -> None:
    message = dataclasses.replace(make_message(), id=None, findings=[])
    message_id = save_message(connection, message)
    assert message.id == message_id
    assert find_message_ids(connection, sha256=message.sha256) == [message_id]


def test_status_update_leaves_raw_bytes_alone(connection: Connection) -> None:
    message = make_message()
    save_message(connection, message)
    update_message_status(
        connection, message.id or "", MessageStatus.FAILED_LOAD, reason="no flight"
    )
    loaded = load_message(connection, message.id or "")
    assert (loaded.status, loaded.status_reason, loaded.raw) == (
        MessageStatus.FAILED_LOAD,
        "no flight",
        message.raw,
    )


def test_missing_rows_raise_not_found(connection: Connection) -> None:
    with pytest.raises(NotFoundError):
        load_message(connection, "nope")
    with pytest.raises(NotFoundError):
        load_flight(connection, 987654)
    with pytest.raises(NotFoundError):
        update_message_status(connection, "nope", MessageStatus.LOADED)


def test_flight_round_trip_with_legs_aliases_and_provenance(connection: Connection) -> None:
    message = make_message()
    save_message(connection, message)
    flight = make_flight(message.id)
    flight_id = save_flight(connection, flight, message_id=message.id)
    assert load_flight(connection, flight_id) == flight
    assert find_flight(connection, flight.key) == flight


def test_flight_read_in_one_joined_statement_is_the_flight_loaded(
    connection: Connection,
) -> None:
    """Two legs x two aliases come back as four joined rows: each is taken once, in order."""
    message = make_message()
    save_message(connection, message)
    flight = make_flight(message.id)  # aliases UA, AC: position order, not alphabetical
    flight_id = save_flight(connection, flight, message_id=message.id)
    bare = dataclasses.replace(make_flight(), number="401", legs=[], aliases=[])
    bare_id = save_flight(connection, bare)
    found = find_flights_by_key(connection, [flight.key, "LH999/2026-03-01/FRA", bare.key])
    assert found == {
        flight.key: StoredFlight(flight_id, flight.key, load_flight(connection, flight_id)),
        bare.key: StoredFlight(bare_id, bare.key, load_flight(connection, bare_id)),
    }
    assert found[flight.key].flight == flight
    assert load_stored_flight(connection, flight_id) == found[flight.key]
    assert load_stored_flight(connection, 987654) is None


def test_saving_the_same_flight_key_updates_one_row(connection: Connection) -> None:
    first = save_flight(connection, make_flight())
    changed = dataclasses.replace(make_flight(), cancelled=True, legs=[], aliases=[])
    assert save_flight(connection, changed) == first
    assert load_flight(connection, first) == changed


def test_traveller_round_trip_with_every_part(connection: Connection) -> None:
    message = make_message()
    save_message(connection, message)
    flight_id = save_flight(connection, make_flight())
    travellers = [make_traveller(message.id), Traveller()]
    ids = save_travellers(connection, travellers, flight_id=flight_id, message_id=message.id)
    assert [load_traveller(connection, traveller_id) for traveller_id in ids] == travellers
    assert traveller_ids(connection, flight_id=flight_id) == ids


def test_traveller_keys_are_stored_for_lookups(connection: Connection) -> None:
    flight_id = save_flight(connection, make_flight())
    save_travellers(connection, [make_traveller()], flight_id=flight_id)
    assert (
        "HANS MULLER PETER"
        in connection.execute(select(traveller_names.c.name_key)).scalars().all()
    )
    assert "C01X00T47" in connection.execute(select(documents.c.number_key)).scalars().all()


def test_booking_round_trip_with_everything(connection: Connection) -> None:
    message = make_message()
    save_message(connection, message)
    booking = make_booking(message.id)
    booking_id = save_booking(connection, booking)
    assert load_booking(connection, booking_id) == booking


def test_bookings_are_found_by_locator_phone_email_and_card_hash(connection: Connection) -> None:
    booking_id = save_booking(connection, make_booking())
    save_booking(connection, dataclasses.replace(make_booking(), record_locators=[]))
    assert find_booking_ids(connection, record_locator="XYZ789") == [booking_id]
    assert find_booking_ids(connection, phone_e164="+49301234567", record_locator="ABC123") == [
        booking_id
    ]
    assert booking_id in find_booking_ids(connection, email="Hans@Example.org ")
    assert booking_id in find_booking_ids(connection, card_hash="f" * 64)
    mark_superseded(connection, booking_id)
    assert find_booking_ids(connection, record_locator="XYZ789") == []
    assert find_booking_ids(connection, record_locator="XYZ789", include_superseded=True) == [
        booking_id
    ]


def test_no_column_can_hold_a_full_card_number() -> None:
    assert not {"card_number", "number", "pan"} & set(payments.c.keys())


def test_flight_list_filters_and_counts_travellers(connection: Connection) -> None:
    flight = make_flight()
    other = Flight(
        carrier="BA",
        number="117",
        origin="LHR",
        destination="JFK",
        departure_local=flight.departure_local,
    )
    flight_id = save_flight(connection, flight)
    save_flight(connection, other)
    crew = Traveller(role=make_traveller().role.CREW)
    save_travellers(connection, [make_traveller(), crew], flight_id=flight_id)
    listed = list_flights(connection, carrier="lh", origin="FRA")
    assert [(item.id, item.travellers, item.crew) for item in listed] == [(flight_id, 2, 1)]
    assert listed[0].flight == flight
    day = flight.departure_local.date() if flight.departure_local else None
    assert len(list_flights(connection, date_from=day, date_to=day)) == 2
    assert list_flights(connection, destination="ORD") == []


@pytest.mark.parametrize("count", [1, COPY_FROM_ROWS + 2])  # one UPDATE per row / per batch
def test_replace_travellers_keeps_ids_and_replaces_their_data(
    connection: Connection, count: int
) -> None:
    flight_id = save_flight(connection, make_flight())
    stored = [make_traveller() for _ in range(count + 1)]
    *replaced_ids, kept_id = save_travellers(connection, stored, flight_id=flight_id)
    newer = [
        dataclasses.replace(make_traveller(surname=f"MEIER{index}"), documents=[], bags=[])
        for index in range(count)
    ]
    replace_travellers(
        connection,
        [
            (traveller_id, traveller_row(traveller, flight_id=flight_id), traveller)
            for traveller_id, traveller in zip(replaced_ids, newer, strict=True)
        ],
    )
    assert [load_traveller(connection, traveller_id) for traveller_id in replaced_ids] == newer
    assert load_traveller(connection, kept_id) == stored[-1]  # not named: left alone
    assert traveller_ids(connection, flight_id=flight_id) == [*replaced_ids, kept_id]
    tags_left = select(func.count()).select_from(bag_tags)  # the replaced bags took theirs
    assert connection.execute(tags_left).scalar() == len(stored[-1].bags[0].tags)


def test_database_refuses_to_rewrite_raw_bytes_but_allows_erasure(connection: Connection) -> None:
    message = make_message()
    save_message(connection, message)
    rewrite = update(messages).where(messages.c.id == message.id).values(raw=b"forged")
    with pytest.raises(DBAPIError, match="immutable"), connection.begin_nested():
        connection.execute(rewrite)
    connection.execute(update(messages).where(messages.c.id == message.id).values(raw=b""))
    assert load_message(connection, message.id or "").raw == b""
