"""Realistic inputs for ingestion tests: PNRGOV pushes (through the project's writer)
and PAXLST messages (written segment by segment as carriers send them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from paxscreen.messages.pnrgov_writer import PnrgovPush, write_pnrgov
from paxscreen.messages.pnrgov_xml_writer import write_pnrgov_xml
from paxscreen.model import (
    Booking,
    BookingStatus,
    Flight,
    ItinerarySegment,
    PartialDate,
    PersonName,
    RecordLocator,
    Remark,
    TravelDocument,
    Traveller,
)

DEPARTURE = dt.datetime(2026, 3, 1, 10, 0)
FLIGHT = Flight(
    carrier="XX",
    number="100",
    origin="FRA",
    destination="JFK",
    departure_local=DEPARTURE,
    arrival_local=dt.datetime(2026, 3, 1, 13, 0),
)


@dataclass(frozen=True, slots=True)
class Person:
    surname: str
    given: str
    dob: dt.date | None
    document: str | None
    reference: str  # PNR TIF reference
    upi: str | None = None  # unique passenger reference (REF / RFF+ABO)
    sex: str = "M"
    infant_of: int | None = None
    title: str | None = "MR"


# the two passengers and the push times the PNR versioning tests share
JOHN = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
JANE = Person("DOE", "JANE", dt.date(1982, 5, 6), "P456", "2", "U2", sex="F", title="MRS")
T72 = dt.datetime(2026, 2, 26, 10, 0)  # the full pushes, 72 and 24 hours before departure
T24 = dt.datetime(2026, 2, 28, 10, 0)
CHANGED_1 = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)  # PNRs' last transaction times
CHANGED_2 = dt.datetime(2026, 2, 27, 9, 0, tzinfo=dt.UTC)


def traveller(person: Person) -> Traveller:
    infant = person.infant_of is not None
    return Traveller(
        name=PersonName(
            surname=person.surname, given_names=person.given, title=None if infant else person.title
        ),
        sex=person.sex,
        date_of_birth=PartialDate.from_date(person.dob) if person.dob else None,
        passenger_type="IN" if infant else "A",
        infant_of=person.infant_of,
        reference_number=person.reference,
        passenger_reference=person.upi,
        documents=[
            TravelDocument(type="P", number=person.document, issuing_state="DEU", nationality="DEU",
                           expiry=dt.date(2030, 1, 1))
        ] if person.document and not infant else [],
    )  # fmt: skip


def _pushed_segment(flight: Flight, operated_by: tuple[str, str] | None) -> ItinerarySegment:
    return ItinerarySegment(
        sequence=1,
        carrier=flight.carrier,
        number=flight.number,
        operating_carrier=operated_by[0] if operated_by else None,
        operating_number=operated_by[1] if operated_by else None,
        origin="FRA",
        destination="JFK",
        departure_local=DEPARTURE,
        arrival_local=FLIGHT.arrival_local,
        class_of_service="Y",
        status="HK",
        is_pushed_flight=True,
    )


def booking(
    locator: str,
    people: Sequence[Person],
    *,
    changed: dt.datetime,
    cancelled: bool = False,
    remarks: Sequence[Remark] = (),
    flight: Flight = FLIGHT,
    operated_by: tuple[str, str] | None = None,  # codeshare: operating carrier and number
) -> Booking:
    return Booking(
        record_locators=[RecordLocator(locator=locator, system="1A")],
        created=changed - dt.timedelta(days=10),
        last_changed=changed,
        status=BookingStatus.CANCELLED if cancelled else BookingStatus.ACTIVE,
        travellers=[] if cancelled else [traveller(person) for person in people],
        itinerary=[] if cancelled else [_pushed_segment(flight, operated_by)],
        remarks=list(remarks),
    )  # fmt: skip


def push(
    bookings: Sequence[Booking],
    *,
    prepared: dt.datetime,
    function: str = "22",
    control: str = "1",
    per_part: int = 0,
    flight: Flight = FLIGHT,
) -> list[bytes]:
    """The push as raw interchanges, one per part."""
    header = PnrgovPush(
        flight=flight, function=function, sender="XX", recipient="PIU", prepared_at=prepared,
        control_reference=control, max_pnrs_per_part=per_part,
    )  # fmt: skip
    return [text.encode("latin-1") for text in write_pnrgov(header, bookings)]


def xml_push(
    bookings: Sequence[Booking],
    *,
    prepared: dt.datetime,
    function: str = "22",
    flight: Flight = FLIGHT,
) -> bytes:
    """The push as one PNRGOV XML document."""
    return write_pnrgov_xml(
        bookings, flight=flight, function=function, sender="XX", system="1A", prepared_at=prepared
    )


@dataclass(frozen=True, slots=True)
class Listed:
    """A traveller as a PAXLST lists them."""

    surname: str
    given: str
    dob: dt.date | None
    document: str | None
    locator: str | None = None
    upi: str | None = None
    sex: str = "M"
    close_out_only: bool = False  # NAD+ZZZ: only RFF+AVF/ABO identify them


@dataclass(slots=True)
class Manifest:
    travellers: list[Listed] = field(default_factory=list)


def _traveller_segments(listed: Listed) -> list[str]:
    if listed.close_out_only:
        segments = ["NAD+ZZZ"]
    else:
        segments = [f"NAD+FL+++{listed.surname}:{listed.given}", f"ATT+2++{listed.sex}"]
        if listed.dob:
            segments.append(f"DTM+329:{listed.dob:%y%m%d}")
        segments += ["LOC+178+FRA", "LOC+179+JFK", "NAT+2+DEU"]
    if listed.locator:
        segments.append(f"RFF+AVF:{listed.locator}")
    if listed.upi:
        segments.append(f"RFF+ABO:{listed.upi}")
    if listed.document and not listed.close_out_only:
        segments += [f"DOC+P+{listed.document}", "DTM+36:300101", "LOC+91+DEU"]
    return segments


def paxlst(
    travellers: Sequence[Listed],
    *,
    prepared: dt.datetime,
    document: str = "745",
    modifier: str | None = None,
    control: str = "1",
    part: str | None = None,
    departure: dt.datetime = DEPARTURE,
    carrier: str = "XX",
    number: str = "100",
) -> bytes:
    """One PAXLST interchange (D05B, IG style)."""
    designator = f"{carrier}{number}"
    unh = f"UNH+{control}+PAXLST:D:05B:UN:IATA+{designator}/{departure:%y%m%d}" + (
        f"+{part}" if part else ""
    )
    bgm = f"BGM+{document}" + (f"+{modifier}" if modifier else "")
    body = [
        unh, bgm, f"NAD+MS+++{carrier} OPERATIONS", f"TDT+20+{designator}+++{carrier}",
        "LOC+125+FRA", f"DTM+189:{departure:%y%m%d%H%M}:201",
        "LOC+87+JFK", f"DTM+232:{departure + dt.timedelta(hours=3):%y%m%d%H%M}:201",
    ]  # fmt: skip
    for listed in travellers:
        body += _traveller_segments(listed)
    body.append(f"CNT+42:{len(travellers)}")
    body.append(f"UNT+{len(body) + 1}+{control}")
    envelope = f"UNA:+.? 'UNB+UNOA:4+XX+PIU+{prepared:%y%m%d:%H%M}+{control}++APIS'"
    return (envelope + "'".join(body) + f"'UNZ+1+{control}'").encode("ascii")
