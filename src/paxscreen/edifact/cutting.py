"""Decoded text -> segment texts with offsets: the terminator split and its repairs.

The fast path is one `str.split` plus list comprehensions; a careful piece-by-piece
pass runs only when a terminator is released or a piece does not start with a
segment tag (release parity, an unreleased apostrophe in a name, junk at the end).
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, sub

from paxscreen.edifact.delimiters import Delimiters
from paxscreen.edifact.segments import Interchange
from paxscreen.findings import Severity

# Tags a segment may carry with no data element at all ("SRC'" opens a PNR in
# PNRGOV). Another bare three-letter piece is rather the tail of a value cut by an
# unreleased terminator (D'ORE'), so it is glued back.
_BARE_TAG_TEXT = (
    "UNA UNB UNG UNH UNT UNE UNZ UNS BGM RFF DTM LOC NAD CTA COM TDT ATT MEA GEI FTX "
    "EMP NAT DOC CPI QTY GID CNT AUT ERP ERC MSG ORG TVL EQN SRC RCI SSR DAT IFT ADD "
    "EBD TIF FTI REF FAR TKT MON PTK TXD FOP TRA RPI APD SSD TRI TBD ABI SAC LTS PDT"
)
BARE_TAGS = frozenset(_BARE_TAG_TEXT.split())


def cut_segments(
    interchange: Interchange, body: str, start: int, *, careful: bool = False
) -> tuple[list[str], list[int], int | None, bool]:
    """Split `body` into segment texts and their offsets.

    Returns the texts, their offsets, the offset where the text after UNZ starts
    (None without UNZ) and whether the last segment lacked its terminator. The
    fast cut trusts every piece to be a segment; `build_segments` says when one is
    not, and the tokenizer then cuts again with `careful=True`.
    """
    delimiters = interchange.delimiters
    trailer_offset = None
    unz_end = _find_unz(body, delimiters)
    if unz_end is not None:
        end = body.find(delimiters.terminator, unz_end)
        if end >= 0:
            trailer_offset = start + end + 1
            body = body[:end]
    pieces = body.split(delimiters.terminator)
    unterminated = trailer_offset is None and bool(pieces[-1].strip())
    released = bool(delimiters.release) and delimiters.release + delimiters.terminator in body
    if not careful and released and delimiters.release != delimiters.terminator:
        fast = _cut_released(delimiters, pieces, start)
        if fast is not None:
            return fast[0], fast[1], trailer_offset, unterminated
    if careful or released:
        texts, offsets, junk_offset = _cut_carefully(interchange, pieces, start)
        if junk_offset is not None:
            return texts, offsets, junk_offset, False
        return texts, offsets, trailer_offset, unterminated
    texts, offsets = _texts_and_offsets(pieces, _piece_ends(pieces, start))
    return texts, offsets, trailer_offset, unterminated


def _piece_ends(pieces: list[str], start: int) -> list[int]:
    """Where each piece ends: piece k at start + (lengths of pieces 0..k) + k terminators.

    All in C-level iterators.
    """
    return list(map(add, accumulate(map(len, pieces)), range(start, start + len(pieces))))


def _texts_and_offsets(pieces: list[str], ends: list[int]) -> tuple[list[str], list[int]]:
    """Each piece without its leading blanks, and where that text starts; blank pieces dropped.

    A text starts len(text) characters before its piece's end.
    """
    texts = list(map(str.lstrip, pieces))
    offsets = list(map(sub, ends, map(len, texts)))
    if "" in texts:
        kept = list(compress(range(len(texts)), texts))
        texts = [texts[number] for number in kept]
        offsets = [offsets[number] for number in kept]
    return texts, offsets


def _cut_released(
    delimiters: Delimiters, pieces: list[str], start: int
) -> tuple[list[str], list[int]] | None:
    """The careful cut's result for a body with released terminators, or None.

    A released terminator (`O?'BRIEN`) sent every segment of the message down the
    piece-by-piece loop; here only the pieces ending in the release character are
    looked at. A piece ending in an odd run of it is glued to the next one, as
    `_cut_carefully` does (the run cannot reach back over a terminator, which is not
    the release character). When every text then starts with a tag as that loop
    checks it, the result is the loop's; otherwise (an unreleased terminator, junk
    at the end) None, and the loop runs.
    """
    release, terminator = delimiters.release, delimiters.terminator
    ends = _piece_ends(pieces, start)
    last = len(pieces) - 1
    ending = compress(range(last), map(str.endswith, pieces, repeat(release)))
    carried = [
        number
        for number in ending
        if (len(pieces[number]) - len(pieces[number].rstrip(release))) % 2
    ]
    if carried:
        pieces = pieces.copy()
        for number in reversed(carried):  # backwards, so a chain of carries joins up
            pieces[number : number + 2] = [pieces[number] + terminator + pieces[number + 1]]
            del ends[number]
    texts, offsets = _texts_and_offsets(pieces, ends)
    if not _all_kept(texts, delimiters.element):
        return None
    return texts, offsets


def _all_kept(texts: list[str], element: str) -> bool:
    """True when `_cut_carefully` keeps every text as a segment of its own.

    Nearly every text starts with one of a few dozen four-character heads ("TIF+",
    or "SRC" for a whole text) that settle it, so the heads are checked once each;
    each text is checked (`_is_segment_text`) only when some head is not one of those.
    """
    heads = set(map(itemgetter(slice(0, 4)), texts))
    if all(map(_clean_head(element).fullmatch, heads)):
        return True
    tag_shape = _tag_shape(element)
    return all(_is_segment_text(text, tag_shape) for text in texts)


@functools.cache
def _clean_head(element: str) -> re.Pattern[str]:
    """A text's first four characters that make it a segment whatever follows."""
    return re.compile(rf"[A-Z][A-Z0-9]{{2}}{re.escape(element)}|{'|'.join(sorted(BARE_TAGS))}")


@functools.cache
def _tag_shape(element: str) -> re.Pattern[str]:
    return re.compile(rf"[A-Z][A-Z0-9]{{2}}(?:\s?{re.escape(element)}|\s*$)")


def _is_segment_text(text: str, tag_shape: re.Pattern[str]) -> bool:
    """Whether the cut keeps `text` as a segment: it starts with a tag and the element
    separator (a blank may come between them), or is a known bare tag with nothing
    but blanks after it. `tag_shape` is `_tag_shape` of the element separator."""
    if not tag_shape.match(text):
        return False
    return len(text.rstrip()) != 3 or text[:3] in BARE_TAGS


def _find_unz(body: str, delimiters: Delimiters) -> int | None:
    """Where the first UNZ segment ends its tag: after the start or an unreleased terminator."""
    terminator, release = delimiters.terminator, delimiters.release
    at = body.find("UNZ")
    while at >= 0:
        before = body[max(0, at - 64) : at].rstrip(" \t\r" if terminator == "\n" else None)
        follows = body[at + 3 : at + 5].lstrip()[:1]
        if (not before or before[-1] == terminator) and follows in (
            "",
            delimiters.element,
            terminator,
        ):
            run = len(before) - 1 - len(before[:-1].rstrip(release)) if release and before else 0
            if run % 2 == 0:
                return at + 3
        at = body.find("UNZ", at + 3)
    return None


def _cut_carefully(
    interchange: Interchange, pieces: list[str], start: int
) -> tuple[list[str], list[int], int | None]:
    """The piece-by-piece cut: release parity, unreleased terminators, junk at the end."""
    delimiters = interchange.delimiters
    terminator, release = delimiters.terminator, delimiters.release
    tag_shape = _tag_shape(delimiters.element)
    last = len(pieces) - 1
    texts: list[str] = []
    offsets: list[int] = []
    position = start
    carried: str | None = None
    carried_start = 0
    for number, piece in enumerate(pieces):
        piece_start = position
        position += len(piece) + 1
        if carried is not None:
            piece, piece_start, carried = carried + terminator + piece, carried_start, None
        if release and number < last and piece.endswith(release):
            run = len(piece) - len(piece.rstrip(release))
            if run % 2:  # an odd run releases the terminator: the segment goes on
                carried, carried_start = piece, piece_start
                continue
        text = piece.lstrip()
        if not text:
            continue
        if not _is_segment_text(text, tag_shape):
            if number == last:  # text after the final terminator: no segment at all
                return texts, offsets, piece_start
            if texts:
                texts[-1] += terminator + piece
                interchange.add(
                    "edifact.unreleased-terminator",
                    Severity.WARNING,
                    f"{terminator!r} inside a value was not released; segment rejoined: "
                    f"{texts[-1][-40:]!r}",
                    interchange.position(piece_start, segment=len(texts) - 1),
                )
                continue
        texts.append(text)
        offsets.append(piece_start + len(piece) - len(text))
    return texts, offsets, None


__all__ = ["cut_segments"]
