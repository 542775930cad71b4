"""Multi-part reassembly: gather the parts of one message before loading them.

Large PAXLST and PNRGOV pushes arrive split into parts, each a complete message
with its own header and a slice of the travellers or PNRs (message-formats.md 2.5,
3.1). UNH 0068 (common access reference) ties the parts together, S010 0070 numbers
them and 0073 marks the first (C) and final (F) part; the PNRGOV level-0 EQN gives
the total number of PNRs across all parts. Parts arrive in any order, some never.

Everything here is pure: `add_part` takes the current `PartSet` (or None) and one
part and returns the new set and whether it is complete; `missing_parts` says which
parts a set still lacks, so that a timed-out set can be processed with a finding
that names them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from paxscreen.findings import Finding, Severity
from paxscreen.model import Message


@dataclass(frozen=True, slots=True)
class Part:
    """One received part: its number, whether it is the last, and how many PNRs it holds."""

    message_id: str
    number: int
    is_last: bool
    record_count: int = 0  # PNRs (PNRGOV) or travellers (PAXLST) in this part
    record_total: int | None = None  # PNRGOV level-0 EQN: PNRs across all parts


@dataclass(frozen=True, slots=True)
class PartSet:
    """The parts received so far for one common access reference."""

    key: str
    first_received_at: dt.datetime
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def numbers(self) -> set[int]:
        return {part.number for part in self.parts}

    @property
    def last_number(self) -> int | None:
        numbers = [part.number for part in self.parts if part.is_last]
        return max(numbers) if numbers else None

    @property
    def record_total(self) -> int | None:
        totals = [part.record_total for part in self.parts if part.record_total]
        return max(totals) if totals else None

    @property
    def is_complete(self) -> bool:
        """All parts up to the final one are here, or the PNR count reached EQN."""
        if not self.parts:
            return False
        last = self.last_number
        if last is not None:
            return self.numbers >= set(range(1, last + 1))
        total = self.record_total
        counted = sum(part.record_count for part in self.parts)
        contiguous = self.numbers == set(range(1, max(self.numbers) + 1))
        return total is not None and contiguous and counted >= total

    def ordered_message_ids(self) -> list[str]:
        return [part.message_id for part in sorted(self.parts, key=lambda part: part.number)]


def is_multipart(message: Message) -> bool:
    """A single message may still carry `01:F` or `01:C`; only real series wait for parts."""
    number = message.part_number
    if number is None:
        return False
    # 0073: C (last_part False) announces more parts; `01` alone or `01:F` is single
    return not (number == 1 and message.last_part is not False)


def part_set_key(message: Message, *, flight_key: str | None) -> str:
    """Parts belong together by sender, message type, 0068 reference and flight."""
    return "|".join(
        [
            message.sender or "?",
            str(message.type),
            message.common_access_reference or "?",
            flight_key or "?",
        ]
    )


def add_part(current: PartSet | None, part: Part, *, key: str, now: dt.datetime) -> PartSet:
    """Return the part set with `part` added; a resent part number replaces nothing."""
    part_set = current or PartSet(key=key, first_received_at=now)
    if part.number in part_set.numbers:
        return part_set
    return replace(part_set, parts=(*part_set.parts, part))


def missing_parts(part_set: PartSet) -> list[str]:
    """Human-readable names of the parts not received, e.g. ["2", "4", "after 5"]."""
    numbers = part_set.numbers
    last = part_set.last_number
    highest = last if last is not None else max(numbers, default=0)
    missing = [str(number) for number in range(1, highest + 1) if number not in numbers]
    if last is None:
        missing.append(f"after {highest} (final part not received)")
    return missing


def is_expired(part_set: PartSet, *, now: dt.datetime, timeout: dt.timedelta) -> bool:
    return now - part_set.first_received_at >= timeout


def incomplete_finding(part_set: PartSet) -> Finding:
    """The finding attached to a set processed after its timeout."""
    missing = ", ".join(missing_parts(part_set))
    received = ", ".join(str(number) for number in sorted(part_set.numbers))
    return Finding(
        code="ingest.missing-parts",
        severity=Severity.WARNING,
        message=(
            f"multi-part message {part_set.key} processed incomplete after timeout: "
            f"received parts {received}; missing {missing}"
        ),
    )


__all__ = [
    "Part",
    "PartSet",
    "add_part",
    "incomplete_finding",
    "is_expired",
    "is_multipart",
    "missing_parts",
    "part_set_key",
]
