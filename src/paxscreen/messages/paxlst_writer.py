"""The model -> PAXLST: a Message header, its flights and travellers as an interchange.

Used by the demo generator, the benchmarks and the round-trip tests (what this
writes, `parse_paxlst_message` reads back field for field). It writes the
WCO/IATA air subset in D05B style: BGM, RFF+TN, NAD+MS, per flight TDT with
LOC/DTM legs (125/87 for the border crossing, 92 pairs for the others), per
traveller NAD ATT DTM GEI FTX MEA LOC COM EMP NAT RFF and DOC DTM LOC groups, CNT.
Two-digit years are written only when reading them back gives the same century.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from paxscreen.edifact import (
    DEFAULT_DELIMITERS,
    Delimiters,
    Element,
    MessageHeader,
    SegmentSpec,
    encoding_for_syntax,
    write_interchange,
    write_message,
)
from paxscreen.messages.pnrgov_dates import DateKind, full_year
from paxscreen.model import Direction, Flight, Message, PartialDate, Traveller, TravellerRole

ROLE_CODES = {
    TravellerRole.PASSENGER: "FL",
    TravellerRole.INFANT: "FL",
    TravellerRole.CREW: "FM",
    TravellerRole.TRANSIT_PASSENGER: "DDU",
    TravellerRole.TRANSIT_CREW: "DDT",
}
_CREW = frozenset({TravellerRole.CREW, TravellerRole.TRANSIT_CREW})
_UNITS = {"KG": "KGM", "LB": "LBR"}


def write_paxlst(
    message: Message,
    flights: Sequence[Flight],
    travellers: Sequence[Traveller],
    *,
    syntax: str = "UNOA",
    delimiters: Delimiters = DEFAULT_DELIMITERS,
) -> bytes:
    """The interchange as bytes in the character set `syntax` names."""
    text = format_paxlst(message, flights, travellers, syntax=syntax, delimiters=delimiters)
    return text.encode(encoding_for_syntax(syntax), errors="replace")


def format_paxlst(
    message: Message,
    flights: Sequence[Flight],
    travellers: Sequence[Traveller],
    *,
    syntax: str = "UNOA",
    delimiters: Delimiters = DEFAULT_DELIMITERS,
) -> str:
    """The interchange as text: UNA UNB UNG UNH ... UNT UNE UNZ."""
    version, _, release = (message.version or "D:05B").partition(":")
    prepared_at = message.prepared_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    reference_date = prepared_at.date()
    body = paxlst_segments(message, flights, travellers, reference_date=reference_date)
    sequence, first_last = _part_identification(message)
    header = MessageHeader(
        reference=message.message_reference or "1",
        type="PAXLST",
        version=version,
        release=release or "05B",
        common_access_reference=message.common_access_reference,
        sequence=sequence,
        first_last=first_last,
    )
    text = write_message(header, body, delimiters=delimiters)
    return write_interchange(
        [text],
        sender=message.sender or "SENDER",
        recipient=message.recipient or "RECIPIENT",
        control_reference=message.interchange_reference or "1",
        prepared_at=prepared_at,
        syntax=syntax,
        application_reference="APIS",
        functional_group=("PAXLST", version, release or "05B"),
        delimiters=delimiters,
    )


def _part_identification(message: Message) -> tuple[str | None, str | None]:
    """UNH S010 (sequence, C/F) for the message's part, None for a single message."""
    part, last = message.part_number, message.last_part
    if (part in (None, 1)) and last is True:
        return None, None
    indicator = "F" if last else ("C" if part == 1 and last is False else None)
    return f"{part or 1:02d}", indicator


def paxlst_segments(
    message: Message,
    flights: Sequence[Flight],
    travellers: Sequence[Traveller],
    *,
    reference_date: dt.date,
) -> list[SegmentSpec]:
    """The segments between UNH and UNT."""
    close_out = message.function == "266"
    segments: list[SegmentSpec] = [("BGM", [message.function or "745", message.function_modifier])]
    if message.transaction_reference:
        segments.append(("RFF", [["TN", message.transaction_reference]]))
    if message.reporting_party:
        segments.append(("NAD", ["MS", None, None, message.reporting_party]))
    for flight in flights:
        segments.extend(flight_segments(flight))
    for traveller in travellers:
        segments.extend(traveller_segments(traveller, reference_date, close_out=close_out))
    crew = sum(1 for traveller in travellers if traveller.role in _CREW)
    if len(travellers) - crew or not crew:
        segments.append(("CNT", [["42", str(len(travellers) - crew)]]))
    if crew:
        segments.append(("CNT", [["41", str(crew)]]))
    return segments


def flight_segments(flight: Flight) -> list[SegmentSpec]:
    """TDT and its LOC/DTM stops."""
    mode = "34" if flight.direction == Direction.OVERFLIGHT else "20"
    journey = f"{flight.carrier}{flight.number}{flight.suffix or ''}"
    segments: list[SegmentSpec] = [("TDT", [mode, journey, None, None, flight.carrier])]
    legs = flight.legs
    if not legs:
        if flight.origin:
            segments += _stop("125", flight.origin, "189", flight.departure_local)
        if flight.destination:
            segments += _stop("87", flight.destination, "232", flight.arrival_local)
        return segments
    for leg in legs:
        crossing = leg.origin == flight.origin and leg.destination == flight.destination
        departure, arrival = ("125", "87") if crossing else ("92", "92")
        segments += _stop(departure, leg.origin, "189", leg.departure_local)
        segments += _stop(arrival, leg.destination, "232", leg.arrival_local)
    return segments


def _stop(
    qualifier: str, airport: str, time_qualifier: str, moment: dt.datetime | None
) -> list[SegmentSpec]:
    stop: list[SegmentSpec] = [("LOC", [qualifier, airport])]
    if moment is not None:
        stop.append(("DTM", [[time_qualifier, moment.strftime("%y%m%d%H%M"), "201"]]))
    return stop


def traveller_segments(
    traveller: Traveller, reference_date: dt.date, *, close_out: bool = False
) -> list[SegmentSpec]:
    """Gr4 and its Gr5 document groups for one traveller."""
    name = traveller.name
    role = "ZZZ" if close_out and not name.surname else ROLE_CODES[traveller.role]
    name_element: Element = [name.surname, name.given_names] if name.surname else None
    address = traveller.addresses[0] if traveller.addresses else None
    segments: list[SegmentSpec] = [("NAD", [role, None, None, name_element, address])]
    if traveller.sex:
        segments.append(("ATT", ["2", None, traveller.sex]))
    if traveller.date_of_birth is not None:
        segments.append(
            ("DTM", [_date("329", traveller.date_of_birth, DateKind.BIRTH, reference_date)])
        )
    if traveller.verified is not None:
        segments.append(("GEI", ["4", "173" if traveller.verified else "174"]))
    for bag in traveller.bags:
        segments += [("FTX", ["BAG", None, None, tag]) for tag in bag.tags]
        if bag.count is not None:
            segments.append(("MEA", ["CT", None, [None, str(bag.count)]]))
        if bag.weight is not None:
            unit = _UNITS.get(bag.weight_unit or "", bag.weight_unit)
            segments.append(("MEA", ["WT", None, [unit, str(bag.weight)]]))
    segments += _traveller_locations(traveller)
    contacts = [[phone, "TE"] for phone in traveller.phones]
    contacts += [[email, "EM"] for email in traveller.emails]
    if contacts:
        segments.append(("COM", contacts))
    if traveller.crew_function:
        segments.append(("EMP", ["1", traveller.crew_function]))
    if traveller.nationality:
        segments.append(("NAT", ["2", traveller.nationality]))
    segments += _references(traveller)
    for document in traveller.documents:
        segments.append(("DOC", [document.type, document.number]))
        if document.expiry is not None:
            segments.append(
                (
                    "DTM",
                    [
                        _date(
                            "36",
                            PartialDate.from_date(document.expiry),
                            DateKind.EXPIRY,
                            reference_date,
                        )
                    ],
                )
            )
        if document.issue_date is not None:
            segments.append(
                (
                    "DTM",
                    [
                        _date(
                            "182",
                            PartialDate.from_date(document.issue_date),
                            DateKind.ISSUE,
                            reference_date,
                        )
                    ],
                )
            )
        if document.issuing_state or document.place_of_issue:
            place = [document.issuing_state, None, None, document.place_of_issue]
            segments.append(("LOC", ["91", place]))
    return segments


def _traveller_locations(traveller: Traveller) -> list[SegmentSpec]:
    segments: list[SegmentSpec] = []
    for qualifier, value in (
        ("22", traveller.clearance_airport),
        ("174", traveller.residence_country),
        ("178", traveller.embarkation),
        ("179", traveller.debarkation),
    ):
        if value:
            segments.append(("LOC", [qualifier, value]))
    if traveller.place_of_birth or traveller.birth_country:
        place = [traveller.birth_country, None, None, traveller.place_of_birth]
        segments.append(("LOC", ["180", place]))
    return segments


def _references(traveller: Traveller) -> list[SegmentSpec]:
    pairs = [("AVF", traveller.record_locator), ("ABO", traveller.passenger_reference)]
    pairs += [("SEA", seat.seat) for seat in traveller.seats]
    pairs.append(("AEA", traveller.redress_number))
    pairs += [("CR", item.number) for item in traveller.frequent_flyers]
    pairs += [("YZY", number) for number in traveller.ticket_numbers]
    return [("RFF", [[qualifier, value]]) for qualifier, value in pairs if value]


def _date(qualifier: str, date: PartialDate, kind: DateKind, reference_date: dt.date) -> list[str]:
    """DTM composite: YYMMDD when it reads back to the same century, else a 4-digit form."""
    if date.month is None:
        return [qualifier, f"{date.year:04d}", "602"]
    if date.day is None:
        return [qualifier, f"{date.year:04d}{date.month:02d}", "610"]
    if full_year(date.year % 100, kind=kind, today=reference_date) == date.year:
        return [qualifier, f"{date.year % 100:02d}{date.month:02d}{date.day:02d}"]
    return [qualifier, f"{date.year:04d}{date.month:02d}{date.day:02d}", "102"]


__all__ = ["format_paxlst", "paxlst_segments", "write_paxlst"]
