"""Sensitive data never reaches the travel tables, and the removal is on record.

The PNR readers apply the sensitive-data table (`messages.sensitive`) while they
read and withhold what it flags, leaving only `Booking.sensitive_removed` and
`sensitive_codes`. A reader run with withholding off marks flagged remarks with
`Remark.sensitive_category` instead; `withhold_flagged` removes those too, so
whatever the reader's options, nothing flagged is stored (EU PNR Directive
art. 13(4): delete on receipt).

`audit_removals` writes what was removed (counts and codes per booking, never
the text) to the audit trail and to the message's ingest events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection

from paxscreen.ingest.keep import PendingTrail, record_audited_step
from paxscreen.model import Booking

ACTOR = "system:ingest"


@dataclass(frozen=True, slots=True)
class Removal:
    """What was withheld from one message: total count and count per code or category."""

    count: int = 0
    codes: dict[str, int] = field(default_factory=dict)


def withhold_flagged(booking: Booking) -> Booking:
    """The booking without remarks the reader flagged but kept; counts and codes updated."""
    flagged = [remark for remark in booking.remarks if remark.sensitive_category]
    if not flagged:
        return booking
    codes = list(booking.sensitive_codes)
    codes += [remark.code or str(remark.sensitive_category) for remark in flagged]
    return replace(
        booking,
        remarks=[remark for remark in booking.remarks if not remark.sensitive_category],
        sensitive_removed=booking.sensitive_removed + len(flagged),
        sensitive_codes=codes,
    )


def summarise(bookings: Sequence[Booking]) -> Removal:
    codes: Counter[str] = Counter()
    for booking in bookings:
        codes.update(booking.sensitive_codes)
    return Removal(count=sum(booking.sensitive_removed for booking in bookings), codes=dict(codes))


def audit_removals(
    connection: Connection,
    message_id: str,
    removal: Removal,
    *,
    now: dt.datetime,
    pending: PendingTrail | None = None,
) -> None:
    """Record a removal in the message's trail and the audit trail (no content, ever).

    Written now, or added to `pending` to go in with the message's status change.
    """
    if removal.count == 0:
        return
    codes = dict(sorted(removal.codes.items()))
    detail = {"removed": removal.count, "codes": codes}
    record_audited_step(
        connection,
        message_id,
        "sensitive",
        action="sensitive-data-removed",
        actor=ACTOR,
        purpose="EU PNR Directive art. 13(4): sensitive data deleted on receipt",
        detail=detail,
        now=now,
        pending=pending,
    )


__all__ = ["ACTOR", "Removal", "audit_removals", "summarise", "withhold_flagged"]
