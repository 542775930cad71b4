"""Parse a stored raw message into units, and describe its header for the `messages` row.

One arrival (an interchange, or a PNRGOV XML document) may hold several
messages (UNH..UNT): each becomes a *unit*. Every unit keeps the stored
message's id in its provenance (not `id#n`), so each derived row points at a
real `messages` row; segment indexes count across the whole interchange, so a
position still says exactly where a value came from.

PNRGOV is read with the sensitive-data table applied (withheld, never stored)
and with card numbers reduced to a keyed hash under the deployment's secret.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from paxscreen.edifact import EdifactMessage, Interchange, paused_garbage_collection, tokenize
from paxscreen.errors import EdifactSyntaxError, MessageError
from paxscreen.findings import Finding, Severity
from paxscreen.ingest.fingerprint import edifact_digests, xml_digests, xml_tree_digests
from paxscreen.ingest.redaction_marks import pnr_starts, recall, remember
from paxscreen.messages.dispatch import parse_interchange, parse_message
from paxscreen.messages.pnrgov_booking import PnrOptions
from paxscreen.messages.pnrgov_xml import (
    XmlTree,
    element_position,
    pnr_elements,
    pnr_last_changed,
    read_xml_tree,
    without_pnrs,
)
from paxscreen.messages.pnrgov_xml_tree import XmlElement
from paxscreen.model import MessageStatus, ParsedMessage
from paxscreen.store.rows import findings_to_json


def pnr_options(secret_key: str, *, left_out: int = 0) -> dict[str, Any]:
    """Parser options for PNRGOV: withhold sensitive data, hash card numbers; `left_out`
    PNRs of the message were taken out before reading (see `PnrOptions`)."""
    options = PnrOptions(
        withhold_sensitive=True, card_hash_key=secret_key.encode(), left_out=left_out
    )
    return {"options": options}


@dataclass(frozen=True, slots=True)
class UnitDigest:
    """Per unit: fingerprints of the PNRs parsed (in order) and of those left unparsed."""

    fingerprints: list[str] | None = None  # None: fingerprint the parsed bookings instead
    unchanged: list[str] = field(default_factory=list)
    # per unchanged PNR, its last transaction time as read without parsing it (XML's
    # PNR_TransDate), so its sighting records the version a read would; empty (EDIFACT,
    # whose PNR-level DAT 700 only the reader's grouping finds): the loader takes the
    # stored current version's, which the equal fingerprint vouches for
    unchanged_times: list[dt.datetime | None] = field(default_factory=list)


@dataclass(slots=True)
class Parsed:
    """The units of one stored message, with their PNR fingerprints."""

    units: list[ParsedMessage]
    payload_sha256: str
    digests: list[UnitDigest] = field(default_factory=list)  # one per unit
    # EDIFACT: the tokenized bytes and every PNR fingerprint per message, kept so
    # that redaction does not tokenize the same bytes again
    interchange: Interchange | None = None
    fingerprints: list[list[str]] = field(default_factory=list)
    # XML: the document read and its PNR elements, in the order of `fingerprints[0]`
    tree: XmlTree | None = None
    pnr_elements: list[XmlElement] = field(default_factory=list)


Unchanged = Callable[[list[str]], set[str]]  # PNR fingerprints -> those already current


def parse_units(
    raw: bytes, *, message_id: str, secret_key: str, unchanged: Unchanged | None = None
) -> Parsed:
    """Every message in `raw`, parsed; raises EdifactSyntaxError when no UNH is readable.

    The bytes are tokenized once: the same interchange feeds the parsers, the
    payload hash and the PNR fingerprints. PNRs whose fingerprint `unchanged`
    reports as the current version (the same PNR in the next push) are left out
    before parsing: most of a push is usually unchanged, and re-reading it would
    only confirm what is stored.
    """
    if _is_xml(raw):
        return _parse_xml(raw, message_id=message_id, secret_key=secret_key, unchanged=unchanged)
    interchange = tokenize(raw)
    if not interchange.messages:
        first = interchange.segments[0] if interchange.segments else None
        raise EdifactSyntaxError(
            "no readable UNH message header", interchange.position_of(first) if first else None
        )
    # the collector paused as `parse_interchange` pauses it: a push builds ~10^5 model
    # objects and lists, none of them cyclic garbage
    with paused_garbage_collection():
        return _parse_edifact(
            raw, interchange, message_id=message_id, secret_key=secret_key, unchanged=unchanged
        )


def _parse_edifact(
    raw: bytes,
    interchange: Interchange,
    *,
    message_id: str,
    secret_key: str,
    unchanged: Unchanged | None,
) -> Parsed:
    payload, per_message = edifact_digests(raw, interchange)
    parsed = Parsed([], payload, interchange=interchange, fingerprints=per_message)
    for message, fingerprints in zip(interchange.messages, per_message, strict=True):
        known = unchanged(fingerprints) if unchanged is not None and fingerprints else set()
        read = [f for f in fingerprints if f not in known]
        skipped = [f for f in fingerprints if f in known]
        to_parse = _without_pnrs(message, fingerprints, known) if known else message
        options = (
            pnr_options(secret_key, left_out=len(skipped)) if message.type == "PNRGOV" else None
        )
        unit = parse_message(interchange, to_parse, message_id=message_id, parser_options=options)
        if fingerprints:
            remember(pnr_starts(message), fingerprints, read, unit.findings)
        if known:
            unit.findings.append(_unchanged_finding(len(skipped)))
        parsed.units.append(unit)
        parsed.digests.append(UnitDigest(read or None, skipped))
    return parsed


def _is_xml(raw: bytes) -> bool:
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def _parse_xml(
    raw: bytes, *, message_id: str, secret_key: str, unchanged: Unchanged | None
) -> Parsed:
    """A PNRGOV XML document, read once for the fingerprints and the reader alike.

    PNRs whose fingerprint `unchanged` reports as current are left out of what the
    reader sees, as `_parse_edifact` leaves them out of the segments.
    """
    with paused_garbage_collection():
        try:
            tree: XmlTree | None = read_xml_tree(raw)
        except MessageError:  # the reader reports it (or the payload hash falls back)
            tree = None
        elements: list[XmlElement] = []
        # fingerprints first: the reader must not see a tree it could change
        if tree is None:
            payload, fingerprints = xml_digests(raw)
        else:
            payload, elements, fingerprints = xml_tree_digests(tree)
        known = _known_xml_pnrs(tree, elements, fingerprints, unchanged)
        left_out = [e for e, f in zip(elements, fingerprints, strict=True) if f in known]
        options = pnr_options(secret_key, left_out=len(left_out))
        if tree is not None:
            options["tree"] = without_pnrs(tree, set(left_out)) if left_out else tree
        units = parse_interchange(raw, message_id=message_id, parser_options=options)
    for unit in units:
        unit.message.id = message_id
    read = [f for f in fingerprints if f not in known]
    skipped = [f for f in fingerprints if f in known]
    if elements and len(units) == 1:
        starts = [element.order for element in elements]
        remember(starts, fingerprints, read, units[0].findings)
        if left_out:
            units[0].findings.append(_unchanged_finding(len(left_out)))
    times = [pnr_last_changed(element) for element in left_out]
    digests = [UnitDigest(read or None, skipped, times)] * len(units)
    return Parsed(
        units, payload, digests, fingerprints=[fingerprints], tree=tree, pnr_elements=elements
    )


def _known_xml_pnrs(
    tree: XmlTree | None,
    elements: list[XmlElement],
    fingerprints: list[str],
    unchanged: Unchanged | None,
) -> set[str]:
    """The fingerprints `unchanged` reports current, when the reader's PNRs are exactly
    the fingerprinted elements (else none: a PNR element elsewhere, or spelt `pnr`,
    would not line up)."""
    if unchanged is None or tree is None or not fingerprints:
        return set()
    read = pnr_elements(tree)
    if len(read) != len(elements) or any(a is not b for a, b in zip(read, elements, strict=True)):
        return set()
    return unchanged(fingerprints)


def unchanged_findings(
    raw: bytes, parsed: Parsed, *, message_id: str, secret_key: str
) -> list[Finding]:
    """The redaction findings of the PNRs `parse_units` left out as unchanged.

    Those remembered from an earlier parse of the same PNR (`redaction_marks`)
    are placed at the PNR's segments in this message; the others are parsed
    (only they), reusing the tokenized bytes kept in `parsed` when there are any.
    """
    skipped = {fingerprint for digest in parsed.digests for fingerprint in digest.unchanged}
    if not skipped:
        return []
    if _is_xml(raw):
        return _xml_unchanged_findings(
            raw, parsed, skipped, message_id=message_id, secret_key=secret_key
        )
    interchange, per_message = parsed.interchange, parsed.fingerprints
    if interchange is None:
        interchange = tokenize(raw)
        per_message = edifact_digests(raw, interchange)[1]
    findings: list[Finding] = []
    for message, fingerprints in zip(interchange.messages, per_message, strict=True):
        if not skipped.intersection(fingerprints):
            continue
        starts = pnr_starts(message)
        missing = skipped.intersection(fingerprints)
        if len(starts) == len(fingerprints):
            for fingerprint, start in zip(fingerprints, starts, strict=True):
                remembered = recall(fingerprint, start) if fingerprint in skipped else None
                if remembered is not None:
                    findings += remembered
                    missing.discard(fingerprint)
        if missing:
            findings += _read_only(
                interchange, message, fingerprints, missing,
                message_id=message_id, secret_key=secret_key,
            )  # fmt: skip
    return findings


def _read_only(
    interchange: Interchange,
    message: EdifactMessage,
    fingerprints: list[str],
    wanted: set[str],
    *,
    message_id: str,
    secret_key: str,
) -> list[Finding]:
    """Parse only the `wanted` PNRs of the message; their findings (and remember them)."""
    rest = {fingerprint for fingerprint in fingerprints if fingerprint not in wanted}
    only = _without_pnrs(message, fingerprints, rest) if rest else message
    left_out = sum(1 for fingerprint in fingerprints if fingerprint in rest)
    options = pnr_options(secret_key, left_out=left_out)
    unit = parse_message(interchange, only, message_id=message_id, parser_options=options)
    remember(pnr_starts(message), fingerprints, wanted, unit.findings)
    return unit.findings


def _xml_unchanged_findings(
    raw: bytes, parsed: Parsed, skipped: set[str], *, message_id: str, secret_key: str
) -> list[Finding]:
    """`unchanged_findings` of a PNRGOV XML document: remembered marks are placed at
    the PNR's elements in this document; the other left-out PNRs are read (only they)."""
    tree, elements = parsed.tree, parsed.pnr_elements
    if tree is None:  # a Parsed put together from a unit (`redact_stored_part`)
        tree = read_xml_tree(raw)
        _payload, elements, fingerprints = xml_tree_digests(tree)
    else:
        fingerprints = parsed.fingerprints[0]
    findings: list[Finding] = []
    missing: dict[XmlElement, str] = {}  # PNR element -> fingerprint, to be read
    for element, fingerprint in zip(elements, fingerprints, strict=True):
        if fingerprint not in skipped:
            continue
        remembered = recall(fingerprint, element.order)
        if remembered is None:
            missing[element] = fingerprint
        else:
            findings += _placed(remembered, element)
    if missing:
        rest = set(elements).difference(missing)
        options = pnr_options(secret_key, left_out=len(rest))
        options["tree"] = without_pnrs(tree, rest)
        units = parse_interchange(raw, message_id=message_id, parser_options=options)
        read = [finding for unit in units for finding in unit.findings]
        starts = [element.order for element in elements]
        remember(starts, fingerprints, missing.values(), read)
        findings += read
    return findings


def _placed(findings: list[Finding], pnr: XmlElement) -> list[Finding]:
    """Recalled findings (their `segment` an element number) at that element of `pnr`."""
    below = pnr.iter()  # document order: element `pnr.order + n` is `below[n]`
    return [
        replace(finding, position=element_position(below[finding.position.segment - pnr.order]))
        if finding.position is not None
        else finding
        for finding in findings
    ]


def _without_pnrs(
    message: EdifactMessage, fingerprints: list[str], known: set[str]
) -> EdifactMessage:
    """The message without the PNRs (SRC to the next SRC) whose fingerprint is known."""
    body_end = len(message.segments) if message.truncated else len(message.segments) - 1
    kept = [message.segments[0]]
    pnr = -1
    for segment in message.segments[1:body_end]:
        if segment.tag == "SRC":
            pnr += 1
        if pnr < 0 or fingerprints[pnr] not in known:
            kept.append(segment)
    kept += message.segments[body_end:]
    return EdifactMessage(kept, group_header=message.group_header, truncated=message.truncated)


def _unchanged_finding(count: int) -> Finding:
    return Finding(
        "ingest.pnr-unchanged",
        Severity.INFO,
        f"{count} PNR(s) identical to their current version were not read again",
    )


def unreadable_reason(units: list[ParsedMessage]) -> str | None:
    """Why nothing in the message can be loaded, or None when something can."""
    if units and all(unit.message.status == MessageStatus.FAILED_PARSE for unit in units):
        reasons = {unit.message.status_reason or "parser failed" for unit in units}
        return "; ".join(sorted(reasons))
    return None


def header_values(units: list[ParsedMessage]) -> dict[str, Any]:
    """Columns of the `messages` row that describe what the raw bytes turned out to be."""
    first = units[0].message
    findings: list[Finding] = [finding for unit in units for finding in unit.findings]
    return {
        "type": str(first.type),
        "format": str(first.format),
        "version": first.version,
        "sender": first.sender,
        "recipient": first.recipient,
        "interchange_reference": first.interchange_reference,
        "message_reference": first.message_reference,
        "common_access_reference": first.common_access_reference,
        "part_number": first.part_number,
        "last_part": first.last_part,
        "total_parts": first.total_parts,
        "function": first.function,
        "function_modifier": first.function_modifier,
        "prepared_at": first.prepared_at,
        "findings": findings_to_json(findings),
    }


def syntax_failure(error: EdifactSyntaxError) -> tuple[str, list[dict[str, Any]]]:
    """The status reason and findings of a message that could not be read at all."""
    finding = Finding("ingest.unreadable", Severity.ERROR, str(error), error.position)
    return str(error), findings_to_json([finding])


__all__ = [
    "Parsed",
    "UnitDigest",
    "header_values",
    "parse_units",
    "pnr_options",
    "unchanged_findings",
    "syntax_failure",
    "unreadable_reason",
]
