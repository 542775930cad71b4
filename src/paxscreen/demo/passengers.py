"""Fill one flight with bookings: singles, couples, families, tour groups, returning travellers.

Everything for a flight is drawn from `rng_for(seed, "flight", key)`, so flights
can be generated in any order, alone or in parallel, with the same result.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from paxscreen.demo.bookings import (
    PlannedBooking,
    allocate_seats,
    plan_booking,
    tag_bags,
)
from paxscreen.demo.people import Person, PersonPool, make_family, make_person
from paxscreen.demo.schedule import ScheduledFlight
from paxscreen.demo.seeding import rng_for
from paxscreen.model import Direction

_GROUP_NAMES = (
    "SEETHE WORLD",
    "PILGRIM TOURS",
    "CHOIR ST MARY",
    "FC UNITED YOUTH",
    "ALPHA CONF",
    "SUNNY HOLIDAYS",
)


def _party(
    rng: random.Random,
    *,
    key: str,
    serial: int,
    today: dt.date,
    pool: PersonPool,
    hub_day: dt.date,
) -> list[Person]:
    draw = rng.random()
    person_id = f"{key}#{serial}"
    returning = pool.draw(rng, hub_day) if draw < 0.04 else None
    if returning is not None:
        return [returning]
    if draw < 0.64:
        return [make_person(rng, person_id=person_id, today=today)]
    if draw < 0.86:  # couple or two colleagues sharing a booking
        first = make_person(rng, person_id=f"{person_id}-1", today=today)
        second = make_person(
            rng, person_id=f"{person_id}-2", today=today, region=first.region, contact=first.contact
        )
        return [first, second]
    return make_family(rng, family_id=person_id, today=today, size=rng.choice([3, 3, 4, 4, 5]))


def _group(rng: random.Random, *, key: str, today: dt.date, size: int) -> list[Person]:
    leader = make_person(rng, person_id=f"{key}#G-1", today=today, age=(35, 65))
    members = [leader]
    for index in range(2, size + 1):
        members.append(
            make_person(rng, person_id=f"{key}#G-{index}", today=today, region=leader.region)
        )
    return members


def _split_one(rng: random.Random, plan: PlannedBooking, *, seed: int) -> PlannedBooking | None:
    """Divide a PNR: one traveller moves to a new record before departure (Gr8 EQN + RCI)."""
    if len(plan.travellers) < 2 or any(t.passenger_type == "IN" for t in plan.travellers):
        return None
    departure = plan.scheduled.flight.departure_utc
    assert departure is not None
    moment = plan.created + (departure - plan.created) * rng.uniform(0.3, 0.9)
    leaving = plan.travellers[-1]
    leaving.left_at = moment
    child = plan_booking(
        rng,
        seed=seed,
        scheduled=plan.scheduled,
        people=[leaving.person],
        created=moment,
        agency=plan.agency,
        round_trip=False,
        connection=False,
    )
    child.travellers[0].seat, child.travellers[0].bags = leaving.seat, 0
    child.travellers[0].checks_in, child.travellers[0].checked_in_at = (
        leaving.checks_in,
        leaving.checked_in_at,
    )
    leaving.checks_in, leaving.checked_in_at = False, None
    plan.split_at = moment
    plan.split_locators.append(child.locator)
    child.split_locators.append(plan.locator)
    return child


def fill_flight(
    seed: int,
    scheduled: ScheduledFlight,
    *,
    pool: PersonPool,
    today: dt.date,
    planted: Sequence[PlannedBooking] = (),
    load_factor: float | None = None,
) -> list[PlannedBooking]:
    """A passenger flight's bookings (planted ones among them), with seats and bag tags."""
    rng = rng_for(seed, "flight", scheduled.key)
    load = load_factor if load_factor is not None else rng.uniform(0.62, 0.95)
    target = max(1, round(scheduled.seats * load))
    bookings: list[PlannedBooking] = list(planted)
    seated = sum(len(plan.travellers) for plan in planted)
    if scheduled.seats >= 150 and rng.random() < 0.1:
        size = rng.randrange(10, 26)
        people = _group(rng, key=scheduled.key, today=today, size=size)
        bookings.append(
            plan_booking(
                rng,
                seed=seed,
                scheduled=scheduled,
                people=people,
                group_name=rng.choice(_GROUP_NAMES),
            )
        )
        seated += size
    flight = scheduled.flight
    at_hub = flight.arrival_utc if flight.direction is Direction.INBOUND else flight.departure_utc
    hub_day = at_hub.date() if at_hub else today
    serial = 0
    while seated < target:
        serial += 1
        people = _party(
            rng, key=scheduled.key, serial=serial, today=today, pool=pool, hub_day=hub_day
        )
        plan = plan_booking(rng, seed=seed, scheduled=scheduled, people=people)
        bookings.append(plan)
        seated += len(people)
        if len(people) > 1 and rng.random() < 0.03:
            child = _split_one(rng, plan, seed=seed)
            if child is not None:
                bookings.append(child)
    allocate_seats(rng, scheduled, bookings)
    tag_bags(scheduled, bookings, first_serial=rng.randrange(10**6))
    return bookings


__all__ = ["fill_flight"]
