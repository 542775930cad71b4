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
import operator
import re
from collections.abc import Callable
from decimal import Decimal
from itertools import repeat
from typing import Any

import defusedxml.ElementTree as SafeElementTree
import orjson

from paxscreen.edifact import Interchange, Segment, body_texts, tokenize
from paxscreen.messages.pnrgov_xml_tree import XmlElement, child_named
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
        if canonical is None:  # unreadable: only whitespace differences count as equal
            canonical = b" ".join(raw.split())
        return hashlib.sha256(canonical).hexdigest()
    return edifact_digests(raw, tokenize(stripped))[0]


def edifact_digests(raw: bytes, interchange: Interchange) -> tuple[str, list[list[str]]]:
    """The payload hash and, per message, one fingerprint per PNR (empty for non-PNRGOV).

    Both come from one pass over the tokenized segments, written in the default
    separators (`DTM+36:` and `DTM+36` say the same thing), so a resend with other
    separators, wrapping or envelope hashes the same. The texts come from what
    the tokenizer kept (`body_texts`), so no segment is written again here.
    """
    if not interchange.messages:  # unreadable: only whitespace differences count as equal
        return hashlib.sha256(b" ".join(raw.split())).hexdigest(), []
    canonical = []
    fingerprints = []
    for message in interchange.messages:
        lines = list(map(str.rstrip, body_texts(interchange, message), repeat("+: ")))
        canonical.append([message.type, message.sequence.lstrip("0"), lines])
        is_pnrgov = message.type == "PNRGOV"
        fingerprints.append(_pnr_fingerprints(message.body, lines) if is_pnrgov else [])
    payload = hashlib.sha256(_json(canonical).encode()).hexdigest()
    return payload, fingerprints


def _pnr_fingerprints(body: list[Segment], lines: list[str]) -> list[str]:
    """One fingerprint per PNR: the pushed flight (level-0 TVL) and the PNR's segments
    from SRC to the next SRC.

    Far cheaper than fingerprinting the parsed booking, and just as exact: an
    unchanged PNR in the next push of the same flight is the same run of segments.
    The pushed flight is the last TVL before the first SRC.
    """
    tags = list(map(_tag_of, body))
    starts = [number for number, tag in enumerate(tags) if tag == "SRC"]
    if not starts:
        return []
    pushed_flight = ""
    for number in range(starts[0] - 1, -1, -1):
        if tags[number] == "TVL":
            pushed_flight = lines[number]
            break
    ends = starts[1:] + [len(lines)]
    return [
        hashlib.sha256("\n".join([pushed_flight, *lines[start:end]]).encode()).hexdigest()
        for start, end in zip(starts, ends, strict=True)
    ]


_tag_of = operator.attrgetter("tag")


def _canonical_xml(text: bytes) -> bytes | None:
    root = _xml_root(text)
    return None if root is None else _canonical_root(root)


def _xml_root(text: bytes) -> Any:
    try:
        return SafeElementTree.fromstring(text)
    except Exception:  # noqa: BLE001 - any XML error: the callers fall back
        return None


def _canonical_root(root: Any) -> bytes:
    # the root's attributes are the envelope (TimeStamp, EchoToken, Version ...)
    content = [_xml_node(child) for child in root]
    return _json([root.tag, content]).encode()


def _xml_node(node: Any) -> list[Any]:
    text = (node.text or "").strip()
    attributes = sorted(node.attrib.items())
    return [node.tag, attributes, text, [_xml_node(child) for child in node]]


def xml_pnr_fingerprints(raw: bytes) -> list[str]:
    """One fingerprint per `PNR` element of a PNRGOV XML document, in document order."""
    return xml_digests(raw)[1]


def xml_digests(raw: bytes, *, root: Any = None) -> tuple[str, list[str]]:
    """The payload hash and one fingerprint per `PNR` element, from one read of the XML.

    `root` is the document already read (by the PNRGOV XML reader's
    `read_xml_tree`), else it is read here. Each element's canonical form is
    serialised once: a PNR's fingerprint hashes its own form with the pushed
    flight's (`_xml_pnr_fingerprint`), and the document's form is spliced from
    its children's, exactly as `payload_hash` builds it.
    """
    if root is None:
        root = _xml_root(raw.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if root is None:  # unreadable: no PNRs, and only whitespace differences count as equal
        return hashlib.sha256(b" ".join(raw.split())).hexdigest(), []
    if isinstance(root, XmlElement):
        payload, _elements, fingerprints = xml_tree_digests(root)
        return payload, fingerprints
    forms: list[str] = []
    content = ",".join(_xml_json(child, forms) for child in root)
    leg = next((child for child in root if _local_key(child.tag) == "flightleg"), None)
    flight = _json(_xml_node(leg)) if leg is not None else ""
    return _document_hash(root.tag, content), [_xml_pnr_fingerprint(flight, f) for f in forms]


def xml_tree_digests(root: XmlElement) -> tuple[str, list[XmlElement], list[str]]:
    """`xml_digests` of the reader's tree, with the `PNR` elements fingerprinted (in order)."""
    found: list[tuple[XmlElement, str]] = []
    content = ",".join(_tree_json(child, found) for child in root.children)
    leg = child_named(root, "FlightLeg")
    flight = _json(_tree_node(leg)) if leg is not None else ""
    fingerprints = [_xml_pnr_fingerprint(flight, form) for _element, form in found]
    return _document_hash(root.tag, content), [element for element, _form in found], fingerprints


def _xml_pnr_fingerprint(flight: str, pnr: str) -> str:
    """A PNR's fingerprint: its canonical form and that of the pushed flight (`FlightLeg`).

    As EDIFACT's covers the level-0 TVL: the same PNR pushed unchanged for another
    flight (a connecting passenger) is another version there, never taken as stored.
    """
    return hashlib.sha256(f"{flight}\n{pnr}".encode()).hexdigest()


def _document_hash(tag: str, content: str) -> str:
    return hashlib.sha256(f"[{_json(tag)},[{content}]]".encode()).hexdigest()


def _local_key(tag: Any) -> str | None:
    """An ElementTree tag's local name lower-cased, as the reader asks for it (None: not a tag)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else None


def _json(value: Any) -> str:
    """`json.dumps(value, separators=(",", ":"))` for a canonical form (text in lists),
    written by orjson: the same text at half the cost (0.21 -> 0.11 s of XML digests per
    ingest-bench load). The hashes are stored, so the text must not change: orjson
    writes DEL and non-ASCII as they are, and they get json.dumps's escapes back.
    """
    try:
        text = orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate (undecodable bytes)
        return json.dumps(value, separators=(",", ":"))
    if text.isascii() and "\x7f" not in text:
        return text
    return _ESCAPED_BY_JSON.sub(_json_escape, text)


# what json.dumps writes as \uXXXX (ensure_ascii) and orjson as it is; only inside strings
_ESCAPED_BY_JSON = re.compile("[\x7f-\U0010ffff]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the Basic Multilingual Plane: a UTF-16 surrogate pair
    return f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}"


def _xml_json(node: Any, pnr_forms: list[str]) -> str:
    """`_json(_xml_node(node))`, collecting the canonical form of each PNR element on the way."""
    if _is_pnr_element(node):
        form = _json(_xml_node(node))
        pnr_forms.append(form)
        return form
    if next(node.iterfind(".//{*}PNR"), None) is None:  # no PNR below: serialise in one call
        return _json(_xml_node(node))
    head = _json([node.tag, sorted(node.attrib.items()), (node.text or "").strip()])
    children = ",".join(_xml_json(child, pnr_forms) for child in node)
    return f"{head[:-1]},[{children}]]"


def _is_pnr_element(node: Any) -> bool:
    return isinstance(node.tag, str) and node.tag.rsplit("}", 1)[-1] == "PNR"


def _tree_json(node: XmlElement, pnrs: list[tuple[XmlElement, str]]) -> str:
    """`_xml_json` for the reader's tree: the same text, from `XmlElement`s, each PNR
    element kept with its form."""
    if node.key == "pnr" and _is_pnr_element(node):
        form = _json(_tree_node(node))
        pnrs.append((node, form))
        return form
    if not _has_pnr_below(node):
        return _json(_tree_node(node))
    head = _json([node.tag, sorted(node.attrib.items()), (node.text or "").strip()])
    children = ",".join(_tree_json(child, pnrs) for child in node.children)
    return f"{head[:-1]},[{children}]]"


def _tree_node(node: XmlElement) -> list[Any]:
    """`_xml_node` for the reader's tree."""
    text = node.text
    return [
        node.tag,
        sorted(node.attrib.items()) if node.attrib else [],
        text.strip() if text else "",
        [_tree_node(child) for child in node.children] if node.children else [],
    ]


def _has_pnr_below(node: XmlElement) -> bool:
    return any(
        (child.key == "pnr" and _is_pnr_element(child)) or _has_pnr_below(child)
        for child in node.children
    )


def content_fingerprint(value: object) -> str:
    """SHA-256 of a model object's content, leaving out provenance and push information.

    The content form is JSON (`json.dumps` with `(",", ":")` separators) in which a
    dataclass is the list of its content fields, an enum its value, a date, time or
    datetime its ISO text and a Decimal its text; dict keys are sorted. The digests
    are stored (elements_digest, version fingerprints), so this text must not change.
    """
    return hashlib.sha256(_CONTENT_JSON.encode(value).encode()).hexdigest()


def booking_fingerprint(booking: Booking) -> str:
    """The same PNR sent again unchanged in a later push has the same fingerprint."""
    return content_fingerprint(booking)


_Converter = Callable[[Any], Any]
_CONVERTERS: dict[type, _Converter] = {}


def _content_of(value: Any) -> Any:
    """What the JSON encoder writes in place of a value it cannot write itself.

    Strings, numbers, booleans, None, lists, tuples and dicts it walks in C (a
    StrEnum, being a str, as its value), so Python runs once per dataclass, date
    or other odd value rather than once per field. One difference from the old
    walk, which wrote dict keys as `str(key)`: the encoder writes a key True, None
    or inf as `true`, `null`, `Infinity`; the model has no such dicts (`sources`,
    its only dict field, is not content).
    """
    converter = _CONVERTERS.get(type(value))
    if converter is None:
        converter = _CONVERTERS[type(value)] = _converter_for(type(value))
    return converter(value)


def _converter_for(cls: type) -> _Converter:
    """How `_content_of` renders values of `cls` (decided once per type)."""
    if issubclass(cls, enum.Enum):
        return operator.attrgetter("value")
    if dataclasses.is_dataclass(cls):
        return _dataclass_converter(cls)
    if issubclass(cls, dt.date | dt.datetime | dt.time):
        return operator.methodcaller("isoformat")
    if issubclass(cls, Decimal):
        return str
    return _not_json


def _dataclass_converter(cls: type) -> _Converter:
    """The content fields' values in field order, read in one C call (a tuple: a JSON list)."""
    names = [f.name for f in dataclasses.fields(cls) if f.name not in _NOT_CONTENT]
    if not names:
        return lambda _value: ()
    if len(names) == 1:
        read_one = operator.attrgetter(names[0])
        return lambda value: (read_one(value),)
    return operator.attrgetter(*names)


def _not_json(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not content that can be fingerprinted")


# built once; a content form has no cycles to check; dicts sorted by key, as they always were
_CONTENT_JSON = json.JSONEncoder(
    separators=(",", ":"), check_circular=False, sort_keys=True, default=_content_of
)


__all__ = [
    "booking_fingerprint",
    "content_fingerprint",
    "edifact_digests",
    "payload_hash",
    "xml_digests",
    "xml_pnr_fingerprints",
    "xml_tree_digests",
]
