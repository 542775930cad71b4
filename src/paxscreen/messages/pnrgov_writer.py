"""Bookings -> PNRGOV EDIFACT, as carriers push them to a passenger information unit.

The demo generator and the tests use this to produce traffic; its shape follows
the IATA PNRGOV implementation guide as real senders apply it (see
`message-formats.md` §3): level 0 names the pushed flight (MSG 22 full push or
141 update push, ORG, TVL, EQN = PNRs across all parts); each PNR is a Gr1 SRC
with RCI, DAT, contact OSIs, ORG and ADD; a Gr2 TIF per traveller with FTI,
REF, SSR DOCS/DOCA, meal and service SSRs, Gr3 TKT/MON/PTK/DAT and Gr4 FOP; a
Gr5 TVL per itinerary segment with codeshare (TRA or a second TVL), RPI, APD,
SSR SEAT and the check-in groups Gr6 DAT / Gr7 TRI TIF SSD TBD; Gr8 EQN+RCI
for divided PNRs and Gr10 ABI/DAT/SAC/IFT history. A cancelled PNR in an
update push is SRC + RCI + an empty ORG. Dates are day first (`DDMMYY`), DOCS
dates `DDMMMYY`, DAT times UTC and TVL times local.

The writer returns text (one interchange per part); callers encode it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from paxscreen.edifact import (
    DEFAULT_DELIMITERS,
    Delimiters,
    MessageHeader,
    SegmentSpec,
    write_interchange,
    write_message,
)
from paxscreen.model import Booking, BookingStatus, Flight, ItinerarySegment, Traveller

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True, slots=True, kw_only=True)
class PnrgovPush:
    """One push of one flight: what level 0 and the envelope say."""

    flight: Flight
    function: str  # "22" full push, "141" update push
    sender: str  # the carrier (UNB sender)
    recipient: str  # the PIU
    prepared_at: dt.datetime  # UTC; UNB date/time, orders pushes
    control_reference: str
    version: str = "13:1"
    system: str = "1A"  # reservation system named by level-0 ORG
    origin_city: str = ""  # ORG city of the sending office
    max_pnrs_per_part: int = 0  # 0: never split into parts
    codeshare_tra: bool = True  # TRA segment (>= 14.1 style) or a second TVL (older)
    delimiters: Delimiters = DEFAULT_DELIMITERS


def ddmmyy(value: dt.date) -> str:
    return f"{value.day:02d}{value.month:02d}{value.year % 100:02d}"


def hhmm(value: dt.datetime) -> str:
    return f"{value.hour:02d}{value.minute:02d}"


def docs_date(value: dt.date) -> str:
    """`30MAY76`: the SSR DOCS/DOCO date form."""
    return f"{value.day:02d}{_MONTHS[value.month - 1]}{value.year % 100:02d}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC) if value.tzinfo else value


def _when(value: dt.datetime | None) -> list[str | None]:
    if value is None:
        return [None, None]
    value = _utc(value)
    return [ddmmyy(value), hhmm(value)]


def _tvl_times(departure: dt.datetime | None, arrival: dt.datetime | None) -> list[str | None]:
    parts: list[str | None] = [None, None, None, None]
    if departure:
        parts[0], parts[1] = ddmmyy(departure), hhmm(departure)
    if arrival:
        parts[2], parts[3] = ddmmyy(arrival), hhmm(arrival)
    return parts


def level0(push: PnrgovPush, total: int) -> list[SegmentSpec]:
    flight = push.flight
    return [
        ("MSG", [[None, push.function]]),
        ("ORG", [[push.sender, push.origin_city or (flight.origin or "")]]),
        (
            "TVL",
            [
                _tvl_times(flight.departure_local, flight.arrival_local),
                flight.origin,
                flight.destination,
                flight.carrier,
                flight.number,
            ],
        ),
        ("EQN", [str(total)]),
    ]


def _tif(traveller: Traveller) -> SegmentSpec:
    name = traveller.name
    given = (
        f"{name.given_names}{name.title or ''}"
        if traveller.passenger_type != "IN"
        else name.given_names
    )
    accompanied = str(traveller.infant_of + 1) if traveller.infant_of is not None else None
    return "TIF", [
        name.surname,
        [given, traveller.passenger_type or "A", traveller.reference_number, accompanied],
    ]


def _osi_email(text: str) -> str:
    return text.upper().replace("@", "//").replace("_", "..")


def _docs_text(traveller: Traveller) -> list[str]:
    texts = []
    for document in traveller.documents:
        sex = traveller.sex or ""
        if traveller.passenger_type == "IN" and sex in ("M", "F"):
            sex += "I"
        birth = traveller.date_of_birth.to_date() if traveller.date_of_birth else None
        given = (document.given_names or "").split()
        texts.append(
            "/".join(
                [
                    "",
                    document.type or "P",
                    document.issuing_state or "",
                    document.number,
                    document.nationality or "",
                    docs_date(birth) if birth else "",
                    sex,
                    docs_date(document.expiry) if document.expiry else "",
                    document.surname or traveller.name.surname,
                    given[0] if given else "",
                    " ".join(given[1:]),
                ]
            ).rstrip("/")
        )
    return texts


def _ssr(
    code: str, carrier: str, text: str = "", *, board: str = "", off: str = "", status: str = "HK"
) -> list[str]:
    return [code, status, "1", carrier, "", "", board, off, text]


def _traveller_group(
    booking: Booking, index: int, traveller: Traveller, carrier: str
) -> list[SegmentSpec]:
    specs: list[SegmentSpec] = [_tif(traveller)]
    specs += [("FTI", [[ff.airline, ff.number]]) for ff in traveller.frequent_flyers]
    for email in booking.emails:
        if email.traveller_index == index:
            specs.append(("IFT", [["4", "28", None, carrier], f"CTCE {_osi_email(email.raw)}"]))
    for phone in booking.phones:
        if phone.traveller_index == index:
            specs.append(("IFT", [["4", "28", None, carrier], f"CTCM {phone.raw}"]))
    if traveller.passenger_reference:
        specs.append(("REF", [[None, traveller.passenger_reference]]))
    specs += [("SSR", [_ssr("DOCS", carrier, text)]) for text in _docs_text(traveller)]
    for infant in booking.travellers:
        if infant.infant_of == index and infant.passenger_type == "IN":
            birth = infant.date_of_birth.to_date() if infant.date_of_birth else None
            born = docs_date(birth) if birth else ""
            text = f"{infant.name.surname}/{infant.name.given_names}/{born}".rstrip("/")
            specs.append(
                ("SSR", [_ssr("INFT", carrier, text), [None, None, traveller.reference_number]])
            )
    for address in booking.addresses:
        if address.traveller_index == index and address.role == "residence":
            parts = (address.country, address.street, address.city, "", address.postcode)
            text = "/R/" + "/".join(part or "" for part in parts)
            specs.append(("SSR", [_ssr("DOCA", carrier, text)]))
    for remark in booking.remarks:
        if remark.kind == "SSR" and remark.traveller_index == index:
            specs.append(("SSR", [_ssr(remark.code or "OTHS", carrier, remark.text)]))
    for ticket in traveller.tickets:
        specs += _ticket_group(
            booking, ticket.number, ticket.fare_amount, ticket.currency, ticket.issue_date, carrier
        )
    return specs


def _ticket_group(
    booking: Booking,
    number: str,
    fare: object,
    currency: str | None,
    issued: dt.date | None,
    carrier: str,
) -> list[SegmentSpec]:
    amount = f"{fare:.2f}" if fare is not None else None
    specs: list[SegmentSpec] = [("TKT", [[number, "T", "1"]])]
    if amount:
        specs.append(("MON", [["B", amount, currency], ["T", amount, currency]]))
    if issued:
        specs.append(("PTK", ["NR", None, [ddmmyy(issued)], carrier, number[:3]]))
        specs.append(("DAT", [["710", ddmmyy(issued)]]))
    for payment in booking.payments:
        specs.append(
            (
                "FOP",
                [
                    [
                        payment.type,
                        None,
                        amount,
                        payment.card_brand,
                        payment.masked_number,
                        payment.card_expiry,
                    ]
                ],
            )
        )
        if payment.card_holder or payment.payer:
            specs.append(("IFT", [["4", "43"], payment.card_holder or payment.payer]))
    return specs


def _segment_group(
    booking: Booking, segment: ItinerarySegment, push: PnrgovPush, equipment: str | None
) -> list[SegmentSpec]:
    carrier = (
        [segment.carrier, segment.operating_carrier]
        if segment.operating_carrier
        else segment.carrier
    )
    specs: list[SegmentSpec] = [
        (
            "TVL",
            [
                _tvl_times(segment.departure_local, segment.arrival_local),
                segment.origin,
                segment.destination,
                carrier,
                [segment.number, segment.class_of_service],
            ],
        ),
    ]
    if segment.operating_carrier and segment.operating_number:
        if push.codeshare_tra:
            specs.append(
                (
                    "TRA",
                    [
                        segment.operating_carrier,
                        [segment.operating_number, segment.class_of_service],
                    ],
                )
            )
        else:
            specs.append(
                (
                    "TVL",
                    [None, None, None, None, [segment.operating_number, segment.class_of_service]],
                )
            )
    specs.append(("RPI", [str(len(booking.travellers)), segment.status or "HK"]))
    if segment.is_pushed_flight and equipment:
        specs.append(("APD", [equipment]))
    if not segment.is_pushed_flight:
        return specs
    designator = push.flight.designator
    requested = [
        (t, s)
        for t in booking.travellers
        for s in t.seats
        if not s.checked_in and s.flight == designator
    ]
    if requested:
        board, off = segment.origin or "", segment.destination or ""
        seats: list[object] = [_ssr("SEAT", push.flight.carrier, board=board, off=off)[:8]]
        seats[0][2] = str(len(requested))  # type: ignore[index]
        seats += [[seat.seat, None, traveller.reference_number] for traveller, seat in requested]
        specs.append(("SSR", seats))  # type: ignore[arg-type]
    specs += _checkin_groups(booking, push)
    return specs


def _checkin_groups(booking: Booking, push: PnrgovPush) -> list[SegmentSpec]:
    designator = push.flight.designator
    checked = [t for t in booking.travellers if t.checkin_status == "checked_in"]
    if not checked:
        return []
    last_change = booking.last_changed
    specs: list[SegmentSpec] = [("DAT", [["2", *_when(last_change)]])]
    for traveller in checked:
        specs.append(
            ("TRI", [None, [traveller.reference_number, None, None, traveller.reference_number]])
        )
        specs.append(_tif(traveller))
        for seat in traveller.seats:
            if seat.checked_in and seat.flight == designator:
                specs.append(("SSD", [seat.seat, None, None, None, "Y"]))
        for bag in traveller.bags:
            if bag.flight == designator and bag.tags:
                weight = f"{bag.weight:.0f}" if bag.weight is not None else None
                tag = bag.tags[0]
                specs.append(
                    (
                        "TBD",
                        [
                            None,
                            [str(bag.count or len(bag.tags)), weight, "700"],
                            None,
                            None,
                            [tag[1:4], tag, str(len(bag.tags)), push.flight.destination],
                        ],
                    )
                )
    return specs


def _history(booking: Booking, carrier: str) -> list[SegmentSpec]:
    specs: list[SegmentSpec] = []
    for entry in booking.history:
        specs.append(("ABI", ["4", [None, entry.agent], None, None, carrier]))
        specs.append(("DAT", [["T", *_when(entry.time)]]))
        specs.append(("SAC", [None, None, entry.action or "A"]))
        specs.append(("IFT", [["4", "19"], entry.description]))
    return specs


def pnr_segments(
    booking: Booking, push: PnrgovPush, *, equipment: str | None = None
) -> list[SegmentSpec]:
    """Gr1 to Gr10 of one PNR (from SRC to its last history line)."""
    locators = []
    for number, locator in enumerate(booking.record_locators):
        first = number == 0 and booking.created is not None
        created = _when(booking.created) if first else [None, None]
        locators.append([locator.system, locator.locator, locator.type, *created])
    specs: list[SegmentSpec] = [("SRC", []), ("RCI", locators)]
    if booking.status is BookingStatus.CANCELLED:
        return [*specs, ("ORG", [])]
    carrier = push.flight.carrier
    dat: list[object] = [["700", *_when(booking.last_changed)]]
    if booking.ticketing_date:
        dat.append(["710", ddmmyy(booking.ticketing_date)])
    specs.append(("DAT", dat))  # type: ignore[arg-type]
    for email in booking.emails:
        if email.traveller_index is None:
            specs.append(("IFT", [["4", "28", None, carrier], f"CTCE {_osi_email(email.raw)}"]))
    for remark in booking.remarks:
        if remark.kind in ("OSI", "RMK"):
            specs.append(
                ("IFT", [["4", "28" if remark.kind == "OSI" else "3", None, carrier], remark.text])
            )
    specs.append(_org(booking))
    for address in booking.addresses:
        if address.role != "residence":
            specs.append(
                (
                    "ADD",
                    [
                        None,
                        [
                            "700",
                            address.street,
                            address.city,
                            address.state,
                            None,
                            address.country,
                            address.postcode,
                        ],
                    ],
                )
            )
    if booking.group_name:  # the group's name travels as a TIF of its own (AIRIMP)
        specs.append(("TIF", [[booking.group_name, "G"]]))
    for index, traveller in enumerate(booking.travellers):
        specs += _traveller_group(booking, index, traveller, carrier)
    for segment in booking.itinerary:
        specs += _segment_group(booking, segment, push, equipment)
    for split in booking.split_locators:
        specs += [("EQN", ["1"]), ("RCI", [[booking.record_locators[0].system, split]])]
    return specs + _history(booking, carrier)


def _org(booking: Booking) -> SegmentSpec:
    agency = booking.agency
    if agency is None:
        return "ORG", [None]
    location = [agency.system, agency.city[:3] if agency.city else agency.pseudo_city]
    identity = [agency.iata_number, agency.pseudo_city] if agency.iata_number else None
    country = [agency.country] if agency.country else None
    return "ORG", [location, identity, None, None, "A", country, agency.agent_id]


def _released(specs: list[SegmentSpec], table: dict[int, str]) -> list[SegmentSpec]:
    """Every value with its special characters released (`O'NEILL` -> `O?'NEILL`)."""
    return [
        (
            tag,
            [
                element.translate(table) if isinstance(element, str)
                else None if element is None
                else [part.translate(table) if part else part for part in element]
                for element in elements
            ],
        )
        for tag, elements in specs
    ]  # fmt: skip


def write_pnrgov(
    push: PnrgovPush, bookings: Sequence[Booking], *, equipment: str | None = None
) -> list[str]:
    """The push as one interchange per part (one part unless `max_pnrs_per_part` splits it)."""
    size = push.max_pnrs_per_part or max(1, len(bookings))
    chunks = [bookings[start : start + size] for start in range(0, len(bookings), size)] or [[]]
    version, release = push.version.split(":")
    departure = push.flight.departure_local
    day = ddmmyy(departure) if departure else ""
    access = f"{push.flight.designator}/{day}/{hhmm(_utc(push.prepared_at))}"
    # A push holds tens of thousands of values: release them with one translation table,
    # then let the writer join them without scanning each value again.
    release_table = str.maketrans(
        {char: push.delimiters.release + char for char in push.delimiters.specials}
    )
    released = replace(push.delimiters, release="")
    texts = []
    for number, chunk in enumerate(chunks, 1):
        multi = len(chunks) > 1
        header = MessageHeader(
            reference=f"{push.control_reference}{number:02d}" if multi else push.control_reference,
            type="PNRGOV",
            version=version,
            release=release,
            agency="IA",
            association=None,
            common_access_reference=access,
            sequence=f"{number:02d}" if multi else None,
            first_last=("F" if number == len(chunks) else "C") if multi else None,
        )
        body = level0(push, len(bookings))
        for booking in chunk:
            body += pnr_segments(booking, push, equipment=equipment)
        message = write_message(header, _released(body, release_table), delimiters=released)
        texts.append(
            write_interchange(
                [message],
                sender=push.sender,
                recipient=push.recipient,
                control_reference=f"{push.control_reference}{number:02d}"
                if multi
                else push.control_reference,
                prepared_at=push.prepared_at,
                syntax="IATA",
                syntax_version="1",
                delimiters=push.delimiters,
            )
        )
    return texts


__all__ = ["PnrgovPush", "ddmmyy", "docs_date", "pnr_segments", "write_pnrgov"]
