"""Helpers for rule tests: a factory of flights and bookings, the oracle's view of a
traveller, and the hand-checked hub flight. Flights and bookings are built from the
canonical model and saved with the store's repositories, so the rules run on rows
exactly as ingestion writes them. (A uniquely named module: `conftest` is ambiguous.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select, update

from paxscreen.model import (
    Agency,
    Bag,
    Booking,
    Flight,
    ItinerarySegment,
    PartialDate,
    Payment,
    PersonName,
    Phone,
    RecordLocator,
    Seat,
    TravelDocument,
    Traveller,
)
from paxscreen.screening.rules.compiler import table
from paxscreen.screening.rules.lifecycle import Actor
from paxscreen.store.bookings_repo import save_bookings
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.travellers_repo import save_travellers

AUTHOR = Actor("alice", "analyst")
APPROVER = Actor("rui", "rule_manager")
NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


@dataclass
class TravelFactory:
    connection: Connection

    def flight(
        self,
        *,
        carrier: str = "XQ",
        number: str = "100",
        origin: str = "IST",
        destination: str = "LHR",
        departure_local: dt.datetime = dt.datetime(2026, 6, 1, 12, 0),
        hours: float = 4.0,
    ) -> int:
        arrival = departure_local + dt.timedelta(hours=hours)
        flight = Flight(
            carrier=carrier,
            number=number,
            origin=origin,
            destination=destination,
            departure_local=departure_local,
            arrival_local=arrival,
            departure_utc=departure_local.replace(tzinfo=dt.UTC),
            arrival_utc=arrival.replace(tzinfo=dt.UTC),
        )
        return save_flight(self.connection, flight)

    def booking(self, flight_id: int | None, booking: Booking) -> list[int]:
        """Save a booking; its travellers are put on `flight_id`. Returns traveller ids."""
        (booking_id,) = save_bookings(self.connection, [booking])
        travellers = table("travellers")
        if flight_id is not None:
            self.connection.execute(
                update(travellers)
                .where(travellers.c.booking_id == booking_id)
                .values(flight_id=flight_id)
            )
        return list(
            self.connection.execute(
                select(travellers.c.id)
                .where(travellers.c.booking_id == booking_id)
                .order_by(travellers.c.booking_position)
            ).scalars()
        )

    def api_travellers(self, flight_id: int, people: Sequence[Traveller]) -> list[int]:
        return save_travellers(self.connection, list(people), flight_id=flight_id)


def _link_filter(entity_table: Any, link: Any, traveller: Any) -> Any:
    from paxscreen.screening.rules.catalogue import Link

    columns = entity_table.c
    if link is Link.FLIGHT:
        return columns.id == traveller["flight_id"]
    if link is Link.BOOKING:
        return columns.id == traveller["booking_id"]
    if link in (Link.ONE_BY_BOOKING, Link.MANY_BY_BOOKING):
        return columns.booking_id == traveller["booking_id"]
    if link in (Link.ONE_BY_TRAVELLER, Link.MANY_BY_TRAVELLER):
        return columns.traveller_id == traveller["id"]
    # contacts: the traveller's own and the booking's
    return (columns.traveller_id == traveller["id"]) | (
        columns.booking_id == traveller["booking_id"]
    )


def read_view(connection: Connection, traveller_id: int) -> dict[str, Any]:
    """The oracle's traveller view, read straight from the tables (no compiler involved)."""
    from paxscreen.screening.rules.catalogue import ENTITIES, Link

    traveller = (
        connection.execute(
            select(table("travellers")).where(table("travellers").c.id == traveller_id)
        )
        .one()
        ._mapping
    )
    view: dict[str, Any] = {}
    for spec in ENTITIES.values():
        entity_table = table(spec.table)
        if spec.link is Link.SELF:
            view[spec.name] = dict(traveller)
            continue
        where = _link_filter(entity_table, spec.link, traveller)
        rows = [dict(row._mapping) for row in connection.execute(select(entity_table).where(where))]
        view[spec.name] = rows if spec.link.is_many else (rows[0] if rows else None)
    return view


def read_named_lists(connection: Connection) -> Mapping[str, frozenset[str]]:
    items, lists = table("named_list_items"), table("named_lists")
    found: dict[str, set[str]] = {}
    for name, value in connection.execute(
        select(lists.c.name, items.c.value).join(items, items.c.list_id == lists.c.id)
    ):
        found.setdefault(name, set()).add(value)
    return {name: frozenset(values) for name, values in found.items()}


DEPARTURE = dt.datetime(2026, 6, 1, 12, 0)  # XQ100 IST -> LHR, local and UTC alike here


def _person(
    surname: str,
    given: str,
    *,
    born: str = "1980-01-01",
    nationality: str = "TUR",
    seat: str | None = None,
    document: TravelDocument | None = None,
    bags: Sequence[Bag] = (),
) -> Traveller:
    return Traveller(
        name=PersonName(surname=surname, given_names=given, raw=f"{surname}/{given}"),
        date_of_birth=PartialDate.parse(born),
        nationality=nationality,
        seats=[Seat(flight="XQ100", seat=seat)] if seat else [],
        documents=[document] if document else [],
        bags=list(bags),
    )


def _segment(
    sequence: int,
    origin: str,
    destination: str,
    departs: dt.datetime,
    hours: float = 4.0,
    carrier: str = "XQ",
    number: str = "100",
) -> ItinerarySegment:
    return ItinerarySegment(
        sequence=sequence,
        carrier=carrier,
        number=number,
        origin=origin,
        destination=destination,
        departure_local=departs,
        arrival_local=departs + dt.timedelta(hours=hours),
    )


def _booking(
    locator: str,
    created: dt.datetime,
    people: Sequence[Traveller],
    itinerary: Sequence[ItinerarySegment],
    payments: Sequence[Payment] = (),
    **extra: Any,
) -> Booking:
    return Booking(
        record_locators=[RecordLocator(locator=locator)],
        created=created.replace(tzinfo=dt.UTC),
        travellers=list(people),
        itinerary=list(itinerary),
        payments=list(payments),
        **extra,
    )


def build_hub_flight(travel: TravelFactory) -> dict[str, Any]:
    """Flight XQ100 IST->LHR on 2026-06-01 12:00 with hand-checked travellers.

    - `broken`: one-way IST-LHR in booking BRK001; a separate booking BRK002 of the same
      person (same name and date of birth) flies BGW->IST arriving 08:00 the same day.
    - `cash`: booked 06:00 the same day (6 h before departure), paid cash, one-way.
    - `third_party`: paid by card, payer ACME TRADING LTD (not a traveller).
    - `neighbour_a` in 12A (booking NBA001), `neighbour_b` in 12B and `neighbour_c` in
      12C (both booking NBB001).
    - `returning`: return trip IST-LHR-IST over 10 days, booked 60 days ahead, card
      in his own name, passport issued 20 days before departure by GBR (nationality TUR),
      two bags of 23.5 kg.
    """
    flight_id = travel.flight(departure_local=DEPARTURE)
    leg = _segment(1, "IST", "LHR", DEPARTURE)
    ids: dict[str, Any] = {"flight": flight_id}
    (ids["broken"],) = travel.booking(
        flight_id,
        _booking(
            "BRK001",
            DEPARTURE - dt.timedelta(days=3),
            [_person("KARIM", "OMAR")],
            [leg],
            [Payment(type="CC", card_holder="OMAR KARIM")],
        ),
    )
    travel.booking(
        None,
        _booking(
            "BRK002",
            DEPARTURE - dt.timedelta(days=5),
            [_person("KARIM", "OMAR")],
            [
                _segment(
                    1,
                    "BGW",
                    "IST",
                    DEPARTURE - dt.timedelta(hours=7),
                    hours=3,
                    carrier="YY",
                    number="77",
                )
            ],
        ),
    )
    (ids["cash"],) = travel.booking(
        flight_id,
        _booking(
            "CSH001",
            DEPARTURE - dt.timedelta(hours=6),
            [_person("DOE", "JANE", nationality="GBR")],
            [leg],
            [Payment(type="CA")],
            agency=Agency(iata_number="12345675", country="TR"),
        ),
    )
    (ids["third_party"],) = travel.booking(
        flight_id,
        _booking(
            "TPP001",
            DEPARTURE - dt.timedelta(days=10),
            [_person("SMITH", "JOHN")],
            [leg],
            [Payment(type="CC", payer="ACME TRADING LTD", card_brand="VI")],
            phones=[Phone(raw="+90 555 000 1111", e164="+905550001111")],
        ),
    )
    (ids["neighbour_a"],) = travel.booking(
        flight_id,
        _booking(
            "NBA001",
            DEPARTURE - dt.timedelta(days=20),
            [_person("LEE", "ANN", seat="12A")],
            [leg],
            [Payment(type="CC", card_holder="ANN LEE")],
        ),
    )
    ids["neighbour_b"], ids["neighbour_c"] = travel.booking(
        flight_id,
        _booking(
            "NBB001",
            DEPARTURE - dt.timedelta(days=20),
            [_person("NG", "BEN", seat="12B"), _person("NG", "CARA", seat="12C")],
            [leg],
            [Payment(type="CC", card_holder="BEN NG")],
        ),
    )
    passport = TravelDocument(type="P", number="GB1234567", issuing_state="GBR",
                              nationality="TUR", issue_date=dt.date(2026, 5, 12),
                              expiry=dt.date(2026, 6, 20))  # fmt: skip
    (ids["returning"],) = travel.booking(
        flight_id,
        _booking(
            "RTN001",
            DEPARTURE - dt.timedelta(days=60),
            [
                _person(
                    "AYDIN",
                    "MEHMET",
                    document=passport,
                    bags=[Bag(count=2, weight=Decimal("47"), weight_unit="KG")],
                )
            ],
            [leg, _segment(2, "LHR", "IST", DEPARTURE + dt.timedelta(days=10))],
            [Payment(type="CC", card_holder="MEHMET AYDIN")],
            ticketing_date=dt.date(2026, 4, 5),
        ),
    )
    return ids
