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
from decimal import Decimal
from typing import Any

import defusedxml.ElementTree as SafeElementTree

from paxscreen.edifact import Segment, tokenize
from paxscreen.model import Booking

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


def _canonical_edifact(raw: bytes) -> bytes | None:
    """Every message's type, part number and body segments, separators normalised away."""
    interchange = tokenize(raw)
    if not interchange.messages:
        return None
    canonical = [
        [message.type, message.sequence.lstrip("0"), [_segment(s) for s in message.body]]
        for message in interchange.messages
    ]
    return json.dumps(canonical, separators=(",", ":")).encode()


def _segment(segment: Segment) -> list[Any]:
    """`DTM+36:` and `DTM+36` say the same thing: trailing empty parts are dropped."""
    elements = []
    for components in segment.elements:
        trimmed = [component.strip() for component in components]
        while trimmed and trimmed[-1] == "":
            trimmed.pop()
        elements.append(trimmed)
    while elements and not elements[-1]:
        elements.pop()
    return [segment.tag, elements]


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


def content_fingerprint(value: object) -> str:
    """SHA-256 of a model object's content, leaving out provenance and push information."""
    return hashlib.sha256(
        json.dumps(_content(value), separators=(",", ":"), sort_keys=True).encode()
    ).hexdigest()


def booking_fingerprint(booking: Booking) -> str:
    """The same PNR sent again unchanged in a later push has the same fingerprint."""
    return content_fingerprint(booking)


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


__all__ = ["booking_fingerprint", "content_fingerprint", "payload_hash"]
