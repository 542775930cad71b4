"""Bytes -> Interchange: a lenient, single-pass EDIFACT tokenizer.

The text is cut with `str.split` on the terminator (C speed); the few pieces that
end in an odd run of release characters are glued back to the next one, which
gives the ISO 9735 parity rule (`?'` literal, `??'` a `?` and a real end, `???'`
a `?` and a literal `'`). Segments without a release character are split on the
element and component separators with `str.split` too; only segments that hold a
release character take the slower regex path. What real senders get wrong is
repaired and reported, never fatal:

- a piece that does not start with a tag is an unreleased terminator inside a value
  (`O'NEAL`): glued back to the segment before it, with a warning;
- the typographic twin of the terminator (' vs U+2019) also ends a segment when a
  tag follows it;
- a line break that does not follow a terminator is a Type-B line wrap: removed;
- anything after UNZ, a missing final terminator, and a message cut short are kept
  and reported.
"""

from __future__ import annotations

import re

from paxscreen.edifact.decoding import decode_interchange
from paxscreen.edifact.delimiters import TERMINATOR_TWINS, Delimiters
from paxscreen.edifact.envelope import locate
from paxscreen.edifact.segments import Interchange, Segment
from paxscreen.edifact.structure import group_messages
from paxscreen.findings import Severity

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# tags sent without any data element (a bare "SRC'" opens a PNR in PNRGOV)
_BARE_TAGS = frozenset({"SRC", "DAT", "EBD", "UNS", "ORG", "EQN", "RCI", "TIF", "ABI"})


def tokenize(raw: bytes) -> Interchange:
    """Read every segment of `raw`; never raises for bad input, reports findings instead."""
    decoded = decode_interchange(raw)
    text = decoded.text
    envelope = locate(text)
    interchange = Interchange(
        raw=raw,
        text=text,
        encoding=decoded.encoding,
        delimiters=envelope.delimiters,
        una=envelope.una,
        envelope=text[: envelope.envelope_end],
        syntax_identifier=decoded.syntax_identifier,
    )
    start_position = interchange.position(envelope.start)
    if decoded.is_fallback:
        interchange.add(
            "edifact.charset-fallback",
            Severity.WARNING,
            f"UNB declares {decoded.syntax_identifier} ({decoded.declared_encoding}) but the bytes "
            f"are not {decoded.declared_encoding}; decoded as {decoded.encoding}",
            start_position,
        )
    elif decoded.syntax_identifier is None and not text.isascii():
        interchange.add(
            "edifact.charset-guessed",
            Severity.INFO,
            f"no syntax identifier; decoded as {decoded.encoding}",
            start_position,
        )
    if interchange.envelope.strip():
        interchange.add(
            "edifact.envelope",
            Severity.INFO,
            f"{len(interchange.envelope)} characters of envelope before the interchange "
            "(Type-B, log or transport header) kept apart",
            interchange.position(0),
        )
    for code, message in envelope.notes:
        interchange.add(code, Severity.WARNING, message, start_position)
    body = _normalise_terminators(interchange, envelope.start)
    _note_indentation(interchange, body, envelope.start)
    texts, offsets, trailer_offset = _cut_segments(interchange, body, envelope.start)
    interchange.segments = _build_segments(interchange, texts, offsets)
    if trailer_offset is not None:
        interchange.trailer = text[trailer_offset:]
        if interchange.trailer.strip():
            interchange.add(
                "edifact.junk-after-unz",
                Severity.WARNING,
                f"{len(interchange.trailer.strip())} characters after UNZ ignored: "
                f"{interchange.trailer.strip()[:40]!r}",
                interchange.position(trailer_offset, segment=len(interchange.segments)),
            )
    group_messages(interchange)
    return interchange


def _normalise_terminators(interchange: Interchange, start: int) -> str:
    """The body from `start`, with the terminator's typographic twin turned into it.

    Only a twin followed by a tag (or the end) is a terminator; one inside a name stays.
    Both characters are one code point, so offsets do not move.
    """
    body = interchange.text[start:]
    delimiters = interchange.delimiters
    twin = TERMINATOR_TWINS.get(delimiters.terminator)
    if twin is None or twin not in body:
        return body
    follows_tag = re.compile(
        re.escape(twin)
        + rf"(?=\s*(?:[A-Z][A-Z0-9]{{2}}\s?{re.escape(delimiters.element)}|[A-Z]{{3}}\s*"
        + rf"(?:{re.escape(delimiters.terminator)}|{re.escape(twin)})|\s*$))"
    )
    body, count = follows_tag.subn(delimiters.terminator, body)
    if count:
        interchange.add(
            "edifact.terminator-variant",
            Severity.WARNING,
            f"{count} segments end with {twin!r} instead of the declared {delimiters.terminator!r}",
            interchange.position(start),
        )
    return body


def _note_indentation(interchange: Interchange, body: str, start: int) -> None:
    """Blanks before segments (after a line break) are read through, and said once."""
    terminator = re.escape(interchange.delimiters.terminator)
    indented = re.search(rf"{terminator}\r?\n([ \t]+)[A-Z][A-Z0-9]{{2}}", body)
    if indented is not None:
        interchange.add(
            "edifact.indented-segments",
            Severity.INFO,
            "segments are preceded by blanks at the start of their lines; blanks ignored",
            interchange.position(start + indented.start(1)),
        )


def _cut_segments(
    interchange: Interchange, body: str, start: int
) -> tuple[list[str], list[int], int | None]:
    """Split `body` into segment texts and their offsets; the offset where UNZ's data ends."""
    delimiters = interchange.delimiters
    terminator, release, element = delimiters.terminator, delimiters.release, delimiters.element
    tag_shape = re.compile(rf"[A-Z][A-Z0-9]{{2}}(?:\s?{re.escape(element)}|\s*$)")
    pieces = body.split(terminator)
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
        segment_text = piece.lstrip()
        if not segment_text:
            continue
        if not tag_shape.match(segment_text) or (
            len(segment_text.rstrip()) == 3 and segment_text[:3] not in _BARE_TAGS
        ):
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
        texts.append(segment_text)
        offsets.append(piece_start + len(piece) - len(segment_text))
        if segment_text.startswith("UNZ") and not segment_text[3:4].isalnum():
            return texts, offsets, min(position, len(interchange.text))
    return texts, offsets, None


def _build_segments(
    interchange: Interchange, texts: list[str], offsets: list[int]
) -> list[Segment]:
    delimiters = interchange.delimiters
    element, component, release = delimiters.element, delimiters.component, delimiters.release
    newline_terminated = delimiters.terminator == "\n"
    segments: list[Segment] = []
    append = segments.append
    for index, segment_text in enumerate(texts):
        if "\n" in segment_text or "\r" in segment_text:
            segment_text = _join_wrapped(
                interchange, segment_text, index, offsets[index], newline_terminated
            )
        if release and release in segment_text:
            tag, elements = _split_released(
                interchange, segment_text, delimiters, index, offsets[index]
            )
        else:
            parts = segment_text.split(element)
            tag = parts[0]
            elements = [part.split(component) for part in parts[1:]]
        if len(tag) != 3 or not tag.isalnum():
            tag = _repair_tag(interchange, tag, index, offsets[index])
        append(Segment(tag, elements, index, offsets[index]))
    return segments


def _join_wrapped(
    interchange: Interchange, segment_text: str, index: int, offset: int, newline_terminated: bool
) -> str:
    stripped = segment_text.rstrip("\r\n")
    if newline_terminated or ("\n" not in stripped and "\r" not in stripped):
        return stripped
    release = interchange.delimiters.release
    if release and (release + "\n" in stripped or release + "\r" in stripped):
        interchange.add(
            "edifact.release-before-line-break",
            Severity.WARNING,
            "a release character stands before a line break; the line break was dropped",
            interchange.position(offset, segment=index),
        )
    interchange.add(
        "edifact.line-wrapped",
        Severity.INFO,
        "segment wrapped over several lines; line breaks inside it removed",
        interchange.position(offset, segment=index),
    )
    return _LINE_BREAK.sub("", stripped)


def _split_released(
    interchange: Interchange, segment_text: str, delimiters: Delimiters, index: int, offset: int
) -> tuple[str, list[list[str]]]:
    """Split a segment that holds release characters, removing them."""
    release, element, component = delimiters.release, delimiters.element, delimiters.component
    tokens = re.compile(
        f"{re.escape(release)}(.)|{re.escape(release)}$|({re.escape(element)}|{re.escape(component)})",
        re.S,
    )
    elements: list[list[str]] = []
    components: list[str] = []
    value: list[str] = []
    last = 0
    for match in tokens.finditer(segment_text):
        value.append(segment_text[last : match.start()])
        last = match.end()
        released, separator = match.group(1), match.group(2)
        if released is not None:
            value.append(released)
        elif separator is None:
            interchange.add(
                "edifact.dangling-release",
                Severity.WARNING,
                "release character at the end of the data releases nothing; dropped",
                interchange.position(offset + match.start(), segment=index),
            )
        else:
            components.append("".join(value))
            value = []
            if separator == element:
                elements.append(components)
                components = []
    value.append(segment_text[last:])
    components.append("".join(value))
    elements.append(components)
    return elements[0][0], elements[1:]


def _repair_tag(interchange: Interchange, tag: str, index: int, offset: int) -> str:
    repaired = tag.strip().upper()
    interchange.add(
        "edifact.malformed-tag",
        Severity.WARNING,
        f"segment tag {tag!r} is not 3 letters or digits; read as {repaired!r}",
        interchange.position(offset, segment=index),
    )
    return repaired


__all__ = ["tokenize"]
