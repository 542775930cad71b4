"""SSR segments wherever they stand (groups 1, 2, 5 and 11), dispatched by SSR code.

`SSR+DOCS:HK:1:SQ:::ICN:SIN:/P/KOR/...+::1`: element 0 holds the code, status,
number in party, carrier, board and off points and (component 8 on) the free
text; later elements name travellers (`+::1`) or carry seats (`+36K::1`). The
traveller an SSR belongs to is, in order: the one its reference names, the one
whose group it sits in, the one its text names (`-1PARK/SEJOONMR`), the one the
DOCS name matches, the sole traveller. Sensitive codes (meals, medical) are
withheld before anything else happens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from paxscreen.edifact import Segment
from paxscreen.messages.pnrgov_contacts import contact_from_code
from paxscreen.messages.pnrgov_reader import PnrReader
from paxscreen.messages.pnrgov_travellers import (
    add_frequent_flyer,
    add_traveller,
    apply_doca,
    apply_doco,
    apply_docs,
    find_by_name,
    find_by_reference,
    infant_of,
)
from paxscreen.messages.ssr import (
    Problem,
    parse_doca,
    parse_doco,
    parse_docs,
    parse_fqtv,
    parse_inft,
    parse_tkne,
)
from paxscreen.model import NameSource, Seat
from paxscreen.model.travellers import TravellerRole

NO_SEAT = {"", "XXX", "N"}


@dataclass(slots=True)
class Ssr:
    """One SSR as read: where it stands and what it says."""

    segment: Segment
    code: str
    status: str
    carrier: str
    text: str
    references: list[str]  # traveller references, in element order
    seats: list[tuple[str, str]]  # (seat, traveller reference)
    traveller: int | None  # the traveller of the enclosing group 2, if any
    flight: str | None  # the designator of the enclosing group 5, if any
    segment_sequence: int | None


def read_ssr(
    segment: Segment, *, traveller: int | None, flight: str | None, segment_sequence: int | None
) -> Ssr:
    elements = segment.elements
    head = elements[0] if elements else []
    references: list[str] = []
    seats: list[tuple[str, str]] = []
    for element in elements[1:]:
        seat = element[0].strip() if element else ""
        reference = element[2].strip() if len(element) > 2 else ""
        if reference:
            references.append(reference)
        if seat:
            seats.append((seat, reference))
    return Ssr(
        segment=segment,
        code=(head[0] if head else "").strip().upper(),
        status=head[1] if len(head) > 1 else "",
        carrier=head[3] if len(head) > 3 else "",
        text=":".join(head[8:]).strip(),
        references=references,
        seats=seats,
        traveller=traveller,
        flight=flight,
        segment_sequence=segment_sequence,
    )


def _report(reader: PnrReader, ssr: Ssr, problems: list[Problem]) -> None:
    for problem in problems:
        reader.note(problem.code, f"SSR {ssr.code}: {problem.message}", ssr.segment, element=0)


def target_traveller(
    reader: PnrReader,
    ssr: Ssr,
    *,
    surname: str | None = None,
    given: str | None = None,
    create: bool = False,
) -> int | None:
    """The traveller this SSR is about (see the module docstring for the order)."""
    builder = reader.builder
    for reference in ssr.references:
        index = find_by_reference(builder, reference)
        if index is not None:
            return index
    if ssr.traveller is not None:
        return ssr.traveller
    index = find_by_name(builder, surname, given)
    if index is not None:
        return index
    adults = [i for i, t in enumerate(builder.booking.travellers) if t.role != TravellerRole.INFANT]
    if len(adults) == 1:
        return adults[0]
    if create and surname:
        reader.note(
            "pnrgov.ssr-new-traveller",
            f"SSR {ssr.code} names a traveller not in the booking names; added",
            ssr.segment,
            element=0,
        )
        return add_traveller(
            builder,
            surname=surname,
            given=given or "",
            passenger_type=None,
            reference=None,
            source=reader.source(ssr.segment),
            name_source=NameSource.DOCS,
        )
    if builder.booking.travellers:
        reader.note(
            "pnrgov.ssr-unattached",
            f"SSR {ssr.code} names no traveller of the booking; kept on the booking",
            ssr.segment,
            element=0,
        )
    return None


def _docs(reader: PnrReader, ssr: Ssr) -> None:
    docs = parse_docs(ssr.text, today=reader.today)
    _report(reader, ssr, docs.problems)
    surname, given = docs.surname, docs.given_names
    if docs.named_traveller:
        surname, _, given = docs.named_traveller.partition("/")
    source = reader.source(ssr.segment)
    if docs.is_infant:
        adult = target_traveller(reader, ssr)
        if adult is None:
            adult = target_traveller(reader, ssr, surname=surname, given=given, create=True)
        if adult is not None:
            apply_docs(
                reader.builder,
                infant_of(reader.builder, adult, docs.surname, docs.given_names, source),
                docs,
                source,
            )
        return
    index = target_traveller(reader, ssr, surname=surname, given=given, create=True)
    if index is not None:
        apply_docs(reader.builder, index, docs, source)


def _holder(reader: PnrReader, ssr: Ssr, *, is_infant: bool) -> int | None:
    """The traveller a DOCO/DOCA is about; `/I` at its end means the adult's infant."""
    index = target_traveller(reader, ssr)
    if index is not None and is_infant:
        index = infant_of(reader.builder, index, None, None, reader.source(ssr.segment))
    return index


def _doco(reader: PnrReader, ssr: Ssr) -> None:
    doco = parse_doco(ssr.text, today=reader.today)
    _report(reader, ssr, doco.problems)
    index = _holder(reader, ssr, is_infant=doco.is_infant)
    if index is not None:
        apply_doco(reader.builder, index, doco, reader.source(ssr.segment))


def _doca(reader: PnrReader, ssr: Ssr) -> None:
    doca = parse_doca(ssr.text)
    index = _holder(reader, ssr, is_infant=doca.is_infant)
    if index is not None:
        apply_doca(reader.builder, index, doca, reader.source(ssr.segment))


def _fqtv(reader: PnrReader, ssr: Ssr) -> None:
    read = parse_fqtv(ssr.text, ssr.carrier or None)
    index = target_traveller(reader, ssr)
    if read is None or index is None:
        reader.note(
            "pnrgov.bad-fqtv",
            "SSR FQTV without airline, number or traveller",
            ssr.segment,
            element=0,
        )
        return
    add_frequent_flyer(reader.builder, index, *read, source=reader.source(ssr.segment))


def _contact(reader: PnrReader, ssr: Ssr) -> None:
    contact = contact_from_code(ssr.code[3:4], ssr.text)
    if contact is not None:
        reader.builder.add_contact(
            contact,
            source=reader.source(ssr.segment),
            traveller_index=target_traveller(reader, ssr),
        )


def _inft(reader: PnrReader, ssr: Ssr) -> None:
    surname, given, birth = parse_inft(ssr.text, today=reader.today)
    adult = target_traveller(reader, ssr)
    if adult is None:
        return
    source = reader.source(ssr.segment)
    infant = reader.builder.booking.travellers[
        infant_of(reader.builder, adult, surname, given, source)
    ]
    if birth is not None and infant.date_of_birth is None:
        infant.date_of_birth = birth
        infant.sources["date_of_birth"] = source


def _ticket_holder(reader: PnrReader, ssr: Ssr, number: str | None) -> int | None:
    """Whose ticket a TKNE names: by reference or group, then by a ticket number already
    known, then by the name some systems glue to the end (`... E CLAYMUTHUKRISHN`)."""
    if ssr.references or ssr.traveller is not None:
        return target_traveller(reader, ssr)
    travellers = reader.builder.booking.travellers
    for index, traveller in enumerate(travellers):
        if number and number in traveller.ticket_numbers:
            return index
    words = ssr.text.split()
    last = words[-1] if words else ""
    for index, traveller in enumerate(travellers):
        name = traveller.name
        if last and last in (name.given_names + name.surname, name.surname + name.given_names):
            return index
    return target_traveller(reader, ssr)


def _tkne(reader: PnrReader, ssr: Ssr) -> None:
    number = parse_tkne(ssr.text)
    index = _ticket_holder(reader, ssr, number)
    if number and index is not None:
        traveller = reader.builder.booking.travellers[index]
        if number not in traveller.ticket_numbers:
            traveller.ticket_numbers.append(number)


def _seat(reader: PnrReader, ssr: Ssr) -> None:
    for seat, reference in ssr.seats:
        if seat.upper() in NO_SEAT:
            continue
        index = find_by_reference(reader.builder, reference) if reference else ssr.traveller
        if index is None:
            reader.note("pnrgov.seat-unattached", f"seat {seat} names no traveller", ssr.segment)
            continue
        reader.builder.booking.travellers[index].seats.append(
            Seat(
                flight=ssr.flight,
                seat=seat.lstrip("0") or seat,
                sources={"": reader.source(ssr.segment)},
            )
        )


SSR_READERS: dict[str, Callable[[PnrReader, Ssr], None]] = {
    "DOCS": _docs,
    "DOCO": _doco,
    "DOCA": _doca,
    "FQTV": _fqtv,
    "INFT": _inft,
    "TKNE": _tkne,
    **{code: _contact for code in ("CTCE", "CTCM", "CTCH", "CTCB", "CTCP", "CTCT", "CTCA", "CTCU")},
    **{
        code: _seat
        for code in ("SEAT", "NSST", "NSSA", "NSSW", "RQST", "SMST", "SMSA", "SMSW", "EXST")
    },
}


FULL_DOCS_SLASHES = 6  # a DOCS reaching its date of birth has at least this many


def _join_split_docs(ssrs: list[Ssr]) -> list[Ssr]:
    """A DOCS longer than a line continues in the next DOCS of the same traveller.

    The continuation is the rest of the text: it lacks the leading `/` or, when the
    split fell on a slash, is too short to be a DOCS of its own.
    """
    joined: list[Ssr] = []
    for ssr in ssrs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and ssr.code == previous.code == "DOCS"
            and ssr.text
            and (not ssr.text.startswith("/") or ssr.text.count("/") < FULL_DOCS_SLASHES)
            and previous.references == ssr.references
        ):
            previous.text += ssr.text
            continue
        joined.append(ssr)
    return joined


def read_ssrs(
    reader: PnrReader,
    segments: list[Segment],
    *,
    traveller: int | None = None,
    flight: str | None = None,
    segment_sequence: int | None = None,
) -> None:
    """Read the SSRs of one group; unknown codes become remarks (if not sensitive)."""
    if not segments:  # most groups have none
        return
    ssrs = [
        read_ssr(segment, traveller=traveller, flight=flight, segment_sequence=segment_sequence)
        for segment in segments
    ]
    builder = reader.builder
    table = builder.table
    for ssr in _join_split_docs(ssrs):
        category = table.ssr_category(ssr.code)
        if category is not None and builder.is_withheld(
            ssr.code, category, reader.where(ssr.segment)
        ):
            continue
        handler = SSR_READERS.get(ssr.code)
        if handler is not None:
            handler(reader, ssr)
            continue
        index = target_traveller(reader, ssr) if ssr.references else traveller
        builder.add_remark(
            kind="SSR",
            code=ssr.code or None,
            text=ssr.text,
            source=reader.source(ssr.segment),
            position=reader.where(ssr.segment),
            traveller_index=index,
            segment_sequence=segment_sequence,
        )


__all__ = ["SSR_READERS", "Ssr", "read_ssr", "read_ssrs", "target_traveller"]
