"""What the tokenizer returns: segments, messages (UNH..UNT) and the interchange.

Segments keep only their character offset; line and column are computed on
request from an index of line starts built once per interchange, because a
20,000-traveller manifest has a quarter of a million segments and almost none of
them is ever pointed at. The PNRGOV reader gives every model object a line and
column, so it builds the index at once, and findings then use the same one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, repeat

from paxscreen.edifact.decoding import is_single_byte
from paxscreen.edifact.delimiters import Delimiters
from paxscreen.findings import Finding, Position, Severity

# what may follow UNZ without being junk: blanks and transport control characters (ETX, EOT, SUB)
BLANK_OR_CONTROL = " \t\r\n\x03\x04\x1a"


def numeric(text: str) -> int | None:
    """An EDIFACT count or number (`0000152` -> 152); None unless 1-15 ASCII digits."""
    text = text.strip()
    if 0 < len(text) <= 15 and text.isascii() and text.isdigit():
        return int(text)
    return None


class Segment:
    """One segment: its tag and its data elements, each a list of components.

    `elements` excludes the tag: in `NAD+FL+++DOE:JOHN`, `elements[0] == ["FL"]` and
    `elements[3] == ["DOE", "JOHN"]`. Release characters are already removed.
    `index` counts the segments of the interchange from 0 (UNB, or the first segment
    when there is no UNB; UNA is not a segment); `offset` is the character offset of
    the tag in the decoded text.

    Components are split lazily: for a segment without release characters the
    tokenizer hands over its text split on the element separator, tag first
    (`parts`), and `value()` reads a component straight from it. Most segments
    are read once, a component or two at a time, so building a list per element
    up front was the tokenizer's largest cost.
    """

    __slots__ = ("tag", "index", "offset", "_elements", "_parts", "_component")

    def __init__(
        self,
        tag: str,
        elements: list[list[str]] | None = None,
        index: int = 0,
        offset: int = 0,
        parts: list[str] | None = None,
        component_separator: str = ":",
    ) -> None:
        self.tag = tag
        self.index = index
        self.offset = offset
        self._elements = elements if elements is not None or parts is not None else []
        self._parts = parts
        self._component = component_separator

    @property
    def elements(self) -> list[list[str]]:
        if self._elements is None:
            parts = (self._parts or [""])[1:]
            self._elements = list(map(str.split, parts, repeat(self._component)))
        return self._elements

    def value(self, element: int, component: int = 0) -> str:
        """The text of one component, "" when the sender left it out."""
        parts = self._parts
        if parts is not None:  # the common, lazily split case: read straight from the text
            try:
                text = parts[element + 1]  # parts[0] is the tag
            except IndexError:
                return ""
            if not component:
                end = text.find(self._component)
                return text if end < 0 else text[:end]
            components = text.split(self._component)
            return components[component] if component < len(components) else ""
        elements = self.elements
        if element < len(elements):
            found = elements[element]
            if component < len(found):
                return found[component]
        return ""

    def components(self, element: int) -> list[str]:
        """All components of one element ([] when absent)."""
        parts = self._parts
        if parts is not None and self._elements is None:  # split just this element
            element += 1
            return parts[element].split(self._component) if element < len(parts) else []
        elements = self.elements
        return elements[element] if element < len(elements) else []

    @property
    def element_count(self) -> int:
        if self._elements is None and self._parts:
            return len(self._parts) - 1
        return len(self.elements)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Segment):
            return NotImplemented
        return (self.tag, self.elements, self.index, self.offset) == (
            other.tag,
            other.elements,
            other.index,
            other.offset,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Segment({self.tag!r}, {self.elements!r}, index={self.index}, offset={self.offset})"

    def __str__(self) -> str:
        parts = self._parts
        if parts is not None:  # not split yet: join the tokenizer's parts (payload hashing)
            if self._component != ":":
                parts = [part.replace(self._component, ":") for part in parts]
            return "+".join([self.tag, *parts[1:]])
        return "+".join([self.tag] + [":".join(element) for element in self.elements])


def segment_texts(segments: Iterable[Segment]) -> list[str]:
    """`str(segment)` of each segment, written in the default separators.

    A segment the tokenizer split in one go (no release character, tag as sent,
    `:` between components) is its parts joined again, done here without a method
    call per segment: payload hashing and PNR fingerprints ask this of every
    segment of every push.
    """
    return [
        "+".join(parts)
        if (parts := segment._parts) is not None
        and segment._component == ":"
        and parts[0] == segment.tag
        else str(segment)
        for segment in segments
    ]


def body_texts(interchange: Interchange, message: EdifactMessage) -> list[str]:
    """`segment_texts(message.body)`, read from the texts the tokenizer kept.

    With the default separators a segment the tokenizer split in one go is
    written exactly as it was sent, so the tokenizer keeps those texts
    (`Interchange._default_texts`, the few released or repaired segments written
    again) and the body's texts are one slice of them, without a call per
    segment. A message that is not a run of the interchange's own segments (a
    reader's copy without some PNRs) is written segment by segment.
    """
    kept = interchange._default_texts
    segments = message.segments
    if kept is None or not _is_run_of(interchange.segments, segments):
        return segment_texts(message.body)
    first, last = segments[0].index, segments[-1].index
    return kept[first + 1 : last + 1 if message.truncated else last]


def _is_run_of(all_segments: list[Segment], segments: list[Segment]) -> bool:
    """True when `segments` is `all_segments[first.index : last.index + 1]`, by identity."""
    first, last = segments[0], segments[-1]
    return (
        last.index - first.index + 1 == len(segments)
        and first.index >= 0
        and last.index < len(all_segments)
        and all_segments[first.index] is first
        and all_segments[last.index] is last
    )


@dataclass(slots=True)
class EdifactMessage:
    """The segments of one message, UNH to UNT inclusive (to the end when truncated)."""

    segments: list[Segment]
    group_header: Segment | None = None  # the UNG of the functional group, if any
    truncated: bool = False  # no UNT: the message stops where the data stopped

    @property
    def header(self) -> Segment:
        return self.segments[0]

    @property
    def reference(self) -> str:
        """UNH 0062, the message reference number."""
        return self.header.value(0)

    @property
    def type(self) -> str:
        """UNH S009 0065 (PAXLST, PNRGOV, CUSRES ...), upper case."""
        return self.header.value(1).strip().upper()

    @property
    def version(self) -> str:
        """UNH S009 version and release as sent, e.g. "D:05B" or "13:1"."""
        version, release = self.header.value(1, 1), self.header.value(1, 2)
        return f"{version}:{release}" if release else version

    @property
    def controlling_agency(self) -> str:
        return self.header.value(1, 3)

    @property
    def association_code(self) -> str:
        return self.header.value(1, 4)

    @property
    def common_access_reference(self) -> str:
        """UNH 0068: ties the parts of a multi-part message together."""
        return self.header.value(2)

    @property
    def sequence(self) -> str:
        """UNH S010 0070, the part number as sent."""
        return self.header.value(3)

    @property
    def first_last(self) -> str:
        """UNH S010 0073: C for the first of several parts, F for the last."""
        return self.header.value(3, 1).strip().upper()

    @property
    def body(self) -> list[Segment]:
        """The segments between UNH and UNT."""
        end = len(self.segments) if self.truncated else len(self.segments) - 1
        return self.segments[1:end]


@dataclass(slots=True)
class Interchange:
    """A tokenized interchange: everything read, plus everything around it kept for audit."""

    raw: bytes
    text: str
    encoding: str
    delimiters: Delimiters
    segments: list[Segment] = field(default_factory=list)
    messages: list[EdifactMessage] = field(default_factory=list)
    una: str | None = None  # the UNA service string as sent
    envelope: str = ""  # Type-B / transport text before UNA/UNB, kept for audit
    trailer: str = ""  # anything after UNZ
    syntax_identifier: str | None = None
    findings: list[Finding] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _positions_asked: int = field(default=0, repr=False)
    _byte_cursor: tuple[int, int] = field(default=(0, 0), repr=False)
    # `segment_texts(segments)` when the tokenizer had it for free (default separators)
    _default_texts: list[str] | None = field(default=None, repr=False, compare=False)

    @property
    def header(self) -> Segment | None:
        """The UNB, when the interchange has one."""
        first = self.segments[0] if self.segments else None
        return first if first is not None and first.tag == "UNB" else None

    @property
    def sender(self) -> str:
        return self.header.value(1).strip() if self.header else ""

    @property
    def recipient(self) -> str:
        return self.header.value(2).strip() if self.header else ""

    @property
    def control_reference(self) -> str:
        """UNB 0020, the interchange control reference."""
        return self.header.value(4).strip() if self.header else ""

    @property
    def application_reference(self) -> str:
        """UNB 0026 (APIS, IAPI, PNRGOV ...): tells batch from interactive traffic."""
        return self.header.value(6).strip() if self.header else ""

    def following_interchange(self) -> bytes | None:
        """The next interchange when one follows UNZ in the same input (concatenated files)."""
        rest = self.trailer.lstrip(BLANK_OR_CONTROL)
        if not rest.startswith(("UNA", "UNB")):
            return None
        return rest.encode(self.encoding, errors="replace")

    def position(
        self,
        offset: int,
        *,
        segment: int = 0,
        element: int | None = None,
        component: int | None = None,
    ) -> Position:
        """The Position of character `offset` (line/column 1-based, byte offset 0-based)."""
        self._positions_asked += 1
        if self._line_starts is None and self._positions_asked <= 32:
            # a few findings: counting is cheaper than an index
            text = self.text
            line = text.count("\n", 0, offset) + 1
            column = offset - text.rfind("\n", 0, offset)
        else:
            starts = self.line_starts()
            line = bisect_right(starts, offset)  # the lines starting at or before it
            column = offset - starts[line - 1] + 1
        return Position(
            offset=self._byte_offset(offset),
            line=line,
            column=column,
            segment=segment,
            element=element,
            component=component,
        )

    def line_starts(self) -> list[int]:
        """Where each line of the text starts: line k + 1 at `starts[k]` (then len(text) + 1).

        Built once per interchange: line k + 1 starts after the lengths of lines 0..k
        and their k + 1 line feeds, all in C-level iterators (a find loop in Python
        cost as much as the lines it finds).
        """
        if self._line_starts is None:
            lengths = map(len, self.text.split("\n"))
            self._line_starts = list(accumulate(map((1).__add__, lengths), initial=0))
        return self._line_starts

    def _byte_offset(self, offset: int) -> int:
        """Character offset -> byte offset; incremental, as findings come mostly in order."""
        if is_single_byte(self.encoding):
            return offset
        char_at, byte_at = self._byte_cursor
        if offset < char_at:
            char_at, byte_at = 0, 0
        byte_at += len(self.text[char_at:offset].encode(self.encoding, "replace"))
        self._byte_cursor = (offset, byte_at)
        return byte_at

    def position_of(
        self, segment: Segment, element: int | None = None, component: int | None = None
    ) -> Position:
        return self.position(
            segment.offset, segment=segment.index, element=element, component=component
        )

    def add(self, code: str, severity: Severity, message: str, position: Position | None) -> None:
        self.findings.append(Finding(code, severity, message, position))


__all__ = [
    "EdifactMessage",
    "Interchange",
    "Segment",
    "body_texts",
    "numeric",
    "segment_texts",
]
