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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from paxscreen.edifact import EdifactMessage, Interchange, paused_garbage_collection, tokenize
from paxscreen.errors import EdifactSyntaxError, MessageError
from paxscreen.findings import Finding, Severity
from paxscreen.ingest.fingerprint import edifact_digests, xml_digests
from paxscreen.ingest.redaction_marks import pnr_starts, recall, remember
from paxscreen.messages.dispatch import parse_interchange, parse_message
from paxscreen.messages.pnrgov_booking import PnrOptions
from paxscreen.messages.pnrgov_xml import XmlTree, read_xml_tree
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


@dataclass(slots=True)
class Parsed:
    """The units of one stored message, with their PNR fingerprints."""

    units: list[ParsedMessage]
    payload_sha256: str
    digests: list[UnitDigest] = field(default_factory=list)  # one per unit
    # EDIFACT: the tokenized bytes and every PNR fingerprint per message, kept so
    # that redaction and `reread_unchanged` do not tokenize the same bytes again
    interchange: Interchange | None = None
    fingerprints: list[list[str]] = field(default_factory=list)


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
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return _parse_xml(raw, message_id=message_id, secret_key=secret_key)
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


def _parse_xml(raw: bytes, *, message_id: str, secret_key: str) -> Parsed:
    """A PNRGOV XML document, read once for the fingerprints and the reader alike."""
    options = pnr_options(secret_key)
    with paused_garbage_collection():
        try:
            tree: XmlTree | None = read_xml_tree(raw)
        except MessageError:  # the reader reports it (or the payload hash falls back)
            tree = None
        # fingerprints first: the reader must not see a tree it could change
        payload, fingerprints = xml_digests(raw, root=tree)
        if tree is not None:
            options["tree"] = tree
        units = parse_interchange(raw, message_id=message_id, parser_options=options)
    for unit in units:
        unit.message.id = message_id
    digests = [UnitDigest(fingerprints or None)] * len(units)
    return Parsed(units, payload, digests)


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
