"""What a PAXLST message does to a flight's API picture (BGM 1001 + 1004).

A passenger list is not always "here are the travellers": the IG uses the BGM
document identifier (1004) for changes, cancellations and close-outs
(message-formats.md 2.3):

| BGM      | effect here                                                          |
|----------|----------------------------------------------------------------------|
| 745      | new list: add or replace each traveller                              |
| 745 CP   | change passenger data: replace the listed travellers                 |
| 745 XR   | cancel reservation: listed travellers marked `cancelled`             |
| 745 RP   | reduction in party: listed travellers marked `removed`               |
| 266 CLOB | close-out, on board listed: listed `boarded`, the others `not_boarded` |
| 266 CLNB | close-out, not on board listed: listed `not_boarded`, others `boarded` |
| 266 CL   | crew close-out: nothing changes but the record of the message       |
| 266 XF   | cancel flight: the flight is marked cancelled                        |
| 266 CF   | change flight: the flight's times and legs are replaced             |

Nothing is deleted: cancellations and removals are statuses. Close-out lists
often identify a traveller only by RFF+AVF/ABO (NAD+ZZZ), so travellers are found
by unique passenger reference, then record locator + name, then name + date of
birth. `plan_paxlst` is pure: it returns the changes and the loader applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from paxscreen.findings import Finding, Severity
from paxscreen.ingest.merge import core_names
from paxscreen.ingest.versions import VersionKey
from paxscreen.model import Message, Traveller, TravellerRole

CANCELLED = "cancelled"
REMOVED = "removed"
BOARDED = "boarded"
NOT_BOARDED = "not_boarded"

_STATUS_BY_MODIFIER = {"XR": ("checkin_status", CANCELLED), "RP": ("checkin_status", REMOVED)}
_CLOSE_OUT = {"CLOB": (BOARDED, NOT_BOARDED), "CLNB": (NOT_BOARDED, BOARDED)}
_CREW = {TravellerRole.CREW, TravellerRole.TRANSIT_CREW}


@dataclass(frozen=True, slots=True)
class CurrentTraveller:
    """An API traveller already stored for the flight, with the version that set it."""

    id: int
    traveller: Traveller  # identity fields only (see `ingest.traveller_view`)
    version: VersionKey
    fingerprint: str | None = None  # of the full record last written
    message_id: str | None = None  # the message that last wrote it


@dataclass(frozen=True, slots=True)
class StatusChange:
    traveller_id: int
    field: str  # checkin_status | boarding_status
    value: str


@dataclass(slots=True)
class PaxlstChanges:
    """What loading one PAXLST message should do to the stored flight."""

    inserts: list[Traveller] = field(default_factory=list)
    replacements: list[tuple[int, Traveller]] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    cancel_flight: bool = False
    replace_flight_schedule: bool = False
    findings: list[Finding] = field(default_factory=list)


def api_identity_keys(traveller: Traveller) -> list[str]:
    """Keys that find the same API traveller again, strongest first."""
    keys: list[str] = []
    if traveller.passenger_reference:
        keys.append(f"ref:{traveller.passenger_reference.upper()}")
    names = sorted(core_names(traveller))
    if traveller.record_locator:
        locator = traveller.record_locator.upper()
        keys += [f"pnr:{locator}/{name}" for name in names]
    dob = traveller.date_of_birth.isoformat() if traveller.date_of_birth else "?"
    keys += [f"name:{name}/{dob}" for name in names]
    numbers = [document.number_key for document in traveller.documents]
    keys += [f"doc:{number}" for number in numbers if number]
    return keys


def _find(traveller: Traveller, index: dict[str, CurrentTraveller]) -> CurrentTraveller | None:
    for key in api_identity_keys(traveller):
        if key in index:
            return index[key]
    return None


def _index(current: Sequence[CurrentTraveller]) -> dict[str, CurrentTraveller]:
    index: dict[str, CurrentTraveller] = {}
    for stored in current:
        for key in api_identity_keys(stored.traveller):
            index.setdefault(key, stored)
    return index


def plan_paxlst(
    message: Message,
    travellers: Sequence[Traveller],
    current: Sequence[CurrentTraveller],
    *,
    version: VersionKey,
    complete: bool = True,
) -> PaxlstChanges:
    """The changes one PAXLST message makes; older messages never overwrite newer data.

    Args:
        message: the header (BGM function and modifier live here).
        travellers: the travellers the message lists.
        current: the API travellers stored for the flight.
        version: this message's version key.
        complete: False for a multi-part set processed without all its parts; a
            close-out then marks only the travellers it lists.
    """
    modifier = (message.function_modifier or "").upper()
    changes = PaxlstChanges()
    index = _index(current)
    if modifier == "XF":
        changes.cancel_flight = True
        return changes
    if modifier == "CF":
        changes.replace_flight_schedule = True
        return changes
    if modifier in _CLOSE_OUT:
        _plan_close_out(modifier, travellers, current, index, version, complete, changes)
        return changes
    if modifier in _STATUS_BY_MODIFIER:
        field_name, value = _STATUS_BY_MODIFIER[modifier]
        for traveller in travellers:
            stored = _find(traveller, index)
            if stored is None:
                changes.findings.append(_not_found(modifier, traveller))
            elif version >= stored.version:
                changes.status_changes.append(StatusChange(stored.id, field_name, value))
        return changes
    if not index:  # nobody stored yet (the flight's first list): nobody to find
        changes.inserts.extend(travellers)
        return changes
    for traveller in travellers:
        stored = _find(traveller, index)
        if stored is None:
            changes.inserts.append(traveller)
        elif version >= stored.version:
            changes.replacements.append((stored.id, traveller))
    return changes


def _plan_close_out(
    modifier: str,
    travellers: Sequence[Traveller],
    current: Sequence[CurrentTraveller],
    index: dict[str, CurrentTraveller],
    version: VersionKey,
    complete: bool,
    changes: PaxlstChanges,
) -> None:
    listed_value, other_value = _CLOSE_OUT[modifier]
    listed: set[int] = set()
    for traveller in travellers:
        stored = _find(traveller, index)
        if stored is None:
            changes.findings.append(_not_found(modifier, traveller))
            continue
        listed.add(stored.id)
        if version >= stored.version:
            changes.status_changes.append(StatusChange(stored.id, "boarding_status", listed_value))
    if not complete:
        return
    for stored in current:
        if stored.id in listed or stored.traveller.role in _CREW:
            continue
        if stored.traveller.checkin_status in (CANCELLED, REMOVED):
            continue
        if version >= stored.version:
            changes.status_changes.append(StatusChange(stored.id, "boarding_status", other_value))


def _not_found(modifier: str, traveller: Traveller) -> Finding:
    who = traveller.name.full_name or traveller.passenger_reference or "?"
    return Finding(
        code="ingest.paxlst-traveller-unknown",
        severity=Severity.WARNING,
        message=f"BGM {modifier} names a traveller not on the flight's API list: {who}",
    )


__all__ = [
    "BOARDED",
    "CANCELLED",
    "NOT_BOARDED",
    "REMOVED",
    "CurrentTraveller",
    "PaxlstChanges",
    "StatusChange",
    "api_identity_keys",
    "plan_paxlst",
]
