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

from dataclasses import dataclass, field
from typing import Any

from paxscreen.edifact import tokenize
from paxscreen.errors import EdifactSyntaxError
from paxscreen.findings import Finding, Severity
from paxscreen.ingest.fingerprint import edifact_digests, payload_hash, xml_pnr_fingerprints
from paxscreen.messages.dispatch import parse_interchange, parse_message
from paxscreen.messages.pnrgov_booking import PnrOptions
from paxscreen.model import MessageStatus, ParsedMessage
from paxscreen.store.rows import findings_to_json


def pnr_options(secret_key: str) -> dict[str, Any]:
    """Parser options for PNRGOV: withhold sensitive data, hash card numbers."""
    return {"options": PnrOptions(withhold_sensitive=True, card_hash_key=secret_key.encode())}


@dataclass(slots=True)
class Parsed:
    """The units of one stored message, with their per-PNR fingerprints."""

    units: list[ParsedMessage]
    payload_sha256: str
    pnr_fingerprints: list[list[str] | None] = field(default_factory=list)  # per unit


def parse_units(raw: bytes, *, message_id: str, secret_key: str) -> Parsed:
    """Every message in `raw`, parsed; raises EdifactSyntaxError when no UNH is readable.

    The bytes are tokenized once: the same interchange feeds the parsers, the
    payload hash and the PNR fingerprints.
    """
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        units = parse_interchange(
            raw, message_id=message_id, parser_options=pnr_options(secret_key)
        )
        for unit in units:
            unit.message.id = message_id
        fingerprints = xml_pnr_fingerprints(raw)
        return Parsed(units, payload_hash(raw), [fingerprints or None] * len(units))
    interchange = tokenize(raw)
    if not interchange.messages:
        first = interchange.segments[0] if interchange.segments else None
        raise EdifactSyntaxError(
            "no readable UNH message header", interchange.position_of(first) if first else None
        )
    units = [
        parse_message(
            interchange,
            message,
            message_id=message_id,
            parser_options=pnr_options(secret_key) if message.type == "PNRGOV" else None,
        )
        for message in interchange.messages
    ]
    payload, per_message = edifact_digests(raw, interchange)
    return Parsed(units, payload, [found or None for found in per_message])


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
    "header_values",
    "parse_units",
    "pnr_options",
    "syntax_failure",
    "unreadable_reason",
]
