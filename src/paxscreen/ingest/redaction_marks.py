"""What redaction needs to know about a PNR, remembered by its fingerprint.

A PNR left out of parsing because it equals its current version (the same run
of segments in the next push) still stands in clear in the new raw copy, so the
stored copy must be redacted at the same places: the segments the parser
withheld as sensitive and those it found a card number in. Those places depend
only on the PNR's own segments, which the fingerprint covers exactly, so once a
PNR has been parsed they are kept here as segment offsets from its SRC, and the
next push that repeats it is redacted without reading it again.

A PNRGOV XML PNR is remembered the same way, its elements numbered in document
order (`Position.segment` of the XML reader's findings) from its `PNR` element:
the fingerprint covers every element below it, in order, so the numbers hold in
the next push even where its bytes are laid out differently.

This is a per-process memory with a bound (the oldest entries go first): a
fingerprint not in it (another worker parsed the PNR, or a restart) is simply
parsed again, as before.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from paxscreen.edifact import EdifactMessage
from paxscreen.findings import Finding, Position, Severity

REDACTION_CODES = frozenset({"pnrgov.sensitive-withheld", "pnrgov.card-in-text"})
LIMIT = 200_000  # fingerprints kept; a few hundred bytes each

Marks = tuple[tuple[str, int], ...]  # (finding code, segment offset from the PNR's SRC)
_remembered: OrderedDict[str, Marks] = OrderedDict()


def pnr_starts(message: EdifactMessage) -> list[int]:
    """Segment index of each PNR's SRC, in the order of the message's PNR fingerprints."""
    body_end = len(message.segments) if message.truncated else len(message.segments) - 1
    return [segment.index for segment in message.segments[1:body_end] if segment.tag == "SRC"]


def remember(
    starts: Sequence[int],
    fingerprints: Sequence[str],
    parsed: Iterable[str],
    findings: Iterable[Finding],
) -> None:
    """Keep the marks of the PNRs just parsed (`parsed` fingerprints), from their findings."""
    if len(starts) != len(fingerprints):
        return  # cannot tell the PNRs apart: remember nothing
    wanted = set(parsed)
    marks: dict[str, list[tuple[str, int]]] = {f: [] for f in fingerprints if f in wanted}
    for finding in findings:
        if finding.code not in REDACTION_CODES or finding.position is None:
            continue
        pnr = bisect.bisect_right(starts, finding.position.segment) - 1
        if pnr >= 0 and fingerprints[pnr] in marks:
            marks[fingerprints[pnr]].append((finding.code, finding.position.segment - starts[pnr]))
    for fingerprint, found in marks.items():
        _remembered[fingerprint] = tuple(found)
        _remembered.move_to_end(fingerprint)
    while len(_remembered) > LIMIT:
        _remembered.popitem(last=False)


def recall(fingerprint: str, start: int) -> list[Finding] | None:
    """The redaction findings of a PNR whose SRC is segment `start`; None if not known."""
    marks = _remembered.get(fingerprint)
    if marks is None:
        return None
    return [
        Finding(code, Severity.INFO, "remembered for redaction", Position(segment=start + offset))
        for code, offset in marks
    ]


def forget_all() -> None:
    """Empty the memory (tests)."""
    _remembered.clear()


__all__ = ["REDACTION_CODES", "forget_all", "pnr_starts", "recall", "remember"]
