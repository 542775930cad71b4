"""Planted scenarios: the threats (and innocent look-alikes) a demo must let analysts find.

A scenario is people, the watch-list rows that concern them, and one or more
`Visit`s: trips on flights with given properties (inbound, on day 1, departing
after an earlier visit...). The generator assigns each visit to a real flight
of the schedule as it streams (see `planting.py`) and records what was planted
in `ground_truth.json`, never in the messages.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from paxscreen.demo.agencies import card_number
from paxscreen.demo.contacts import Contact
from paxscreen.demo.names import to_mrz_form
from paxscreen.demo.people import Person, make_person
from paxscreen.demo.seeding import rng_for
from paxscreen.demo.variants import TRANSLITERATIONS, swap_day_month, with_typo
from paxscreen.demo.watchlist_rows import WatchlistRow
from paxscreen.model import Direction

SCENARIO_KINDS = (
    "watchlist-exact",
    "watchlist-transliteration",
    "watchlist-order-swap",
    "watchlist-missing-name",
    "watchlist-typo",
    "watchlist-dob-day-month-swap",
    "lost-stolen-document",
    "network",
    "one-way-cash-late-booking",
    "broken-travel",
    "heavy-bags-in-none-out",
    "returning-watchlisted",
    "innocent-look-alike",
)


@dataclass(slots=True, kw_only=True)
class Visit:
    """One booking by scenario people on a flight with the required properties."""

    day: int
    direction: Direction | None = None
    after_visit: int | None = None  # departs after this earlier visit's flight arrives
    wants_full_card_numbers: bool = False
    people: list[Person] = field(default_factory=list)
    booking: dict[str, Any] = field(default_factory=dict)  # plan_booking overrides
    bags: tuple[int, Decimal] | None = None  # forced (count, total kg) at check-in
    send_docs: bool | None = None
    drop_middle_name: bool = False
    document_index: int = 0
    card: tuple[str, str] | None = None  # (brand, number) shared card
    hours_before: float | None = None  # created this many hours before departure


@dataclass(slots=True, kw_only=True)
class Scenario:
    id: str
    kind: str
    description: str
    visits: list[Visit]
    watchlist: list[WatchlistRow] = field(default_factory=list)
    lost_documents: list[tuple[str, str, str]] = field(default_factory=list)  # type, number, state
    expected: list[dict[str, Any]] = field(default_factory=list)
    innocent: bool = False


def _row(
    scenario_id: str,
    person: Person,
    *,
    given: str | None = None,
    surname: str | None = None,
    date_of_birth: dt.date | None = None,
    category: str = "terrorism",
) -> WatchlistRow:
    return WatchlistRow(  # lists carry transliterated names, as the passport prints them
        id=f"DW-{scenario_id}",
        given_names=given if given is not None else to_mrz_form(" ".join(person.given_names)),
        surname=surname if surname is not None else to_mrz_form(person.surname),
        date_of_birth=(date_of_birth or person.date_of_birth).isoformat(),
        sex=person.sex,
        nationality=person.nationality,
        category=category,
        remarks=f"demo entry planted by scenario {scenario_id}",
    )


def _listed_person(rng: random.Random, sid: str, today: dt.date, **kwargs: Any) -> Person:
    kwargs.setdefault(
        "region",
        rng.choice(["arabic", "persian", "southasian", "russian", "westafrican", "turkish"]),
    )
    return make_person(rng, person_id=f"S-{sid}", today=today, age=(22, 60), **kwargs)


# How the listed name differs from the travelling one: each returns (list row, description).
Variant = Callable[[random.Random, str, Person, Visit], tuple[WatchlistRow, str]]


def _exact(rng: random.Random, sid: str, person: Person, visit: Visit) -> tuple[WatchlistRow, str]:
    return _row(sid, person), "traveller on the demo watchlist under the same name and birth date"


def _transliterated(
    rng: random.Random, sid: str, person: Person, visit: Visit
) -> tuple[WatchlistRow, str]:
    (list_given, list_surname), (given, surname) = rng.choice(TRANSLITERATIONS)
    person.given_names, person.surname = given.split(), surname
    row = _row(sid, person, given=list_given, surname=list_surname)
    return row, f"listed as {list_given} {list_surname}, travels as {given} {surname}"


def _order_swapped(
    rng: random.Random, sid: str, person: Person, visit: Visit
) -> tuple[WatchlistRow, str]:
    given, surname = to_mrz_form(" ".join(person.given_names)), to_mrz_form(person.surname)
    row = _row(sid, person, given=surname, surname=given)
    return row, "list has given name and surname the other way round"


def _missing_name(
    rng: random.Random, sid: str, person: Person, visit: Visit
) -> tuple[WatchlistRow, str]:
    names = person.given_names
    extra = names[1] if len(names) > 1 else rng.choice(["ABDUL", "ALI", "JOHN", "MARIA"])
    row = _row(sid, person, given=to_mrz_form(f"{names[0]} {extra}"))
    person.given_names = names[:1]
    return row, "list has a second given name the booking leaves out"


def _typo(rng: random.Random, sid: str, person: Person, visit: Visit) -> tuple[WatchlistRow, str]:
    row = _row(sid, person)
    typo = with_typo(rng, person.surname)
    visit.send_docs, person.surname = False, typo
    return row, f"booked as {typo}, listed as {row.surname} (agent typo, no DOCS)"


def _day_month_swapped(
    rng: random.Random, sid: str, person: Person, visit: Visit
) -> tuple[WatchlistRow, str]:
    birth = person.date_of_birth
    if birth.day > 12 or birth.day == birth.month:  # make the swap possible and visible
        day = rng.randrange(1, 13)
        birth = person.date_of_birth = birth.replace(
            day=day if day != birth.month else day % 12 + 1
        )
    row = _row(sid, person, date_of_birth=swap_day_month(birth))
    return row, "list has the date of birth with day and month swapped"


VARIANTS: dict[str, Variant] = {
    "watchlist-exact": _exact,
    "watchlist-transliteration": _transliterated,
    "watchlist-order-swap": _order_swapped,
    "watchlist-missing-name": _missing_name,
    "watchlist-typo": _typo,
    "watchlist-dob-day-month-swap": _day_month_swapped,
}


def _watchlist_scenario(
    rng: random.Random, sid: str, kind: str, today: dt.date, days: int
) -> Scenario:
    person = _listed_person(rng, sid, today)
    visit = Visit(day=rng.randrange(days), people=[person])
    row, description = VARIANTS[kind](rng, sid, person, visit)
    scenario = Scenario(id=sid, kind=kind, description=description, visits=[visit], watchlist=[row])
    scenario.expected.append({"by": "watchlist", "entry_id": row.id, "outcome": "hit"})
    return scenario


def _network(rng: random.Random, sid: str, today: dt.date, days: int) -> Scenario:
    """A listed person and three unrelated bookings sharing a phone, a card and an address."""
    hub = _listed_person(rng, sid, today)
    card = card_number(rng)
    phone_mate = make_person(rng, person_id=f"S-{sid}-phone", today=today)
    # the same number, written another way: linking must compare normalised numbers
    e164 = hub.contact.phone_e164
    other_raw = f"00{e164[1:]}" if hub.contact.phone_raw.startswith("+") else e164
    phone_mate.contact = _with(phone_mate.contact, phone_e164=e164, phone_raw=other_raw)
    card_mate = make_person(rng, person_id=f"S-{sid}-card", today=today)
    address_mate = make_person(rng, person_id=f"S-{sid}-address", today=today)
    address_mate.contact = _with(
        address_mate.contact,
        street=hub.contact.street,
        city=hub.contact.city,
        postcode=hub.contact.postcode,
        country=hub.contact.country,
    )
    visits = [
        Visit(day=rng.randrange(days), people=[hub], card=card, wants_full_card_numbers=True),
        Visit(day=rng.randrange(days), people=[phone_mate]),
        Visit(day=rng.randrange(days), people=[card_mate], card=card, wants_full_card_numbers=True),
        Visit(day=rng.randrange(days), people=[address_mate]),
    ]
    scenario = Scenario(
        id=sid,
        kind="network",
        visits=visits,
        watchlist=[_row(sid, hub)],
        description="listed person; three other bookings share the phone, the card, the address",
    )
    scenario.expected += [
        {"by": "watchlist", "entry_id": f"DW-{sid}", "person_id": hub.person_id, "outcome": "hit"},
        {
            "by": "link",
            "pivot": "phone",
            "value": hub.contact.phone_e164,
            "persons": [hub.person_id, phone_mate.person_id],
        },
        {
            "by": "link",
            "pivot": "card",
            "value": f"{card[0]} ending {card[1][-4:]}",
            "persons": [hub.person_id, card_mate.person_id],
        },
        {
            "by": "link",
            "pivot": "address",
            "value": f"{hub.contact.street}, {hub.contact.city}",
            "persons": [hub.person_id, address_mate.person_id],
        },
    ]
    return scenario


def _with(contact: Contact, **changes: str) -> Contact:
    values = {name: getattr(contact, name) for name in Contact.__slots__}
    values.update(changes)
    return Contact(**values)


def _targeting(rng: random.Random, sid: str, kind: str, today: dt.date, days: int) -> Scenario:
    person = make_person(rng, person_id=f"S-{sid}", today=today, age=(20, 45), sex="M")
    day = rng.randrange(days)
    if kind == "one-way-cash-late-booking":
        visits = [
            Visit(
                day=day,
                people=[person],
                hours_before=rng.uniform(5, 20),
                booking={"round_trip": False, "connection": False, "payment_type": "CA"},
            )
        ]
        description, rule = (
            "one-way ticket paid cash, booked less than 24 hours before departure",
            "one-way-cash-late",
        )
    elif kind == "broken-travel":
        visits = [
            Visit(
                day=day,
                direction=Direction.INBOUND,
                people=[person],
                booking={"round_trip": False, "connection": False, "open_jaw": True},
            )
        ]
        description, rule = (
            "arrives at the hub but the return leaves from another airport (broken travel)",
            "broken-travel",
        )
    else:
        visits = [
            Visit(
                day=day,
                direction=Direction.INBOUND,
                people=[person],
                bags=(3, Decimal(71)),
                booking={"round_trip": False, "connection": False},
            ),
            Visit(
                day=day,
                direction=Direction.OUTBOUND,
                after_visit=0,
                people=[person],
                bags=(0, Decimal(0)),
                booking={"round_trip": False, "connection": False},
            ),
        ]
        description, rule = (
            "arrives one-way with three heavy bags (71 kg), leaves the same day with none",
            "heavy-bags-inbound-one-way",
        )
    scenario = Scenario(id=sid, kind=kind, description=description, visits=visits)
    scenario.expected.append({"by": "rule", "rule": rule, "outcome": "hit"})
    return scenario


def _returning(rng: random.Random, sid: str, today: dt.date, days: int) -> Scenario:
    person = _listed_person(rng, sid, today)
    if len(person.given_names) < 2:
        person.given_names.append(rng.choice(["ALI", "HASSAN", "IVAN", "JOHN"]))
    second = make_person(
        rng, person_id="tmp", today=today, nationality=person.nationality, region=person.region
    )
    person.documents.append(second.documents[-1])
    visits = [
        Visit(day=0, people=[person]),
        Visit(
            day=min(1, days - 1),
            people=[person],
            drop_middle_name=True,
            document_index=len(person.documents) - 1,
            after_visit=0,
        ),
    ]
    scenario = Scenario(
        id=sid,
        kind="returning-watchlisted",
        visits=visits,
        watchlist=[_row(sid, person)],
        description="listed person flies twice; second time no middle name, second passport",
    )
    scenario.expected.append(
        {"by": "watchlist", "entry_id": f"DW-{sid}", "outcome": "hit", "visits": 2}
    )
    return scenario


def _lost_document(rng: random.Random, sid: str, today: dt.date, days: int) -> Scenario:
    person = make_person(rng, person_id=f"S-{sid}", today=today, age=(20, 60))
    document = person.documents[0]
    scenario = Scenario(
        id=sid,
        kind="lost-stolen-document",
        visits=[Visit(day=rng.randrange(days), people=[person], send_docs=True)],
        description="travels on a document reported lost or stolen",
        lost_documents=[(document.type or "P", document.number, document.issuing_state or "")],
    )
    scenario.expected.append({"by": "document-list", "number": document.number, "outcome": "hit"})
    return scenario


def _look_alike(rng: random.Random, sid: str, today: dt.date, days: int) -> Scenario:
    """A listed person who does not travel, and an innocent traveller with the same common name."""
    region = rng.choice(["arabic", "southasian", "chinese", "english", "german"])
    listed = _listed_person(rng, sid, today, region=region)
    traveller = make_person(
        rng,
        person_id=f"S-{sid}-innocent",
        today=today,
        region=region,
        sex=listed.sex,
        surname=listed.surname,
    )
    traveller.given_names = list(listed.given_names)
    while abs((traveller.date_of_birth - listed.date_of_birth).days) < 3 * 365:
        traveller.date_of_birth -= dt.timedelta(days=4 * 365)
    scenario = Scenario(
        id=sid,
        kind="innocent-look-alike",
        innocent=True,
        visits=[Visit(day=rng.randrange(days), people=[traveller])],
        watchlist=[_row(sid, listed)],
        description="same common name as a listed person, other date of birth: not the person",
    )
    scenario.expected.append(
        {
            "by": "watchlist",
            "entry_id": f"DW-{sid}",
            "outcome": "no-alert",
            "note": "a review-level name hit is acceptable; an alert is a false positive",
        }
    )
    return scenario


def plan_scenarios(seed: int, *, today: dt.date, days: int, copies: int) -> list[Scenario]:
    """`copies` scenarios of each kind, numbered S001..., deterministic for the seed."""
    scenarios: list[Scenario] = []
    for copy in range(copies):
        for kind in SCENARIO_KINDS:
            sid = f"S{len(scenarios) + 1:03d}"
            rng = rng_for(seed, "scenario", sid, kind, copy)
            if kind in VARIANTS:
                scenarios.append(_watchlist_scenario(rng, sid, kind, today, days))
            elif kind == "network":
                scenarios.append(_network(rng, sid, today, days))
            elif kind == "lost-stolen-document":
                scenarios.append(_lost_document(rng, sid, today, days))
            elif kind == "returning-watchlisted":
                scenarios.append(_returning(rng, sid, today, days))
            elif kind == "innocent-look-alike":
                scenarios.append(_look_alike(rng, sid, today, days))
            else:
                scenarios.append(_targeting(rng, sid, kind, today, days))
    return scenarios


__all__ = ["SCENARIO_KINDS", "Scenario", "Visit", "plan_scenarios"]
