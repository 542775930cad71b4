"""Full and update pushes, cancellations, multi-part pushes: what ingestion needs to version."""

from __future__ import annotations

from tests.fixtures.pnr.builder import pnr, push

from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.model import BookingStatus, ParsedMessage

TRAVELLER = "TIF+LOBB+MOLLYMRS:A:1"


def parse(raw: bytes) -> ParsedMessage:
    (parsed,) = parse_pnrgov(raw, message_id="m1")
    return parsed


def test_full_push_marks_its_bookings_with_function_flight_and_message() -> None:
    parsed = parse(push(pnr(TRAVELLER, "DAT+700:270226:1226")))
    assert parsed.message.function == "22"
    (booking,) = parsed.bookings
    assert (booking.push_function, booking.pushed_flight, booking.message_id) == (
        "22",
        "KL641",
        "m1",
    )
    assert booking.status == BookingStatus.ACTIVE


def test_update_push_carries_the_same_locator_with_a_later_change_time() -> None:
    first = parse(push(pnr(TRAVELLER, "DAT+700:270226:1226"))).bookings[0]
    update = parse(
        push(pnr(TRAVELLER, "TIF+LOBB+PETERMR:A:2", "DAT+700:280226:0900"), function="141")
    ).bookings[0]
    assert update.push_function == "141"
    assert [r.locator for r in update.record_locators] == [r.locator for r in first.record_locators]
    assert first.last_changed is not None and update.last_changed is not None
    assert update.last_changed > first.last_changed
    assert len(update.travellers) == 2  # a pushed PNR is sent whole


def test_cancellation_is_src_rci_and_empty_org() -> None:
    parsed = parse(push(pnr("ORG", locator="RCI+KL:ZZ9ABC"), pnr(TRAVELLER), function="141"))
    cancelled, kept = parsed.bookings
    assert cancelled.status == BookingStatus.CANCELLED and cancelled.record_locator == "ZZ9ABC"
    assert cancelled.travellers == [] and kept.status == BookingStatus.ACTIVE


def test_a_pnr_with_travellers_and_an_empty_org_is_not_cancelled() -> None:
    (booking,) = parse(push(pnr("ORG", TRAVELLER))).bookings
    assert booking.status == BookingStatus.ACTIVE


def test_multi_part_push_is_identified_for_reassembly() -> None:
    part1 = parse(
        push(pnr(TRAVELLER), pnr(TRAVELLER, locator="RCI+KL:SECOND"), total=3, sequence="01:C")
    )
    part2 = parse(push(pnr(TRAVELLER, locator="RCI+KL:THIRD"), total=3, sequence="02:F"))
    assert (part1.message.part_number, part1.message.last_part, part1.message.total_parts) == (
        1,
        False,
        3,
    )
    assert (part2.message.part_number, part2.message.last_part, part2.message.total_parts) == (
        2,
        True,
        3,
    )
    assert part1.message.common_access_reference == part2.message.common_access_reference
    assert len(part1.bookings) + len(part2.bookings) == part1.message.total_parts
    # EQN counts PNRs across all parts: a part holding fewer is not a mismatch
    assert not [f for f in part1.findings + part2.findings if f.code == "pnrgov.pnr-count-mismatch"]


def test_single_message_with_wrong_eqn_is_reported() -> None:
    parsed = parse(push(pnr(TRAVELLER), total=5))
    assert [f.code for f in parsed.findings if f.code == "pnrgov.pnr-count-mismatch"] == [
        "pnrgov.pnr-count-mismatch"
    ]


def test_every_model_object_says_where_it_came_from() -> None:
    parsed = parse(push(pnr(TRAVELLER, "TVL+140326:0940::1155+AMS+JFK+KL+641:Y", "FOP+CA::10.00")))
    booking = parsed.bookings[0]
    for obj in (booking, booking.travellers[0], booking.itinerary[0]):
        source = obj.sources[""]
        assert source.message_id == "m1"
        assert source.segment_index is not None and source.line is not None
        assert source.column == 1
    assert booking.travellers[0].sources[""].segment_tag == "TIF"
    assert booking.itinerary[0].sources[""].segment_tag == "TVL"


def test_update_push_pnr_with_only_its_locator_is_cancelled_and_noted() -> None:
    parsed = parse(push(pnr(locator="RCI+KL:ZZ9ABC"), function="141"))
    assert parsed.bookings[0].status == BookingStatus.CANCELLED
    assert "pnrgov.cancellation-without-org" in {f.code for f in parsed.findings}


def test_full_push_pnr_with_only_its_locator_stays_active_with_a_warning() -> None:
    parsed = parse(push(pnr(locator="RCI+KL:ZZ9ABC")))
    assert parsed.bookings[0].status == BookingStatus.ACTIVE
    assert "pnrgov.empty-pnr" in {f.code for f in parsed.findings}
