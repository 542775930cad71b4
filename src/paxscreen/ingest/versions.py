"""Versions that never regress: order by what the sender says, not by arrival.

GTAS let an older push overwrite a newer one (its issue #297) because it applied
messages in arrival order. Here every version of a PNR or of an API traveller
carries a `VersionKey` built from the message's own clock: the PNR's last
transaction time (DAT 700), the interchange preparation time (UNB S004), the push
function (a 141 update push follows the 22 full push it updates) and the part
number. Arrival time breaks only true ties. A version is applied when its key is
at least the current one; an older one is kept as history and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from paxscreen.model import Booking, Message

_EPOCH = dt.datetime(1900, 1, 1)
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"
_FUNCTION_RANK = {"22": 0, "141": 1}  # full push, then update pushes of it


class Decision(StrEnum):
    APPLY = "apply"  # newer than (or first seen): becomes the current version
    SAME = "same"  # same content as the current version: only record the sighting
    HISTORY = "history"  # older than the current version: kept, changes nothing


def naive_utc(value: dt.datetime | None) -> dt.datetime:
    """Comparable form of a time: aware times in UTC, naive ones as sent; None first."""
    if value is None:
        return _EPOCH
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


@dataclass(frozen=True, slots=True, order=True)
class VersionKey:
    """Sort key of one version; compare keys with < and ==."""

    content_time: dt.datetime  # DAT 700 last PNR transaction (PNR) or = prepared (API)
    prepared_at: dt.datetime  # UNB S004
    function_rank: int  # 22 before 141
    part_number: int
    received_at: dt.datetime  # arrival: breaks true ties only

    def to_text(self) -> str:
        """Fixed-width text form for storage: sorts as the key does, reads back exactly."""
        return "|".join(
            [
                _time_text(self.content_time),
                _time_text(self.prepared_at),
                f"{self.function_rank:02d}",
                f"{self.part_number:05d}",
                _time_text(self.received_at),
            ]
        )

    @classmethod
    def from_text(cls, text: str) -> VersionKey:
        content, prepared, rank, part, received = text.split("|")
        return cls(
            content_time=_time_from_text(content),
            prepared_at=_time_from_text(prepared),
            function_rank=int(rank),
            part_number=int(part),
            received_at=_time_from_text(received),
        )


# A push's versions are read and written in thousands: ISO formatting is the same
# text as _TIME_FORMAT for naive times from year 1000 on, at a tenth of strftime's cost.
def _time_text(value: dt.datetime) -> str:
    if value.year >= 1000 and value.tzinfo is None:
        return value.isoformat(timespec="microseconds")
    return value.strftime(_TIME_FORMAT)


def _time_from_text(text: str) -> dt.datetime:
    if len(text) == 26:  # YYYY-MM-DDTHH:MM:SS.ffffff
        return dt.datetime.fromisoformat(text)
    return dt.datetime.strptime(text, _TIME_FORMAT)


def message_version(message: Message) -> VersionKey:
    """The version of everything an API message says (PAXLST has no per-record clock)."""
    prepared = naive_utc(message.prepared_at)
    return VersionKey(
        content_time=prepared,
        prepared_at=prepared,
        function_rank=_FUNCTION_RANK.get(message.function or "", 0),
        part_number=message.part_number or 0,
        received_at=naive_utc(message.received_at),
    )


def booking_version(
    booking: Booking, message: Message, *, base: VersionKey | None = None
) -> VersionKey:
    """The version of one PNR in a push: its own last-change time comes first.

    `base` is `message_version(message)` when the caller has it already: a push's
    thousands of PNRs share it.
    """
    if base is None:
        base = message_version(message)
    return pnr_version(base, booking.last_changed)


def pnr_version(base: VersionKey, last_changed: dt.datetime | None) -> VersionKey:
    """The version of a PNR last changed at `last_changed` in a push whose version is `base`.

    `booking_version` of a PNR read, and the version recorded for a PNR left out
    unread (its time known without reading it), so both record the same key.
    """
    content_time = naive_utc(last_changed) if last_changed else base.prepared_at
    return VersionKey(
        content_time=content_time,
        prepared_at=base.prepared_at,
        function_rank=base.function_rank,
        part_number=base.part_number,
        received_at=base.received_at,
    )


def decide(
    current: VersionKey | None,
    incoming: VersionKey,
    *,
    current_fingerprint: str | None = None,
    incoming_fingerprint: str | None = None,
) -> Decision:
    """Apply, only record, or keep as history: the rule that stops regressions."""
    if current is None:
        return Decision.APPLY
    if current_fingerprint is not None and current_fingerprint == incoming_fingerprint:
        return Decision.SAME
    if incoming < current:
        return Decision.HISTORY
    return Decision.APPLY


__all__ = [
    "Decision",
    "VersionKey",
    "booking_version",
    "decide",
    "message_version",
    "naive_utc",
    "pnr_version",
]
