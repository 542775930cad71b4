"""Bookings planned over their life: created, ticketed, changed, split, cancelled, checked in.

A `PlannedBooking` holds the ground truth of one PNR and the times at which it
changed; `versions.booking_at` turns it into the canonical `Booking` a carrier
would push at a given moment. Keeping the timeline (not finished snapshots) is
what lets full pushes, update pushes and cancellations come out consistent.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass, field
from decimal import Decimal

from paxscreen.demo.agencies import card_payment, choose_agency, choose_payment, currency_of
from paxscreen.demo.airports import distance_km
from paxscreen.demo.itineraries import build_itinerary
from paxscreen.demo.names import to_booking_form
from paxscreen.demo.people import Person, frequent_flyer
from paxscreen.demo.schedule import ScheduledFlight
from paxscreen.model import Agency, ItinerarySegment, Payment, Remark

_LOCATOR_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "01OI")

# IATA three-digit airline prefixes (tickets, bag tags) for the carriers we fly
AIRLINE_PREFIX = {
    "LH": "220",
    "UA": "016",
    "DL": "006",
    "AA": "001",
    "AC": "014",
    "BA": "125",
    "AF": "057",
    "KL": "074",
    "IB": "075",
    "TP": "047",
    "AZ": "055",
    "LO": "080",
    "OS": "257",
    "LX": "724",
    "TK": "235",
    "PC": "624",
    "EK": "176",
    "QR": "157",
    "EY": "607",
    "SV": "065",
    "RJ": "512",
    "MS": "077",
    "AT": "147",
    "TU": "199",
    "ET": "071",
    "KQ": "706",
    "SA": "083",
    "AI": "098",
    "PK": "214",
    "SQ": "618",
    "CA": "999",
    "MU": "781",
    "KE": "180",
    "NH": "205",
    "VN": "738",
    "TG": "217",
    "PR": "079",
    "LA": "045",
    "AV": "134",
    "AM": "139",
    "W6": "702",
    "FR": "224",
    "U2": "888",
    "PS": "566",
    "EW": "104",
    "DE": "881",
}

# SSRs a booking may carry; the first group reveals religion or health (sensitive data)
SENSITIVE_SSRS = ("MOML", "KSML", "HNML", "WCHR", "WCHC", "MEDA", "DEAF", "BLND")
ORDINARY_SSRS = ("VGML", "CHML", "BBML", "LCML", "GFML", "SPML", "PETC", "CKIN")


@dataclass(slots=True, kw_only=True)
class PlannedTraveller:
    person: Person
    passenger_type: str = "A"  # A adult, C child, IN infant
    infant_of: int | None = None
    drop_middle_name: bool = False  # how a returning traveller's name varies
    document_index: int = 0
    send_docs: bool = True
    requested_seat: str | None = None
    seat: str | None = None  # allocated at check-in
    bags: int = 0
    bag_weight: Decimal = Decimal(0)
    bag_tags: list[str] = field(default_factory=list)
    checks_in: bool = True
    checked_in_at: dt.datetime | None = None
    left_at: dt.datetime | None = None  # split off into another PNR at this time
    ticket_number: str = ""


@dataclass(slots=True, kw_only=True)
class PlannedBooking:
    locator: str
    carrier_locator: str
    scheduled: ScheduledFlight
    travellers: list[PlannedTraveller]
    agency: Agency
    payment: Payment
    itinerary: list[ItinerarySegment]
    fare: Decimal
    currency: str
    created: dt.datetime
    ticketed: dt.datetime | None = None
    seat_chosen: dt.datetime | None = None
    contact_added: dt.datetime | None = None  # a second e-mail added: an ordinary change
    cancelled: dt.datetime | None = None
    remarks: list[Remark] = field(default_factory=list)
    group_name: str | None = None
    split_locators: list[str] = field(default_factory=list)
    split_at: dt.datetime | None = None
    scenario_ids: list[str] = field(default_factory=list)

    def event_times(self) -> list[dt.datetime]:
        """Every moment the PNR changed: update pushes carry it when one falls in their window."""
        times = [
            self.created,
            self.ticketed,
            self.seat_chosen,
            self.contact_added,
            self.cancelled,
            self.split_at,
        ]
        times += [traveller.checked_in_at for traveller in self.travellers]
        times += [traveller.left_at for traveller in self.travellers]
        return [moment for moment in times if moment is not None]


def record_locator(rng: random.Random) -> str:
    return "".join(rng.choice(_LOCATOR_ALPHABET) for _ in range(6))


def _lead_time(rng: random.Random) -> dt.timedelta:
    """How long before departure the PNR was created: mostly weeks, 4 % within a day."""
    draw = rng.random()
    if draw < 0.04:
        return dt.timedelta(hours=rng.uniform(2.5, 23.5))
    if draw < 0.15:
        return dt.timedelta(hours=rng.uniform(24, 72))
    return dt.timedelta(days=min(330.0, rng.lognormvariate(3.0, 0.9)) + 3)


def _fare(rng: random.Random, scheduled: ScheduledFlight, booking_class: str) -> Decimal:
    base = distance_km(scheduled.hub, scheduled.foreign) * rng.uniform(0.06, 0.14) + 49
    factor = {"J": 3.5, "C": 3.0, "W": 1.6}.get(booking_class, 1.0)
    return Decimal(round(base * factor, 2)).quantize(Decimal("0.01"))


def plan_booking(
    rng: random.Random,
    *,
    seed: int,
    scheduled: ScheduledFlight,
    people: list[Person],
    created: dt.datetime | None = None,
    round_trip: bool | None = None,
    connection: bool | None = None,
    payment: Payment | None = None,
    agency: Agency | None = None,
    open_jaw_from: str | None = None,
    group_name: str | None = None,
    full_card_numbers: bool | None = None,
    payment_type: str | None = None,
    card: tuple[str, str] | None = None,
) -> PlannedBooking:
    """One PNR on `scheduled` for `people`; keyword overrides let scenarios force a pattern."""
    departure = scheduled.flight.departure_utc
    assert departure is not None
    carrier = scheduled.carrier
    booking_class = rng.choice("YYYYYYMBHKLQVWJC")
    created = created or departure - _lead_time(rng)
    agency = agency or choose_agency(rng, seed, carrier.code)
    fare = _fare(rng, scheduled, booking_class)
    currency = currency_of(agency.country)
    lead = people[0]
    # part by part, so the name-form cache holds names, not every holder's combination
    holder = " ".join(
        to_booking_form(part, keep_apostrophe=False) for part in (lead.given_names[0], lead.surname)
    )
    full = carrier.sends_full_card_numbers if full_card_numbers is None else full_card_numbers
    amount = fare * len(people)
    if card is not None:
        payment = card_payment(
            rng, holder=holder, amount=amount, currency=currency, number=card, full_number=full
        )
    elif payment_type is not None:
        payment = Payment(type=payment_type, amount=amount, currency=currency)
    payment = payment or choose_payment(
        rng, holder=holder, amount=amount, currency=currency, agency=agency, full_number=full
    )
    round_trip = rng.random() < 0.65 if round_trip is None else round_trip
    connection = rng.random() < 0.15 if connection is None else connection
    itinerary = build_itinerary(
        rng,
        scheduled,
        booking_class=booking_class,
        round_trip=round_trip,
        connection=connection,
        open_jaw_from=open_jaw_from,
    )
    plan = PlannedBooking(
        locator=record_locator(rng),
        carrier_locator=record_locator(rng),
        scheduled=scheduled,
        travellers=_travellers(rng, people, carrier.code, departure),
        agency=agency,
        payment=payment,
        itinerary=itinerary,
        fare=fare,
        currency=currency,
        created=created,
        group_name=group_name,
    )
    _plan_events(rng, plan, departure)
    return plan


def _travellers(
    rng: random.Random, people: list[Person], carrier: str, departure: dt.datetime
) -> list[PlannedTraveller]:
    travellers: list[PlannedTraveller] = []
    adults = [index for index, person in enumerate(people) if person.age_on(departure.date()) >= 12]
    prefix = AIRLINE_PREFIX.get(carrier, "999")
    for person in people:
        age = person.age_on(departure.date())
        traveller = PlannedTraveller(
            person=person, ticket_number=f"{prefix}{rng.randrange(10**9, 10**10)}"
        )
        if age < 2 and adults:
            traveller.passenger_type, traveller.infant_of = "IN", adults[0]
        elif age < 12:
            traveller.passenger_type = "C"
        traveller.drop_middle_name = len(person.given_names) > 1 and rng.random() < 0.3
        traveller.document_index = rng.randrange(len(person.documents))
        traveller.send_docs = rng.random() < 0.85
        if person.frequent_flyer is None and rng.random() < 0.2:
            person.frequent_flyer = frequent_flyer(rng, carrier)
        travellers.append(traveller)
    return travellers


def _plan_events(rng: random.Random, plan: PlannedBooking, departure: dt.datetime) -> None:
    lead = departure - plan.created
    plan.ticketed = plan.created + lead * rng.uniform(0.0, 0.3) if rng.random() < 0.97 else None
    if rng.random() < 0.45:
        plan.seat_chosen = plan.created + lead * rng.uniform(0.0, 0.95)
    if rng.random() < 0.08:
        plan.contact_added = plan.created + lead * rng.uniform(0.5, 0.99)
    if rng.random() < 0.03 and lead > dt.timedelta(hours=30):
        plan.cancelled = departure - lead * rng.uniform(0.01, 0.5)
    for traveller in plan.travellers:
        traveller.checks_in = plan.cancelled is None and rng.random() < 0.96
        if traveller.checks_in:
            hours_before = rng.uniform(0.8, 23.5) if rng.random() < 0.5 else rng.uniform(0.8, 3.0)
            traveller.checked_in_at = departure - dt.timedelta(
                hours=min(hours_before, lead.total_seconds() / 3600 - 0.1)
            )
            if traveller.passenger_type != "IN":
                traveller.bags = rng.choices([0, 1, 2, 3], weights=[35, 50, 13, 2])[0]
                weight = sum(rng.uniform(7.0, 23.0) for _ in range(traveller.bags))
                traveller.bag_weight = Decimal(round(weight))
    _plan_remarks(rng, plan)


def _plan_remarks(rng: random.Random, plan: PlannedBooking) -> None:
    for index, _traveller in enumerate(plan.travellers):
        draw = rng.random()
        if draw < 0.04:
            code = rng.choice(SENSITIVE_SSRS)
            plan.remarks.append(
                Remark(kind="SSR", code=code, text="", traveller_index=index, segment_sequence=1)
            )
        elif draw < 0.12:
            code = rng.choice(ORDINARY_SSRS)
            text = "10KG EXBG WAIVER AUTH BY SUPERVISOR" if code == "CKIN" else ""
            plan.remarks.append(
                Remark(kind="SSR", code=code, text=text, traveller_index=index, segment_sequence=1)
            )
    if rng.random() < 0.02:  # free text that reveals health: the sensitive-data filter's job
        plan.remarks.append(Remark(kind="RMK", text="PAX NEEDS OXYGEN ON BOARD PER DOCTOR"))
    if rng.random() < 0.1:
        plan.remarks.append(
            Remark(kind="OSI", code="CTCT", text=f"CTCT {plan.agency.city or 'HOME'} AGENT CALLED")
        )


def allocate_seats(
    rng: random.Random, scheduled: ScheduledFlight, bookings: list[PlannedBooking]
) -> None:
    """Give each traveller who checks in a distinct seat, families side by side."""
    letters = "ABCDEF" if scheduled.seats <= 220 else "ABCDEFGHJK"
    rows = max(1, scheduled.seats // len(letters))
    free = [f"{row}{letter}" for row in range(1, rows + 1) for letter in letters]
    cursor = rng.randrange(len(free)) if free else 0
    assigned = 0
    for plan in bookings:
        for traveller in plan.travellers:
            if traveller.passenger_type == "IN" or not free:
                continue
            seat = free[cursor % len(free)]
            cursor += 1
            assigned += 1
            if plan.seat_chosen is not None:
                traveller.requested_seat = seat
            if traveller.checks_in and assigned <= len(free):  # overbooked: no seat
                traveller.seat = seat


def tag_bags(scheduled: ScheduledFlight, bookings: list[PlannedBooking], first_serial: int) -> None:
    """Bag tags: 10-digit licence plates, 0 + airline prefix + serial, consecutive per traveller."""
    prefix = AIRLINE_PREFIX.get(scheduled.carrier.code, "999")
    serial = first_serial
    for plan in bookings:
        for traveller in plan.travellers:
            traveller.bag_tags = [
                f"0{prefix}{(serial + n) % 10**6:06d}" for n in range(traveller.bags)
            ]
            serial += traveller.bags


__all__ = [
    "AIRLINE_PREFIX",
    "ORDINARY_SSRS",
    "SENSITIVE_SSRS",
    "PlannedBooking",
    "PlannedTraveller",
    "allocate_seats",
    "plan_booking",
    "record_locator",
    "tag_bags",
]
