"""Where to mask in a PNRGOV XML document: card numbers and withheld elements.

The XML reader reports a withheld SSR or remark by the byte offset of its start
tag (expat's `CurrentByteIndex`). From there a small scanner walks the element
and its descendants over the raw bytes: attribute values and character data are
masked, markup never is, so the document stays well formed (an entity such as
`&amp;` is data and becomes plain mask characters). The document was already
read by defusedxml before any of this runs, so the scanner meets only
well-formed input; it still stops at the end of the bytes rather than trust that.

What is masked:
- `AccountNbr` attributes (PaymentInfo), as the parser masks card numbers;
- card-like numbers in the attribute values and text of the elements the parser
  reported a card in (`pnrgov.card-in-text`);
- the values and text of elements withheld as sensitive, except their code
  (`SSR_Code`, `Code`), which `Booking.sensitive_codes` keeps anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from paxscreen.findings import Position
from paxscreen.messages.pnrgov_cards import card_number_spans
from paxscreen.privacy.redaction import MASKABLE_DIGIT_RUN, Marks, card_digit_ranges, runs

CARD_ATTRIBUTES = frozenset({b"accountnbr"})
KEPT_ATTRIBUTES = frozenset({b"ssr_code", b"code"})

_TAG = re.compile(rb"<(/?)([^\s/>!?]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>", re.S)
_ATTRIBUTE = re.compile(rb"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CARD_ATTRIBUTE = re.compile(
    rb"(?:" + b"|".join(re.escape(name) for name in sorted(CARD_ATTRIBUTES)) + rb")\s*=", re.I
)
_ALL_BUT_DIGITS_AND_QUOTES = bytes(byte for byte in range(256) if byte not in b"0123456789\"'")
_SPECIAL = ((b"<!--", b"-->", False), (b"<![CDATA[", b"]]>", True), (b"<?", b"?>", False))

# (kind, attribute name or b"", start, end): one attribute value or run of text
Piece = tuple[str, bytes, int, int]


def xml_spans(
    raw: bytes, *, withheld: Sequence[Position], card_in_text: Sequence[Position]
) -> Marks:
    """The byte ranges to mask in `raw` (see the module docstring for what)."""
    cards: list[list[int]] = []
    sensitive: list[list[int]] = []
    for match in _card_attribute_tags(raw):
        if not _may_hold_card(match.group()):
            continue  # most payments: a number the sender masked
        for name, start, end in _attributes(match):
            if name.lower().rsplit(b":", 1)[-1] in CARD_ATTRIBUTES:
                value = raw[start:end].decode("ascii", "replace")
                cards += card_digit_ranges(value, range(start, end), in_text=False)
    for position in withheld:
        sensitive.append(
            [
                index
                for _kind, name, start, end in _element_pieces(raw, position.offset)
                if name.lower().rsplit(b":", 1)[-1] not in KEPT_ATTRIBUTES
                for index in _core(raw, start, end)
            ]
        )
    for position in card_in_text:
        for _kind, _name, start, end in _element_pieces(raw, position.offset):
            value = raw[start:end].decode("latin-1")
            for span_start, span_end in card_number_spans(value):
                offsets = range(start + span_start, start + span_end)
                cards += card_digit_ranges(value[span_start:span_end], offsets, in_text=True)
    return Marks(
        cards=[runs(positions) for positions in cards if positions],
        sensitive=[runs(positions) for positions in sensitive if positions],
    )


def _card_attribute_tags(raw: bytes) -> Iterator[re.Match[bytes]]:
    """The start tags that name a card attribute, found from the attribute name.

    A whole document holds few of them: searching for the name and going back to
    the tag's `<` (never inside a value of well-formed XML) reads far less than
    matching every tag.
    """
    seen: set[int] = set()
    for name in _CARD_ATTRIBUTE.finditer(raw):
        opening = raw.rfind(b"<", 0, name.start())
        if opening < 0 or opening in seen:
            continue
        seen.add(opening)
        tag = _TAG.match(raw, opening)
        if tag is not None and not tag.group(1) and tag.end() > name.start():
            yield tag


def _may_hold_card(tag: bytes) -> bool:
    """False when no attribute value of the start tag holds the 11 digits a card
    number needs to be masked (`card_digit_ranges`: a full number, or more than
    PCI DSS shows), told without reading its attributes one by one: with all but
    digits and quotes left out, a value's digits stand in a row. A tag using both
    quote characters (one may stand inside a value) answers True, for the reading.
    """
    if b'"' in tag and b"'" in tag:
        return True
    return MASKABLE_DIGIT_RUN.search(tag.translate(None, _ALL_BUT_DIGITS_AND_QUOTES)) is not None


def _core(raw: bytes, start: int, end: int) -> range:
    """A value without its surrounding blanks (indentation stays as it is)."""
    value = raw[start:end]
    stripped = value.strip()
    if not stripped:
        return range(0)
    first = start + value.index(stripped[:1])
    return range(first, first + len(stripped))


def _attributes(tag: re.Match[bytes]) -> Iterator[tuple[bytes, int, int]]:
    """Each attribute of a start tag: its name and the byte span of its value."""
    for attribute in _ATTRIBUTE.finditer(tag.group(3)):
        group = 2 if attribute.group(2) is not None else 3
        base = tag.start(3)
        yield attribute.group(1), base + attribute.start(group), base + attribute.end(group)


def _element_pieces(raw: bytes, offset: int) -> list[Piece]:
    """Attribute values and text of the element starting at `offset`, descendants included."""
    first = _TAG.match(raw, offset)
    if first is None or first.group(1):
        return []
    pieces: list[Piece] = [("attribute", name, s, e) for name, s, e in _attributes(first)]
    if first.group(4):  # <Element ... />
        return pieces
    depth, index = 1, first.end()
    while depth and index < len(raw):
        next_tag = raw.find(b"<", index)
        if next_tag < 0:
            break
        if next_tag > index:
            pieces.append(("text", b"", index, next_tag))
        special = _special(raw, next_tag, pieces)
        if special is not None:
            index = special
            continue
        tag = _TAG.match(raw, next_tag)
        if tag is None:
            break
        if tag.group(1):
            depth -= 1
        else:
            pieces += [("attribute", name, s, e) for name, s, e in _attributes(tag)]
            depth += 0 if tag.group(4) else 1
        index = tag.end()
    return pieces


def _special(raw: bytes, at: int, pieces: list[Piece]) -> int | None:
    """Skip a comment or processing instruction, or take a CDATA section as text."""
    for opening, closing, is_text in _SPECIAL:
        if raw.startswith(opening, at):
            end = raw.find(closing, at + len(opening))
            end = len(raw) if end < 0 else end
            if is_text:
                pieces.append(("text", b"", at + len(opening), end))
            return end + len(closing)
    return None


__all__ = ["xml_spans"]
