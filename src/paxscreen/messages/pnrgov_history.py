"""Groups 10 to 12: the PNR's history (Annex I element 19), which GTAS read and dropped.

`ABI` says who changed the PNR, `DAT` when (UTC), and each `SAC` one action (A
added, X cancelled ...) with what it touched: a name (TIF), an SSR, a history
line (IFT 4:19), bags (TBD) or a flight (group 12 TVL + RPI). History lines are
free text and repeat what was once in the PNR, so the sensitive-data table is
applied to them as to current data: a cancelled AVML is still a religious meal.
"""

from __future__ import annotations

from paxscreen.edifact import Segment
from paxscreen.messages.pnrgov_cards import scrub_card_numbers
from paxscreen.messages.pnrgov_groups import SegmentGroup
from paxscreen.messages.pnrgov_itinerary import read_tvl
from paxscreen.messages.pnrgov_reader import PnrReader
from paxscreen.messages.pnrgov_ssr_segments import read_ssr
from paxscreen.model import HistoryEntry


def read_history_group(reader: PnrReader, group: SegmentGroup) -> None:
    """One ABI (group 10): a HistoryEntry per SAC, or one for the ABI alone."""
    abi = group.trigger
    assert abi is not None  # a group 10 always opens with its ABI
    agent = _first_filled(abi.components(1)) or abi.value(4) or None
    time = None
    for segment in group.segments:
        if segment.tag == "DAT":  # the first DAT: when
            when = segment.components(0)
            if len(when) > 1 and when[1]:
                time = reader.utc_time(
                    segment, when[1], when[2] if len(when) > 2 else "", element=0
                )
            break
    history = reader.builder.booking.history
    actions = [action for action in group.groups if action.name == "Gr11"]
    if not actions:
        history.append(HistoryEntry(time=time, agent=agent, sources={"": reader.source(abi)}))
        return
    for action in actions:
        lines = _action_lines(reader, action)
        if lines is None:
            continue
        sac = action.trigger
        assert sac is not None  # a group 11 always opens with its SAC
        description, masked = scrub_card_numbers(" / ".join(lines))
        if masked:
            reader.note("pnrgov.card-in-text", "card number in a history line masked", sac)
        history.append(
            HistoryEntry(
                action=sac.value(2) or sac.value(0) or None,
                time=time,
                agent=agent,
                description=description,
                sources={"": reader.source(sac)},
            )
        )


def _first_filled(components: list[str]) -> str:
    """The first of the first two components that is not empty (ABI agent: id, else sign)."""
    for component in components[:2]:
        if component:
            return component
    return ""


def _action_lines(reader: PnrReader, action: SegmentGroup) -> list[str] | None:
    """What one SAC touched, as text; None when all of it was withheld as sensitive."""
    lines: list[str] = []
    withheld = 0
    for segment in action.segments:
        line = _describe(reader, segment)
        if line is None:
            withheld += 1
        elif line:
            lines.append(line)
    for flight_group in action.groups:
        if flight_group.name == "Gr12":
            lines.append(_describe_flight(reader, flight_group))
    if withheld and not lines:
        return None
    return lines


def _describe(reader: PnrReader, segment: Segment) -> str | None:
    tag = segment.tag
    if tag == "IFT":  # the common history line
        builder = reader.builder
        text = reader.free_text(segment)
        category = builder.table.text_category(text)
        if category is not None and builder.is_withheld(
            f"HISTORY:{category}", category, reader.where(segment)
        ):
            return None
        return text
    if tag == "SSR":
        builder = reader.builder
        table = builder.table
        position = reader.where(segment)
        ssr = read_ssr(segment, traveller=None, flight=None, segment_sequence=None)
        category = table.ssr_category(ssr.code)
        if builder.is_withheld(ssr.code, category, position):
            return None
        text_category = table.text_category(ssr.text)
        if builder.is_withheld(f"SSR:{text_category}", text_category, position):
            return None
        return f"SSR {ssr.code} {ssr.status} {ssr.text}".strip()
    if tag == "TIF":
        return f"NAME {segment.value(0)}/{segment.value(1)}".strip()
    if tag == "TBD":
        return f"BAGS {reader.free_text(segment, 0)}"
    return ""


def _describe_flight(reader: PnrReader, group: SegmentGroup) -> str:
    tvl_segment = group.trigger
    assert tvl_segment is not None  # a group 12 always opens with its TVL
    tvl = read_tvl(reader, tvl_segment)
    rpi = group.first("RPI")
    status = rpi.value(1) if rpi is not None else ""
    day = tvl.departure.date().isoformat() if tvl.departure else ""
    return (
        f"FLIGHT {tvl.carrier}{tvl.number} {day} {tvl.origin or ''}-{tvl.destination or ''} "
        f"{status}".strip()
    )


__all__ = ["read_history_group"]
