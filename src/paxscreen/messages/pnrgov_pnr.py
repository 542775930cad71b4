"""Group 1: one PNR, from its empty `SRC` to the next one.

Reading order matters more than segment order: locators first (travellers carry
them), then every TIF becomes a traveller, then what refers to travellers (SSRs,
OSIs, check-in), then itinerary, split PNRs, non-air services, history and long
text. A PNR with only its locators and an empty ORG is a cancellation (PNRGOV IG
§8.1: "only the SRC (empty), the RCI ... and an empty ORG are included").
"""

from __future__ import annotations

from operator import attrgetter

from paxscreen.edifact import Segment
from paxscreen.findings import Severity
from paxscreen.messages.grouping import in_order_by
from paxscreen.messages.pnrgov_groups import SegmentGroup
from paxscreen.messages.pnrgov_history import read_history_group
from paxscreen.messages.pnrgov_itinerary import add_locators, read_itinerary_group, read_tvl
from paxscreen.messages.pnrgov_reader import PnrReader
from paxscreen.messages.pnrgov_ssr_segments import read_ssrs
from paxscreen.messages.pnrgov_traveller_groups import (
    create_travellers,
    read_add,
    read_ift,
    read_traveller_group,
)
from paxscreen.messages.pnrgov_travellers import link_infants
from paxscreen.model import Agency, BookingStatus

_TAG, _NAME = attrgetter("tag"), attrgetter("name")  # of a segment, of a group


def read_pnr(reader: PnrReader, group: SegmentGroup) -> None:
    """Fill `reader.builder.booking` from one group 1."""
    booking = reader.builder.booking
    members = in_order_by(group.segments, _TAG)
    children = in_order_by(group.groups, _NAME)
    for segment in members.get("RCI", ()):
        add_locators(reader, segment)
    src = group.trigger
    assert src is not None  # a group 1 opens with its SRC, or the segment that implied it
    if group.implied:
        reader.note(
            "pnrgov.missing-src",
            f"PNR data ({src.tag}) without the SRC that opens a PNR; read as a PNR",
            src,
        )
    if not booking.record_locators:
        reader.note("pnrgov.no-record-locator", "PNR without a record locator (RCI)", src)
    for segment in members.get("DAT", ()):
        _read_dat(reader, segment)
    orgs = members.get("ORG", [])
    for segment in orgs:
        _read_org(reader, segment)
    traveller_groups = children.get("Gr2", ())
    created = [create_travellers(reader, traveller_group) for traveller_group in traveller_groups]
    for traveller_group, indexes in zip(traveller_groups, created, strict=True):
        read_traveller_group(reader, traveller_group, indexes)
    read_ssrs(reader, members.get("SSR", []))
    for segment in group.segments:
        if segment.tag == "IFT":
            read_ift(reader, segment)
        elif segment.tag == "ADD":
            read_add(reader, segment)
        elif segment.tag in ("EBD", "LTS"):
            reader.builder.add_remark(
                kind=segment.tag,
                code=None,
                text=reader.free_text(segment, 0),
                source=reader.source(segment),
                position=reader.where(segment),
            )
    for sequence, itinerary_group in enumerate(children.get("Gr5", ()), start=1):
        read_itinerary_group(reader, itinerary_group, sequence)
    for split_group in children.get("Gr8", ()):
        for segment in split_group.members("RCI"):
            booking.split_locators.extend(
                part[1] for part in segment.elements if len(part) > 1 and part[1]
            )
    for service_group in children.get("Gr9", ()):
        _read_non_air(reader, service_group)
    for history_group in children.get("Gr10", ()):
        read_history_group(reader, history_group)
    _link_infants(reader, group)
    _mark_cancellation(reader, group, orgs)
    for segment in group.unexpected:
        reader.note(
            "pnrgov.unexpected-segment",
            f"segment {segment.tag} does not belong where it stands; ignored",
            segment,
        )


def _read_dat(reader: PnrReader, segment: Segment) -> None:
    """DAT+700:DDMMYY:HHMM (last transaction) +710:DDMMYY (ticket issue), UTC."""
    booking = reader.builder.booking
    for element_index, element in enumerate(segment.elements):
        qualifier, date_text, time_text = (element + ["", "", ""])[:3]
        if qualifier == "700":
            booking.last_changed = reader.utc_time(
                segment, date_text, time_text, element=element_index
            )
        elif qualifier == "710" and booking.ticketing_date is None:
            booking.ticketing_date = reader.date(segment, date_text, element=element_index)


def _read_org(reader: PnrReader, segment: Segment) -> None:
    """`ORG+1A:MUC+iata:pseudo city+city+airline:location+type+country:currency+agent`."""
    elements = segment.elements
    if not any(map(any, elements)):  # an empty ORG: no agency
        return
    # the first two components of the first seven elements, "" where not sent
    org = [(element + ["", ""])[:2] for element in elements[:7]]
    org += [["", ""]] * (7 - len(org))
    reader.builder.booking.agency = Agency(
        system=org[0][0] or None,
        city=org[2][0] or org[0][1] or None,
        iata_number=org[1][0] or None,
        pseudo_city=org[1][1] or None,
        country=org[5][0] or None,
        agent_id=org[6][0] or None,
        sources={"": reader.source(segment)},
    )


def _read_non_air(reader: PnrReader, group: SegmentGroup) -> None:
    """Group 9 (MSG+8 hotel, car ...) kept as a remark: type, place and dates."""
    msg = group.trigger
    assert msg is not None  # a group 9 always opens with its MSG
    service = msg.value(0, 1) or msg.value(0)
    tvl = group.first("TVL")
    details = ""
    if tvl is not None:
        place = ":".join(part for part in tvl.components(1) if part)
        parsed = read_tvl(reader, tvl)
        start = parsed.departure.date().isoformat() if parsed.departure else ""
        details = f" {place} {start} {tvl.value(3)} {tvl.value(4)}".rstrip()
    reader.builder.add_remark(
        kind="NON-AIR",
        code=service or None,
        text=f"service {service}{details}".strip(),
        source=reader.source(msg),
        position=reader.where(msg),
    )


def _link_infants(reader: PnrReader, group: SegmentGroup) -> None:
    if link_infants(reader.builder) and group.trigger is not None:
        reader.note(
            "pnrgov.infant-adult-guessed",
            "infant linked to an adult by order (no INFT or infant DOCS)",
            group.trigger,
            severity=Severity.INFO,
        )


def _mark_cancellation(reader: PnrReader, group: SegmentGroup, orgs: list[Segment]) -> None:
    """SRC + RCI + empty ORG is a cancellation; in an update push, so is SRC + RCI alone.

    A pushed PNR carries all its data, so an update-push PNR without travellers or
    flights can only be one that dropped off the flight; its missing ORG is noted.
    `orgs` are the group's ORG segments, gathered once by `read_pnr`.
    """
    booking = reader.builder.booking
    if not booking.record_locators or booking.travellers or booking.itinerary:
        return
    empty_org = bool(orgs) and all(not any(p for e in org.elements for p in e) for org in orgs)
    trigger = group.trigger
    assert trigger is not None  # a group 1 always opens with its SRC
    if empty_org:
        booking.status = BookingStatus.CANCELLED
    elif not orgs and reader.context.header.function == "141":
        booking.status = BookingStatus.CANCELLED
        reader.note(
            "pnrgov.cancellation-without-org",
            "update-push PNR with only its locators read as cancelled (no empty ORG)",
            trigger,
            severity=Severity.INFO,
        )
    else:
        reader.note("pnrgov.empty-pnr", "PNR without travellers or flights", trigger)


__all__ = ["read_pnr"]
