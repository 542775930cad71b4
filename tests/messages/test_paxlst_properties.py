"""Properties: mutated messages never crash the parser; writer -> parser keeps every field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.messages.paxlst_fixtures import fixture_paths

from paxscreen.errors import MessageError
from paxscreen.messages import parse_interchange
from paxscreen.messages.paxlst_writer import write_paxlst
from paxscreen.model import (
    Bag,
    Direction,
    Flight,
    FlightLeg,
    FrequentFlyer,
    Message,
    PartialDate,
    PersonName,
    Seat,
    TravelDocument,
    Traveller,
    TravellerRole,
)

SEEDS = [path.read_bytes() for path in fixture_paths()]


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]))
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        if kind == "delete":
            del raw[at : at + draw(st.integers(1, 20))]
        elif kind == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "replace" and raw:
            raw[at] = draw(st.sampled_from(b"+:'?*\n \x87UNA0"))
        elif kind == "truncate":
            del raw[at:]
        else:
            raw[at:at] = raw[at : at + draw(st.integers(1, 60))]
    return bytes(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_any_mutation_gives_a_result_or_our_typed_error(raw: bytes) -> None:
    try:
        parsed = parse_interchange(raw, today=dt.date(2017, 1, 27))
    except MessageError:
        return
    for item in parsed:
        assert "messages.parser-failed" not in {finding.code for finding in item.findings}


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(alphabet="UNAHBZT+:'?*0123456789 \n", max_size=300).map(str.encode)
)
def test_any_bytes_give_a_result_or_our_typed_error(raw: bytes) -> None:
    try:
        parsed = parse_interchange(raw)
    except MessageError:
        return
    for item in parsed:
        assert "messages.parser-failed" not in {finding.code for finding in item.findings}


# --- writer -> parser round trip -------------------------------------------------------

_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ '-?+:*.\u00c9\u00d6"
_names = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)
_codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
_refs = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=10)
_days = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2016, 12, 31))
_future = st.dates(min_value=dt.date(2017, 2, 1), max_value=dt.date(2036, 12, 31))


@st.composite
def travellers(draw: st.DrawFn) -> Traveller:
    birth = draw(_days)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    date_of_birth = PartialDate(
        birth.year,
        None if precision == "year" else birth.month,
        birth.day if precision == "day" else None,
    )
    documents = [
        TravelDocument(
            type=draw(st.sampled_from(["P", "V", "I", "IP", "AC"])),
            number=draw(_refs),
            issuing_state=draw(_codes),
            expiry=draw(st.none() | _future),
            issue_date=draw(st.none() | _days),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    tags = draw(st.lists(_refs, max_size=3))
    bags = (
        [
            Bag(
                count=draw(st.integers(0, 9)),
                weight=Decimal(draw(st.integers(1, 99))),
                weight_unit="KG",
                tags=tags,
            )
        ]
        if draw(st.booleans())
        else []
    )
    return Traveller(
        role=draw(
            st.sampled_from(
                [
                    TravellerRole.PASSENGER,
                    TravellerRole.TRANSIT_PASSENGER,
                    TravellerRole.CREW,
                    TravellerRole.TRANSIT_CREW,
                ]
            )
        ),
        name=PersonName(surname=draw(_names), given_names=draw(_names)),
        sex=draw(st.sampled_from(["M", "F", "U", "X", None])),
        date_of_birth=date_of_birth,
        nationality=draw(_codes),
        residence_country=draw(st.none() | _codes),
        place_of_birth=draw(st.none() | _names),
        birth_country=draw(st.none() | _codes),
        embarkation=draw(_codes),
        debarkation=draw(_codes),
        clearance_airport=draw(st.none() | _codes),
        crew_function=draw(st.none() | st.sampled_from(["CR1", "CR2", "CR5"])),
        record_locator=draw(st.none() | _refs),
        passenger_reference=draw(st.none() | _refs),
        redress_number=draw(st.none() | _refs),
        verified=draw(st.none() | st.booleans()),
        seats=[Seat(seat=draw(_refs))] if draw(st.booleans()) else [],
        frequent_flyers=[FrequentFlyer(airline="", number=draw(_refs))]
        if draw(st.booleans())
        else [],
        ticket_numbers=draw(st.lists(_refs, max_size=2)),
        phones=draw(st.lists(_refs, max_size=2)),
        emails=draw(st.lists(_refs.map(lambda text: f"{text}@EXAMPLE.ORG"), max_size=1)),
        addresses=[draw(_names)] if draw(st.booleans()) else [],
        documents=documents,
        bags=bags,
    )


_TRAVELLER_FIELDS = (
    "role",
    "sex",
    "date_of_birth",
    "nationality",
    "residence_country",
    "place_of_birth",
    "birth_country",
    "embarkation",
    "debarkation",
    "clearance_airport",
    "crew_function",
    "record_locator",
    "passenger_reference",
    "redress_number",
    "verified",
    "ticket_numbers",
    "phones",
    "emails",
    "addresses",
)
_DOCUMENT_FIELDS = ("type", "number", "issuing_state", "expiry", "issue_date")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(travellers(), min_size=1, max_size=4),
    legs=st.integers(1, 3),
    overflight=st.booleans(),
    function=st.sampled_from([("745", None), ("745", "CP"), ("250", "CC"), ("266", "CLNB")]),
)
def test_writer_then_parser_preserves_every_field(
    people: list[Traveller], legs: int, overflight: bool, function: tuple[str, str | None]
) -> None:
    start = dt.datetime(2017, 1, 27, 17, 25)
    airports = ["FRA", "IAD", "ORD", "SFO"][: legs + 1]
    flight = Flight(
        carrier="DL",
        number="123",
        origin=airports[0],
        destination=airports[1],
        departure_local=start,
        arrival_local=start + dt.timedelta(hours=9),
        direction=Direction.OVERFLIGHT if overflight else Direction.UNKNOWN,
    )
    for number in range(legs):
        flight.legs.append(
            FlightLeg(
                sequence=number + 1,
                origin=airports[number],
                destination=airports[number + 1],
                departure_local=start + dt.timedelta(hours=10 * number),
                arrival_local=start + dt.timedelta(hours=10 * number + 9),
            )
        )
    header = Message(
        raw=b"",
        sender="DL",
        recipient="GOV",
        interchange_reference="42",
        message_reference="M7",
        function=function[0],
        function_modifier=function[1],
        transaction_reference="TN1",
        common_access_reference="CAR1",
        part_number=2,
        last_part=False,
        prepared_at=dt.datetime(2017, 1, 27, 9, 0),
    )
    raw = write_paxlst(header, [flight], people, syntax="UNOW")
    parsed = parse_interchange(raw)[0]
    message = parsed.message
    for name in (
        "sender",
        "recipient",
        "interchange_reference",
        "message_reference",
        "function",
        "function_modifier",
        "transaction_reference",
        "common_access_reference",
        "part_number",
        "last_part",
        "prepared_at",
    ):
        assert getattr(message, name) == getattr(header, name), name
    read_flight = parsed.flights[0]
    for name in (
        "carrier",
        "number",
        "origin",
        "destination",
        "departure_local",
        "arrival_local",
        "direction",
    ):
        assert getattr(read_flight, name) == getattr(flight, name), name
    assert [
        (leg.origin, leg.destination, leg.departure_local, leg.arrival_local)
        for leg in read_flight.legs
    ] == [
        (leg.origin, leg.destination, leg.departure_local, leg.arrival_local) for leg in flight.legs
    ]
    assert len(parsed.travellers) == len(people)
    for read, sent in zip(parsed.travellers, people, strict=True):
        assert (read.name.surname, read.name.given_names) == (
            sent.name.surname,
            sent.name.given_names,
        )
        for name in _TRAVELLER_FIELDS:
            assert getattr(read, name) == getattr(sent, name), name
        assert [seat.seat for seat in read.seats] == [seat.seat for seat in sent.seats]
        assert [item.number for item in read.frequent_flyers] == [
            item.number for item in sent.frequent_flyers
        ]
        assert [(bag.count, bag.weight, bag.weight_unit, bag.tags) for bag in read.bags] == [
            (bag.count, bag.weight, bag.weight_unit, bag.tags) for bag in sent.bags
        ]
        assert [
            tuple(getattr(document, name) for name in _DOCUMENT_FIELDS)
            for document in read.documents
        ] == [
            tuple(getattr(document, name) for name in _DOCUMENT_FIELDS)
            for document in sent.documents
        ]
    assert "messages.parser-failed" not in {finding.code for finding in parsed.findings}
