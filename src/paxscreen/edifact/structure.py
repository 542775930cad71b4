"""Service-segment structure: which segments form which message, and do the counts agree.

Trailer counts (UNT, UNE, UNZ) are wrong in much real traffic (zero-padded, stale,
or missing); a mismatch is reported and never costs a message its data.
"""

from __future__ import annotations

from paxscreen.edifact.segments import EdifactMessage, Interchange, Segment, numeric
from paxscreen.findings import Severity


def group_messages(interchange: Interchange) -> None:
    """Fill `interchange.messages` from its segments and report envelope problems.

    Only service segments (tags starting "UN") and the gaps between them are looked
    at; the message bodies are sliced, not walked.
    """
    segments = interchange.segments
    # a slice and ==, not str.startswith: its argument parsing cost more than the rest
    service = [number for number, segment in enumerate(segments) if segment.tag[:2] == "UN"]
    group: Segment | None = None
    opened: int | None = None  # index of the open message's UNH
    opened_group: Segment | None = None
    group_message_count = 0
    groups = 0
    saw_unz = False
    previous_end = 0  # first index after the last service segment or closed message
    for number in service:
        segment = segments[number]
        tag = segment.tag
        if opened is None and tag in ("UNH", "UNT", "UNG", "UNE", "UNZ", "UNB"):
            _report_outside(interchange, segments[previous_end:number])
        if tag == "UNH":
            if opened is not None:
                _close(interchange, segments[opened:number], opened_group, truncated=True)
            opened, opened_group = number, group
            group_message_count += 1
        elif opened is not None:
            if tag == "UNT":
                _close(interchange, segments[opened : number + 1], opened_group, truncated=False)
                opened = None
        elif tag == "UNG":
            group, groups, group_message_count = segment, groups + 1, 0
        elif tag == "UNE":
            _check_count(interchange, segment, group_message_count, "UNE", "messages in the group")
            group = None
        elif tag == "UNZ":
            saw_unz = True
            expected = groups if groups else len(interchange.messages)
            _check_count(interchange, segment, expected, "UNZ", "messages or groups")
            _check_reference(interchange, segment, interchange.control_reference, "UNZ", "UNB")
        elif tag != "UNB" or segment.index != 0:
            _report_outside(interchange, [segment])
        if opened is None:
            previous_end = number + 1
    if opened is not None:
        _close(interchange, segments[opened:], opened_group, truncated=True)
    else:
        _report_outside(interchange, segments[previous_end:])
    if interchange.header is not None and not saw_unz:
        last = segments[-1]
        interchange.add(
            "edifact.missing-unz",
            Severity.WARNING,
            "interchange has no UNZ trailer: the data may be truncated",
            interchange.position(last.offset, segment=last.index),
        )


def _report_outside(interchange: Interchange, strays: list[Segment]) -> None:
    for segment in strays:
        interchange.add(
            "edifact.segment-outside-message",
            Severity.WARNING,
            f"{segment.tag} segment outside any UNH..UNT message; ignored",
            interchange.position_of(segment),
        )


def _close(
    interchange: Interchange, segments: list[Segment], group: Segment | None, *, truncated: bool
) -> None:
    message = EdifactMessage(segments, group_header=group, truncated=truncated)
    interchange.messages.append(message)
    if truncated:
        last = segments[-1]
        interchange.add(
            "edifact.truncated-message",
            Severity.WARNING,
            f"message {message.reference!r} has no UNT: read up to its last complete segment",
            interchange.position(last.offset, segment=last.index),
        )
        return
    trailer = segments[-1]
    _check_count(interchange, trailer, len(segments), "UNT", "segments from UNH to UNT")
    _check_reference(interchange, trailer, message.reference, "UNT", "UNH")


def _check_count(
    interchange: Interchange, segment: Segment, actual: int, tag: str, what: str
) -> None:
    declared = segment.value(0).strip()
    if numeric(declared) == actual:
        return
    shown = repr(declared) if declared else "nothing"
    interchange.add(
        f"edifact.{tag.lower()}-count",
        Severity.WARNING,
        f"{tag} declares {shown} but there are {actual} {what}",
        interchange.position_of(segment, element=0),
    )


def _check_reference(
    interchange: Interchange, segment: Segment, expected: str, tag: str, header: str
) -> None:
    declared = segment.value(1).strip()
    if declared == expected.strip():
        return
    if not declared:
        message = f"{tag} carries no reference (the {header} says {expected!r})"
        severity = Severity.INFO
    else:
        message = f"{tag} reference {declared!r} differs from the {header}'s {expected!r}"
        severity = Severity.WARNING
    interchange.add(
        f"edifact.{tag.lower()}-reference", severity, message, interchange.position_of(segment, 1)
    )


__all__ = ["group_messages"]
