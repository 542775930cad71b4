"""Segment texts -> `Segment` objects: element/component split, releases, wraps, tags.

The common case (no release character, no wrapped line) takes one `str.split` per
segment and leaves components to `Segment.value`; only segments that need it go
through the release-aware regex or the wrap repair.
"""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import contains, itemgetter

from paxscreen.edifact.cutting import BARE_TAGS
from paxscreen.edifact.delimiters import Delimiters
from paxscreen.edifact.segments import Interchange, Segment
from paxscreen.findings import Severity

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def build_segments(
    interchange: Interchange,
    texts: list[str],
    offsets: list[int],
    *,
    has_release: bool,
    has_wraps: bool,
    strict: bool = False,
) -> list[Segment] | None:
    """One Segment per text; `has_release`/`has_wraps` say whether the slow checks can apply.

    With `strict`, returns None as soon as a text does not start with a clean tag
    (three upper-case letters or digits, then a separator or nothing for a known
    bare tag): the fast cut was wrong there and the careful cut must run.
    """
    if not has_wraps:
        return _build_bulk(interchange, texts, offsets, has_release=has_release, strict=strict)
    delimiters = interchange.delimiters
    element, component = delimiters.element, delimiters.component
    segments: list[Segment] = []
    append = segments.append
    release = delimiters.release
    newline_terminated = delimiters.terminator == "\n"
    for index, text in enumerate(texts):
        offset = offsets[index]
        if "\n" in text or "\r" in text:
            text = _join_wrapped(interchange, text, index, offset, newline_terminated)
        if has_release and release in text:
            tag, elements = _split_released(interchange, text, delimiters, index, offset)
            segment = Segment(tag, elements, index, offset)
        else:
            parts = text.split(element)
            tag = parts[0]
            segment = Segment(tag, None, index, offset, parts, component)
        if len(tag) != 3 or not tag.isalnum() or not tag.isupper():
            if strict:
                return None
            segment.tag = _repair_tag(interchange, tag, index, offset)
        elif strict and segment.element_count == 0 and tag not in BARE_TAGS:
            return None
        append(segment)
    return segments


def _build_bulk(
    interchange: Interchange,
    texts: list[str],
    offsets: list[int],
    *,
    has_release: bool,
    strict: bool,
) -> list[Segment] | None:
    """No wrapped lines: one split per text, tags checked, Segments made by `map`.

    Texts holding the release character (one `?` in an e-mail address is enough)
    are then made again by `_split_released`, and odd tags repaired; findings are
    made in segment order, as the loop in `build_segments` makes them.
    """
    delimiters = interchange.delimiters
    released = (
        set(compress(range(len(texts)), map(contains, texts, repeat(delimiters.release))))
        if has_release
        else set()
    )
    split = list(map(str.split, texts, repeat(delimiters.element)))
    tags = list(map(itemgetter(0), split))
    odd: list[int] = []
    # a message uses a few dozen distinct tags: each is checked once, not once a segment
    if not all(len(tag) == 3 and tag.isalnum() and tag.isupper() for tag in set(tags)):
        odd = [
            index
            for index, tag in enumerate(tags)
            if (len(tag) != 3 or not tag.isalnum() or not tag.isupper()) and index not in released
        ]
    if strict and odd:
        return None
    alone = set(compress(tags, map((1).__eq__, map(len, split))))  # tags without elements
    if (
        strict
        and not alone <= BARE_TAGS
        and any(
            len(parts) == 1 and parts[0] not in BARE_TAGS and index not in released
            for index, parts in enumerate(split)
        )
    ):
        return None
    segments = list(
        map(
            Segment,
            tags,
            repeat(None),
            range(len(texts)),
            offsets,
            split,
            repeat(delimiters.component),
        )
    )
    rebuilt = sorted(released.union(odd))
    for index in rebuilt:
        offset = offsets[index]
        if index in released:
            tag, elements = _split_released(interchange, texts[index], delimiters, index, offset)
            segments[index] = Segment(tag, elements, index, offset)
            if len(tag) == 3 and tag.isalnum() and tag.isupper():
                if strict and not elements and tag not in BARE_TAGS:
                    return None
                continue
            if strict:
                return None
        segments[index].tag = _repair_tag(interchange, segments[index].tag, index, offset)
    interchange._default_texts = _default_texts(delimiters, texts, segments, rebuilt)
    return segments


def _default_texts(
    delimiters: Delimiters, texts: list[str], segments: list[Segment], rebuilt: list[int]
) -> list[str] | None:
    """`segment_texts(segments)`, mostly without writing anything (see `body_texts`).

    With `+` and `:` as separators a segment made from one split of its text is
    written as that text; only the released and repaired ones are written again.
    """
    if delimiters.element != "+" or delimiters.component != ":":
        return None
    if not rebuilt:
        return texts
    written = texts.copy()
    for index in rebuilt:
        written[index] = str(segments[index])
    return written


def _join_wrapped(
    interchange: Interchange, text: str, index: int, offset: int, newline_terminated: bool
) -> str:
    stripped = text.rstrip("\r\n")
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
    interchange: Interchange, text: str, delimiters: Delimiters, index: int, offset: int
) -> tuple[str, list[list[str]]]:
    """Split a segment that holds release characters, removing them."""
    release, element = re.escape(delimiters.release), delimiters.element
    tokens = re.compile(
        f"{release}(.)|{release}$|({re.escape(element)}|{re.escape(delimiters.component)})",
        re.S,
    )
    elements: list[list[str]] = []
    components: list[str] = []
    value: list[str] = []
    last = 0
    for match in tokens.finditer(text):
        value.append(text[last : match.start()])
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
    value.append(text[last:])
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


__all__ = ["build_segments"]
