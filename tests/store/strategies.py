"""Hypothesis strategies for model objects, limited to what both databases can hold.

Text never contains NUL (PostgreSQL refuses it); decimals have at most 3 places and
13 digits (SQLite returns numerics through a float); datetimes are naive for local
times and UTC-aware for instants, as the model defines them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import strategies as st

from paxscreen.findings import Finding, Position, Severity
from paxscreen.model import (
    Bag,
    Booking,
    BookingStatus,
    Direction,
    Email,
    Flight,
    FlightDesignator,
    FlightLeg,
    FrequentFlyer,
    ItinerarySegment,
    Message,
    MessageFormat,
    MessageStatus,
    MessageType,
    NameSource,
    PartialDate,
    Payment,
    PersonName,
    Phone,
    Provenance,
    RecordLocator,
    Remark,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
    TravellerRole,
)

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
optional_texts = st.none() | texts
codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8)
local_times = st.none() | st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2100, 1, 1))
utc_times = st.none() | st.datetimes(
    dt.datetime(1950, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)
dates = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))
amounts = st.none() | st.decimals(
    min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False
)
small_ints = st.none() | st.integers(min_value=0, max_value=10_000)
sources = st.dictionaries(
    st.sampled_from(["", "number", "surname", "date_of_birth"]),
    st.builds(
        Provenance,
        message_id=st.none() | codes,
        segment_index=small_ints,
        line=small_ints,
        column=small_ints,
        segment_tag=st.none() | st.sampled_from(["NAD", "DOC", "TIF", "SSR"]),
    ),
    max_size=2,
)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate.from_date(day)


names = st.builds(
    PersonName,
    raw=texts,
    surname=texts,
    given_names=texts,
    title=optional_texts,
    source=st.sampled_from(NameSource),
)
documents = st.builds(
    TravelDocument,
    type=optional_texts,
    number=texts,
    issuing_state=optional_texts,
    expiry=dates,
    issue_date=dates,
    surname=optional_texts,
    sources=sources,
)
bags = st.builds(
    Bag,
    flight=optional_texts,
    count=small_ints,
    weight=amounts,
    tags=st.lists(codes, max_size=3),
    pool_head=st.booleans(),
    sources=sources,
)
travellers = st.builds(
    Traveller,
    role=st.sampled_from(TravellerRole),
    name=names,
    other_names=st.lists(names, max_size=2),
    sex=optional_texts,
    date_of_birth=st.none() | partial_dates(),
    nationality=optional_texts,
    infant_of=small_ints,
    ticket_numbers=st.lists(codes, max_size=2),
    tickets=st.lists(
        st.builds(Ticket, number=codes, fare_amount=amounts, issue_date=dates), max_size=2
    ),
    frequent_flyers=st.lists(st.builds(FrequentFlyer, airline=codes, number=codes), max_size=2),
    verified=st.none() | st.booleans(),
    seats=st.lists(st.builds(Seat, seat=codes, checked_in=st.booleans()), max_size=2),
    bags=st.lists(bags, max_size=2),
    documents=st.lists(documents, max_size=2),
    phones=st.lists(texts, max_size=2),
    emails=st.lists(texts, max_size=2),
    addresses=st.lists(texts, max_size=1),
    sources=sources,
)
segments = st.lists(
    st.builds(
        ItinerarySegment,
        sequence=st.just(0),
        carrier=codes,
        number=codes,
        origin=optional_texts,
        departure_local=local_times,
        is_pushed_flight=st.booleans(),
    ),
    max_size=3,
).map(lambda found: [replace(s, sequence=i) for i, s in enumerate(found, start=1)])
bookings = st.builds(
    Booking,
    record_locators=st.lists(
        st.builds(RecordLocator, locator=codes, system=st.none() | codes), max_size=2
    ),
    created=utc_times,
    last_changed=utc_times,
    status=st.sampled_from(BookingStatus),
    travellers=st.lists(travellers, max_size=2),
    itinerary=segments,
    payments=st.lists(
        st.builds(Payment, type=codes, card_hash=st.none() | codes, amount=amounts), max_size=2
    ),
    phones=st.lists(st.builds(Phone, raw=texts, e164=optional_texts), max_size=2),
    emails=st.lists(st.builds(Email, raw=texts, normalised=optional_texts), max_size=2),
    remarks=st.lists(st.builds(Remark, kind=codes, text=texts, code=st.none() | codes), max_size=2),
    split_locators=st.lists(codes, max_size=2),
    party_size=small_ints,
    sensitive_removed=st.integers(min_value=0, max_value=50),
    sensitive_codes=st.lists(codes, max_size=2),
    sources=sources,
)

legs = st.lists(
    st.builds(
        FlightLeg,
        sequence=st.just(0),
        origin=codes,
        destination=codes,
        departure_local=local_times,
        arrival_utc=utc_times,
        sources=sources,
    ),
    max_size=3,
).map(lambda found: [replace(leg, sequence=i) for i, leg in enumerate(found, start=1)])
flights = st.builds(
    Flight,
    carrier=codes,
    number=codes,
    suffix=st.none() | codes,
    origin=st.none() | codes,
    destination=st.none() | codes,
    departure_local=local_times,
    departure_utc=utc_times,
    direction=st.sampled_from(Direction),
    legs=legs,
    aliases=st.lists(st.builds(FlightDesignator, carrier=codes, number=codes), max_size=2),
    cancelled=st.booleans(),
    sources=sources,
)
positions = st.none() | st.builds(
    Position,
    offset=st.integers(0, 10**6),
    line=st.integers(1, 10**4),
    column=st.integers(1, 500),
    segment=st.integers(0, 10**4),
    element=small_ints,
    component=small_ints,
)
messages = st.builds(
    Message,
    raw=st.binary(min_size=1, max_size=200),
    id=st.uuids().map(str),
    received_at=utc_times,
    sender=optional_texts,
    type=st.sampled_from(MessageType),
    format=st.sampled_from(MessageFormat),
    part_number=small_ints,
    last_part=st.none() | st.booleans(),
    status=st.sampled_from(MessageStatus),
    findings=st.lists(
        st.builds(
            Finding,
            code=codes,
            severity=st.sampled_from(Severity),
            message=texts,
            position=positions,
        ),
        max_size=3,
    ),
)
