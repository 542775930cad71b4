"""Derived features on hand-checked travellers (see the `hub_flight` fixture)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from paxscreen.screening.rules.features import compute_features
from paxscreen.store.rule_tables import derived_traveller_features


def features_of(connection: Connection, flight_id: int) -> dict[int, Any]:
    compute_features(connection, flight_id)
    rows = connection.execute(
        select(derived_traveller_features).where(
            derived_traveller_features.c.flight_id == flight_id
        )
    )
    return {row.traveller_id: row for row in rows}


def test_broken_travel_across_two_bookings(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    features = features_of(connection, hub_flight["flight"])[hub_flight["broken"]]
    assert features.is_broken_travel is True
    assert (
        features.broken_travel_reason
        == "arrives from BGW in booking BRK002, 4.0 h before departure"
    )
    assert features.is_one_way is True


def test_same_day_cash_one_way(connection: Connection, hub_flight: dict[str, Any]) -> None:
    features = features_of(connection, hub_flight["flight"])[hub_flight["cash"]]
    assert features.hours_booking_to_departure == 6.0
    assert features.payment_type == "CA"
    assert features.is_one_way is True
    assert features.payer_is_traveller is None  # cash names no payer: unknown, not third party
    assert features.is_broken_travel is False
    assert features.party_size == 1


def test_third_party_payer(connection: Connection, hub_flight: dict[str, Any]) -> None:
    features = features_of(connection, hub_flight["flight"])
    assert features[hub_flight["third_party"]].payer_is_traveller is False
    assert features[hub_flight["neighbour_a"]].payer_is_traveller is True


def test_seat_neighbours_same_and_other_booking(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    features = features_of(connection, hub_flight["flight"])
    a, b, c = (features[hub_flight[name]] for name in ("neighbour_a", "neighbour_b", "neighbour_c"))
    assert (a.neighbours_same_booking, a.neighbours_other_booking) == (0, 1)
    assert (b.neighbours_same_booking, b.neighbours_other_booking) == (1, 1)
    assert (c.neighbours_same_booking, c.neighbours_other_booking) == (1, 0)
    assert features[hub_flight["cash"]].neighbours_same_booking is None  # no seat


def test_return_trip_document_and_bags(connection: Connection, hub_flight: dict[str, Any]) -> None:
    features = features_of(connection, hub_flight["flight"])[hub_flight["returning"]]
    assert features.is_one_way is False
    assert features.route == "IST-LHR-IST"
    assert features.trip_length_days == 10.167  # 10 days plus the 4-hour flight home
    assert features.hours_booking_to_departure == 60 * 24
    assert features.hours_ticketing_to_departure == 57 * 24 + 12
    assert features.document_issued_days_before_departure == 20
    assert features.document_expires_days_after_departure == 19
    assert features.document_state_differs_from_nationality is True
    assert (features.bag_count, features.bag_weight_kg) == (2, 47.0)
    assert features.age_years == 46
    assert features.connection_count == 0


def test_same_name_without_the_same_birth_date_is_not_broken_travel(
    connection: Connection, travel: Any, hub_flight: dict[str, Any]
) -> None:
    """JANE DOE is a common name: other JANE DOEs arriving at the origin before departure,
    one born another day and one whose booking has no date of birth, are not her."""
    import datetime as dt

    from rules_support import DEPARTURE, _booking, _person, _segment

    other = _person("DOE", "JANE", born="1991-03-03")
    unknown = _person("DOE", "JANE")
    unknown.date_of_birth = None
    arriving = _segment(1, "TBS", "IST", DEPARTURE - dt.timedelta(hours=6), hours=2)
    for locator, person in (("OTH001", other), ("OTH002", unknown)):
        booked = DEPARTURE - dt.timedelta(days=2)
        travel.booking(None, _booking(locator, booked, [person], [arriving]))
    cash = features_of(connection, hub_flight["flight"])[hub_flight["cash"]]
    assert cash.is_broken_travel is False


def test_recomputing_rewrites_only_changed_rows_and_drops_travellers_who_left(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    import datetime as dt

    from sqlalchemy import update

    from paxscreen.store.tables import bags, travellers

    first = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    compute_features(connection, hub_flight["flight"], now=first)
    connection.execute(  # the returning traveller's bags change; the cash one leaves
        update(bags).where(bags.c.traveller_id == hub_flight["returning"]).values(weight=60)
    )
    connection.execute(
        update(travellers).where(travellers.c.id == hub_flight["cash"]).values(flight_id=None)
    )
    later = first + dt.timedelta(hours=1)
    compute_features(connection, hub_flight["flight"], now=later)
    rows = {
        row.traveller_id: row
        for row in connection.execute(
            select(derived_traveller_features).where(
                derived_traveller_features.c.flight_id == hub_flight["flight"]
            )
        )
    }
    assert hub_flight["cash"] not in rows
    assert rows[hub_flight["returning"]].bag_weight_kg == 60.0
    assert rows[hub_flight["returning"]].computed_at == later
    assert rows[hub_flight["broken"]].computed_at == first  # unchanged: not rewritten
    assert len(rows) == 6
