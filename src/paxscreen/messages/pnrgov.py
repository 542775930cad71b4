"""PNRGOV EDIFACT (10.1 to 19.1, and later versions by tag) -> canonical bookings.

Level 0 says what the push is: `MSG+:22` full push or `MSG+:141` update push,
`TVL` the pushed flight, `EQN` the number of PNRs in the whole push (across
every part). Each `SRC` opens one PNR (group 1), read by `pnrgov_pnr`. The group
grammar is a data table (`pnrgov_groups`), keyed on tags and positions rather
than on the version, so GTAS's failures on out-of-order segments (#801) and on
DOCS outside group 2 (#2082) do not happen here.

Two entry points: `parse_pnrgov_message(context)` is what `messages.dispatch`
calls for a PNRGOV UNH; `parse_pnrgov(raw, ...)` reads raw bytes with options
(card hash key, sensitive-data table, keep sensitive items for inspection).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from paxscreen.edifact import Segment
from paxscreen.findings import Finding, Severity
from paxscreen.messages.context import MessageContext
from paxscreen.messages.pnrgov_booking import BookingBuilder, PnrOptions
from paxscreen.messages.pnrgov_groups import build_groups
from paxscreen.messages.pnrgov_itinerary import read_tvl
from paxscreen.messages.pnrgov_pnr import read_pnr
from paxscreen.messages.pnrgov_reader import PnrReader
from paxscreen.messages.pnrgov_repair import split_run_together
from paxscreen.messages.sensitive import SensitiveTable
from paxscreen.model import Flight, MessageStatus, ParsedMessage

PUSH_FUNCTIONS = {"22": "full push", "141": "update push"}


def parse_pnrgov_message(
    context: MessageContext, *, options: PnrOptions | None = None, **_other: Any
) -> ParsedMessage:
    """One PNRGOV message (UNH..UNT) -> a ParsedMessage with one Booking per PNR.

    `options` is PNRGOV's; options meant for other message types are ignored.
    """
    options = options or PnrOptions()
    today = options.today or context.reference_date
    body = split_run_together(context.message.body, context.findings)
    root = build_groups(body)
    header = context.header
    level0 = PnrReader(context, BookingBuilder(options, findings=context.findings.findings), today)
    flights = _read_level0(level0, root.segments)
    parsed = ParsedMessage(message=header, flights=flights, findings=context.findings.findings)
    pushed = flights[0] if flights else None
    if pushed is not None:
        level0_date = pushed.departure_local.date() if pushed.departure_local else None
        level0.pushed_flight = (pushed.carrier, pushed.number, level0_date)
    for pnr_group in root.children("Gr1"):
        reader = PnrReader(
            context,
            BookingBuilder(options, findings=context.findings.findings),
            today,
            pushed_flight=level0.pushed_flight,
        )
        read_pnr(reader, pnr_group)
        booking = reader.builder.booking
        booking.push_function = header.function
        booking.pushed_flight = pushed.designator if pushed else None
        booking.message_id = header.id
        booking.sources[""] = reader.source(pnr_group.trigger or context.message.header)
        parsed.bookings.append(booking)
    for segment in root.unexpected:
        level0.note(
            "pnrgov.unexpected-segment",
            f"segment {segment.tag} before the first PNR (SRC); ignored",
            segment,
        )
    _check_total(level0, parsed, left_out=options.left_out)
    _redact_withheld(context)
    header.status = MessageStatus.PARSED
    return parsed


def _redact_withheld(context: MessageContext) -> None:
    """Tokenizer findings on a withheld segment lose their text (some quote the segment).

    The tokenizer reports, for instance, an unreleased apostrophe with the 40
    characters before it; on an OSI about a wheelchair that would carry the very
    text the reader withheld into the findings and the JSON output.
    """
    withheld = {
        finding.position.segment
        for finding in context.findings.findings
        if finding.code == "pnrgov.sensitive-withheld" and finding.position is not None
    }
    if not withheld:
        return
    findings = context.interchange.findings
    for number, finding in enumerate(findings):
        if finding.position is not None and finding.position.segment in withheld:
            findings[number] = Finding(
                finding.code,
                finding.severity,
                f"{finding.code} on a segment withheld as sensitive (details withheld)",
                finding.position,
            )


def _read_level0(reader: PnrReader, segments: list[Segment]) -> list[Flight]:
    header = reader.context.header
    flights: list[Flight] = []
    for segment in segments:
        if segment.tag == "MSG":
            header.function = segment.value(0, 1) or segment.value(0) or None
            if header.function not in PUSH_FUNCTIONS:
                reader.note(
                    "pnrgov.unknown-push-function",
                    f"MSG function {header.function!r} is neither 22 (full push) nor "
                    "141 (update push)",
                    segment,
                    element=0,
                )
        elif segment.tag == "EQN":
            total = segment.value(0).strip()
            header.total_parts = int(total) if total.isdigit() else None
        elif segment.tag == "TVL":
            tvl = read_tvl(reader, segment)
            flights.append(
                Flight(
                    carrier=tvl.operating_carrier or tvl.carrier,
                    number=tvl.number,
                    suffix=tvl.suffix,
                    origin=tvl.origin,
                    destination=tvl.destination,
                    departure_local=tvl.departure,
                    arrival_local=tvl.arrival,
                    sources={"": reader.source(segment)},
                )
            )
    if header.function is None:
        reader.note(
            "pnrgov.no-push-function",
            "no level-0 MSG: full or update push unknown",
            reader.context.message.header,
            severity=Severity.INFO,
        )
    if not flights:
        reader.note(
            "pnrgov.no-pushed-flight",
            "no level-0 TVL: the push names no flight",
            reader.context.message.header,
            severity=Severity.INFO,
        )
    return flights


def _check_total(reader: PnrReader, parsed: ParsedMessage, *, left_out: int) -> None:
    """Level-0 EQN counts PNRs across all parts; a single part must hold them all."""
    header = parsed.message
    total = header.total_parts
    single = header.part_number in (None, 1) and header.last_part is not False
    held = len(parsed.bookings) + left_out
    if total is not None and single and total != held:
        reader.note(
            "pnrgov.pnr-count-mismatch",
            f"EQN announces {total} PNRs but the message holds {held}",
            reader.context.message.header,
            severity=Severity.INFO,
        )


def parse_pnrgov(
    raw: bytes,
    *,
    message_id: str | None = None,
    withhold_sensitive: bool = True,
    card_hash_key: bytes | None = None,
    sensitive_table: SensitiveTable | None = None,
    today: dt.date | None = None,
) -> list[ParsedMessage]:
    """Read PNRGOV bytes (EDIFACT or XML) with explicit options.

    Args:
        raw: the bytes as received.
        message_id: id given to the message(s).
        withhold_sensitive: drop SSRs and remarks the sensitive-data table flags
            (counted in `Booking.sensitive_removed`, coded in `sensitive_codes`).
        card_hash_key: key of the HMAC-SHA256 card hash; no hash without it.
        sensitive_table: a deployment's own table instead of the packaged one.
        today: reference date for two-digit years (default: the UNB date, else today).

    Returns:
        One ParsedMessage per message, findings included.

    Raises:
        EdifactSyntaxError: no readable UNH segment.
    """
    from paxscreen.messages.dispatch import parse_interchange

    options = PnrOptions(
        withhold_sensitive=withhold_sensitive,
        card_hash_key=card_hash_key,
        sensitive_table=sensitive_table,
    )
    return parse_interchange(
        raw, message_id=message_id, today=today, parser_options={"options": options}
    )


__all__ = ["PUSH_FUNCTIONS", "parse_pnrgov", "parse_pnrgov_message"]
