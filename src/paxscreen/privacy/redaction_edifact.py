"""Where to mask in an EDIFACT interchange: card numbers and withheld segments.

The interchange is tokenized with the project's own tokenizer, so UNA service
characters, release characters, the Type-B envelope and the character set are
read exactly as the parsers read them. Each segment of interest is then walked
character by character from its tag: masks cover data characters only (a
release character and the character it releases count as data together), never
a separator or a terminator, so the redacted interchange tokenizes into the same
segments, elements and components.

What is masked:
- `FOP` card numbers (component 4 of each element), as the parser masks them;
- card-like numbers (`card_number_spans`) in free-text segments (`IFT` remarks,
  `FTX`, `LTS`, `EBD`) and in the segments the parser reported a card in;
- the data of segments the parser withheld as sensitive, except the SSR code
  (kept, like `Booking.sensitive_codes`) and the IFT qualifier.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from itertools import accumulate, compress
from operator import attrgetter
from typing import NamedTuple

from paxscreen.edifact import Interchange, Segment, tokenize
from paxscreen.edifact.decoding import is_single_byte
from paxscreen.edifact.delimiters import TERMINATOR_TWINS, Delimiters
from paxscreen.findings import Position
from paxscreen.messages.pnrgov_cards import card_number_spans
from paxscreen.messages.pnrgov_contacts import contact_from_osi
from paxscreen.privacy.redaction import Marks, card_digit_ranges, runs

FREE_TEXT_TAGS = frozenset({"IFT", "FTX", "LTS", "EBD"})
SPONSOR = "4:43"  # IFT 4:43 names the payer: a name and address, read as such
HISTORY_ACTION_END = frozenset({"SAC", "ABI", "SRC", "TVL", "UNT"})
CARD_COMPONENT = 4  # FOP+CC::amount:brand:NUMBER:expiry
MIN_CARD_DIGITS = 13  # the shortest card number `card_number_spans` looks for
_WALKED_TAGS = FREE_TEXT_TAGS | {"FOP"}
_TAG = attrgetter("tag")
_NOT_DIGIT = re.compile(r"\D")


class _Component(NamedTuple):  # a tuple: built for every component walked, cheaply
    element: int
    component: int
    start: int  # character offsets in the decoded text
    end: int


def edifact_spans(
    raw: bytes,
    *,
    withheld: Sequence[Position],
    card_in_text: Sequence[Position],
    interchange: Interchange | None = None,
) -> Marks:
    """The byte ranges to mask in `raw` (see the module docstring for what).

    `interchange` is `raw` already tokenized, when the caller has it.
    """
    if interchange is None:
        interchange = tokenize(raw)
    text = interchange.text
    withheld_segments = {position.segment for position in withheld}
    card_segments = _card_text_segments(interchange, {p.segment for p in card_in_text})
    cards: list[list[int]] = []
    sensitive: list[list[int]] = []
    for segment in _candidates(interchange.segments, withheld_segments | card_segments):
        is_withheld = segment.index in withheld_segments
        if (
            segment.tag in FREE_TEXT_TAGS
            and not is_withheld
            and segment.index not in card_segments
            and _digit_count(str(segment)) < MIN_CARD_DIGITS
        ):
            continue  # most remarks: too few digits for a card number, nothing to walk
        components = _components(text, segment, interchange)
        if is_withheld:
            sensitive.append(_withheld_characters(segment.tag, components))
        elif segment.tag == "FOP":
            cards += _fop_cards(text, components)
        if not is_withheld and (segment.tag != "FOP" or segment.index in card_segments):
            # a FOP is free text only where the parser reported a card in it
            in_text = _text_cards(text, components)  # rare: the cheap test goes first
            if in_text and _is_free_text(segment, card_segments):
                cards += in_text
    to_bytes = _byte_ranges(interchange)
    return Marks(
        cards=[to_bytes(positions) for positions in cards if positions],
        sensitive=[to_bytes(positions) for positions in sensitive if positions],
    )


def _candidates(segments: list[Segment], indexes: set[int]) -> list[Segment]:
    """The segments that may hold something to mask, in order: FOP and free-text
    segments (picked by tag at C speed) and those with one of `indexes`."""
    walked = map(_WALKED_TAGS.__contains__, map(_TAG, segments))
    picked = compress(range(len(segments)), walked)
    if not indexes:
        return [segments[number] for number in picked]
    return [segments[number] for number in sorted({*picked, *_places(segments, indexes)})]


def _places(segments: list[Segment], indexes: set[int]) -> list[int]:
    """Where in `segments` those with one of `indexes` stand, in order (a segment's
    index is its place in the interchange's list; checked, with a scan when it is not)."""
    places = sorted(index for index in indexes if 0 <= index < len(segments))
    if len(places) == len(indexes) and all(segments[place].index == place for place in places):
        return places
    return [number for number, segment in enumerate(segments) if segment.index in indexes]


def _digit_count(text: str) -> int:
    """How many characters `_NOT_DIGIT` keeps (ASCII text: ten C-level counts)."""
    if text.isascii():
        return sum(map(text.count, "0123456789"))
    return len(_NOT_DIGIT.sub("", text))


def _card_text_segments(interchange: Interchange, reported: set[int]) -> set[int]:
    """Segments the parser found a card in; for a history action (SAC), its lines too."""
    found = set(reported)
    segments = interchange.segments
    for number in _places(segments, reported) if reported else ():
        if segments[number].tag == "SAC":
            for following in segments[number + 1 :]:
                if following.tag in HISTORY_ACTION_END:
                    break
                found.add(following.index)
    return found


def _is_free_text(segment: Segment, card_segments: set[int]) -> bool:
    if segment.index in card_segments:
        return True
    if segment.tag != "IFT":
        return segment.tag in FREE_TEXT_TAGS
    # contacts and sponsors are read as phone numbers and names, never scrubbed
    # by the parser: masking a Luhn-valid phone number there would lose it
    qualifier = ":".join(part for part in segment.components(0)[:2] if part)
    free_text = " ".join(":".join(p for p in element if p) for element in segment.elements[1:])
    contact = contact_from_osi(free_text.strip())
    return qualifier != SPONSOR and (contact is None or contact.kind not in ("email", "phone"))


def _components(text: str, segment: Segment, interchange: Interchange) -> list[_Component]:
    """Every data component of the segment with its character span (the tag excluded)."""
    delimiters = interchange.delimiters
    special = _special_characters(delimiters)
    index = segment.offset + len(segment.tag)
    if index >= len(text) or text[index] != delimiters.element:
        return []
    found: list[_Component] = []
    append = found.append
    release, element_separator = delimiters.release, delimiters.element
    component_separators = (delimiters.component, delimiters.repetition)
    element, component, start = 0, 0, index + 1
    for match in special.finditer(text, index + 1):
        char = match.group()
        if char[0] == release:
            continue  # a released character is data
        append(_Component(element, component, start, match.start()))
        if char == element_separator:
            element, component = element + 1, 0
        elif char in component_separators:
            component += 1
        else:  # the terminator (or its typographic twin)
            return found
        start = match.end()
    append(_Component(element, component, start, len(text)))
    return found


@functools.cache
def _special_characters(delimiters: Delimiters) -> re.Pattern[str]:
    """Separators, terminators, and a release character with what it releases."""
    terminators = {delimiters.terminator, TERMINATOR_TWINS.get(delimiters.terminator, "")}
    separators = {delimiters.element, delimiters.component, delimiters.repetition}
    singles = "".join(sorted((terminators | separators) - {""}))
    release = f"{re.escape(delimiters.release)}.|" if delimiters.release else ""
    return re.compile(f"{release}[{re.escape(singles)}]", re.DOTALL)


def _withheld_characters(tag: str, components: list[_Component]) -> list[int]:
    """Every data character of a withheld segment but its SSR code or IFT qualifier."""
    kept = {(0, 0)} if tag == "SSR" else set()
    return [
        position
        for part in components
        if (part.element, part.component) not in kept and not (tag == "IFT" and part.element == 0)
        for position in range(part.start, part.end)
    ]


def _fop_cards(text: str, components: list[_Component]) -> list[list[int]]:
    cards: list[list[int]] = []
    for part in components:
        if part.component == CARD_COMPONENT and part.end > part.start:
            value = text[part.start : part.end]
            offsets = range(part.start, part.end)
            cards += card_digit_ranges(value, offsets, in_text=False)
    return cards


def _text_cards(text: str, components: list[_Component]) -> list[list[int]]:
    """Card-like numbers in the segment's text, also across element boundaries."""
    if not components:
        return []
    start, end = components[0].start, components[-1].end
    # all but digits read as blanks (separators too): a number the sender wrapped
    # over two elements still counts, as it does in the parser's joined text
    view = _NOT_DIGIT.sub(" ", text[start:end])
    cards = []
    for span_start, span_end in card_number_spans(view):
        offsets = range(start + span_start, start + span_end)
        cards += card_digit_ranges(view[span_start:span_end], offsets, in_text=True)
    return cards


def _byte_ranges(interchange: Interchange) -> Callable[[list[int]], list[tuple[int, int]]]:
    """A function from character positions to byte ranges in the raw bytes."""
    text, encoding = interchange.text, interchange.encoding
    if is_single_byte(encoding):
        return runs
    ends = list(accumulate(len(char.encode(encoding, "replace")) for char in text))

    def to_bytes(positions: list[int]) -> list[tuple[int, int]]:
        ranges = [(ends[p] - len(text[p].encode(encoding, "replace")), ends[p]) for p in positions]
        return runs(byte for start, end in ranges for byte in range(start, end))

    return to_bytes


__all__ = ["FREE_TEXT_TAGS", "edifact_spans"]
