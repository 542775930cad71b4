"""Store the redacted raw copy of a message once parsing has said what to mask.

Ingestion keeps the raw bytes first (so nothing is ever lost), then parses them.
The parse tells where the card numbers and the withheld sensitive items stand;
this module overwrites the stored copy with `redact_raw`'s result inside the
same transaction, so from then on the database holds no full card number and no
sensitive text (EU PNR Directive art. 13(4); GTAS issue #543).

A piece of a multi-part set waits for the other parts and is then read again
from the stored bytes; redacting it on arrival would lose what only the full
bytes give (the keyed card hash). So `redact_stored_raw` leaves multi-part
pieces alone and `redact_stored_part` redacts each piece as its set is loaded
(complete, late or after the parts timeout).

The `sha256` column keeps the digest of the bytes as received (evidence of what
arrived) and `payload_sha256` the de-duplication hash computed from them; only
`raw` changes. Counts of what was masked go to the message's ingest events and
to the audit trail, never the values.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from paxscreen.findings import Finding
from paxscreen.model import MessageFormat, ParsedMessage
from paxscreen.privacy.redaction import RedactedRaw, redact_raw
from paxscreen.store.tables import messages

if TYPE_CHECKING:
    from paxscreen.ingest.keep import PendingTrail
    from paxscreen.ingest.parsing import Parsed, UnitDigest

ACTOR = "system:ingest"
PURPOSE = "EU PNR Directive art. 13(4) and card data protection: raw copy redacted on receipt"


def redact_stored_raw(
    connection: Connection,
    message_id: str,
    *,
    raw: bytes,
    parsed: Parsed,
    secret_key: str,
    now: dt.datetime,
    parts_too: bool = False,
    pending: PendingTrail | None = None,
) -> RedactedRaw | None:
    """Replace the message's stored raw bytes by their redaction; record the counts.

    Nothing is written when there is nothing to mask (an already redacted copy,
    read again by `paxscreen reprocess`, is left as it is). A message holding a
    piece of a multi-part set is left for `redact_stored_part` (None) unless
    `parts_too`. The writes are made now, or added to `pending` to go in with the
    message's status change (same transaction).
    """
    # ingest calls this module: its names are imported here, not at the top
    from paxscreen.ingest.keep import record_audited_step
    from paxscreen.ingest.parts import is_multipart

    if not parts_too and any(is_multipart(unit.message) for unit in parsed.units):
        return None
    is_xml = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
    findings = _findings(raw, parsed, message_id=message_id, secret_key=secret_key)
    result = redact_raw(
        raw,
        findings=findings,
        format=MessageFormat.XML if is_xml else MessageFormat.EDIFACT,
        interchange=parsed.interchange,
    )
    if not result.changed:
        return result
    record_audited_step(
        connection,
        message_id,
        "redaction",
        action="redaction",
        actor=ACTOR,
        purpose=PURPOSE,
        detail=result.counts(),
        now=now,
        message_values={"raw": result.raw},
        pending=pending,
    )
    return result


def redact_stored_duplicate(
    connection: Connection,
    message_id: str,
    *,
    raw: bytes,
    parsed: Parsed,
    secret_key: str,
    now: dt.datetime,
) -> RedactedRaw | None:
    """A duplicate is never loaded: redact it now if `redact_stored_raw` left it alone."""
    from paxscreen.ingest.parts import is_multipart

    if not any(is_multipart(unit.message) for unit in parsed.units):
        return None  # redacted on parse already
    return redact_stored_raw(
        connection,
        message_id,
        raw=raw,
        parsed=parsed,
        secret_key=secret_key,
        now=now,
        parts_too=True,
    )


def redact_stored_part(
    connection: Connection,
    message_id: str,
    *,
    unit: ParsedMessage,
    digest: UnitDigest,
    secret_key: str,
    now: dt.datetime,
    source: Parsed | None = None,
) -> RedactedRaw | None:
    """Redact a multi-part piece once it has been loaded from its full bytes.

    `source` is the parse `unit` came from, when the caller has it: its tokenized
    bytes then serve again, as long as they are still the stored ones (a piece
    of the same message redacted just before has changed them: tokenized anew).
    """
    from paxscreen.ingest.parsing import Parsed

    raw = connection.execute(select(messages.c.raw).where(messages.c.id == message_id)).scalar()
    if not raw:  # erased by retention: nothing left to redact
        return None
    raw = bytes(raw)
    parsed = Parsed([unit], "", [digest])
    if source is not None and source.interchange is not None and source.interchange.raw == raw:
        parsed.interchange, parsed.fingerprints = source.interchange, source.fingerprints
    return redact_stored_raw(
        connection,
        message_id,
        raw=raw,
        parsed=parsed,
        secret_key=secret_key,
        now=now,
        parts_too=True,
    )


def _findings(raw: bytes, parsed: Parsed, *, message_id: str, secret_key: str) -> list[Finding]:
    """The parser's findings over every PNR of the message.

    Ingestion leaves out PNRs identical to their current version before parsing;
    their bytes are stored all the same, so they are parsed here (only they) to
    learn where their sensitive items stand.
    """
    from paxscreen.ingest.parsing import unchanged_findings  # ingest calls this module

    findings = [finding for unit in parsed.units for finding in unit.findings]
    return findings + unchanged_findings(raw, parsed, message_id=message_id, secret_key=secret_key)


__all__ = ["redact_stored_duplicate", "redact_stored_part", "redact_stored_raw"]
