"""Network rules on hand-built flights: each hit carries the path that explains it."""

import datetime as dt

from sqlalchemy import Connection, select

from paxscreen.config import load_settings
from paxscreen.model import (
    Agency,
    Booking,
    Flight,
    PartialDate,
    PersonName,
    Phone,
    RecordLocator,
    Traveller,
)
from paxscreen.screening.interface import load_screeners, screen_flights
from paxscreen.screening.links.network_rules import NetworkOptions, evaluate_network_rules
from paxscreen.screening.links.screen import resolve_flight_identities
from paxscreen.screening.rules.named_lists import save_named_list
from paxscreen.store.bookings_repo import save_booking
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import travellers
from paxscreen.vetting.hits import HitRecord, record_hit

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
SETTINGS = load_settings()


def flight(connection: Connection, number: str) -> int:
    return save_flight(
        connection,
        Flight(
            carrier="XQ",
            number=number,
            origin="IST",
            destination="AMS",
            departure_local=dt.datetime(2026, 6, 2, 9),
        ),
    )


def board(
    connection: Connection,
    flight_id: int,
    locator: str,
    *people: tuple[str, PartialDate],
    phone: str | None = None,
    agency: str | None = None,
) -> list[int]:
    booking_id = save_booking(
        connection,
        Booking(
            record_locators=[RecordLocator(locator=locator)],
            travellers=[
                Traveller(name=PersonName(surname=surname, given_names="SAM"), date_of_birth=dob)
                for surname, dob in people
            ],
            phones=[Phone(raw=phone, e164=phone)] if phone else [],
            agency=Agency(iata_number=agency) if agency else None,
        ),
    )
    connection.execute(
        travellers.update().where(travellers.c.booking_id == booking_id).values(flight_id=flight_id)
    )
    ids = list(
        connection.execute(
            select(travellers.c.id)
            .where(travellers.c.booking_id == booking_id)
            .order_by(travellers.c.id)
        ).scalars()
    )
    resolve_flight_identities(connection, [flight_id], settings=SETTINGS, now=NOW)
    return ids


def alert(connection: Connection, traveller_id: int, source: str = "watchlist") -> None:
    record_hit(
        connection,
        HitRecord(
            traveller_id=traveller_id, source=source, source_id="UN-1", score=0.97, band="alert"
        ),
        now=NOW - dt.timedelta(days=2),
    )


def test_sharing_a_phone_with_an_alerted_person_raises_a_network_hit(
    connection: Connection,
) -> None:
    earlier, today = flight(connection, "101"), flight(connection, "102")
    [listed] = board(
        connection, earlier, "LST001", ("KAREEM", PartialDate(1979, 4, 4)), phone="+905321112233"
    )
    alert(connection, listed)
    [companion] = board(
        connection, today, "CMP001", ("NOVAK", PartialDate(1988, 1, 1)), phone="+905321112233"
    )
    [stranger] = board(
        connection, today, "STR001", ("BAUER", PartialDate(1990, 2, 2)), phone="+491701234567"
    )
    found = evaluate_network_rules(connection, [today], options=NetworkOptions(), now=NOW)
    assert [(hit.traveller_id, hit.source_id) for hit in found] == [
        (companion, "shared-contact-with-alert")
    ]
    path = found[0].explanation["paths"][0]
    assert [step["type"] for step in path] == ["booked_in", "used", "used", "booked_in"]
    assert path[1]["to"] == "phone:+905321112233"
    assert stranger not in {hit.traveller_id for hit in found}


def test_a_hub_phone_raises_nothing(connection: Connection) -> None:
    earlier, today = flight(connection, "201"), flight(connection, "202")
    [listed] = board(
        connection, earlier, "HUB000", ("KAREEM", PartialDate(1979, 4, 4)), phone="+18005550100"
    )
    alert(connection, listed)
    for n in range(4):
        board(
            connection,
            today,
            f"HUB00{n + 1}",
            (f"PAX{chr(65 + n)}", PartialDate(1980 + n, 1, 1)),
            phone="+18005550100",
        )
    assert (
        evaluate_network_rules(
            connection, [today], options=NetworkOptions(hub_threshold=3), now=NOW
        )
        == []
    )


def test_an_old_alert_is_outside_the_lookback(connection: Connection) -> None:
    earlier, today = flight(connection, "301"), flight(connection, "302")
    [listed] = board(
        connection, earlier, "OLD001", ("KAREEM", PartialDate(1979, 4, 4)), phone="+905329999999"
    )
    alert(connection, listed)
    board(connection, today, "OLD002", ("NOVAK", PartialDate(1988, 1, 1)), phone="+905329999999")
    later = NOW + dt.timedelta(days=60)
    assert evaluate_network_rules(connection, [today], options=NetworkOptions(), now=later) == []


def test_travelling_with_a_watchlisted_person(connection: Connection) -> None:
    today = flight(connection, "401")
    listed, companion = board(
        connection,
        today,
        "FAM001",
        ("HADDAD", PartialDate(1970, 1, 2)),
        ("SALEM", PartialDate(1995, 3, 4)),
    )
    alert(connection, listed)
    found = evaluate_network_rules(connection, [today], options=NetworkOptions(), now=NOW)
    assert [(hit.traveller_id, hit.source_id) for hit in found] == [
        (companion, "travelled-with-watchlisted")
    ]


def test_a_rule_alert_is_no_watchlist_companion(connection: Connection) -> None:
    today = flight(connection, "402")
    flagged, companion = board(
        connection,
        today,
        "FAM002",
        ("HADDAD", PartialDate(1970, 1, 2)),
        ("SALEM", PartialDate(1995, 3, 4)),
    )
    alert(connection, flagged, source="rule")
    found = evaluate_network_rules(connection, [today], options=NetworkOptions(), now=NOW)
    assert "travelled-with-watchlisted" not in {hit.source_id for hit in found}


def test_an_agency_under_watch(connection: Connection) -> None:
    save_named_list(
        connection,
        "agencies under watch",
        ["12345675"],
        owner="analyst1",
        now=NOW,
        description="reported by liaison",
    )
    today = flight(connection, "501")
    watched = board(
        connection, today, "AGY001", ("ROSSI", PartialDate(1982, 2, 2)), agency="12345675"
    )
    board(connection, today, "AGY002", ("BIANCHI", PartialDate(1983, 3, 3)), agency="99999999")
    found = evaluate_network_rules(connection, [today], options=NetworkOptions(), now=NOW)
    assert [(hit.traveller_id, hit.source_id) for hit in found] == [
        (watched[0], "agency-under-watch")
    ]


def test_the_screeners_run_in_order_and_store_network_hits(connection: Connection) -> None:
    load_screeners()
    earlier, today = flight(connection, "601"), flight(connection, "602")
    [listed] = board(
        connection, earlier, "ORD001", ("KAREEM", PartialDate(1979, 4, 4)), phone="+905320000001"
    )
    alert(connection, listed)
    [companion] = board(
        connection, today, "ORD002", ("NOVAK", PartialDate(1988, 1, 1)), phone="+905320000001"
    )
    report = screen_flights(connection, [today], settings=SETTINGS, now=NOW)
    assert report.errors.get("network") is None and report.hits["network"] == 1
    stored = connection.execute(
        select(hits.c.source, hits.c.band).where(hits.c.traveller_id == companion)
    ).all()
    assert ("network", "review") in stored
