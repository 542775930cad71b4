"""Load one PAXLST message onto its flight, following `paxlst_changes.plan_paxlst`.

API travellers are stored once per flight and updated in place when a later
message (a resend, a BGM CP change) describes them again, so hits stay attached.
Each traveller's current version is kept in `ingest_versions` (entity = the
traveller row id): a message prepared before the one that last set a traveller
changes nothing about that traveller. Statuses set by close-outs survive a later
data change that does not mention them. The result says whether anything that
pairing looks at changed, so that a check-in or seat update does not re-pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, bindparam, update

from paxscreen.findings import Finding
from paxscreen.ingest.fingerprint import content_fingerprint
from paxscreen.ingest.flight_rows import mark_flight_cancelled
from paxscreen.ingest.merge import pairing_signature
from paxscreen.ingest.pairing import is_paired_checkin
from paxscreen.ingest.paxlst_changes import CurrentTraveller, StatusChange, plan_paxlst
from paxscreen.ingest.traveller_view import load_flight_identities
from paxscreen.ingest.version_rows import NewVersion, current_versions, record_versions
from paxscreen.ingest.versions import Decision, VersionKey, message_version
from paxscreen.model import Message, Traveller
from paxscreen.store.tables import travellers
from paxscreen.store.travellers_repo import insert_travellers, replace_travellers, traveller_row

KIND = "api"
_EARLIEST = VersionKey.from_text(
    "1900-01-01T00:00:00.000000|1900-01-01T00:00:00.000000|00|00000|1900-01-01T00:00:00.000000"
)


@dataclass(slots=True)
class ManifestResult:
    inserted: int = 0
    replaced: int = 0
    status_changes: int = 0
    flight_cancelled: bool = False
    pairing_changed: bool = False  # an API traveller's pairing inputs changed (see below)
    findings: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.replaced or self.status_changes or self.flight_cancelled)


def current_api_travellers(connection: Connection, flight_id: int) -> list[CurrentTraveller]:
    """The flight's API travellers, in id order, with the version that last set each one."""
    loaded = load_flight_identities(connection, flight_id, source="api")
    if not loaded:
        return []
    versions = current_versions(connection, KIND, [str(i) for i in loaded])
    current = []
    for traveller_id, traveller in loaded.items():
        stored = versions.get(str(traveller_id))
        if stored is None:
            current.append(CurrentTraveller(traveller_id, traveller, _EARLIEST))
        else:
            current.append(
                CurrentTraveller(
                    traveller_id, traveller, stored.version, stored.fingerprint, stored.message_id
                )
            )
    return current


def load_manifest(
    connection: Connection,
    listed: Sequence[Traveller],
    *,
    message: Message,
    message_id: str,
    flight_id: int,
    complete: bool = True,
) -> ManifestResult:
    """Apply one PAXLST message's travellers and BGM function to the stored flight."""
    version = message_version(message)
    current = current_api_travellers(connection, flight_id)
    plan = plan_paxlst(message, listed, current, version=version, complete=complete)
    result = ManifestResult(findings=list(plan.findings))
    by_id = {stored.id: stored for stored in current}
    new_versions: list[NewVersion] = []
    replacements = []
    for traveller_id, traveller in plan.replacements:
        stored = by_id[traveller_id].traveller
        kept = replace(
            traveller,
            checkin_status=traveller.checkin_status or stored.checkin_status,
            boarding_status=traveller.boarding_status or stored.boarding_status,
        )
        fingerprint = content_fingerprint(kept)
        last = by_id[traveller_id]
        if fingerprint == last.fingerprint or last.message_id == message_id:
            continue  # unchanged, or this very message being read again
        row = traveller_row(kept, flight_id=flight_id, source="api", message_id=message_id)
        replacements.append((traveller_id, row, kept))
        result.pairing_changed |= _pairing_changed(stored, kept)
        new_versions.append(
            NewVersion(str(traveller_id), version, Decision.APPLY, traveller_id, fingerprint)
        )
    replace_travellers(connection, replacements)
    rows = [
        (traveller_row(t, flight_id=flight_id, source="api", message_id=message_id), t)
        for t in plan.inserts
    ]
    for traveller_id, (_row, traveller) in zip(
        insert_travellers(connection, rows), rows, strict=True
    ):
        fingerprint = content_fingerprint(traveller)
        new_versions.append(
            NewVersion(
                str(traveller_id), version, Decision.APPLY, traveller_id, fingerprint, first=True
            )
        )
    result.inserted, result.replaced = len(rows), len(replacements)
    result.pairing_changed |= bool(rows)
    result.status_changes = _apply_statuses(connection, plan.status_changes, by_id)
    result.pairing_changed |= any(
        _leaves_or_joins_pairing(change, by_id) for change in plan.status_changes
    )
    if plan.cancel_flight:
        mark_flight_cancelled(connection, flight_id)
        result.flight_cancelled = True
    record_versions(connection, KIND, new_versions, message_id=message_id, flight_id=flight_id)
    return result


def _pairing_changed(stored: Traveller, new: Traveller) -> bool:
    """Whether writing `new` over `stored` can change who pairs with whom on the flight."""
    return pairing_signature(stored) != pairing_signature(new) or is_paired_checkin(
        stored.checkin_status
    ) != is_paired_checkin(new.checkin_status)


def _leaves_or_joins_pairing(change: StatusChange, by_id: dict[int, CurrentTraveller]) -> bool:
    """A check-in cancel or removal (or its undoing) takes the traveller out of (into) pairing;
    boarding statuses change nothing there."""
    if change.field != "checkin_status":
        return False
    old = by_id[change.traveller_id].traveller.checkin_status
    return is_paired_checkin(old) != is_paired_checkin(change.value)


def _apply_statuses(
    connection: Connection, changes: Sequence[StatusChange], by_id: dict[int, CurrentTraveller]
) -> int:
    """Grouped UPDATEs, skipping travellers that already have the status."""
    grouped: dict[str, list[dict[str, object]]] = defaultdict(list)
    for change in changes:
        if getattr(by_id[change.traveller_id].traveller, change.field) == change.value:
            continue
        grouped[change.field].append({"b_id": change.traveller_id, "b_value": change.value})
    for field_name, values in grouped.items():
        connection.execute(
            update(travellers)
            .where(travellers.c.id == bindparam("b_id"))
            .values({field_name: bindparam("b_value")}),
            values,
        )
    return sum(len(values) for values in grouped.values())


__all__ = ["ManifestResult", "current_api_travellers", "load_manifest"]
