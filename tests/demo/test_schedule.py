from __future__ import annotations

import datetime as dt

from paxscreen.demo.airports import to_local, zone
from paxscreen.demo.schedule import FlightKind, schedule_day
from paxscreen.demo.seeding import WeightedChoice, rng_for
from paxscreen.model import Direction

DAY = dt.date(2026, 11, 27)


def test_same_seed_same_schedule_other_seed_other_schedule() -> None:
    first = [f.key for f in schedule_day(4, DAY, "FRA", 30)]
    assert first == [f.key for f in schedule_day(4, DAY, "FRA", 30)]
    assert first != [f.key for f in schedule_day(5, DAY, "FRA", 30)]


def test_rng_for_depends_on_every_key() -> None:
    assert rng_for(1, "a", 2).random() == rng_for(1, "a", 2).random()
    assert rng_for(1, "a", 2).random() != rng_for(1, "a", 3).random()


def test_weighted_choice_follows_weights() -> None:
    table = WeightedChoice(["common", "rare"], [9, 1])
    rng = rng_for(0, "weights")
    draws = [table.pick(rng) for _ in range(2000)]
    assert 0.85 < draws.count("common") / 2000 < 0.95


def test_day_has_both_directions_cargo_and_ferry_flights() -> None:
    flights = schedule_day(2, DAY, "FRA", 100)
    assert len(flights) == 100
    directions = [f.flight.direction for f in flights]
    assert directions.count(Direction.INBOUND) == directions.count(Direction.OUTBOUND) == 50
    kinds = {f.kind for f in flights}
    assert kinds == {FlightKind.PASSENGER, FlightKind.CARGO, FlightKind.FERRY}
    assert all(not f.pnr_flight for f in flights if f.kind is not FlightKind.PASSENGER)


def test_flights_are_consistent_in_time_space_and_size() -> None:
    for scheduled in schedule_day(3, DAY, "FRA", 120):
        flight = scheduled.flight
        assert "FRA" in {leg.origin for leg in flight.legs} | {
            leg.destination for leg in flight.legs
        }
        for leg, following in zip(flight.legs, flight.legs[1:], strict=False):
            assert leg.destination == following.origin
            assert following.departure_utc > leg.arrival_utc
        for leg in flight.legs:
            assert leg.arrival_utc > leg.departure_utc
            assert leg.departure_local == to_local(leg.departure_utc, leg.origin)
        if scheduled.kind is FlightKind.PASSENGER:
            assert 50 <= scheduled.seats <= 500


def test_local_times_use_the_airport_zone() -> None:
    moment = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert to_local(moment, "FRA") == dt.datetime(2026, 7, 1, 14, 0)
    assert str(zone("JFK")) == "America/New_York"


def test_multi_leg_progressive_and_codeshare_flights_occur() -> None:
    flights = [f for f in schedule_day(9, DAY, "FRA", 400) if f.kind is FlightKind.PASSENGER]
    assert any(len(f.flight.legs) > 1 for f in flights)
    assert any(f.flight.aliases for f in flights)
