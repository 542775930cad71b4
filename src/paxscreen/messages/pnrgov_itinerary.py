"""Groups 5 to 7: the itinerary (TVL), codeshare, status, and check-in (seats, bags).

`TVL+DDMMYY:HHMM[:DDMMYY]:HHMM+dep+arr+marketing[:operating]+number[:class]`
carries local times. Three date/time components are either departure date, time
and arrival time (same day) or departure date, time and arrival date (history
lines); an arrival time earlier than departure without an arrival date means the
next day. Codeshare arrives two ways: PNRGOV 14.1 and later put the operating
carrier in the TVL and add `TRA+SK+1524:W`; older versions add a second
`TVL+++++972:M` holding only the operating flight number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from paxscreen.edifact import Segment
from paxscreen.messages.pnrgov_groups import SegmentGroup
from paxscreen.messages.pnrgov_reader import PnrReader
from paxscreen.messages.pnrgov_ssr_segments import read_ssrs
from paxscreen.messages.pnrgov_traveller_groups import read_ift
from paxscreen.messages.pnrgov_travellers import find_by_name, find_by_reference
from paxscreen.model import Bag, ItinerarySegment, RecordLocator, Seat
from paxscreen.model.keys import split_flight_number

WEIGHT_UNITS = {"700": "KG", "701": "LB", "K": "KG", "L": "LB", "KG": "KG", "LB": "LB"}
MAX_TAG_RUN = 99  # a TBD tag run longer than this is a typo, not 10,000 bags (GTAS #636)


@dataclass(slots=True)
class Tvl:
    departure: dt.datetime | None
    arrival: dt.datetime | None
    origin: str | None
    destination: str | None
    carrier: str
    operating_carrier: str | None
    number: str
    suffix: str | None
    class_of_service: str | None


_NO_TVL_ELEMENTS: list[list[str]] = [[]] * 5  # what a short TVL lacks (never mutated)


def read_tvl(reader: PnrReader, segment: Segment) -> Tvl:
    # all five elements split in one go: each is read, most of them twice
    elements = segment.elements + _NO_TVL_ELEMENTS
    sent = elements[0]
    times = sent + ["", "", "", ""]
    departure = reader.local_time(segment, times[0], times[1], element=0)
    arrival_date, arrival_time = times[2], times[3]
    if len(sent) == 3 and len(times[2]) == 4:  # DDMMYY:HHMM:HHMM
        arrival_date, arrival_time = "", times[2]
    arrival = None
    if arrival_date:
        arrival = reader.local_time(segment, arrival_date, arrival_time, element=0)
    elif arrival_time and departure is not None:
        arrival = reader.local_time(segment, times[0], arrival_time, element=0)
        if arrival is not None and arrival < departure:
            arrival += dt.timedelta(days=1)
    carriers = elements[3] + ["", ""]
    flight = elements[4] + ["", ""]
    number, suffix = split_flight_number(flight[0]) if flight[0] else ("", None)
    return Tvl(
        departure=departure,
        arrival=arrival,
        origin=(elements[1] + [""])[0].strip() or None,
        destination=(elements[2] + [""])[0].strip() or None,
        carrier=carriers[0].strip(),
        operating_carrier=carriers[1].strip() or None,
        number=number,
        suffix=suffix,
        class_of_service=flight[1].strip() or None,
    )


def is_pushed(reader: PnrReader, tvl: Tvl) -> bool:
    """The segment of the flight this push is about (level-0 TVL)."""
    pushed = reader.pushed_flight
    if pushed is None:
        return False
    carrier, number, date = pushed
    same_date = date is None or (tvl.departure is not None and tvl.departure.date() == date)
    return number == tvl.number and same_date and carrier in (tvl.carrier, tvl.operating_carrier)


def read_itinerary_group(reader: PnrReader, group: SegmentGroup, sequence: int) -> None:
    tvl_segment = group.trigger
    assert tvl_segment is not None  # a group 5 always opens with its TVL
    tvl = read_tvl(reader, tvl_segment)
    source = reader.source(tvl_segment)
    item = ItinerarySegment(
        sequence=sequence,
        carrier=tvl.carrier,
        number=tvl.number,
        suffix=tvl.suffix,
        operating_carrier=tvl.operating_carrier,
        origin=tvl.origin,
        destination=tvl.destination,
        departure_local=tvl.departure,
        arrival_local=tvl.arrival,
        class_of_service=tvl.class_of_service,
        is_pushed_flight=is_pushed(reader, tvl),
        sources={"": source},
    )
    reader.builder.booking.itinerary.append(item)
    ssrs = []  # read together after the other members (split DOCS need their neighbours)
    for segment in group.segments:
        member_reader = _GR5_MEMBERS.get(segment.tag)
        if member_reader is not None:
            member_reader(reader, segment, item)
        elif segment.tag == "SSR":
            ssrs.append(segment)
    designator = f"{item.carrier}{item.number}{item.suffix or ''}"
    read_ssrs(reader, ssrs, flight=designator, segment_sequence=sequence)
    for checkin in group.groups:
        if checkin.name == "Gr6":
            for sequence_group in checkin.groups:
                if sequence_group.name == "Gr7":
                    _read_checkin(reader, sequence_group, designator)


def _operating_tvl(reader: PnrReader, segment: Segment, item: ItinerarySegment) -> None:
    item.operating_number = split_flight_number(segment.value(4))[0] or None
    item.sources["operating_number"] = reader.source(segment)


def _tra(reader: PnrReader, segment: Segment, item: ItinerarySegment) -> None:
    item.operating_carrier = segment.value(0).strip() or item.operating_carrier
    if segment.value(1):
        item.operating_number = split_flight_number(segment.value(1))[0] or None
    item.sources["operating_carrier"] = reader.source(segment)


def _rpi(reader: PnrReader, segment: Segment, item: ItinerarySegment) -> None:
    item.status = segment.value(1).strip() or None
    item.sources["status"] = reader.source(segment)


def _apd(reader: PnrReader, segment: Segment, item: ItinerarySegment) -> None:
    item.equipment = segment.value(0).strip() or None


def _rci(reader: PnrReader, segment: Segment, item: ItinerarySegment) -> None:
    add_locators(reader, segment)


def _ift(reader: PnrReader, segment: Segment, item: ItinerarySegment) -> None:
    read_ift(reader, segment, segment_sequence=item.sequence)


_GR5_MEMBERS = {
    "TVL": _operating_tvl,
    "TRA": _tra,
    "RPI": _rpi,
    "APD": _apd,
    "RCI": _rci,
    "IFT": _ift,
}


def add_locators(reader: PnrReader, segment: Segment) -> None:
    """`RCI+1A:2LS6KP::200513:0439+KE:EDP2RW`: one locator per element, each kept once."""
    booking = reader.builder.booking
    for element_index, element in enumerate(segment.elements):
        parts = element + [""] * 5
        if not parts[1]:
            continue
        if len(parts[2]) == 6 and parts[2].isdigit():  # control type left out: UA:7C789A:230818
            parts = [*parts[:2], "", *parts[2:]]
        if _is_known_locator(booking.record_locators, parts[1], parts[0] or None):
            continue
        booking.record_locators.append(
            RecordLocator(locator=parts[1], system=parts[0] or None, type=parts[2] or None)
        )
        if parts[3] and booking.created is None:
            booking.created = reader.utc_time(segment, parts[3], parts[4], element=element_index)


def _is_known_locator(known: list[RecordLocator], locator: str, system: str | None) -> bool:
    # a loop, not any() over a generator: a booking holds one or two locators
    for record_locator in known:  # noqa: SIM110
        if record_locator.locator == locator and record_locator.system == system:
            return True
    return False


def _read_checkin(reader: PnrReader, group: SegmentGroup, flight: str) -> None:
    """Group 7: who checked in (TIF), on which seat (SSD), with which bags (TBD)."""
    tif = group.first("TIF")
    if tif is None:
        return
    builder = reader.builder
    reference = tif.value(1, 2)
    index = find_by_reference(builder, reference) if reference else None
    if index is None:
        index = find_by_name(builder, tif.value(0), tif.value(1))
    if index is None:
        reader.note(
            "pnrgov.checkin-unknown-traveller",
            "check-in data for a traveller not named in the booking",
            tif,
        )
        return
    traveller = builder.booking.travellers[index]
    traveller.checkin_status = "checked_in"
    for segment in group.segments:
        if segment.tag == "SSD":
            seat = segment.value(0).strip()
            if seat.upper() not in ("", "XXX"):
                traveller.seats.append(
                    Seat(
                        flight=flight,
                        seat=seat.lstrip("0"),
                        checked_in=True,
                        sources={"": reader.source(segment)},
                    )
                )
        elif segment.tag == "TBD":
            traveller.bags.append(read_tbd(reader, segment, flight))


def _tag_numbers(serial: str, run: str) -> list[str]:
    """The serial numbers of a run of `run` tags from `serial`, zero-padded as it is."""
    if not serial.isdigit():
        return [serial]
    length = int(run) if run.isdigit() and 0 < int(run) <= MAX_TAG_RUN else 1
    first, width = int(serial), len(serial)
    return [str(first + step).zfill(width) for step in range(length)]


def read_tbd(reader: PnrReader, segment: Segment, flight: str | None) -> Bag:
    """`TBD++count:weight:unit++HP|MP+issuer:tag:count:destination+...`."""
    count_text, weight_text, unit = (segment.components(1) + ["", "", ""])[:3]
    tags: list[str] = []
    seen: set[str] = set()  # beside `tags`: a run of 99 tags made this quadratic
    for element in segment.elements[4:]:
        issuer, serial, run = (element + ["", "", ""])[:3]
        serial = serial.strip()
        if not serial:
            continue
        prefix = issuer.strip()
        for number in _tag_numbers(serial, run):
            tag = f"{prefix}{number}"
            if tag not in seen:  # overlapping runs name the same bag twice
                seen.add(tag)
                tags.append(tag)
    weight = None
    if weight_text.strip():
        try:
            weight = Decimal(weight_text.strip())
        except ArithmeticError:
            reader.note("pnrgov.bad-bag-weight", f"bag weight {weight_text!r}", segment, element=1)
    return Bag(
        flight=flight,
        count=int(count_text) if count_text.isdigit() else None,
        weight=weight,
        weight_unit=WEIGHT_UNITS.get(unit.strip()),
        tags=tags,
        pool_head=segment.value(3).strip().upper() == "HP",
        sources={"": reader.source(segment)},
    )


__all__ = ["Tvl", "add_locators", "read_itinerary_group", "read_tbd", "read_tvl"]
