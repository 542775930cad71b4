"""Service characters (UNA): which characters separate, release and terminate.

A UNA is "UNA" plus exactly six characters. Real traffic also brings five-character
UNAs copied from PDFs, UNAs that contradict the data, and no UNA at all, so the
tokenizer compares what the UNA declares with what the UNB that follows actually
uses (`sniff_delimiters`) and trusts the data when the two disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# "UNB" + data element separator + syntax identifier (4 letters/digits) + component separator
_UNB_HEAD = re.compile(r"UNB(.)([A-Za-z0-9]{4})(.)?")


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The six UNA service characters; `release` and `repetition` may be "" (unused)."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = ""
    terminator: str = "'"

    @property
    def una(self) -> str:
        """The UNA service string advice that declares these characters."""
        return (
            f"UNA{self.component}{self.element}{self.decimal}"
            f"{self.release or ' '}{self.repetition or ' '}{self.terminator}"
        )

    @property
    def specials(self) -> str:
        """Characters a writer must release inside data values."""
        return "".join(
            char for char in (self.release, self.component, self.element, self.terminator) if char
        ) + (self.repetition or "")

    def problems(self) -> list[str]:
        """Why these characters cannot work together (empty when they can)."""
        found: list[str] = []
        core = [self.component, self.element, self.terminator] + (
            [self.release] if self.release else []
        )
        if len(set(core)) != len(core):
            found.append("separators, release character and terminator are not distinct")
        for name in ("component", "element", "terminator"):
            char = getattr(self, name)
            if char == "\n" and name == "terminator":
                continue  # some senders end each segment with a line break
            if len(char) != 1 or char.isalnum() or char.isspace():
                found.append(f"{name} separator {char!r} is a letter, digit or blank")
        if self.release and (self.release.isalnum() or self.release.isspace()):
            found.append(f"release character {self.release!r} is a letter, digit or blank")
        return found


DEFAULT_DELIMITERS = Delimiters()


def from_una(chars: str) -> Delimiters:
    """Read the six characters after "UNA" (a space for release/repetition means unused)."""
    component, element, decimal, release, repetition, terminator = list(chars[:6])
    return Delimiters(
        component=component,
        element=element,
        decimal=decimal,
        release="" if release == " " else release,
        repetition="" if repetition == " " else repetition,
        terminator=terminator,
    )


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What the UNB (and the segment after it) show about the separators in use."""

    element: str | None = None
    component: str | None = None
    terminator: str | None = None
    syntax_identifier: str | None = None


_NEXT_HEADER = re.compile(r"(?<![A-Za-z0-9])UN[GH](?![A-Za-z0-9])")


def sniff_delimiters(text: str, unb_offset: int) -> Sniffed:
    """Read the separators the UNB at `unb_offset` really uses.

    The character after "UNB" is the data element separator, the one after the
    syntax identifier the component separator, and the terminator is the last
    non-blank character before the next UNG/UNH (or the line break itself when a
    sender terminates segments with new lines).
    """
    head = _UNB_HEAD.match(text, unb_offset)
    if head is None:
        return Sniffed()
    element, syntax_identifier, component = head.group(1), head.group(2), head.group(3)
    if component is not None and (component.isalnum() or component == element):
        component = None
    terminator = None
    following = _NEXT_HEADER.search(text, head.end(), head.end() + 4096)
    if following is not None:
        before = text[head.end() : following.start()]
        stripped = before.rstrip()
        if stripped and not stripped[-1].isalnum() and stripped[-1] not in (element, component):
            terminator = stripped[-1]
        elif len(stripped) < len(before) and before[len(stripped)] in "\r\n":
            terminator = "\n"
    return Sniffed(element, component, terminator, syntax_identifier.upper())


def with_sniffed(declared: Delimiters, sniffed: Sniffed) -> tuple[Delimiters, list[str]]:
    """Delimiters to use when no UNA (or a broken one) was sent: declared, corrected by data."""
    changes: dict[str, str] = {}
    notes: list[str] = []
    for name in ("element", "component", "terminator"):
        seen = getattr(sniffed, name)
        if seen is not None and seen != getattr(declared, name):
            if name == "terminator" and {seen, declared.terminator} <= set(TERMINATOR_TWINS):
                continue  # ' and ’ are both accepted as terminators anyway
            changes[name] = seen
            notes.append(f"{name} separator {getattr(declared, name)!r} -> {seen!r}")
    return replace(declared, **changes), notes


# A terminator and its typographic twin: PDFs turn ' into ’ (and back), so both end a segment.
TERMINATOR_TWINS = {"'": "\u2019", "\u2019": "'"}

__all__ = [
    "DEFAULT_DELIMITERS",
    "TERMINATOR_TWINS",
    "Delimiters",
    "Sniffed",
    "from_una",
    "sniff_delimiters",
    "with_sniffed",
]
