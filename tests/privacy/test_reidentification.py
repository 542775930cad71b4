import datetime as dt

import pytest
from sqlalchemy import Connection, select

from paxscreen.errors import PermissionDeniedError
from paxscreen.model import Message, MessageType
from paxscreen.privacy.audit import search_events, verify_chain
from paxscreen.privacy.profiles import load_profile
from paxscreen.privacy.reidentification import (
    decide_reidentification,
    request_reidentification,
    reveal,
)
from paxscreen.privacy.retention import run_retention
from paxscreen.store.bookings_repo import save_booking
from paxscreen.store.messages_repo import save_message
from paxscreen.store.tables import traveller_names, travellers
from store.factories import make_booking

RECEIVED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
LATER = RECEIVED + dt.timedelta(days=800)
SEAL_KEY = b"s" * 32
WHY = "Investigation 2026/17: suspected facilitation network, warrant ref 4411"


@pytest.fixture
def depersonalised_traveller(connection: Connection) -> int:
    message = Message(raw=b"UNH+1+PNRGOV:11:1:IA'", type=MessageType.PNRGOV, received_at=RECEIVED)
    message_id = save_message(connection, message)
    booking_id = save_booking(connection, make_booking(message_id), message_id=message_id)
    run_retention(
        connection, load_profile("icao"), now=LATER, pseudonym_key=b"p" * 32, seal_key=SEAL_KEY
    )
    return int(
        connection.execute(
            select(travellers.c.id).where(
                travellers.c.booking_id == booking_id, travellers.c.booking_position == 0
            )
        ).scalar_one()
    )


def _ask(connection: Connection, traveller_id: int) -> int:
    """analyst1 asks for the traveller's clear data, with a proper justification."""
    return request_reidentification(
        connection, traveller_id=traveller_id, requested_by="analyst1", justification=WHY, now=LATER
    )


def _surname(connection: Connection, traveller_id: int) -> str:
    return str(
        connection.execute(
            select(traveller_names.c.surname).where(
                traveller_names.c.traveller_id == traveller_id, traveller_names.c.position == 0
            )
        ).scalar_one()
    )


def test_approved_request_reveals_the_travellers_own_data_for_a_limited_time(
    connection: Connection, depersonalised_traveller: int
) -> None:
    assert _surname(connection, depersonalised_traveller).startswith("PSN-")
    request_id = _ask(connection, depersonalised_traveller)
    decide_reidentification(
        connection,
        request_id,
        decided_by="judge",
        approve=True,
        reason="art. 12(3) order 77",
        now=LATER,
        access_hours=24,
    )
    revealed = reveal(connection, request_id, user="analyst1", seal_key=SEAL_KEY, now=LATER)
    surnames = {
        item["values"]["surname"] for item in revealed if item["table"] == "traveller_names"
    }
    assert "MÜLLER" in surnames
    # the infant on the same booking is another person: none of its rows are revealed
    owners = {item["owner_id"] for item in revealed if item["owner"] == "traveller"}
    assert owners == {depersonalised_traveller}
    # booking-level elements (payment, contacts) are revealed with the traveller
    assert {"payments", "phones"} <= {item["table"] for item in revealed}
    # the stored data stays masked: re-identification reads the sealed copy only
    assert _surname(connection, depersonalised_traveller).startswith("PSN-")
    with pytest.raises(PermissionDeniedError, match="expired"):
        reveal(
            connection,
            request_id,
            user="analyst1",
            seal_key=SEAL_KEY,
            now=LATER + dt.timedelta(hours=25),
        )
    actions = [event.action for event in search_events(connection, object_type="traveller")]
    assert {
        "reidentification-request",
        "reidentification-approved",
        "reidentification-view",
    } <= set(actions)
    assert verify_chain(connection).ok


def test_no_data_without_approval_and_no_self_approval(
    connection: Connection, depersonalised_traveller: int
) -> None:
    request_id = _ask(connection, depersonalised_traveller)
    with pytest.raises(PermissionDeniedError, match="pending"):
        reveal(connection, request_id, user="analyst1", seal_key=SEAL_KEY, now=LATER)
    with pytest.raises(PermissionDeniedError, match="own request"):
        decide_reidentification(
            connection,
            request_id,
            decided_by="analyst1",
            approve=True,
            reason="x",
            now=LATER,
            access_hours=1,
        )
    decide_reidentification(
        connection,
        request_id,
        decided_by="judge",
        approve=False,
        reason="not proportionate",
        now=LATER,
        access_hours=1,
    )
    with pytest.raises(PermissionDeniedError, match="refused"):
        reveal(connection, request_id, user="analyst1", seal_key=SEAL_KEY, now=LATER)


def test_only_the_requester_may_use_an_approval(
    connection: Connection, depersonalised_traveller: int
) -> None:
    request_id = _ask(connection, depersonalised_traveller)
    decide_reidentification(
        connection,
        request_id,
        decided_by="judge",
        approve=True,
        reason="order 78",
        now=LATER,
        access_hours=2,
    )
    with pytest.raises(PermissionDeniedError, match="requester"):
        reveal(connection, request_id, user="analyst2", seal_key=SEAL_KEY, now=LATER)


def test_a_short_justification_is_refused(
    connection: Connection, depersonalised_traveller: int
) -> None:
    with pytest.raises(PermissionDeniedError, match="justification"):
        request_reidentification(
            connection,
            traveller_id=depersonalised_traveller,
            requested_by="analyst1",
            justification="because",
            now=LATER,
        )
