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

from paxscreen.edifact.building import build_segments
from paxscreen.edifact.cutting import cut_segments
from paxscreen.edifact.decoding import decode_interchange
from paxscreen.edifact.delimiters import TERMINATOR_TWINS
from paxscreen.edifact.envelope import locate
from paxscreen.edifact.segments import BLANK_OR_CONTROL, Interchange
from paxscreen.edifact.structure import group_messages
from paxscreen.findings import Severity
from paxscreen.long_lived import paused_garbage_collection


def tokenize(raw: bytes) -> Interchange:
    """Read every segment of `raw`; never raises for bad input, reports findings instead."""
    with paused_garbage_collection():
        return _tokenize(raw)


def _tokenize(raw: bytes) -> Interchange:
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
    delimiters = interchange.delimiters
    has_wraps = _has_wrapped_lines(body, delimiters.terminator)
    has_release = bool(delimiters.release) and delimiters.release in body
    findings_before = len(interchange.findings)
    texts, offsets, trailer_offset, unterminated = cut_segments(interchange, body, envelope.start)
    if delimiters.terminator == "\n" and "\r" in body:  # CR LF line ends
        texts = [text.rstrip("\r") for text in texts]
    segments = build_segments(
        interchange, texts, offsets, has_release=has_release, has_wraps=has_wraps, strict=True
    )
    if segments is None:  # some piece is not a segment: cut again, piece by piece
        del interchange.findings[findings_before:]
        texts, offsets, trailer_offset, unterminated = cut_segments(
            interchange, body, envelope.start, careful=True
        )
        if delimiters.terminator == "\n":
            texts = [text.rstrip("\r") for text in texts]
        segments = build_segments(
            interchange, texts, offsets, has_release=has_release, has_wraps=has_wraps
        )
    assert segments is not None  # not strict: every text becomes a segment
    interchange.segments = segments
    if unterminated and interchange.segments:
        last = interchange.segments[-1]
        interchange.add(
            "edifact.missing-terminator",
            Severity.INFO,
            f"the last segment ({last.tag}) has no terminator",
            interchange.position_of(last),
        )
    if trailer_offset is not None:
        interchange.trailer = text[trailer_offset:]
        if interchange.following_interchange() is not None:
            interchange.add(
                "edifact.next-interchange",
                Severity.INFO,
                "another interchange follows UNZ; it is read on its own",
                interchange.position(trailer_offset, segment=len(interchange.segments)),
            )
        elif interchange.trailer.strip(BLANK_OR_CONTROL):
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


def _has_wrapped_lines(body: str, terminator: str) -> bool:
    """True when some line break does not follow a terminator (a Type-B line wrap).

    Counted, not searched: every LF should follow the terminator (directly or via CR).
    Blank lines or blanks after a terminator also count as "maybe wrapped"; that only
    sends the message down the slower, per-segment path, which finds no wrap there.
    """
    if terminator == "\n":
        return False
    line_feeds, returns = body.count("\n"), body.count("\r")
    if not line_feeds and not returns:
        return False
    after_terminator = body.count(terminator + "\n") + body.count(terminator + "\r\n")
    return line_feeds != after_terminator or returns != body.count("\r\n")


def _note_indentation(interchange: Interchange, body: str, start: int) -> None:
    """Blanks before segments (after a line break) are read through, and said once."""
    if "\n " not in body and "\n\t" not in body:  # the common case, at C speed
        return
    terminator = re.escape(interchange.delimiters.terminator)
    indented = re.search(rf"{terminator}\r?\n([ \t]+)[A-Z][A-Z0-9]{{2}}", body)
    if indented is not None:
        interchange.add(
            "edifact.indented-segments",
            Severity.INFO,
            "segments are preceded by blanks at the start of their lines; blanks ignored",
            interchange.position(start + indented.start(1)),
        )


__all__ = ["tokenize"]
