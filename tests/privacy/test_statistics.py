"""Statistics carry counts only: no name, document number, contact or locator."""

import datetime as dt
import json

from sqlalchemy import Connection

from paxscreen.model import Message, MessageType
from paxscreen.privacy.statistics import compute_statistics, to_csv, to_json
from paxscreen.store.booking_tables import record_locators
from paxscreen.store.bookings_repo import save_booking
from paxscreen.store.hit_tables import hits
from paxscreen.store.messages_repo import save_message
from paxscreen.store.tables import travellers
from paxscreen.store.travellers_repo import save_travellers
from store.factories import make_booking, make_traveller
from store.personal_values import PERSONAL_COLUMNS, stored_values

NOW = dt.datetime.now(dt.UTC)
PERIOD = {"since": NOW - dt.timedelta(days=1), "until": NOW + dt.timedelta(days=1)}


def _load(connection: Connection) -> None:
    pnr = Message(raw=b"UNH+1+PNRGOV'", type=MessageType.PNRGOV, sender="LH", received_at=NOW)
    pnr_id = save_message(connection, pnr)
    save_booking(connection, make_booking(pnr_id), message_id=pnr_id)
    api = Message(raw=b"UNH+1+PAXLST'", type=MessageType.PAXLST, sender="LH", received_at=NOW)
    api_id = save_message(connection, api)
    [traveller_id] = save_travellers(
        connection, [make_traveller(api_id)], source="api", message_id=api_id
    )
    connection.execute(
        hits.insert().values(
            traveller_id=traveller_id,
            source="watchlist",
            source_id="E1",
            score=0.95,
            band="alert",
            explanation={},
            screened_data={},
        )
    )


def _identifying_values(connection: Connection) -> set[str]:
    locators = (record_locators.c.locator, travellers.c.record_locator)
    return stored_values(connection, (*PERSONAL_COLUMNS, *locators))


def test_statistics_count_what_arrived(connection: Connection) -> None:
    _load(connection)
    metrics = to_json(compute_statistics(connection, **PERIOD), **PERIOD)["metrics"]
    assert metrics["messages_received"]["type=PNRGOV,carrier=LH"] == 1
    assert metrics["pnrs_received"]["carrier=LH"] == 1
    assert metrics["travellers_collected"] == {"source=api": 1, "source=pnr": 2}
    assert metrics["travellers_identified_for_examination"]["total"] == 1
    assert metrics["hits"]["source=watchlist,band=alert"] == 1


def test_no_export_contains_personal_data(connection: Connection) -> None:
    _load(connection)
    rows = compute_statistics(connection, **PERIOD)
    exports = to_csv(rows) + json.dumps(to_json(rows, **PERIOD))
    identifying = _identifying_values(connection)
    assert len(identifying) >= 8  # the probe has something to find
    leaked = {value for value in identifying if value in exports}
    assert leaked == set()


def test_the_period_is_respected(connection: Connection) -> None:
    _load(connection)
    before = {"since": NOW - dt.timedelta(days=30), "until": NOW - dt.timedelta(days=2)}
    rows = compute_statistics(connection, **before)
    assert rows and all(row.value == 0 for row in rows)
