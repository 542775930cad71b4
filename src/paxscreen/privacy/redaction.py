"""Redact the stored raw copy of a message: no full card number, no sensitive text.

The parsers already keep only a masked card number and a keyed hash
(`messages.pnrgov_cards`) and withhold sensitive SSRs and remarks
(`messages.sensitive`), but ingestion also keeps the raw bytes as received, and
those would still hold both. EU PNR Directive art. 13(4) wants sensitive data
deleted on receipt, and GTAS's issue #543 is the public complaint about card
numbers stored in clear. `redact_raw` rewrites the raw copy:

- every full payment card number (form-of-payment fields, and Luhn-valid runs of
  13-19 digits in free text, spaces and dashes allowed) keeps its last four digits;
- the text of every segment or element the parser withheld as sensitive (the
  `pnrgov.sensitive-withheld` findings say where) is overwritten, keeping the SSR
  code, which is what the stored `sensitive_codes` record anyway.

Masks have the same length in bytes, so every `Position` in the findings stays
valid, and they never touch separators, release characters or XML markup, so the
redacted copy parses to the same model. Withheld free text becomes a run of
`REDACTION_MASK`, which the sensitive-data table withholds again (category
`redacted`) when the copy is read a second time. The function is pure and
idempotent: redacting a redacted copy changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paxscreen.edifact import Interchange
from paxscreen.findings import Finding
from paxscreen.messages.pnrgov_cards import MAX_VISIBLE_DIGITS, mask_card_number
from paxscreen.messages.sensitive import REDACTION_MASK
from paxscreen.model import MessageFormat

WITHHELD = "pnrgov.sensitive-withheld"  # the parser's finding for a withheld item
CARD_IN_TEXT = "pnrgov.card-in-text"  # the parser masked a card number in this text
CARD = "card"
# A payment value `card_digit_ranges` masks shows more digits than PCI DSS allows:
# with everything but digits (and separators) taken out, a run of this many. The
# redaction filters skip a payment without one unwalked (`redaction_edifact`,
# `redaction_xml`).
MASKABLE_DIGIT_RUN = re.compile(rb"[0-9]{%d}" % (MAX_VISIBLE_DIGITS + 1))
SENSITIVE = "sensitive"


@dataclass(frozen=True, slots=True)
class Span:
    """Bytes `start` to `end` of the raw message were masked, and why."""

    start: int
    end: int
    reason: str  # CARD or SENSITIVE


@dataclass(frozen=True, slots=True)
class RedactedRaw:
    """The redacted bytes and what was masked (counts, never values)."""

    raw: bytes
    spans: tuple[Span, ...]
    card_numbers_masked: int
    sensitive_segments_masked: int

    @property
    def changed(self) -> bool:
        return bool(self.spans)

    def counts(self) -> dict[str, int]:
        """What the audit trail records: how many of each, never what."""
        return {
            "card_numbers_masked": self.card_numbers_masked,
            "sensitive_segments_masked": self.sensitive_segments_masked,
            "bytes_masked": sum(span.end - span.start for span in self.spans),
        }


def redact_raw(
    raw: bytes,
    *,
    findings: Iterable[Finding],
    format: MessageFormat | str,
    interchange: Interchange | None = None,
) -> RedactedRaw:
    """The raw message with card numbers and withheld sensitive text masked.

    Args:
        raw: the bytes as received (or an already redacted copy: nothing changes).
        findings: the parser's findings for these bytes; `pnrgov.sensitive-withheld`
            and `pnrgov.card-in-text` findings name the segments (EDIFACT, by
            segment index) or elements (XML, by byte offset) to mask.
        format: `edifact` or `xml`, as `ingest.keep.sniff_format` tells.
        interchange: EDIFACT only, `raw` already tokenized (ingestion has it from
            parsing); tokenized here when not given.

    Returns:
        The bytes, same length, with the masked spans and their counts.
    """
    from paxscreen.privacy.redaction_edifact import edifact_spans
    from paxscreen.privacy.redaction_xml import xml_spans

    findings = list(findings)
    withheld = [f.position for f in findings if f.code == WITHHELD and f.position is not None]
    in_text = [f.position for f in findings if f.code == CARD_IN_TEXT and f.position is not None]
    if str(format) == str(MessageFormat.XML):
        marks = xml_spans(raw, withheld=withheld, card_in_text=in_text)
    else:
        marks = edifact_spans(raw, withheld=withheld, card_in_text=in_text, interchange=interchange)
    return apply_marks(raw, marks)


@dataclass(frozen=True, slots=True)
class Marks:
    """Byte ranges to overwrite, gathered by the format-specific scanners.

    Each card is one entry of `cards` (its digits to mask, possibly several
    ranges when separators stand between them); each sensitive item one entry of
    `sensitive`.
    """

    cards: list[list[tuple[int, int]]]
    sensitive: list[list[tuple[int, int]]]


def apply_marks(raw: bytes, marks: Marks) -> RedactedRaw:
    """Overwrite every marked byte with the mask; count only what actually changed."""
    mask = REDACTION_MASK.encode("ascii")[0]
    buffer = bytearray(raw)
    spans: list[Span] = []
    counts = {CARD: 0, SENSITIVE: 0}
    for reason, items in ((SENSITIVE, marks.sensitive), (CARD, marks.cards)):
        for ranges in items:
            changed = False
            for start, end in ranges:
                if any(byte != mask for byte in buffer[start:end]):
                    changed = True
                    buffer[start:end] = bytes([mask]) * (end - start)
                    spans.append(Span(start, end, reason))
            counts[reason] += changed
    spans.sort(key=lambda span: span.start)
    return RedactedRaw(bytes(buffer), tuple(spans), counts[CARD], counts[SENSITIVE])


def card_digit_ranges(value: str, offsets: Sequence[int], *, in_text: bool) -> list[list[int]]:
    """Which characters of `value` to mask, per card (indexes into `offsets`).

    A form-of-payment field is masked the way the parser masks it
    (`mask_card_number`: a full number, or one showing more than PCI DSS allows,
    keeps its last four digits); `in_text` uses the free-text rule the caller
    already applied (`card_number_spans`), so every digit but the last four goes.
    """
    if not in_text and mask_card_number(value) == value.strip():
        return []
    digits = [index for index, char in enumerate(value) if char.isdigit()]
    return [[offsets[index] for index in digits[:-4]]] if len(digits) > 4 else []


def runs(positions: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted positions folded into (start, end) ranges."""
    ranges: list[tuple[int, int]] = []
    for position in sorted(set(positions)):
        if ranges and ranges[-1][1] == position:
            ranges[-1] = (ranges[-1][0], position + 1)
        else:
            ranges.append((position, position + 1))
    return ranges


__all__ = [
    "MASKABLE_DIGIT_RUN",
    "Marks",
    "RedactedRaw",
    "Span",
    "apply_marks",
    "card_digit_ranges",
    "redact_raw",
    "runs",
]
