"""Retention with a simulated clock: data passes its dates and leaves every table."""

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from paxscreen.model import Message, MessageType
from paxscreen.privacy.audit import verify_chain
from paxscreen.privacy.profiles import load_profile
from paxscreen.privacy.retention import run_retention
from paxscreen.privacy.retention_plan import plan_retention
from paxscreen.store.bookings_repo import load_bookings, save_booking, supersede_in_place
from paxscreen.store.hit_tables import hits
from paxscreen.store.messages_repo import save_message
from paxscreen.store.privacy_tables import (
    retention_actions,
    retention_holds,
    sealed_values,
)
from paxscreen.store.tables import (
    bookings,
    documents,
    emails,
    messages,
    payments,
    phones,
    traveller_names,
    travellers,
)
from paxscreen.store.travellers_repo import save_travellers
from store.factories import make_booking, make_traveller

RECEIVED = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
KEYS: dict[str, Any] = {"pseudonym_key": b"p" * 32, "seal_key": b"s" * 32}
EU = load_profile("eu")
ICAO = load_profile("icao")


def _store_pnr(connection: Connection, received: dt.datetime = RECEIVED) -> tuple[str, int]:
    message = Message(
        raw=b"UNA:+.? 'UNB+IATA:1+1A+DE'UNH+1+PNRGOV:11:1:IA'", type=MessageType.PNRGOV
    )
    message.received_at = received
    message_id = save_message(connection, message)
    booking = make_booking(message_id)
    booking.message_id = message_id
    return message_id, save_booking(connection, booking, message_id=message_id)


def _store_api(connection: Connection) -> tuple[str, int]:
    message = Message(raw=b"UNH+1+PAXLST:D:05B:UN:IATA'", type=MessageType.PAXLST)
    message.received_at = RECEIVED
    message_id = save_message(connection, message)
    [traveller_id] = save_travellers(
        connection, [make_traveller(message_id)], source="api", message_id=message_id
    )
    return message_id, traveller_id


def _values(connection: Connection, column: Any) -> list[Any]:
    return list(connection.execute(select(column)).scalars())


def _count(connection: Connection, table: Any) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _clear_values_in_database(connection: Connection) -> set[str]:
    """Every known clear value from the factories that is still somewhere in the tables."""
    found = set()
    probes = {
        "MÜLLER": traveller_names.c.surname,
        "HANS PETER": traveller_names.c.given_names,
        "c01x00t47": documents.c.number,
        "+49301234567": phones.c.e164,
        "HANS MULLER": payments.c.card_holder,
        "1965-06": travellers.c.date_of_birth,
    }
    for value, column in probes.items():
        if value in _values(connection, column):
            found.add(value)
    if any("example" in (email or "").lower() for email in _values(connection, emails.c.raw)):
        found.add("email")
    return found


def test_nothing_is_due_before_the_dates(connection: Connection) -> None:
    _store_pnr(connection)
    assert plan_retention(connection, EU, now=RECEIVED + dt.timedelta(days=100)) == []


def test_depersonalisation_removes_values_from_every_table(connection: Connection) -> None:
    _store_pnr(connection)
    assert _clear_values_in_database(connection)
    now = RECEIVED + dt.timedelta(days=200)
    report = run_retention(connection, ICAO, now=now + dt.timedelta(days=600), **KEYS)
    assert {a.action for a in report.actions} == {"depersonalise"}
    assert _clear_values_in_database(connection) == set()
    # the raw message was sealed too, and the sealed copies exist for re-identification
    assert _values(connection, messages.c.raw) == [b""]
    assert _count(connection, sealed_values) >= 2
    # pseudonyms keep linking: same phone -> same pseudonym
    pseudonyms = [value for value in _values(connection, phones.c.e164) if value is not None]
    assert pseudonyms and all(value.startswith("PSN-") for value in pseudonyms)
    assert verify_chain(connection).ok


def test_same_value_gives_the_same_pseudonym_in_two_bookings(connection: Connection) -> None:
    _store_pnr(connection)
    _store_pnr(connection)
    run_retention(connection, ICAO, now=RECEIVED + dt.timedelta(days=800), **KEYS)
    e164 = [value for value in _values(connection, phones.c.e164) if value is not None]
    assert len(e164) == 2 and len(set(e164)) == 1


def test_the_run_is_idempotent(connection: Connection) -> None:
    _store_pnr(connection)
    now = RECEIVED + dt.timedelta(days=800)
    first = run_retention(connection, ICAO, now=now, **KEYS)
    second = run_retention(connection, ICAO, now=now, **KEYS)
    assert first.actions and second.actions == []


def test_dry_run_reports_exactly_what_the_run_then_does(connection: Connection) -> None:
    _store_pnr(connection)
    _store_api(connection)
    now = RECEIVED + dt.timedelta(days=190)
    dry = run_retention(connection, EU, now=now, dry_run=True, **KEYS)
    assert _clear_values_in_database(connection)  # a dry run changes nothing
    assert _count(connection, retention_actions) == 0
    real = run_retention(connection, EU, now=now, **KEYS)
    assert dry.actions == real.actions
    done = {
        (row.action, row.object_type, row.object_id)
        for row in connection.execute(select(retention_actions))
    }
    assert done == {(a.action, a.object_type, a.object_id) for a in dry.actions}


def test_deletion_leaves_only_tombstones(connection: Connection) -> None:
    _store_pnr(connection)
    _store_api(connection)
    report = run_retention(connection, EU, now=RECEIVED + dt.timedelta(days=190), **KEYS)
    assert {a.action for a in report.actions} == {"delete"}
    for table in (travellers, traveller_names, documents, phones, emails, payments, messages):
        assert _count(connection, table) == 0, table.name
    assert _count(connection, sealed_values) == 0
    tombstones = list(connection.execute(select(retention_actions)))
    booking_tombstone = next(row for row in tombstones if row.object_type == "booking")
    assert booking_tombstone.counts["travellers"] == 2
    assert booking_tombstone.counts["documents"] == 2
    assert "MÜLLER" not in str([tuple(row) for row in tombstones])


def _store_pnr_with_history(connection: Connection) -> tuple[int, int]:
    """A PNR whose second version repeated its elements: (current row, history row)."""
    message_id, current = _store_pnr(connection)
    newer = replace(make_booking(message_id), travellers=[], message_id=message_id)
    connection.execute(
        bookings.update().where(bookings.c.id == current).values(elements_digest="digest")
    )
    history = supersede_in_place(connection, [current], [newer], version_number=[2])
    return current, history[current]


def test_depersonalisation_reaches_a_history_row_and_forgets_the_digest(
    connection: Connection,
) -> None:
    current, history = _store_pnr_with_history(connection)
    run_retention(connection, ICAO, now=RECEIVED + dt.timedelta(days=800), **KEYS)
    assert _clear_values_in_database(connection) == set()
    older = load_bookings(connection, [history])[history]
    assert older.phones and all(phone.e164.startswith("PSN-") for phone in older.phones)
    # masked elements no longer match a newer version's: that one is stored in full
    assert _values(connection, bookings.c.elements_digest) == [None, None]


def test_deletion_removes_a_history_row_and_the_row_it_reads(connection: Connection) -> None:
    _store_pnr_with_history(connection)
    report = run_retention(connection, EU, now=RECEIVED + dt.timedelta(days=190), **KEYS)
    assert [a.object_type for a in report.actions] == ["booking", "booking", "message"]
    for table in (bookings, travellers, phones, emails, payments, messages):
        assert _count(connection, table) == 0, table.name


def test_api_data_goes_after_a_day_under_the_eu_profile(connection: Connection) -> None:
    _store_api(connection)
    assert plan_retention(connection, EU, now=RECEIVED + dt.timedelta(hours=23)) == []
    report = run_retention(connection, EU, now=RECEIVED + dt.timedelta(hours=25), **KEYS)
    assert ("delete", "traveller") in {(a.action, a.object_type) for a in report.actions}
    assert _count(connection, travellers) == 0


@pytest.mark.parametrize("link", ["case", "confirmed hit"])
def test_a_held_traveller_is_kept_with_its_reason(connection: Connection, link: str) -> None:
    _, booking_id = _store_pnr(connection)
    traveller_id = connection.execute(
        select(travellers.c.id).where(travellers.c.booking_id == booking_id).limit(1)
    ).scalar_one()
    if link == "case":
        connection.execute(
            retention_holds.insert().values(
                traveller_id=traveller_id,
                reason="investigation 2026/17",
                created_by="analyst1",
                created_at=RECEIVED,
            )
        )
    else:
        from paxscreen.store.vetting_tables import hit_dispositions

        hit_id = connection.execute(
            hits.insert()
            .values(
                traveller_id=traveller_id,
                source="watchlist",
                source_id="E1",
                score=0.97,
                band="alert",
                explanation={"surname": "MÜLLER", "score": 0.97},
                screened_data={"surname": "MÜLLER"},
            )
            .returning(hits.c.id)
        ).scalar_one()
        connection.execute(
            hit_dispositions.insert().values(
                hit_id=hit_id,
                disposition="true_match",
                reason="confirmed by liaison officer",
                decided_by="analyst1",
                decided_at=RECEIVED,
            )
        )
    report = run_retention(connection, EU, now=RECEIVED + dt.timedelta(days=190), **KEYS)
    kinds = {(a.action, a.object_type) for a in report.actions}
    assert ("keep", "booking") in kinds and ("delete", "booking") not in kinds
    keep = next(a for a in report.actions if a.action == "keep")
    assert (
        ("investigation 2026/17" in keep.reason)
        if link == "case"
        else ("confirmed hit" in keep.reason)
    )
    assert _count(connection, travellers) == 2  # kept...
    assert _clear_values_in_database(connection) == set()  # ...but depersonalised
    for row in connection.execute(select(hits.c.screened_data, hits.c.explanation)):
        assert "MÜLLER" not in str(row.screened_data) + str(row.explanation)
    # five years later it goes too
    later = run_retention(connection, EU, now=RECEIVED + dt.timedelta(days=1830), **KEYS)
    assert ("delete", "booking") in {(a.action, a.object_type) for a in later.actions}
    assert _count(connection, travellers) == 0
