"""Fingerprints: what makes two arrivals "the same message" or two versions "the same PNR".

Airlines resend messages with a fresh interchange reference, a fresh UNB date/time
and sometimes different line wrapping or separators. GTAS hashed BGM..UNT and still
counted a retry after a failed load as a duplicate (its issue #2021); we hash the
*payload* in a normalised form that leaves out the envelope (UNA, UNB, UNG, UNH
references, UNT, UNE, UNZ) and keeps everything the sender actually reports, and
we only ever compare against messages that were loaded.

`booking_fingerprint` does the same for one PNR inside a push: the same PNR sent
again unchanged in the next push gets the same fingerprint, so loading can skip
rewriting it and only record that it was seen again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import re
from decimal import Decimal
from typing import Any

import defusedxml.ElementTree as SafeElementTree

from paxscreen.model import Booking

_DEFAULT_SEPARATORS = (":", "+", "?", "'")  # component, data element, release, terminator
_ENVELOPE_TAGS = frozenset({"UNA", "UNB", "UNG", "UNE", "UNT", "UNZ"})
_WHITESPACE = re.compile(rb"[\r\n]+")
_TAG_START = re.compile(rb"(UNA|UNB)")
# fields that record where a value came from or which push carried it, not what it is
_NOT_CONTENT = frozenset({"sources", "message_id", "push_function", "pushed_flight"})


def payload_hash(raw: bytes) -> str:
    """SHA-256 of the normalised payload of one raw message (EDIFACT or XML).

    Two arrivals with equal payload hashes report the same thing; their envelopes
    (interchange and message references, preparation time) may differ.
    """
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        canonical = _canonical_xml(stripped)
    else:
        canonical = _canonical_edifact(stripped)
    if canonical is None:  # unreadable: only whitespace differences count as equal
        canonical = b" ".join(raw.split())
    return hashlib.sha256(canonical).hexdigest()


def _separators(text: bytes) -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """(component, element, release, terminator, rest) from a UNA, or the defaults."""
    if text.startswith(b"UNA") and len(text) >= 9:
        una = text[3:9]
        return una[0:1], una[1:2], una[3:4], una[5:6], text[9:]
    component, element, release, terminator = (s.encode() for s in _DEFAULT_SEPARATORS)
    return component, element, release, terminator, text


def _split_released(text: bytes, separator: bytes, release: bytes) -> list[bytes]:
    """Split on `separator` unless it is released; release characters are removed."""
    parts: list[bytes] = []
    current = bytearray()
    index = 0
    while index < len(text):
        char = text[index : index + 1]
        if char == release and index + 1 < len(text):
            current += text[index + 1 : index + 2]
            index += 2
            continue
        if char == separator:
            parts.append(bytes(current))
            current = bytearray()
        else:
            current += char
        index += 1
    parts.append(bytes(current))
    return parts


def _canonical_edifact(text: bytes) -> bytes | None:
    start = _TAG_START.search(text)
    if start is None:
        return None
    component, element, release, terminator, body = _separators(text[start.start() :])
    body = _WHITESPACE.sub(b"", body)
    segments: list[list[list[str]]] = []
    for segment in _split_released_keep(body, terminator, release):
        segment = segment.strip()
        if not segment:
            continue
        elements = _split_released_keep(segment, element, release)
        tag = elements[0].strip().decode("latin-1")
        if tag in _ENVELOPE_TAGS:
            continue
        parsed = [
            [part.decode("latin-1").strip() for part in _split_released(item, component, release)]
            for item in elements
        ]
        if tag == "UNH":  # keep the message type and part number, not the references
            type_id = parsed[2][0] if len(parsed) > 2 else ""
            part = parsed[4][0].lstrip("0") if len(parsed) > 4 else ""
            parsed = [["UNH"], [type_id], [part]]
        segments.append(_trim_trailing_empties(parsed))
    if not segments:
        return None
    return json.dumps(segments, separators=(",", ":")).encode()


def _split_released_keep(text: bytes, separator: bytes, release: bytes) -> list[bytes]:
    """Split on `separator` unless released, keeping release characters for a later split."""
    parts: list[bytes] = []
    start = 0
    index = 0
    while index < len(text):
        char = text[index : index + 1]
        if char == release:
            index += 2
            continue
        if char == separator:
            parts.append(text[start:index])
            start = index + 1
        index += 1
    parts.append(text[start:])
    return parts


def _trim_trailing_empties(elements: list[list[str]]) -> list[list[str]]:
    """`DTM+36:` and `DTM+36` say the same thing; drop trailing empty parts."""
    trimmed = []
    for components in elements:
        while components and components[-1] == "":
            components = components[:-1]
        trimmed.append(components)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def _canonical_xml(text: bytes) -> bytes | None:
    try:
        root = SafeElementTree.fromstring(text)
    except Exception:  # noqa: BLE001 - any XML error: fall back to the raw form
        return None
    # the root's attributes are the envelope (TimeStamp, EchoToken, Version ...)
    content = [_xml_node(child) for child in root]
    return json.dumps([root.tag, content], separators=(",", ":")).encode()


def _xml_node(node: Any) -> list[Any]:
    text = (node.text or "").strip()
    attributes = sorted(node.attrib.items())
    return [node.tag, attributes, text, [_xml_node(child) for child in node]]


def booking_fingerprint(booking: Booking) -> str:
    """SHA-256 of a PNR's content, leaving out provenance and push information."""
    return hashlib.sha256(
        json.dumps(_content(booking), separators=(",", ":"), sort_keys=True).encode()
    ).hexdigest()


def _content(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _content(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name not in _NOT_CONTENT
        }
    if isinstance(value, list | tuple):
        return [_content(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _content(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


__all__ = ["booking_fingerprint", "payload_hash"]
