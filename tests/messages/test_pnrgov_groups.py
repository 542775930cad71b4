"""The PNRGOV group machine, and what each group (1 to 12, LTS) puts in the model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.fixtures.pnr.builder import pnr, push

from paxscreen.edifact import Segment
from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.messages.pnrgov_groups import build_groups
from paxscreen.model import Booking, BookingStatus, NameSource, ParsedMessage, TravellerRole


def segments(*texts: str) -> list[Segment]:
    out = []
    for index, text in enumerate(texts):
        tag, *rest = text.split("+")
        out.append(Segment(tag, [element.split(":") for element in rest], index, 0))
    return out


def parse(*pnrs: list[str], **options: object) -> ParsedMessage:
    return parse_pnrgov(push(*pnrs), card_hash_key=b"secret", **options)[0]  # type: ignore[arg-type]


def one(*segments_text: str, locator: str = "RCI+KL:QX7T2P::010226:1200") -> Booking:
    return parse(pnr(*segments_text, locator=locator)).bookings[0]


def test_group_machine_nests_by_table_not_by_order() -> None:
    root = build_groups(
        segments(
            "MSG+:22",
            "TVL+010118:1000+AMS+JFK+KL+1",
            "EQN+1",
            "SRC",
            "RCI+KL:ABC123",
            "TIF+A+BMR:A:1",
            "SSR+DOCS:HK",
            "TKT+123:T",
            "FOP+CA",
            "IFT+4:43+PAYER",
            "TVL+010118:1000+AMS+JFK+KL+1",
            "TVL+++++972:M",
            "RPI+1+HK",
            "DAT+2:010118:0900",
            "TRI++1:::1",
            "TIF+A+BMR:A:1",
            "SSD+12A",
            "EQN+1",
            "RCI+KL:SPLIT1",
            "MSG+8",
            "TVL+010118++HOTEL",
            "ABI+1",
            "DAT+ZT:010118:0800",
            "SAC+++A",
            "TVL+010118:1000+AMS+JFK+KL+1",
            "RPI+1+HK",
            "LTS+FREE TEXT",
            "XYZ+UNKNOWN",
        )
    )
    assert [s.tag for s in root.segments] == ["MSG", "TVL", "EQN"]
    (gr1,) = root.children("Gr1")
    assert [g.name for g in gr1.groups] == ["Gr2", "Gr5", "Gr8", "Gr9", "Gr10"]
    assert [s.tag for s in gr1.segments] == ["RCI", "LTS"]
    gr2 = gr1.children("Gr2")[0]
    assert gr2.children("Gr3")[0].children("Gr4")[0].members("IFT")
    gr5 = gr1.children("Gr5")[0]
    assert [s.tag for s in gr5.segments] == ["TVL", "RPI"]  # the operating-flight TVL
    assert gr5.children("Gr6")[0].children("Gr7")[0].first("SSD") is not None
    assert gr1.children("Gr10")[0].children("Gr11")[0].children("Gr12")
    assert [s.tag for s in gr1.unexpected] == ["XYZ"]


def test_group1_locators_dates_agency_and_contacts() -> None:
    booking = one(
        "DAT+700:270918:1226+710:280918",
        "ORG+1A:MUC+91234567:AMSKL0100+AMS+KL:AMS+A+NL:EUR+AGENT7",
        "ADD++700:KEIZERSGRACHT 12:AMSTERDAM:NH::NL:1015CJ:0031205550199",
        "IFT+4:28::KL+CTCE ANNE..DEVRIES//EXAMPLE.NL",
        "IFT+4:28::KL+THIS PASSENGER IS A VIP",
        "EBD+EUR:40.00+1::N",
        locator="RCI+1A:2LS6KP::200513:0439+KL:EDP2RW",
    )
    assert [(r.system, r.locator) for r in booking.record_locators] == [
        ("1A", "2LS6KP"),
        ("KL", "EDP2RW"),
    ]
    assert booking.created == dt.datetime(2013, 5, 20, 4, 39, tzinfo=dt.UTC)
    assert booking.last_changed == dt.datetime(2018, 9, 27, 12, 26, tzinfo=dt.UTC)
    assert booking.ticketing_date == dt.date(2018, 9, 28)
    agency = booking.agency
    assert agency is not None
    assert (agency.system, agency.iata_number, agency.pseudo_city, agency.country) == (
        "1A",
        "91234567",
        "AMSKL0100",
        "NL",
    )
    assert booking.addresses[0].city == "AMSTERDAM" and booking.addresses[0].postcode == "1015CJ"
    assert booking.phones[0].e164 == "+31205550199"
    assert booking.emails[0].normalised == "anne_devries@example.nl"
    assert [r.kind for r in booking.remarks] == ["OSI", "EBD"]
    assert booking.sources[""].segment_tag == "SRC" and booking.sources[""].line is not None


def test_group2_traveller_with_frequent_flyer_reference_and_both_names() -> None:
    booking = one(
        "TIF+LOBB+MOLLYMRS:A:1",
        "FTI+KL:2234556677:::ELITE",
        "REF+:001435199A918A76",
        "SSR+DOCS:HK:1:KL:::::/P/GBR/796428965/GBR/13AUG54/F/26APR30/LOBB/MOLLY/ZARA",
        "SSR+FQTV:HK:1:KL:::::/DL9988776655",
        "SSR+CTCM:HK:1:KL:::::/NL0612345678",
    )
    (traveller,) = booking.travellers
    assert (traveller.name.surname, traveller.name.given_names, traveller.name.title) == (
        "LOBB",
        "MOLLY",
        "MRS",
    )
    assert traveller.name.source == NameSource.TIF
    assert [(n.surname, n.given_names, n.source) for n in traveller.other_names] == [
        ("LOBB", "MOLLY ZARA", NameSource.DOCS)
    ]
    assert traveller.passenger_reference == "001435199A918A76"
    assert [(f.airline, f.number, f.tier) for f in traveller.frequent_flyers] == [
        ("KL", "2234556677", "ELITE"),
        ("DL", "9988776655", None),
    ]
    assert traveller.sex == "F" and str(traveller.date_of_birth) == "1954-08-13"
    assert traveller.documents[0].given_names == "MOLLY ZARA"
    assert traveller.sources["name"].segment_tag == "TIF"
    assert booking.phones[0].role == "mobile" and booking.phones[0].traveller_index == 0


def test_group3_and_4_ticket_amounts_and_card_payment() -> None:
    booking = one(
        "TIF+LOBB+MOLLYMRS:A:1",
        "TKT+0742301234567:T:1",
        "MON+B:754.72:GBP+T:800.00:GBP",
        "PTK+NR++150417:1010+DL+006+LON",
        "TXD++4.53:::AY6+6.79:::YQ",
        "DAT+710:270918",
        "FOP+CC::800.00:AX:378282246310005:0331",
        "IFT+4:43+MOLLY LOBB+99 GANDER AVENUE KOLKATA+678171055264",
        "ADD++702:99 GANDER AVENUE:KOLKATA:::IN::",
    )
    (traveller,) = booking.travellers
    (ticket,) = traveller.tickets
    assert (ticket.number, ticket.fare_amount, ticket.currency) == (
        "0742301234567",
        Decimal("800.00"),
        "GBP",
    )
    assert ticket.taxes == Decimal("11.32") and ticket.issue_date == dt.date(2018, 9, 27)
    (payment,) = booking.payments
    assert (payment.type, payment.card_brand, payment.amount) == ("CC", "AX", Decimal("800.00"))
    assert payment.masked_number == "XXXXXXXXXXX0005"
    assert payment.card_hash is not None and len(payment.card_hash) == 64
    assert payment.card_expiry == "0331" and payment.card_holder == "MOLLY LOBB"
    assert payment.billing_address == "99 GANDER AVENUE:KOLKATA:IN"


def test_group5_itinerary_codeshare_status_and_seats() -> None:
    booking = one(
        "TIF+LOBB+MOLLYMRS:A:1",
        "TVL+140326:0940::1155+AMS+JFK+KL+641:Y",
        "RPI+1+HK",
        "APD+781",
        "SSR+SEAT:HK:1:KL:::AMS:JFK+012A::1",
        "TVL+150326:2200:160326:0130+JFK+LAX+DL:KL+6021:Y",
        "TRA+KL+7023:Y",
        "TVL+170326:2200:0130+LAX+SFO+DL:AF+1234",
        "TVL+++++972:M",
    )
    first, second, third = booking.itinerary
    assert first.is_pushed_flight and first.status == "HK" and first.equipment == "781"
    assert first.departure_local == dt.datetime(2026, 3, 14, 9, 40)
    assert first.arrival_local == dt.datetime(2026, 3, 14, 11, 55)
    assert (second.carrier, second.operating_carrier, second.operating_number) == (
        "DL",
        "KL",
        "7023",
    )
    assert second.arrival_local == dt.datetime(2026, 3, 16, 1, 30)
    assert third.arrival_local == dt.datetime(2026, 3, 18, 1, 30)  # overnight, no arrival date
    assert (third.operating_carrier, third.operating_number) == ("AF", "972")
    assert [(s.flight, s.seat, s.checked_in) for s in booking.travellers[0].seats] == [
        ("KL641", "12A", False)
    ]


# a traveller's KL641 leg and its check-in group (group 7), before the seat and bag segments
CHECKED_IN_ON_KL641 = (
    "TIF+LOBB+MOLLYMRS:A:1",
    "TVL+140326:0940::1155+AMS+JFK+KL+641:Y",
    "DAT+2:140326:0815",
    "ORG+KL++++A",
    "TRI++AMS-188:::1",
    "TIF+LOBB+MOLLYMRS::1",
)


def test_group6_and_7_check_in_seat_and_bag_tags() -> None:
    booking = one(
        *CHECKED_IN_ON_KL641,
        "SSD+039G++++Y",
        "TBD++3:34:700++HP+074:1026000001:3:JFK",
    )
    traveller = booking.travellers[0]
    assert traveller.checkin_status == "checked_in"
    assert [(s.seat, s.checked_in) for s in traveller.seats] == [("39G", True)]
    (bag,) = traveller.bags
    assert (bag.count, bag.weight, bag.weight_unit, bag.pool_head) == (3, Decimal(34), "KG", True)
    assert bag.tags == ["0741026000001", "0741026000002", "0741026000003"]
    assert bag.flight == "KL641"


def test_group8_split_group9_non_air_and_lts() -> None:
    booking = one(
        "TIF+LOBB+MOLLYMRS:A:1",
        "EQN+1",
        "RCI+KL:SPLT42",
        "MSG+8",
        "TVL+121210:1500:151210+YVR:VANCOUVER ARMS++VN+67576:ROH",
        "LTS+0/O/SS/KL 641 Y 14MAR 1 AMSJFK HK1 0940 1155",
    )
    assert booking.split_locators == ["SPLT42"]
    kinds = {remark.kind: remark.text for remark in booking.remarks}
    assert kinds["NON-AIR"].startswith("service 8 YVR:VANCOUVER ARMS 2010-12-12")
    assert kinds["LTS"].startswith("0/O/SS/KL 641")


def test_group10_to_12_history_entries() -> None:
    booking = one(
        "TIF+LOBB+MOLLYMRS:A:1",
        "ABI+4++++TZ",
        "DAT+T:230513:1829",
        "SAC+++X",
        "IFT+4:19+ F 28MAY13 SIN OOL 2225 0750 TZ 6 HK",
        "TVL+280513::290513+SIN+OOL+TZ+0006:S",
        "RPI+1+HK",
        "SAC+++A",
        "TIF+LOBB+MOLLYMRS",
    )
    first, second = booking.history
    assert (first.action, first.agent) == ("X", "TZ")
    assert first.time == dt.datetime(2013, 5, 23, 18, 29, tzinfo=dt.UTC)
    assert (
        first.description
        == "F 28MAY13 SIN OOL 2225 0750 TZ 6 HK / FLIGHT TZ6 2013-05-28 SIN-OOL HK"
    )
    assert second.action == "A" and second.description == "NAME LOBB/MOLLYMRS"
    assert booking.itinerary == []  # history flights are history, not itinerary


def test_group_booking_name_is_not_a_traveller() -> None:
    booking = one("TIF+SEETHE WORLD:G", "TIF+LOBB+MOLLYMRS:A:1")
    assert booking.group_name == "SEETHE WORLD"
    assert [t.name.surname for t in booking.travellers] == ["LOBB"]


def test_infant_under_adult_with_inft_and_infant_docs() -> None:
    booking = one(
        "TIF+TESTSURNAMEONE+TESTNAMEONE MRS:A:1.1:1",
        "SSR+INFT:NN:1:AM:::::TESTSURNAMETWO/TESTNAMETWO/10AUG25+::1.1",
        "SSR+DOCS:HK:1:AM:::::/P/CO/52263000/CO/30MAY76/F/31OCT30/TESTSURNAMEONE/TESTNAMEONE+::1.1",
        "SSR+DOCS:HK:1:AM:::::/P/COL/AO234000/COL/10AUG25/FI/21DEC30/TESTSURNAMETWO/TESTNAMETWO+::1.1",
        "TIF+TESTSURNAMETWO+TESTNAMETWO:IN:2.1",
    )
    adult, infant = booking.travellers
    assert infant.role == TravellerRole.INFANT and infant.infant_of == 0
    assert str(infant.date_of_birth) == "2025-08-10" and infant.sex == "F"
    assert [d.number for d in infant.documents] == ["AO234000"]
    assert [d.number for d in adult.documents] == ["52263000"]
    # 2- and 3-letter country codes normalise to the same value
    assert adult.documents[0].issuing_state == infant.documents[0].issuing_state == "COL"


def test_cancelled_pnr_in_update_push() -> None:
    parsed = parse_pnrgov(push(pnr("ORG"), function="141"))[0]
    (booking,) = parsed.bookings
    assert booking.status == BookingStatus.CANCELLED and booking.push_function == "141"
    assert parsed.message.function == "141"


def test_payment_without_a_ticket_group_is_read() -> None:
    booking = one("TIF+LOBB+MOLLYMRS:A:1", "FOP+CA::100.00", "IFT+4:43+MOLLY LOBB")
    (payment,) = booking.payments
    assert (payment.type, payment.amount, payment.payer) == ("CA", Decimal("100.00"), "MOLLY LOBB")


def test_sponsor_before_the_ticket_is_a_remark_not_the_previous_travellers_payer() -> None:
    booking = one(
        "TIF+LOBB+MOLLYMRS:A:1",
        "TKT+1:T",
        "FOP+CA::10.00",
        "TIF+LOBB+PETERMR:A:2",
        "IFT+4:43+ACME TRAVEL FUND+1 MAIN ST+0031205550100",
        "TKT+2:T",
        "FOP+CC::20.00:VI:XXXXXXXXXXXX1111:0828",
    )
    first, second = booking.payments
    assert first.payer is None and second.payer is None
    sponsor = [r for r in booking.remarks if r.kind == "SPONSOR"]
    assert [(r.text, r.traveller_index) for r in sponsor] == [
        ("ACME TRAVEL FUND 1 MAIN ST 0031205550100", 1)
    ]


def test_tkne_without_reference_finds_its_traveller_by_ticket_or_glued_name() -> None:
    booking = one(
        "TIF+MUTHUKRISHN+CLAY::1",
        "TKT+6585894344920:T",
        "TIF+GUZMAN+PENELOPE::2",
        "TVL+140326:0940::1155+AMS+JFK+KL+641:Y",
        "SSR+TKNE::::::::TKT NBR 6585894344920 20FEB20 E CLAYMUTHUKRISHN",
        "SSR+TKNE::::::::TKT NBR 2062135685293 19FEB20 E PENELOPEGUZMAN",
    )
    assert [t.ticket_numbers for t in booking.travellers] == [["6585894344920"], ["2062135685293"]]


def test_bag_tag_runs_count_only_digit_serials_and_runs_up_to_99() -> None:
    booking = one(
        *CHECKED_IN_ON_KL641,
        "TBD++3:34:700++HP+074:ABC123:3:JFK+074:1026000009:150:JFK+074:1026000009:2:JFK",
    )
    (bag,) = booking.travellers[0].bags
    # a letter serial is one tag; a run past 99 is a typo, one tag; repeats kept once
    assert bag.tags == ["074ABC123", "0741026000009", "0741026000010"]
