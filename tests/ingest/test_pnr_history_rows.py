"""A newer PNR version whose data elements did not change is written over its row.

The older version's columns move to a history row that reads its elements from the
current row; a version that changes an element takes a new row with all of them.
Each test runs on SQLite and on PostgreSQL (a fresh schema per test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from ingest.builders import JANE, JOHN, Listed, Person, booking, paxlst, push
from ingest.conftest import NOW
from ingest.snapshot import snapshot
from paxscreen.config import Settings
from paxscreen.ingest.catalogue import reprocess
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.pipeline import process_message
from paxscreen.model import Booking, MessageStatus, Payment, Ticket
from paxscreen.store.bookings_repo import find_booking_ids, load_bookings
from paxscreen.store.ingest_tables import ingest_versions
from paxscreen.store.tables import bookings, travellers
from store.databases import empty_database

PREPARED = [dt.datetime(2026, 2, 26, 10, 0) + dt.timedelta(hours=6 * n) for n in range(4)]
CHANGED = [dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC) + dt.timedelta(days=n) for n in range(4)]
CARD = Payment(type="CC", card_brand="VI", masked_number="XXXXXXXXXXXX1111", card_expiry="0128")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty database per test: each ingestion commits, so nothing is rolled back."""
    with empty_database(request.param, prefix="t_pnr_rows") as created:
        yield created


def _pnr(people: list[Person], version: int, **changes: Any) -> Booking:
    return replace(booking("ABC123", people, changed=CHANGED[version - 1]), **changes)


def _paid(version: int, card: Payment) -> Booking:
    """John's ticket paid with `card` (a PNR carries its payments under a ticket)."""
    pnr = _pnr([JOHN], version, payments=[card])
    ticket = Ticket(number="1251234567890", fare_amount=Decimal("99.00"), currency="EUR")
    return replace(pnr, travellers=[replace(pnr.travellers[0], tickets=[ticket])])


def _push(pnr: Booking, version: int, *, function: str = "141") -> bytes:
    return push([pnr], prepared=PREPARED[version - 1], function=function, control=str(version))[0]


def _ingest(
    engine: Engine, settings: Settings, raw: bytes, *, expect: MessageStatus = MessageStatus.LOADED
) -> str:
    message_id = keep_committed(engine, Arrival(raw=raw, transport="file"), now=NOW)
    assert process_message(engine, message_id, settings=settings, now=NOW).status == expect
    return message_id


def _rows(engine: Engine) -> list[dict[str, Any]]:
    """Every booking row by id, as stored (the columns a reader sees)."""
    with engine.connect() as connection:
        found = connection.execute(select(bookings).order_by(bookings.c.id)).mappings()
        return [dict(row) for row in found]


def _loaded(engine: Engine, booking_id: int) -> Booking:
    with engine.connect() as connection:
        return load_bookings(connection, [booking_id])[booking_id]


def _without_travellers(loaded: Booking) -> Booking:
    return replace(loaded, travellers=[])


def _version_rows(engine: Engine) -> list[tuple[str, int | None]]:
    with engine.connect() as connection:
        found = connection.execute(
            select(ingest_versions.c.decision, ingest_versions.c.row_id).order_by(
                ingest_versions.c.id
            )
        )
        return [tuple(row) for row in found]  # type: ignore[misc]


def _current_version_rows(engine: Engine) -> list[int | None]:
    """The rows the current versions name (one per PNR)."""
    with engine.connect() as connection:
        found = connection.execute(
            select(ingest_versions.c.row_id).where(ingest_versions.c.is_current.is_(True))
        )
        return sorted(found.scalars())


def _traveller_bookings(engine: Engine) -> dict[str, tuple[int | None, int | None]]:
    """PNR traveller reference -> (booking row, flight row)."""
    with engine.connect() as connection:
        found = connection.execute(
            select(travellers.c.reference_number, travellers.c.booking_id, travellers.c.flight_id)
        ).all()
    return {row.reference_number: (row.booking_id, row.flight_id) for row in found}


def test_unchanged_elements_keep_the_row_and_history_reads_them(
    engine: Engine, settings: Settings
) -> None:
    _ingest(engine, settings, _push(_pnr([JOHN], 1), 1, function="22"))
    (first,) = _rows(engine)
    version_1 = _loaded(engine, first["id"])
    _ingest(engine, settings, _push(_pnr([JOHN], 2), 2))
    current, history = _rows(engine)
    assert current["id"] == first["id"]  # the booking keeps its id
    assert (current["version_number"], current["superseded"]) == (2, False)
    assert current["last_changed"] == CHANGED[1] and current["push_function"] == "141"
    assert current["elements_from"] is None
    assert (history["version_number"], history["superseded"]) == (1, True)
    assert history["elements_from"] == first["id"]
    for name in ("last_changed", "push_function", "message_id", "status", "record_locator"):
        assert history[name] == first[name], name
    assert _loaded(engine, history["id"]) == _without_travellers(version_1)
    assert len(_loaded(engine, current["id"]).travellers) == 1  # John stayed on the row
    assert _version_rows(engine) == [("apply", history["id"]), ("apply", current["id"])]
    with engine.connect() as connection:
        assert find_booking_ids(connection, record_locator="ABC123") == [current["id"]]
        every = find_booking_ids(connection, record_locator="ABC123", include_superseded=True)
    assert every == [current["id"], history["id"]]


def test_sightings_of_the_older_version_name_its_history_row(
    engine: Engine, settings: Settings
) -> None:
    _ingest(engine, settings, _push(_pnr([JOHN], 1), 1, function="22"))
    other = booking("XYZ999", [JANE], changed=CHANGED[1])
    seen_again = push([_pnr([JOHN], 1), other], prepared=PREPARED[1], control="2")[0]
    _ingest(engine, settings, seen_again)  # ABC123 unchanged: only its sighting is recorded
    _ingest(engine, settings, _push(_pnr([JOHN], 3), 3))
    with engine.connect() as connection:
        found = connection.execute(
            select(bookings.c.id, bookings.c.record_locator, bookings.c.version_number)
        ).all()
    row_of = {(locator, number): booking_id for booking_id, locator, number in found}
    older, newer = row_of[("ABC123", 1)], row_of[("ABC123", 2)]
    assert older != newer
    assert sorted(_version_rows(engine)) == sorted(
        [("apply", older), ("same", older), ("apply", row_of[("XYZ999", 1)]), ("apply", newer)]
    )
    # the move to the history row retired the older version: one current version each
    assert _current_version_rows(engine) == sorted([newer, row_of[("XYZ999", 1)]])


def test_a_changed_payment_takes_a_new_row_and_every_version_still_loads(
    engine: Engine, settings: Settings
) -> None:
    _ingest(engine, settings, _push(_paid(1, CARD), 1, function="22"))
    (first,) = _rows(engine)
    version_1 = _without_travellers(_loaded(engine, first["id"]))
    _ingest(engine, settings, _push(_paid(2, CARD), 2))
    version_2 = _without_travellers(_loaded(engine, first["id"]))
    other_card = replace(CARD, card_brand="CA", masked_number="XXXXXXXXXXXX4444")
    _ingest(engine, settings, _push(_paid(3, other_card), 3))
    kept, history, renewed = _rows(engine)
    assert kept["id"] == first["id"] and history["elements_from"] == kept["id"]
    assert (kept["version_number"], kept["superseded"]) == (2, True)
    assert (renewed["version_number"], renewed["superseded"]) == (3, False)
    assert renewed["elements_from"] is None
    assert _loaded(engine, history["id"]) == version_1
    assert _loaded(engine, kept["id"]) == version_2
    assert version_1.last_changed != version_2.last_changed
    newest = _loaded(engine, renewed["id"])
    assert [payment.card_brand for payment in newest.payments] == ["CA"]
    assert [payment.card_brand for payment in version_2.payments] == ["VI"]
    assert [traveller.reference_number for traveller in newest.travellers] == ["1"]
    assert [row_id for _decision, row_id in _version_rows(engine)] == [
        history["id"],
        kept["id"],
        renewed["id"],
    ]


def test_a_dropped_traveller_moves_to_the_history_row(engine: Engine, settings: Settings) -> None:
    _ingest(engine, settings, _push(_pnr([JOHN, JANE], 1), 1, function="22"))
    (first,) = _rows(engine)
    _ingest(engine, settings, _push(_pnr([JOHN], 2), 2))
    current, history = _rows(engine)
    where = _traveller_bookings(engine)
    assert where["1"][0] == current["id"] and where["1"][1] is not None
    assert where["2"] == (history["id"], None)  # Jane left the flight with version 1
    assert [t.reference_number for t in _loaded(engine, history["id"]).travellers] == ["2"]
    assert len(_loaded(engine, history["id"]).itinerary) == 1  # read from the current row


def test_a_cancel_with_unchanged_elements_keeps_the_travellers_visible(
    engine: Engine, settings: Settings
) -> None:
    locators_only = _pnr([JOHN, JANE], 1, itinerary=[])  # what a cancel push still carries
    _ingest(engine, settings, _push(locators_only, 1, function="22"))
    cancel = booking("ABC123", [], changed=CHANGED[1], cancelled=True)
    _ingest(engine, settings, _push(cancel, 2))
    current, history = _rows(engine)
    assert (current["status"], current["version_number"], current["superseded"]) == (
        "cancelled",
        2,
        False,
    )
    assert (history["status"], history["version_number"], history["superseded"]) == (
        "active",
        1,
        True,
    )
    assert history["elements_from"] == current["id"]
    where = _traveller_bookings(engine)
    assert {booking_id for booking_id, _flight in where.values()} == {current["id"]}
    assert all(flight is not None for _booking, flight in where.values())


def test_an_old_push_arriving_late_changes_nothing(engine: Engine, settings: Settings) -> None:
    _ingest(engine, settings, _push(_pnr([JOHN], 1), 1, function="22"))
    _ingest(engine, settings, _push(_pnr([JOHN], 3), 3))
    rows, picture = _rows(engine), snapshot(engine)
    late = push([_pnr([JOHN], 2)], prepared=PREPARED[1], function="141", control="9")[0]
    _ingest(engine, settings, late)
    assert _rows(engine) == rows
    assert snapshot(engine) == picture
    assert [decision for decision, _row in _version_rows(engine)] == ["apply", "apply", "history"]


def test_reprocessing_and_receiving_again_change_nothing(
    engine: Engine, settings: Settings
) -> None:
    raws = [
        _push(_pnr([JOHN, JANE], 1), 1, function="22"),
        _push(_pnr([JOHN], 2), 2),
        _push(_pnr([JOHN, JANE], 3), 3),
    ]
    message_ids = [_ingest(engine, settings, raw) for raw in raws]
    rows, picture, versions = _rows(engine), snapshot(engine), _version_rows(engine)
    assert [row["elements_from"] for row in rows].count(rows[0]["id"]) == 2
    reprocess(engine, message_ids, settings=settings, now=NOW + dt.timedelta(days=1))
    for raw in raws:  # the same files again
        _ingest(engine, settings, raw, expect=MessageStatus.DUPLICATE)
    assert _rows(engine) == rows
    assert snapshot(engine) == picture
    after = _version_rows(engine)
    assert after[: len(versions)] == versions
    assert "apply" not in {decision for decision, _row in after[len(versions) :]}


def test_a_first_version_retires_nothing_and_a_later_one_retires_it(
    engine: Engine, settings: Settings
) -> None:
    """A PNR, or an API traveller, seen for the first time had no current version:
    recording its first one sends no UPDATE of `ingest_versions`; a newer version
    retires the current one, so that exactly one stays current."""
    updates: list[str] = []

    def _collect(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE INGEST_VERSIONS"):
            updates.append(statement)

    event.listen(engine, "before_cursor_execute", _collect)
    try:
        _ingest(engine, settings, _push(_pnr([JOHN], 1), 1, function="22"))
        listed = Listed("DOE", "JOHN", JOHN.dob, JOHN.document, "ABC123", JOHN.upi)
        _ingest(engine, settings, paxlst([listed], prepared=PREPARED[1]))
        assert updates == []
        _ingest(engine, settings, _push(_pnr([JOHN, JANE], 3), 3))
        assert updates != []
    finally:
        event.remove(engine, "before_cursor_execute", _collect)
    with engine.connect() as connection:
        current = connection.execute(
            select(ingest_versions.c.kind, ingest_versions.c.entity_key).where(
                ingest_versions.c.is_current.is_(True)
            )
        ).all()
    assert sorted(kind for kind, _key in current) == ["api", "booking"]
