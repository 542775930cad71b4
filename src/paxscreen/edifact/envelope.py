"""Where the EDIFACT starts, and which service characters it uses.

Carriers wrap interchanges in Type-B telexes (SOH, address lines, STX ... ETX),
MQ log lines, byte-order marks and leading blanks. The interchange starts at the
first UNB (or UNH when there is no UNB); a UNA counts only when it stands right
before that header, because "UNA" also occurs inside surnames (OZUNA). Everything
before is the envelope, kept for audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paxscreen.edifact.delimiters import (
    DEFAULT_DELIMITERS,
    Delimiters,
    from_una,
    sniff_delimiters,
    with_sniffed,
)

_UNB = re.compile(r"(?<![A-Za-z0-9])UNB(?=\s?[^A-Za-z0-9\s])")
_UNH = re.compile(r"(?<![A-Za-z0-9])UNH(?=\s?[^A-Za-z0-9\s])")
_UNH_SEPARATOR = re.compile(r"UNH\s?([^A-Za-z0-9\s])")


@dataclass(frozen=True, slots=True)
class Envelope:
    """The outcome of locating the interchange in the text."""

    start: int  # offset of the first segment (UNB, UNH, or the first non-blank character)
    envelope_end: int  # offset where the envelope ends (the UNA, or `start`)
    delimiters: Delimiters
    una: str | None  # the UNA service string advice as sent
    notes: list[tuple[str, str]]  # (finding code, message) about UNA and separators


def locate(text: str) -> Envelope:
    """Find the interchange header and settle the service characters, trusting the data."""
    unb = _UNB.search(text)
    unh = _UNH.search(text)
    if unb is not None and (unh is None or unb.start() < unh.start()):
        anchor = unb.start()
    elif unh is not None:
        anchor = unh.start()
    else:
        anchor = len(text) - len(text.lstrip())
    notes: list[tuple[str, str]] = []
    una_offset, una_chars = _find_una(text, anchor)
    declared = DEFAULT_DELIMITERS
    if una_chars is not None and len(una_chars) == 6:
        declared = from_una(una_chars)
    elif una_chars is not None:
        padded = una_chars + DEFAULT_DELIMITERS.una[3 + len(una_chars) :]
        declared = from_una(padded)
        notes.append(
            (
                "edifact.una-incomplete",
                f"UNA has {len(una_chars)} service characters instead of 6; "
                "the missing ones are read from the UNB",
            )
        )
    delimiters = declared
    if unb is not None and anchor == unb.start():
        sniffed = sniff_delimiters(text, anchor)
        corrected, changes = with_sniffed(declared, sniffed)
        if changes and una_chars is not None:
            notes.append(
                (
                    "edifact.una-contradicted",
                    "UNA contradicts the separators the UNB uses; using the UNB's: "
                    + ", ".join(changes),
                )
            )
        elif changes:
            notes.append(
                (
                    "edifact.separators-detected",
                    "no UNA; separators read from the UNB: " + ", ".join(changes),
                )
            )
        delimiters = corrected
    elif una_chars is None and unh is not None and anchor == unh.start():
        separator = _UNH_SEPARATOR.match(text, anchor)
        if separator is not None and separator.group(1) != declared.element:
            delimiters = Delimiters(element=separator.group(1))
    problems = delimiters.problems()
    if problems:
        notes.append(("edifact.bad-separators", "; ".join(problems) + "; using the defaults"))
        delimiters = DEFAULT_DELIMITERS
    una = text[una_offset : una_offset + 3 + len(una_chars)] if una_chars is not None else None
    envelope_end = una_offset if una_chars is not None else anchor
    return Envelope(anchor, envelope_end, delimiters, una, notes)


def _find_una(text: str, anchor: int) -> tuple[int, str | None]:
    """The UNA right before `anchor` (only blanks between): its offset and characters."""
    offset = text.rfind("UNA", max(0, anchor - 32), anchor)
    if offset < 0:
        return -1, None
    chars = text[offset + 3 : anchor].rstrip(" \t\r\n")
    if not 4 <= len(chars) <= 6:
        return -1, None
    return offset, chars


__all__ = ["Envelope", "locate"]
