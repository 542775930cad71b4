"""Decoded text -> segment texts with offsets: the terminator split and its repairs.

The fast path is one `str.split` plus list comprehensions; a careful piece-by-piece
pass runs only when a terminator is released or is not followed by a segment tag
(release parity, an unreleased apostrophe in a name, junk after the last segment).
"""

from __future__ import annotations

import re
from itertools import accumulate

from paxscreen.edifact.delimiters import Delimiters
from paxscreen.edifact.segments import Interchange
from paxscreen.findings import Severity

# Tags a segment may carry with no data element at all ("SRC'" opens a PNR in
# PNRGOV). Another bare three-letter piece is rather the tail of a value cut by an
# unreleased terminator (D'ORE'), so it is glued back.
_BARE_TAGS = frozenset(
    {
        "UNA",
        "UNB",
        "UNG",
        "UNH",
        "UNT",
        "UNE",
        "UNZ",
        "UNS",
        "BGM",
        "RFF",
        "DTM",
        "LOC",
        "NAD",
        "CTA",
        "COM",
        "TDT",
        "ATT",
        "MEA",
        "GEI",
        "FTX",
        "EMP",
        "NAT",
        "DOC",
        "CPI",
        "QTY",
        "GID",
        "CNT",
        "AUT",
        "ERP",
        "ERC",
        "MSG",
        "ORG",
        "TVL",
        "EQN",
        "SRC",
        "RCI",
        "SSR",
        "DAT",
        "IFT",
        "ADD",
        "EBD",
        "TIF",
        "FTI",
        "REF",
        "FAR",
        "TKT",
        "MON",
        "PTK",
        "TXD",
        "FOP",
        "TRA",
        "RPI",
        "APD",
        "SSD",
        "TRI",
        "TBD",
        "ABI",
        "SAC",
        "LTS",
        "PDT",
    }
)


def cut_segments(
    interchange: Interchange, body: str, start: int
) -> tuple[list[str], list[int], int | None, bool]:
    """Split `body` into segment texts and their offsets.

    Returns the texts, their offsets, the offset where the text after UNZ starts
    (None without UNZ) and whether the last segment lacked its terminator.
    """
    delimiters = interchange.delimiters
    trailer_offset = None
    unz = _find_unz(body, delimiters)
    if unz is not None:
        end = body.find(delimiters.terminator, unz.end())
        if end >= 0:
            trailer_offset = start + end + 1
            body = body[:end]
    pieces = body.split(delimiters.terminator)
    unterminated = trailer_offset is None and bool(pieces[-1].strip())
    if _needs_careful_cut(body, delimiters):
        texts, offsets, junk_offset = _cut_carefully(interchange, pieces, start)
        if junk_offset is not None:
            return texts, offsets, junk_offset, False
        return texts, offsets, trailer_offset, unterminated
    starts = list(accumulate([len(piece) + 1 for piece in pieces], initial=start))
    texts = [piece.lstrip() for piece in pieces]
    offsets = [
        piece_start + len(piece) - len(text)
        for piece, text, piece_start in zip(pieces, texts, starts, strict=False)
    ]
    if "" in texts:
        kept = [number for number, text in enumerate(texts) if text]
        texts = [texts[number] for number in kept]
        offsets = [offsets[number] for number in kept]
    return texts, offsets, trailer_offset, unterminated


def _find_unz(body: str, delimiters: Delimiters) -> re.Match[str] | None:
    """The first UNZ segment: after the start or an unreleased terminator."""
    terminator, element = re.escape(delimiters.terminator), re.escape(delimiters.element)
    release = delimiters.release
    pattern = re.compile(rf"(?:^|{terminator})\s*UNZ(?=\s?{element}|\s*{terminator}|\s*$)")
    for match in pattern.finditer(body):
        start = match.start()
        run = len(body[:start]) - len(body[:start].rstrip(release)) if release else 0
        if run % 2 == 0:
            return match
    return None


def _needs_careful_cut(body: str, delimiters: Delimiters) -> bool:
    """True when some terminator is released or is not followed by a segment tag."""
    if delimiters.release and delimiters.release + delimiters.terminator in body:
        return True
    terminator, element = re.escape(delimiters.terminator), re.escape(delimiters.element)
    if re.search(
        rf"{terminator}(?!\s*(?:[A-Z][A-Z0-9]{{2}}(?:\s?{element}|\s*{terminator}|\s*$)|$))", body
    ):
        return True
    bare = re.finditer(rf"{terminator}\s*([A-Z][A-Z0-9]{{2}})\s*(?={terminator}|$)", body)
    return any(match.group(1) not in _BARE_TAGS for match in bare)


def _cut_carefully(
    interchange: Interchange, pieces: list[str], start: int
) -> tuple[list[str], list[int], int | None]:
    """The piece-by-piece cut: release parity, unreleased terminators, junk at the end."""
    delimiters = interchange.delimiters
    terminator, release = delimiters.terminator, delimiters.release
    tag_shape = re.compile(rf"[A-Z][A-Z0-9]{{2}}(?:\s?{re.escape(delimiters.element)}|\s*$)")
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
        if not tag_shape.match(text) or (len(text.rstrip()) == 3 and text[:3] not in _BARE_TAGS):
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
