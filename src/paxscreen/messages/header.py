"""The model `Message` header read from UNB, UNG and UNH, shared by every message type.

Multi-part identification follows UNH: 0068 common access reference ties the
parts together, S010 0070 numbers them and 0073 marks C (first of several) and F
(final). A message without S010 is its own single, last part; a numbered part
without an indicator is last only when it says F, and unknown when it is part 1.
"""

from __future__ import annotations

import datetime as dt

from paxscreen.edifact import EdifactMessage, Interchange, Segment, numeric
from paxscreen.messages.context import FindingSink
from paxscreen.model import Message, MessageType

_TYPES = {member.value: member for member in MessageType}


def build_header(
    interchange: Interchange,
    message: EdifactMessage,
    message_id: str | None,
    sink: FindingSink,
    *,
    today: dt.date | None = None,
) -> tuple[Message, dt.date]:
    """The Message header and the reference date for two-digit years."""
    unb = interchange.header
    prepared_at = _prepared_at(unb, sink) if unb is not None else None
    part_number, last_part = _parts(message, sink)
    header = Message(
        raw=interchange.raw,
        id=message_id,
        sender=interchange.sender or None,
        recipient=interchange.recipient or None,
        type=_TYPES.get(message.type, MessageType.UNKNOWN),
        version=message.version or None,
        interchange_reference=interchange.control_reference or None,
        message_reference=message.reference or None,
        common_access_reference=message.common_access_reference or None,
        part_number=part_number,
        last_part=last_part,
        prepared_at=prepared_at,
    )
    reference_date = prepared_at.date() if prepared_at else (today or dt.date.today())
    for segment in (unb, message.group_header):
        if segment is not None:
            _check_padding(segment, sink)
    return header, reference_date


def _check_padding(segment: Segment, sink: FindingSink) -> None:
    """Sender and recipient ids with blanks around them (` DHS`) are read trimmed."""
    for element, role in ((1, "sender"), (2, "recipient")):
        value = segment.value(element)
        if value != value.strip():
            sink.info(
                "messages.padded-identifier",
                f"{segment.tag} {role} {value!r} has blanks around it; read as {value.strip()!r}",
                segment,
                element=element,
            )


def _prepared_at(unb: Segment, sink: FindingSink) -> dt.datetime | None:
    """UNB S004: YYMMDD (or CCYYMMDD) and HHMM."""
    date_text, time_text = unb.value(3).strip(), unb.value(3, 1).strip()
    if not date_text:
        return None
    formats = {6: "%y%m%d", 8: "%Y%m%d"}
    try:
        date = dt.datetime.strptime(date_text, formats[len(date_text)]).date()
        time = dt.datetime.strptime(time_text, "%H%M").time() if time_text else dt.time()
    except (KeyError, ValueError):
        sink.warning(
            "messages.bad-preparation-date",
            f"UNB date/time {date_text}:{time_text} is not YYMMDD:HHMM; ignored",
            unb,
            element=3,
        )
        return None
    return dt.datetime.combine(date, time)


def _parts(message: EdifactMessage, sink: FindingSink) -> tuple[int | None, bool | None]:
    sequence, indicator = message.sequence.strip(), message.first_last
    if not sequence and not indicator:
        return 1, True
    part_number = numeric(sequence)
    if sequence and part_number is None:
        sink.warning(
            "messages.bad-part-number",
            f"UNH sequence number {sequence!r} is not a number",
            message.header,
            element=3,
        )
    if indicator == "F":
        return part_number, True
    if indicator == "C":
        return part_number, False
    if indicator:
        sink.warning(
            "messages.bad-part-indicator",
            f"UNH first/last indicator {indicator!r} is neither C nor F",
            message.header,
            element=3,
        )
    return part_number, (None if part_number in (None, 1) else False)


__all__ = ["build_header"]
