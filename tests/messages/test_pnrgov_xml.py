"""PNRGOV XML (`IATA_PNRGOV_NotifRQ`) into the same model, safely."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from paxscreen.errors import MessageError
from paxscreen.messages import parse_interchange
from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.messages.pnrgov_xml import parse_pnrgov_xml
from paxscreen.model import BookingStatus, MessageFormat, NameSource, TravellerRole

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pnr" / "xml_two_pnrs.xml"


def test_xml_push_reads_flight_pnrs_and_travellers() -> None:
    (parsed,) = parse_interchange(FIXTURE.read_bytes(), message_id="x1")
    assert parsed.message.format == MessageFormat.XML and parsed.message.sender == "KL"
    assert parsed.message.total_parts == 2 and parsed.message.version == "16.1"
    (flight,) = parsed.flights
    assert (flight.carrier, flight.number, flight.origin, flight.destination) == (
        "KL",
        "601",
        "AMS",
        "LAX",
    )
    active, cancelled = parsed.bookings
    assert [(r.system, r.locator) for r in active.record_locators] == [
        ("KL", "QX7T2P"),
        ("1A", "8HJK2L"),
    ]
    assert cancelled.status == BookingStatus.CANCELLED
    assert active.created == dt.datetime(2026, 2, 1, 12, 0)
    assert active.agency is not None and active.agency.country == "NL"  # ISOCOuntry, any case


def test_xml_traveller_names_documents_and_infant() -> None:
    booking = parse_pnrgov_xml(FIXTURE.read_bytes()).bookings[0]
    anne, lotte = booking.travellers
    assert (anne.name.surname, anne.name.given_names, anne.name.title) == (
        "DE VRIES",
        "ANNE",
        "MRS",
    )
    assert anne.name.source == NameSource.TIF
    assert [(n.given_names, n.source) for n in anne.other_names] == [
        ("ANNE MARIE", NameSource.DOCS)
    ]
    (passport,) = anne.documents
    assert (passport.type, passport.number, passport.expiry) == (
        "P",
        "NP1234567",
        dt.date(2031, 4, 21),
    )
    assert str(anne.date_of_birth) == "1981-04-22" and anne.sex == "F"
    assert lotte.role == TravellerRole.INFANT and lotte.infant_of == 0
    assert [a.role for a in booking.addresses] == ["contact", "destination"]


def test_xml_payments_masked_hashed_and_sensitive_withheld() -> None:
    (parsed,) = parse_pnrgov(FIXTURE.read_bytes(), card_hash_key=b"key")
    booking = parsed.bookings[0]
    (payment,) = booking.payments
    assert payment.masked_number == "XXXXXXXXXXXX1111" and payment.card_hash is not None
    assert payment.amount == Decimal("812.40") and payment.currency == "EUR"
    assert booking.sensitive_removed == 2 and booking.sensitive_codes == ["MOML", "SSR:health"]
    # the raw bytes are the record (kept for audit); the model read from them never holds them
    model = repr((parsed.bookings, parsed.flights, parsed.findings))
    assert "4111111111111111" not in model and "WHEELCHAIR" not in model
    ticket = booking.travellers[0].tickets[0]
    assert ticket.taxes == Decimal("146.10")


def test_xml_itinerary_codeshare_and_contacts() -> None:
    booking = parse_pnrgov_xml(FIXTURE.read_bytes()).bookings[0]
    (segment,) = booking.itinerary
    assert (
        segment.carrier,
        segment.number,
        segment.operating_carrier,
        segment.operating_number,
    ) == ("DL", "9361", "KL", "601")
    assert segment.equipment == "781" and segment.status == "HK"
    assert [e.normalised for e in booking.emails] == [
        "anne.devries@example.nl",
        "anne_devries@example.nl",
    ]
    assert [p.role for p in booking.phones] == [None, "mobile"]


def test_xml_positions_point_into_the_document() -> None:
    parsed = parse_pnrgov_xml(FIXTURE.read_bytes(), message_id="x1")
    withheld = [f for f in parsed.findings if f.code == "pnrgov.sensitive-withheld"]
    assert withheld[0].position is not None and withheld[0].position.line == 21
    source = parsed.bookings[0].travellers[0].sources[""]
    assert (source.message_id, source.segment_tag, source.line) == ("x1", "Passenger", 17)


@pytest.mark.parametrize(
    "raw",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        b"<IATA_PNRGOV_NotifRQ>&a;</IATA_PNRGOV_NotifRQ>",
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.com/x.dtd"><IATA_PNRGOV_NotifRQ/>',
        b"<IATA_PNRGOV_NotifRQ><PNRs>",
        b"<",
    ],
)
def test_entities_dtds_and_broken_xml_are_refused(raw: bytes) -> None:
    with pytest.raises(MessageError):
        parse_pnrgov_xml(raw)


def test_unknown_root_is_an_error_finding_not_an_exception() -> None:
    parsed = parse_pnrgov_xml(b"<OTA_AirBookRQ/>")
    assert [f.code for f in parsed.findings] == ["pnrgov-xml.unknown-root"]
    assert parsed.bookings == []


def test_minimal_xml_without_namespace_and_with_child_elements() -> None:
    raw = b"""<IATA_PNRGOV_NotifRQ><PNRs><PNR>
      <BookingRefID ID="AB12CD"/>
      <Passenger RPH="1"><Surname>SMITH</Surname><GivenName>JOHN MR</GivenName>
        <SSR SSR_Code="DOCS"><Text>/P/GBR/123456789/GBR/12JUL64/M/23AUG29/SMITH/JOHN</Text></SSR>
      </Passenger></PNR></PNRs></IATA_PNRGOV_NotifRQ>"""
    (booking,) = parse_pnrgov_xml(raw).bookings
    (traveller,) = booking.travellers
    assert (traveller.name.given_names, traveller.name.title) == ("JOHN", "MR")
    assert traveller.documents[0].number == "123456789"
    assert booking.status == BookingStatus.ACTIVE


def test_pnr_level_ssr_docs_finds_its_passenger_by_rph_or_name() -> None:
    raw = b"""<IATA_PNRGOV_NotifRQ><PNRs><PNR>
      <BookingRefID ID="AB12CD"/>
      <Passenger RPH="1"><Surname>SMITH</Surname><GivenName>JOHN MR</GivenName></Passenger>
      <Passenger RPH="2"><Surname>JONES</Surname><GivenName>ANNA MS</GivenName></Passenger>
      <SSR SSR_Code="DOCS"><Text>/P/GBR/111/GBR/12JUL64/M/23AUG29/SMITH/JOHN</Text></SSR>
      <SSR SSR_Code="DOCS" RPH="2"><Text>/P/GBR/222/GBR/12JUL70/F/23AUG29/JONES/ANNA</Text></SSR>
      <SSR SSR_Code="VGML" RPH="2"/>
      </PNR></PNRs></IATA_PNRGOV_NotifRQ>"""
    (booking,) = parse_pnrgov_xml(raw).bookings
    assert [[d.number for d in t.documents] for t in booking.travellers] == [["111"], ["222"]]
    assert booking.sensitive_codes == ["VGML"]
