"""Put scenario visits on real flights as the schedule streams, and record the ground truth.

Visits are spread over hubs and days up front (cheap: a few hundred records);
a visit is bound to a concrete flight only when its day and hub are generated,
choosing among flights with the wanted direction (and, for a second visit,
departing after the first one lands). The ground truth therefore names real
flights, locators and names exactly as they were sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from paxscreen.demo.airports import NATIONAL_AIRPORTS
from paxscreen.demo.bookings import PlannedBooking, plan_booking
from paxscreen.demo.scenarios import Scenario, Visit
from paxscreen.demo.schedule import ScheduledFlight
from paxscreen.demo.seeding import rng_for
from paxscreen.demo.versions import booking_name, document_of


@dataclass(slots=True)
class Planter:
    seed: int
    scenarios: list[Scenario]
    hubs: tuple[str, ...]
    _by_slot: dict[tuple[int, str], list[tuple[Scenario, int]]] = field(default_factory=dict)
    _flights: dict[tuple[str, int], ScheduledFlight] = field(default_factory=dict)
    truth: dict[str, list[dict[str, Any]]] = field(
        default_factory=dict
    )  # scenario id -> travellers

    def __post_init__(self) -> None:
        for scenario in self.scenarios:
            hub = rng_for(self.seed, "visit-hub", scenario.id).choice(self.hubs)
            for index, visit in enumerate(scenario.visits):
                self._by_slot.setdefault((visit.day, hub), []).append((scenario, index))
            self.truth[scenario.id] = []

    def plant(
        self, day: int, hub: str, flights: list[ScheduledFlight]
    ) -> dict[str, list[PlannedBooking]]:
        """Scenario bookings for this day's flights at `hub`, by flight key."""
        planted: dict[str, list[PlannedBooking]] = {}
        passenger_flights = [flight for flight in flights if flight.pnr_flight]
        if not passenger_flights:
            return planted
        for scenario, index in self._by_slot.get((day, hub), []):
            visit = scenario.visits[index]
            scheduled = self._choose(scenario, index, visit, passenger_flights)
            self._flights[(scenario.id, index)] = scheduled
            plan = self._book(scenario, index, visit, scheduled)
            planted.setdefault(scheduled.key, []).append(plan)
        return planted

    def _choose(
        self, scenario: Scenario, index: int, visit: Visit, flights: list[ScheduledFlight]
    ) -> ScheduledFlight:
        rng = rng_for(self.seed, "visit", scenario.id, index)
        candidates = [
            f for f in flights if visit.direction is None or f.flight.direction is visit.direction
        ]
        if visit.after_visit is not None and (scenario.id, visit.after_visit) in self._flights:
            earlier = self._flights[(scenario.id, visit.after_visit)].flight.arrival_utc
            assert earlier is not None
            later = [
                f
                for f in candidates
                if f.flight.departure_utc
                and f.flight.departure_utc > earlier + dt.timedelta(hours=2)
            ]
            candidates = (
                later or sorted(candidates, key=lambda f: f.flight.departure_utc or earlier)[-1:]
            )
        if visit.wants_full_card_numbers:
            candidates = [f for f in candidates if f.carrier.sends_full_card_numbers] or candidates
        return rng.choice(candidates or flights)

    def _book(
        self, scenario: Scenario, index: int, visit: Visit, scheduled: ScheduledFlight
    ) -> PlannedBooking:
        rng = rng_for(self.seed, "visit-booking", scenario.id, index)
        departure = scheduled.flight.departure_utc
        assert departure is not None
        overrides = dict(visit.booking)
        open_jaw = overrides.pop("open_jaw", False)
        created = departure - dt.timedelta(hours=visit.hours_before) if visit.hours_before else None
        plan = plan_booking(
            rng,
            seed=self.seed,
            scheduled=scheduled,
            people=[p for p in visit.people],
            created=created,
            card=visit.card,
            open_jaw_from=_other_airport(scheduled.hub) if open_jaw else None,
            full_card_numbers=True
            if visit.card and scheduled.carrier.sends_full_card_numbers
            else None,
            **overrides,
        )
        plan.scenario_ids.append(scenario.id)
        plan.cancelled = None
        for traveller in plan.travellers:
            traveller.drop_middle_name = visit.drop_middle_name
            traveller.document_index = min(
                visit.document_index, len(traveller.person.documents) - 1
            )
            traveller.send_docs = True if visit.send_docs is None else visit.send_docs
            traveller.checks_in = True
            traveller.checked_in_at = departure - dt.timedelta(hours=rng.uniform(1.0, 3.0))
            if visit.bags is not None:
                traveller.bags, traveller.bag_weight = visit.bags
        self.truth[scenario.id] += [
            self._record(scheduled, plan, position) for position in range(len(plan.travellers))
        ]
        return plan

    def _record(
        self, scheduled: ScheduledFlight, plan: PlannedBooking, position: int
    ) -> dict[str, Any]:
        traveller = plan.travellers[position]
        person, flight = traveller.person, scheduled.flight
        name = booking_name(traveller)
        document = document_of(traveller)
        return {
            "person_id": person.person_id,
            "flight_key": flight.key,
            "flight": flight.designator,
            "direction": str(flight.direction),
            "departure_local": flight.departure_local.isoformat()
            if flight.departure_local
            else None,
            "record_locator": plan.locator,
            "booked_surname": name.surname,
            "booked_given_names": name.given_names,
            "document_surname": document.surname if traveller.send_docs else None,
            "document_given_names": document.given_names if traveller.send_docs else None,
            "document_number": document.number if traveller.send_docs else None,
            "date_of_birth": person.date_of_birth.isoformat(),
            "nationality": person.nationality,
            "bags": traveller.bags,
            "bag_weight_kg": int(traveller.bag_weight),
        }

    def ground_truth(self) -> list[dict[str, Any]]:
        """Every scenario with where its visits landed; a visit never placed says so."""
        result = []
        for scenario in self.scenarios:
            placed = len({key for key in self._flights if key[0] == scenario.id})
            result.append(
                {
                    "id": scenario.id,
                    "kind": scenario.kind,
                    "description": scenario.description,
                    "innocent": scenario.innocent,
                    "visits_planned": len(scenario.visits),
                    "visits_placed": placed,
                    "travellers": self.truth[scenario.id],
                    "watchlist_entries": [asdict(row) for row in scenario.watchlist],
                    "lost_documents": [number for _, number, _ in scenario.lost_documents],
                    "expected": scenario.expected,
                }
            )
        return result


def _other_airport(hub: str) -> str:
    return next(code for code in NATIONAL_AIRPORTS if code != hub)


__all__ = ["Planter"]
