"""PAXLST (API) files: the passenger list at check-in close and the crew list.

API names are what the passport's machine-readable zone says (ICAO 9303 form:
MUELLER, not the MULLER typed into the booking), with the document used at
check-in, sex, date of birth, nationality, seat, bags and the PNR locator
(RFF+AVF) that joins API to PNR. Large flights of some carriers arrive in
parts (UNH S010 01:C ... NN:F, each part a complete message). Crew lists
(BGM 250, C for passenger flights, B for cargo) carry crew functions CR1/CR2.
"""

from __future__ import annotations

import datetime as dt
import random

from paxscreen.demo.bookings import PlannedBooking, PlannedTraveller
from paxscreen.demo.names import to_mrz_form
from paxscreen.demo.people import make_person
from paxscreen.demo.pushes import CHECKIN_CLOSE
from paxscreen.demo.regions import alpha3
from paxscreen.demo.schedule import FlightKind, ScheduledFlight
from paxscreen.demo.seeding import rng_for
from paxscreen.demo.transport import (
    RECIPIENT,
    Delivery,
    OutgoingFile,
    choose_delimiters,
    edifact_file,
)
from paxscreen.demo.versions import document_of
from paxscreen.messages.paxlst_writer import format_paxlst
from paxscreen.model import (
    Bag,
    Message,
    MessageType,
    PartialDate,
    PersonName,
    Seat,
    Traveller,
    TravellerRole,
)

_CREW_REGION = {
    "DE": "german",
    "US": "english",
    "GB": "english",
    "CA": "english",
    "IE": "english",
    "FR": "french",
    "NL": "german",
    "AT": "german",
    "CH": "german",
    "LU": "german",
    "TR": "turkish",
    "ES": "spanish",
    "CO": "spanish",
    "MX": "spanish",
    "PT": "portuguese",
    "BR": "portuguese",
    "IT": "italian",
    "PL": "polish",
    "HU": "polish",
    "UA": "russian",
    "AE": "arabic",
    "QA": "arabic",
    "SA": "arabic",
    "JO": "arabic",
    "EG": "arabic",
    "MA": "arabic",
    "TN": "arabic",
    "ET": "eastafrican",
    "KE": "eastafrican",
    "ZA": "english",
    "IN": "southasian",
    "PK": "southasian",
    "SG": "chinese",
    "CN": "chinese",
    "KR": "korean",
    "JP": "japanese",
    "VN": "vietnamese",
    "TH": "indonesian",
    "PH": "filipino",
}
PARTS_ABOVE = 150  # travellers per PAXLST part for carriers that split


def api_traveller(plan: PlannedBooking, traveller: PlannedTraveller, index: int) -> Traveller:
    """A checked-in passenger as the departure control system reports them."""
    person, flight = traveller.person, plan.scheduled.flight
    document = document_of(traveller)
    result = Traveller(
        role=TravellerRole.INFANT if traveller.passenger_type == "IN" else TravellerRole.PASSENGER,
        name=PersonName(surname=document.surname or "", given_names=document.given_names or ""),
        sex=person.sex,
        date_of_birth=PartialDate.from_date(person.date_of_birth),
        nationality=person.nationality,
        residence_country=person.residence,
        embarkation=flight.origin,
        debarkation=flight.destination,
        record_locator=plan.locator,
        passenger_reference=f"{plan.scheduled.carrier.code}{plan.locator}{index + 1:03d}",
        verified=True,
        documents=[document],
    )
    if traveller.seat:
        result.seats.append(Seat(flight=flight.designator, seat=traveller.seat, checked_in=True))
    if traveller.bags:
        result.bags.append(
            Bag(
                count=traveller.bags,
                weight=traveller.bag_weight,
                weight_unit="KG",
                tags=list(traveller.bag_tags),
            )
        )
    return result


def _checked_in(plans: list[PlannedBooking], close: dt.datetime) -> list[Traveller]:
    travellers = []
    for plan in sorted(plans, key=lambda item: item.locator):
        if plan.cancelled is not None and plan.cancelled <= close:
            continue
        for index, traveller in enumerate(plan.travellers):
            present = traveller.left_at is None or traveller.left_at > close
            if present and traveller.checked_in_at is not None and traveller.checked_in_at <= close:
                travellers.append(api_traveller(plan, traveller, index))
    return travellers


def _header(
    delivery: Delivery, rng: random.Random, *, modifier: str | None, part: int | None, last: bool
) -> Message:
    scheduled = delivery.scheduled
    flight = scheduled.flight
    reference = str(rng.randrange(10**6, 10**7))
    day = flight.departure_local.strftime("%y%m%d") if flight.departure_local else ""
    return Message(
        raw=b"", type=MessageType.PAXLST, sender=scheduled.carrier.code, recipient=RECIPIENT,
        interchange_reference=reference, message_reference=f"PAX{reference}",
        common_access_reference=f"{flight.designator}/{day}", part_number=part, last_part=last,
        function=delivery.function, function_modifier=modifier,
        prepared_at=delivery.prepared.replace(tzinfo=None), version="D:05B",
        transaction_reference=f"{flight.designator}{day}",
        reporting_party=f"{scheduled.carrier.name} DCS",
    )  # fmt: skip


def _files(
    rng: random.Random,
    delivery: Delivery,
    travellers: list[Traveller],
    *,
    modifier: str | None,
    defect_share: float,
) -> list[OutgoingFile]:
    splits = rng_for(0, "paxlst-splits", delivery.scheduled.carrier.code).random() < 0.3
    size = PARTS_ABOVE if splits else max(1, len(travellers))
    chunks = [travellers[start : start + size] for start in range(0, len(travellers), size)]
    chunks = chunks or [[]]
    defect_wanted, delimiters = choose_delimiters(rng, defect_share)
    multi = len(chunks) > 1
    files = []
    for number, chunk in enumerate(chunks, 1):
        part = number if multi else None
        message = _header(delivery, rng, modifier=modifier, part=part, last=number == len(chunks))
        text = format_paxlst(message, [delivery.scheduled.flight], chunk, delimiters=delimiters)
        files.append(
            edifact_file(
                rng,
                delivery,
                text,
                delimiters=delimiters,
                defect_wanted=defect_wanted,
                part=part,
                parts=len(chunks) if multi else None,
                travellers=len(chunk),
            )  # fmt: skip
        )
    return files


def _delivery(
    rng: random.Random, scheduled: ScheduledFlight, *, label: str, function: str
) -> Delivery:
    departure = scheduled.flight.departure_utc
    assert departure is not None
    prepared = departure - CHECKIN_CLOSE + dt.timedelta(seconds=rng.randrange(0, 300))
    return Delivery(
        scheduled=scheduled, kind="PAXLST", label=label, function=function, prepared=prepared,
        deliver=prepared + dt.timedelta(seconds=20),
    )  # fmt: skip


def passenger_list_files(
    rng: random.Random,
    scheduled: ScheduledFlight,
    plans: list[PlannedBooking],
    *,
    defect_share: float,
) -> list[OutgoingFile]:
    departure = scheduled.flight.departure_utc
    assert departure is not None
    travellers = _checked_in(plans, departure - CHECKIN_CLOSE)
    delivery = _delivery(rng, scheduled, label="check-in-close", function="745")
    return _files(rng, delivery, travellers, modifier=None, defect_share=defect_share)


def crew_list_files(
    rng: random.Random, scheduled: ScheduledFlight, *, defect_share: float = 0.0
) -> list[OutgoingFile]:
    """The crew of the flight: cockpit (CR1) and cabin (CR2); cargo flights say B, others C."""
    today = (scheduled.flight.departure_utc or dt.datetime.now(dt.UTC)).date()
    region = _CREW_REGION.get(scheduled.carrier.country, "english")
    nationality = alpha3(scheduled.carrier.country)
    crew = []
    for index in range(scheduled.crew_count):
        person = make_person(
            rng,
            person_id=f"{scheduled.key}#crew{index}",
            today=today,
            region=region,
            age=(24, 62),
            nationality=nationality if rng.random() < 0.8 else None,
        )
        document = person.documents[-1]
        crew.append(
            Traveller(
                role=TravellerRole.CREW,
                name=PersonName(
                    surname=to_mrz_form(person.surname),
                    given_names=to_mrz_form(person.given_names[0]),
                ),
                sex=person.sex,
                date_of_birth=PartialDate.from_date(person.date_of_birth),
                nationality=person.nationality,
                residence_country=person.residence,
                crew_function="CR1" if index < 2 else "CR2",
                documents=[document],
            )
        )
    modifier = "B" if scheduled.kind is FlightKind.CARGO else "C"
    delivery = _delivery(rng, scheduled, label="crew", function="250")
    return _files(rng, delivery, crew, modifier=modifier, defect_share=defect_share)


__all__ = ["api_traveller", "crew_list_files", "passenger_list_files"]
