"""People: who travels, with names, dates of birth, nationalities and documents.

A `Person` is the ground truth about one human being. The same person may
travel several times (the returning-traveller pool) and appear in messages
under slightly different forms each time (see `bookings.render_traveller`):
that difference between the person and what carriers send about them is what
screening and identity resolution must overcome.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from functools import lru_cache

from paxscreen.demo.contacts import Contact, make_contact
from paxscreen.demo.documents import ID_CARD_STATES, issue_document
from paxscreen.demo.names import name_tables, to_booking_form
from paxscreen.demo.regions import region_table, regions
from paxscreen.demo.seeding import rng_for
from paxscreen.model import TravelDocument


@dataclass(slots=True, kw_only=True)
class Person:
    person_id: str
    region: str
    surname: str  # native Latin spelling, diacritics kept
    given_names: list[str]  # first name, then middle names
    sex: str  # M / F
    date_of_birth: dt.date
    nationality: str  # ISO alpha-3
    residence: str
    documents: list[TravelDocument]
    contact: Contact
    title: str = ""  # MR, MRS, MS, MSTR, MISS: as agents glue it to the given name
    frequent_flyer: tuple[str, str] | None = None  # (airline, number)
    tags: list[str] = field(default_factory=list)  # scenario labels, for the ground truth

    def age_on(self, day: dt.date) -> int:
        return (day - self.date_of_birth).days // 365

    @property
    def passport(self) -> TravelDocument:
        return self.documents[0]


def _title(sex: str, age: int) -> str:
    if age < 12:
        return "MSTR" if sex == "M" else "MISS"
    return "MR" if sex == "M" else "MRS" if age > 30 else "MS"


def _date_of_birth(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    return today - dt.timedelta(days=rng.randrange(low * 365 + 1, high * 365 + 300))


def make_person(
    rng: random.Random,
    *,
    person_id: str,
    today: dt.date,
    region: str | None = None,
    sex: str | None = None,
    age: tuple[int, int] = (18, 75),
    surname: str | None = None,
    nationality: str | None = None,
    contact: Contact | None = None,
) -> Person:
    """A person drawn from a region's tables; any attribute may be imposed (families, scenarios)."""
    region = region or region_table().pick(rng)
    names = name_tables()[region]
    sex = sex or rng.choice("MF")
    given = [names.given(rng, sex)]
    if rng.random() < 0.25:
        middle = names.given(rng, sex)
        if middle != given[0]:
            given.append(middle)
    surname = surname or names.surname(rng)
    nationality = nationality or regions()[region].nationality(rng)
    date_of_birth = _date_of_birth(rng, today, *age)
    documents = [issue_document(rng, state=nationality, date_of_birth=date_of_birth, today=today)]
    if nationality in ID_CARD_STATES and rng.random() < 0.3:
        card = issue_document(
            rng, state=nationality, date_of_birth=date_of_birth, today=today, kind="I"
        )
        documents.insert(0, card)  # EU citizens often fly on the identity card
    contact = contact or make_contact(
        rng,
        region=region,
        country3=nationality,
        given=to_booking_form(given[0], keep_apostrophe=False),
        surname=to_booking_form(surname, keep_apostrophe=False),
        domains=regions()[region].email_domains,
    )
    return Person(
        person_id=person_id,
        region=region,
        surname=surname,
        given_names=given,
        sex=sex,
        date_of_birth=date_of_birth,
        nationality=nationality,
        residence=nationality if rng.random() < 0.9 else "DEU",
        documents=documents,
        contact=contact,
        title=_title(sex, (today - date_of_birth).days // 365),
    )


def make_family(rng: random.Random, *, family_id: str, today: dt.date, size: int) -> list[Person]:
    """Two adults (usually sharing a surname) and children, one household contact."""
    head = make_person(rng, person_id=f"{family_id}-1", today=today, age=(28, 55))
    members = [head]
    partner_sex = "F" if head.sex == "M" else "M"
    surname = head.surname if rng.random() < 0.8 else None
    partner = make_person(
        rng,
        person_id=f"{family_id}-2",
        today=today,
        region=head.region,
        sex=partner_sex,
        age=(26, 55),
        surname=surname,
        nationality=head.nationality,
        contact=head.contact,
    )
    members.append(partner)
    for index in range(3, size + 1):
        low = 0 if index == size and rng.random() < 0.3 else 2  # sometimes an infant
        child = make_person(
            rng,
            person_id=f"{family_id}-{index}",
            today=today,
            region=head.region,
            age=(low, 16 if low else 1),
            surname=head.surname,
            nationality=head.nationality,
            contact=head.contact,
        )
        members.append(child)
    return members


def frequent_flyer(rng: random.Random, carrier: str) -> tuple[str, str]:
    return carrier, f"{rng.randrange(10**8, 10**10)}"


class PersonPool:
    """Returning travellers: a fixed-size, seed-derived population drawn from across days.

    Pool members are rebuilt from `rng_for(seed, "pool", index)` on demand (with a
    small cache), so a pool of any size costs no memory beyond the cache. A member
    flies at most once per day at the hubs: two unrelated bookings of one person a
    few hours apart would look like broken travel, which is a scenario, not noise.
    """

    def __init__(self, seed: int, *, size: int, today: dt.date) -> None:
        self.seed, self.size, self.today = seed, size, today
        self._get = lru_cache(maxsize=4096)(self._build)
        self._flown: dict[dt.date, set[int]] = {}

    def _build(self, index: int) -> Person:
        rng = rng_for(self.seed, "pool", index)
        person = make_person(rng, person_id=f"P{index:06d}", today=self.today)
        if rng.random() < 0.15:  # a second passport (dual national or a renewal)
            second = issue_document(
                rng, state=person.nationality, date_of_birth=person.date_of_birth, today=self.today
            )
            person.documents.append(second)
        if rng.random() < 0.5:
            person.frequent_flyer = frequent_flyer(
                rng, rng.choice(["LH", "UA", "TK", "EK", "AF", "BA"])
            )
        return person

    def person(self, index: int) -> Person:
        return replace(self._get(index % self.size))

    def draw(self, rng: random.Random, day: dt.date) -> Person | None:
        """A member who has not flown on `day` yet (None when a few tries all have)."""
        for old in [known for known in self._flown if known < day - dt.timedelta(days=1)]:
            del self._flown[old]
        flown = self._flown.setdefault(day, set())
        for _ in range(4):
            index = rng.randrange(self.size)
            if index not in flown:
                flown.add(index)
                return self.person(index)
        return None


__all__ = ["Person", "PersonPool", "frequent_flyer", "make_family", "make_person"]
