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
from paxscreen.privacy.redaction import MASKABLE_DIGIT_RUN, Marks, card_digit_ranges, runs

FREE_TEXT_TAGS = frozenset({"IFT", "FTX", "LTS", "EBD"})
SPONSOR = "4:43"  # IFT 4:43 names the payer: a name and address, read as such
HISTORY_ACTION_END = frozenset({"SAC", "ABI", "SRC", "TVL", "UNT"})
CARD_COMPONENT = 4  # FOP+CC::amount:brand:NUMBER:expiry
MIN_CARD_DIGITS = 13  # the shortest card number `card_number_spans` looks for
_WALKED_TAGS = FREE_TEXT_TAGS | {"FOP"}
_TAG = attrgetter("tag")
_NOT_DIGIT = re.compile(r"\D")
_ASCII_DIGITS = b"0123456789"
_CARD_IN_VIEW = re.compile(r"[2-6](?:\D?\d){12}")  # the start of what `card_number_spans` finds


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
    syntax = _syntax(interchange.delimiters)
    cards: list[list[int]] = []
    sensitive: list[list[int]] = []
    segments = interchange.segments
    for place in _candidates(segments, withheld_segments | card_segments):
        segment = segments[place]
        is_withheld = segment.index in withheld_segments
        # a FOP read for its card numbers only needs their components (most segments walked)
        card_only = segment.tag == "FOP" and not is_withheld and segment.index not in card_segments
        read_for_cards_only = card_only or (
            segment.tag in FREE_TEXT_TAGS and not is_withheld and segment.index not in card_segments
        )
        if read_for_cards_only and not _may_hold_card(text, segments, place, syntax):
            continue  # most remarks and payments: nothing to walk
        components = _components(text, segment, syntax, only=CARD_COMPONENT if card_only else None)
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


def _candidates(segments: list[Segment], indexes: set[int]) -> list[int]:
    """Where the segments that may hold something to mask stand, in order: FOP and
    free-text segments (picked by tag at C speed) and those with one of `indexes`."""
    walked = map(_WALKED_TAGS.__contains__, map(_TAG, segments))
    picked = compress(range(len(segments)), walked)
    if not indexes:
        return list(picked)
    return sorted({*picked, *_places(segments, indexes)})


def _places(segments: list[Segment], indexes: set[int]) -> list[int]:
    """Where in `segments` those with one of `indexes` stand, in order (a segment's
    index is its place in the interchange's list; checked, with a scan when it is not)."""
    places = sorted(index for index in indexes if 0 <= index < len(segments))
    if len(places) == len(indexes) and all(segments[place].index == place for place in places):
        return places
    return [number for number, segment in enumerate(segments) if segment.index in indexes]


def _may_hold_card(text: str, segments: list[Segment], place: int, syntax: _Syntax) -> bool:
    """False when the segment cannot give `_fop_cards` (a FOP) or `_text_cards` (free
    text) anything to mask, told from its text without walking its components.

    Free text needs 13 digits for a card (counted in the segment's text and what
    stands before the next tag: release characters and line wraps are not digits).
    Where that text shows the walk ends inside it (`_ends_inside`), the walked
    components are a stretch of it, and a card there is `[2-6]` then 12 digits each
    after at most one other character (`_text_cards` reads every non-digit as a
    blank): absent that, nothing. A FOP card is masked only when its component
    holds at least 11 digits (`card_digit_ranges`: a full number, or more than
    PCI DSS shows): with every character but digits and separators left out of
    ASCII text without release characters, 11 digits in a row.
    Any doubt answers True, for the walk.
    """
    segment = segments[place]
    is_fop = segment.tag == "FOP"
    start = segment.offset
    end = segments[place + 1].offset if place + 1 < len(segments) else len(text)
    if end <= start:  # no text of its own to read: the walk decides (after the digit count)
        return is_fop or _digit_count(str(segment)) >= MIN_CARD_DIGITS
    segment_text = text[start:end]
    if not is_fop and _digit_count(segment_text) < MIN_CARD_DIGITS:
        return False  # most remarks: too few digits, wherever they stand
    if not _ends_inside(segment_text, len(segment.tag) + 1, syntax):
        return True
    if is_fop:
        if not segment_text.isascii() or (syntax.release and syntax.release in segment_text):
            return True
        kept = segment_text.encode("ascii").translate(None, syntax.all_but_digits_and_separators)
        return MASKABLE_DIGIT_RUN.search(kept) is not None
    return _CARD_IN_VIEW.search(segment_text) is not None


def _ends_inside(segment_text: str, data_start: int, syntax: _Syntax) -> bool:
    """Whether the walk from `data_start` surely ends in `segment_text`: it ends, but
    for trailing blanks, with a terminator that no release character stands before."""
    stripped = segment_text.rstrip()
    return (
        len(stripped) > data_start
        and stripped[-1] in syntax.ends
        and (not syntax.release or stripped[-2] != syntax.release)
    )


def _digit_count(text: str) -> int:
    """How many characters `_NOT_DIGIT` keeps (ASCII text: the bytes less their digits)."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data) - len(data.translate(None, _ASCII_DIGITS))
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


class _Syntax(NamedTuple):
    """What the component walk needs of the delimiters, worked out once per interchange."""

    element: str
    component: str
    release: str
    repetition: str
    ends: str  # the terminator and its typographic twin: both end a walk
    special: re.Pattern[str]  # separators, terminators, a release and what it releases
    odd: re.Pattern[str]  # release, repetition, terminators: a segment holding one is walked
    all_but_digits_and_separators: bytes  # ASCII bytes to delete (`_may_hold_card`)


@functools.cache
def _syntax(delimiters: Delimiters) -> _Syntax:
    ends = delimiters.terminator + TERMINATOR_TWINS.get(delimiters.terminator, "")
    separators = {delimiters.element, delimiters.component, delimiters.repetition}
    singles = "".join(sorted((set(ends) | separators) - {""}))
    release = f"{re.escape(delimiters.release)}.|" if delimiters.release else ""
    odd = "".join(sorted({delimiters.release, delimiters.repetition, *ends} - {""}))
    kept = {ord(char) for char in f"0123456789{singles}"}
    return _Syntax(
        element=delimiters.element,
        component=delimiters.component,
        release=delimiters.release,
        repetition=delimiters.repetition,
        ends=ends,
        special=re.compile(f"{release}[{re.escape(singles)}]", re.DOTALL),
        odd=re.compile(f"[{re.escape(odd)}]"),
        all_but_digits_and_separators=bytes(byte for byte in range(128) if byte not in kept),
    )


def _components(
    text: str, segment: Segment, syntax: _Syntax, *, only: int | None = None
) -> list[_Component]:
    """Every data component of the segment with its character span (the tag excluded).

    With `only`, the caller needs components of that number only; the others may
    be left out (they are when the spans are counted rather than walked).
    """
    index = segment.offset + len(segment.tag)
    if index >= len(text) or text[index] != syntax.element:
        return []
    plain = _plain_components(text, segment, syntax, index + 1, only=only)
    return plain if plain is not None else _walked_components(text, index + 1, syntax)


def _plain_components(
    text: str, segment: Segment, syntax: _Syntax, start: int, *, only: int | None
) -> list[_Component] | None:
    """The spans counted from the tokenizer's elements, when the text shows them as sent.

    That is when the elements joined with the separators stand in the text from
    `start`, up to a terminator (or the end), with no release, repetition or
    terminator character among them: then `_walked_components` would meet
    exactly these separators, and its walk (a regex match per separator) can be
    skipped. Anything else (released characters, wrapped lines, a repaired tag)
    returns None, for the walk.
    """
    elements = segment.elements
    joined = syntax.element.join(map(syntax.component.join, elements))
    end = start + len(joined)
    if not text.startswith(joined, start) or (end < len(text) and text[end] not in syntax.ends):
        return None
    separators = joined.count(syntax.element) + joined.count(syntax.component)
    if separators != sum(map(len, elements)) - 1 or syntax.odd.search(joined):
        return None  # a separator inside a value, or a character the walk treats apart
    found: list[_Component] = []
    position = start
    for element, components in enumerate(elements):
        if only is None:
            for component, value in enumerate(components):
                found.append(_Component(element, component, position, position + len(value)))
                position += len(value) + 1
            continue
        if only < len(components):
            first = position + sum(map(len, components[:only])) + only
            found.append(_Component(element, only, first, first + len(components[only])))
        position += sum(map(len, components)) + len(components)
    return found


def _walked_components(text: str, start: int, syntax: _Syntax) -> list[_Component]:
    """The spans found by walking the text from `start` separator by separator."""
    found: list[_Component] = []
    append = found.append
    release, element_separator = syntax.release, syntax.element
    component_separators = (syntax.component, syntax.repetition)
    element, component = 0, 0
    for match in syntax.special.finditer(text, start):
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
