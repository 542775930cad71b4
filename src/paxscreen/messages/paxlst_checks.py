"""What a PAXLST message means as a whole, and whether it agrees with itself.

Counts that disagree, crew on a passenger list, missing mandatory data: each
becomes a finding and nothing is dropped (GTAS issue #857: do not require CNT;
Astra puts the whole-flight total in every part's CNT). The BGM function decides
what a list does to the travellers it names: close-out lists mark who boarded,
XR and RP remove travellers, XF cancels the flight.
"""

from __future__ import annotations

from paxscreen.edifact import Segment, numeric
from paxscreen.messages.context import MessageContext
from paxscreen.messages.paxlst_codes import CREW_FUNCTIONS, CREW_ROLES, CREW_TOTAL, PASSENGER_TOTAL
from paxscreen.model import Direction, MessageStatus, ParsedMessage, Traveller

# (BGM 1001, 1004) -> boarding status given to every traveller the list names
BOARDING_STATUS = {
    ("266", "CLOB"): "on_board",
    ("266", "CLNB"): "not_on_board",
    ("745", "XR"): "cancelled",
    ("745", "RP"): "removed",
}
_OVERFLIGHT_CREW_LISTS = frozenset({"A", "D"})


def check_traveller(context: MessageContext, traveller: Traveller, nad: Segment) -> None:
    """Missing mandatory data of one traveller (close-out entries need only AVF/ABO)."""
    findings = context.findings
    if nad.value(0).strip().upper() == "ZZZ":
        if not traveller.record_locator and not traveller.passenger_reference:
            findings.warning(
                "paxlst.unidentified-close-out",
                "close-out entry (NAD+ZZZ) has neither RFF+AVF nor RFF+ABO",
                nad,
            )
        return
    if not traveller.name.surname:
        findings.warning("paxlst.missing-name", "traveller NAD has no surname", nad, element=3)
    elif not traveller.name.given_names:
        findings.info(
            "paxlst.no-given-name",
            f"traveller {traveller.name.surname} has no given name (mononym or left out)",
            nad,
        )
    if traveller.date_of_birth is None:
        findings.warning(
            "paxlst.missing-birth-date", f"no date of birth for {traveller.name.raw!r}", nad
        )
    if not traveller.documents:
        findings.warning(
            "paxlst.missing-document", f"no travel document for {traveller.name.raw!r}", nad
        )
    if traveller.nationality is None:
        findings.info("paxlst.missing-nationality", f"no NAT for {traveller.name.raw!r}", nad)


def finish_message(
    context: MessageContext,
    parsed: ParsedMessage,
    *,
    totals: list[Segment],
    two_digit_births: list[Segment],
) -> None:
    """Apply the BGM function, check roles and CNT totals, set the message status."""
    header = context.header
    function, modifier = header.function or "", header.function_modifier or ""
    status = BOARDING_STATUS.get((function, modifier))
    if status is not None:
        for traveller in parsed.travellers:
            traveller.boarding_status = status
    if function == "266" and modifier == "XF":
        for flight in parsed.flights:
            flight.cancelled = True
    if function == "250" and modifier in _OVERFLIGHT_CREW_LISTS:
        for flight in parsed.flights:
            flight.direction = Direction.OVERFLIGHT
    _check_roles(context, parsed, function)
    _check_totals(context, parsed, totals)
    if two_digit_births:
        context.findings.info(
            "paxlst.century-guessed",
            f"{len(two_digit_births)} dates of birth have two-digit years; each century was "
            "chosen so that no birth date lies after the message date",
            two_digit_births[0],
        )
    if not parsed.flights and function != "336":
        context.findings.warning("paxlst.no-flight", "the message names no flight (no TDT)", None)
    if header.status != MessageStatus.FAILED_PARSE:
        header.status = MessageStatus.PARSED


def _check_roles(context: MessageContext, parsed: ParsedMessage, function: str) -> None:
    crew = [item for item in parsed.travellers if item.role in CREW_ROLES]
    passengers = len(parsed.travellers) - len(crew)
    first = context.message.header
    if function in CREW_FUNCTIONS and passengers:
        context.findings.warning(
            "paxlst.passengers-on-crew-list",
            f"crew list (BGM {function}) names {passengers} passengers (NAD+FL/DDU)",
            first,
        )
    if function == "745" and crew:
        context.findings.warning(
            "paxlst.crew-on-passenger-list",
            f"passenger list (BGM 745) names {len(crew)} crew members (NAD+FM/DDT)",
            first,
        )


def _check_totals(context: MessageContext, parsed: ParsedMessage, totals: list[Segment]) -> None:
    findings = context.findings
    if not totals:
        findings.info("paxlst.no-cnt", "no CNT total to check the traveller count against", None)
        return
    crew = sum(1 for item in parsed.travellers if item.role in CREW_ROLES)
    counted = {PASSENGER_TOTAL: len(parsed.travellers) - crew, CREW_TOTAL: crew}
    header = context.header
    multipart = header.last_part is not True or (header.part_number or 1) > 1
    for segment in totals:
        qualifier, declared = segment.value(0).strip(), segment.value(0, 1).strip()
        if not declared and segment.value(1).strip():
            declared = segment.value(1).strip()
            findings.warning(
                "paxlst.cnt-separator",
                f"CNT {qualifier} total is in a second element ({segment}); read as {declared}",
                segment,
            )
        total = numeric(declared)
        if qualifier not in counted or total is None:
            findings.warning(
                "paxlst.bad-cnt", f"CNT {segment} is not a 41/42 total with a number", segment
            )
            continue
        if qualifier == CREW_TOTAL and header.function == "745":
            findings.warning(
                "paxlst.crew-total-on-passenger-list",
                f"CNT+41 (crew total) on a passenger list: {total} declared, "
                f"{counted[PASSENGER_TOTAL]} passengers read",
                segment,
            )
            continue
        actual = counted[qualifier]
        if total == actual:
            continue
        what = "passengers" if qualifier == PASSENGER_TOTAL else "crew members"
        if multipart and total > actual:
            findings.info(
                "paxlst.cnt-flight-total",
                f"CNT declares {total} {what}, this part holds {actual}: "
                "probably the whole flight's total",
                segment,
            )
        else:
            findings.warning(
                "paxlst.cnt-mismatch",
                f"CNT declares {total} {what} but the message holds {actual}",
                segment,
            )


__all__ = ["BOARDING_STATUS", "check_traveller", "finish_message"]
