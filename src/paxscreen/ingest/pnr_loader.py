"""Load the PNRs of one push onto its flight: version, replace, keep history, mark cancels.

A PNR is versioned per pushed flight (record locator + the stored flight). Reading a
message again (`reprocess`) never replaces the version that message produced: its
stored raw copy may since have been redacted (privacy), and a redacted re-read must
not overwrite what the original bytes gave. For each
PNR in the push, `versions.decide` says whether it is newer (apply), unchanged
(same: only the sighting is recorded) or older than what is stored (history:
recorded, changes nothing, so an old push arriving late never regresses the data).

Applying a version whose data elements (locators, itinerary, payments, contacts,
remarks, history, agency) changed writes a new `bookings` row with all its
elements and retires the previous one (`superseded`, kept with its payments,
contacts and remarks as history). Most newer versions only move check-in, seats
or the push function: then the previous version's columns move to a history row
that reads its elements from the current row, and the new version is written
over the current row, which keeps its id, elements and travellers
(`supersede_in_place`; the digest of the elements tells the two apart).
The travellers are carried over in place (same row ids, so hits and links stay
attached): matched by PNR traveller reference, then unique passenger reference,
then name. A traveller no longer in the PNR stays with the old version and leaves
the flight. A cancelled PNR (SRC + RCI + empty ORG) becomes a `cancelled` version
that keeps the previous travellers: marked, never deleted.

All writes are batched per push: a fixed number of statements, not one per PNR.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, select, update

from paxscreen.findings import Finding, Severity
from paxscreen.ingest.fingerprint import booking_fingerprint, content_fingerprint
from paxscreen.ingest.merge import core_names, pairing_signature
from paxscreen.ingest.version_rows import (
    NewVersion,
    StoredVersion,
    current_by_fingerprint,
    current_versions,
    record_versions,
)
from paxscreen.ingest.versions import (
    Decision,
    VersionKey,
    booking_version,
    decide,
    message_version,
    pnr_version,
)
from paxscreen.model import Booking, BookingStatus, Message, Traveller
from paxscreen.store.bookings_repo import ELEMENT_FIELDS, save_bookings, supersede_in_place
from paxscreen.store.bulk import any_of
from paxscreen.store.rows import IN_CHUNK, update_rows
from paxscreen.store.tables import bookings, travellers
from paxscreen.store.travellers_repo import (
    insert_travellers,
    load_booking_travellers,
    replace_travellers,
    traveller_row,
)

KIND = "booking"

# a booking's data elements in one C call (a tuple: the same JSON list as a list)
_ELEMENT_VALUES = operator.attrgetter(*ELEMENT_FIELDS)


@dataclass(slots=True)
class PushResult:
    applied: int = 0
    unchanged: int = 0
    history: int = 0
    findings: list[Finding] = field(default_factory=list)
    # whether what API/PNR pairing reads may have changed (`_write_versions` says)
    pairing_changed: bool = False

    @property
    def changed(self) -> bool:
        return self.applied > 0


@dataclass(slots=True)
class _Applied:
    key: str
    booking: Booking
    previous: StoredVersion | None
    new_version: NewVersion
    booking_id: int = 0
    history_id: int | None = None  # the previous version's new row, when written in place

    @property
    def previous_row(self) -> int | None:
        return self.previous.row_id if self.previous else None


@dataclass(frozen=True, slots=True)
class _StoredRow:
    version_number: int
    elements_digest: str | None
    status: str


def booking_entity_key(booking: Booking, flight_key: str) -> str:
    locator = booking.record_locator or f"?{booking_fingerprint(booking)[:16]}"
    return f"{locator.upper()}/{flight_key}"


def load_push(
    connection: Connection,
    push: Sequence[Booking],
    *,
    message: Message,
    message_id: str,
    flight_id: int,
    flight_key: str,
    fingerprints: Sequence[str] | None = None,
    unchanged: Sequence[str] = (),
    unchanged_times: Sequence[dt.datetime | None] = (),
) -> PushResult:
    """Version and store every PNR of one push (or one part of it) on `flight_id`.

    `fingerprints` (one per PNR, from the raw segments) saves fingerprinting the
    parsed bookings; without them, or when they do not line up, the content is used.
    `unchanged` are the fingerprints of PNRs left out before parsing because they
    equal their current version: only their sighting is recorded, with the
    version they would have been read with (`unchanged_times`, one per PNR: its
    last transaction time where known unread; none given: the stored current
    version's, which the equal fingerprint says is the same).
    """
    result = PushResult()
    if fingerprints is None or len(fingerprints) != len(push):
        fingerprints = [booking_fingerprint(booking) for booking in push]
    keys = [booking_entity_key(booking, flight_key) for booking in push]
    current = current_versions(connection, KIND, keys)
    versions: list[NewVersion] = []
    applied: list[_Applied] = []
    pushed = message_version(message)
    for key, booking, fingerprint in zip(keys, push, fingerprints, strict=True):
        if not booking.record_locator:
            result.findings.append(_no_locator(booking))
        version = booking_version(booking, message, base=pushed)
        stored = current.get(key)
        decision = decide(
            stored.version if stored else None,
            version,
            current_fingerprint=stored.fingerprint if stored else None,
            incoming_fingerprint=fingerprint,
        )
        if stored is not None and stored.message_id == message_id:
            decision = Decision.SAME  # reprocessing a message never replaces its own version
        new = NewVersion(
            key, version, decision, stored.row_id if stored else None, fingerprint, stored is None
        )
        if decision == Decision.APPLY:
            applied.append(_Applied(key, booking, stored, new))
            current[key] = StoredVersion(version, fingerprint, None, message_id)
        else:
            versions.append(new)
    result.unchanged = sum(1 for v in versions if v.decision == Decision.SAME)
    result.history = sum(1 for v in versions if v.decision == Decision.HISTORY)
    result.applied = len(applied)
    applied = _last_per_key(applied)
    if applied:
        result.pairing_changed = _write_versions(
            connection, applied, message_id=message_id, flight_id=flight_id
        )
        versions += [replace(item.new_version, row_id=item.booking_id) for item in applied]
    sightings = _sightings(connection, unchanged, unchanged_times, pushed)
    result.unchanged += len(sightings)
    versions += sightings
    moved = {
        item.key: (item.booking_id, item.history_id)
        for item in applied
        if item.history_id is not None
    }
    record_versions(
        connection, KIND, versions, message_id=message_id, flight_id=flight_id, moved=moved
    )
    return result


def _sightings(
    connection: Connection,
    unchanged: Sequence[str],
    times: Sequence[dt.datetime | None],
    pushed: VersionKey,
) -> list[NewVersion]:
    """The versions of the PNRs left out unread, as `booking_version` gives those read.

    `times` is empty or holds one last transaction time per fingerprint (equal
    fingerprints, equal PNRs: equal times). Empty (EDIFACT, whose PNR-level DAT
    only the reader's grouping tells apart): the current version's stored
    `last_changed`, read from the same text, since the fingerprint covers it.
    """
    if not unchanged:
        return []
    current = current_by_fingerprint(connection, KIND, unchanged)
    if times:
        time_of = dict(zip(unchanged, times, strict=True))
    else:
        stored = _stored_last_changed(connection, [row_id for _key, row_id in current.values()])
        time_of = {
            fingerprint: stored.get(row_id) if row_id is not None else None
            for fingerprint, (_key, row_id) in current.items()
        }
    versions = []
    for fingerprint in unchanged:
        if fingerprint in current:
            key, row_id = current[fingerprint]
            version = pnr_version(pushed, time_of.get(fingerprint))
            versions.append(NewVersion(key, version, Decision.SAME, row_id, fingerprint))
    return versions


def _stored_last_changed(
    connection: Connection, row_ids: Sequence[int | None]
) -> dict[int, dt.datetime | None]:
    """Booking row id -> its stored last transaction time."""
    wanted = sorted({row_id for row_id in row_ids if row_id is not None})
    found: dict[int, dt.datetime | None] = {}
    for start in range(0, len(wanted), IN_CHUNK):
        statement = select(bookings.c.id, bookings.c.last_changed).where(
            any_of(connection, bookings.c.id, wanted[start : start + IN_CHUNK])
        )
        found.update((row_id, changed) for row_id, changed in connection.execute(statement))
    return found


def _last_per_key(applied: list[_Applied]) -> list[_Applied]:
    """The same PNR twice in one push: the later one (in version order) wins."""
    by_key: dict[str, _Applied] = {}
    for item in applied:
        kept = by_key.get(item.key)
        if kept is None or item.new_version.version >= kept.new_version.version:
            if kept is not None:
                item.previous = kept.previous
            by_key[item.key] = item
    return list(by_key.values())


def _write_versions(
    connection: Connection, applied: list[_Applied], *, message_id: str, flight_id: int
) -> bool:
    """New rows for changed elements, the current row written over for the others.

    Returns whether what API/PNR pairing reads may have changed.
    """
    stored = _stored_rows(connection, [item.previous_row for item in applied if item.previous_row])
    renewed: list[tuple[_Applied, int, str]] = []  # (item, version number, digest)
    kept: list[tuple[_Applied, int, int]] = []  # (item, current row, version number)
    # a new PNR, or a cancel or its reversal, changes which travellers pairing sees
    pairing_changed = False
    for item in applied:
        current = item.previous_row
        row = stored.get(current)
        number = row.version_number + 1 if row else 1
        pairing_changed |= (
            row is None
            or row.status == BookingStatus.CANCELLED
            or item.booking.status == BookingStatus.CANCELLED
        )
        digest = _elements_digest(item.booking)
        if current is not None and row is not None and row.elements_digest == digest:
            kept.append((item, current, number))
        else:
            renewed.append((item, number, digest))
    _write_new_rows(connection, renewed, message_id=message_id)
    _write_in_place(connection, kept, message_id=message_id)
    travellers_moved = _carry_travellers(
        connection, applied, message_id=message_id, flight_id=flight_id
    )
    return pairing_changed or travellers_moved


def _elements_digest(booking: Booking) -> str:
    """What the booking's data elements say, provenance left out: equal when unchanged."""
    return content_fingerprint(_ELEMENT_VALUES(booking))


def _shell(item: _Applied, message_id: str) -> Booking:
    """The booking row's part: its travellers are carried over apart."""
    return replace(item.booking, travellers=[], message_id=message_id)


def _write_new_rows(
    connection: Connection, renewed: list[tuple[_Applied, int, str]], *, message_id: str
) -> None:
    ids = save_bookings(
        connection,
        [_shell(item, message_id) for item, _number, _digest in renewed],
        version_number=[number for _item, number, _digest in renewed],
        message_id=message_id,
        elements_digest=[digest for _item, _number, digest in renewed],
    )
    for (item, _number, _digest), booking_id in zip(renewed, ids, strict=True):
        item.booking_id = booking_id
    _supersede(connection, [item.previous_row for item, *_ in renewed if item.previous_row])


def _write_in_place(
    connection: Connection, kept: list[tuple[_Applied, int, int]], *, message_id: str
) -> None:
    history = supersede_in_place(
        connection,
        [current for _item, current, _number in kept],
        [_shell(item, message_id) for item, _current, _number in kept],
        version_number=[number for _item, _current, number in kept],
        message_id=message_id,
    )
    for item, current, _number in kept:
        item.booking_id = current
        item.history_id = history[current]


def _stored_rows(connection: Connection, booking_ids: list[int]) -> dict[int | None, _StoredRow]:
    found: dict[int | None, _StoredRow] = {}
    for start in range(0, len(booking_ids), IN_CHUNK):
        statement = select(
            bookings.c.id, bookings.c.version_number, bookings.c.elements_digest, bookings.c.status
        ).where(any_of(connection, bookings.c.id, booking_ids[start : start + IN_CHUNK]))
        found.update(
            {
                row.id: _StoredRow(row.version_number, row.elements_digest, row.status)
                for row in connection.execute(statement).all()
            }
        )
    return found


def _supersede(connection: Connection, booking_ids: list[int]) -> None:
    for start in range(0, len(booking_ids), IN_CHUNK):
        connection.execute(
            update(bookings)
            .where(any_of(connection, bookings.c.id, booking_ids[start : start + IN_CHUNK]))
            .values(superseded=True)
        )


def _carry_travellers(
    connection: Connection, applied: list[_Applied], *, message_id: str, flight_id: int
) -> bool:
    """Replace in place, insert the new ones, let the dropped ones leave the flight.

    A dropped traveller stays with the version it was in: the previous row, or the
    history row that version moved to when the new one was written in place.
    Returns whether a traveller came, left or changed what pairing reads of it
    (`merge.pairing_signature`, compared with what is stored): most updates only
    move check-in, seats or bags, and then the flight need not be paired again.
    """
    previous_ids = [item.previous_row for item in applied if item.previous_row]
    stored = load_booking_travellers(connection, previous_ids)  # to pair and to compare
    carried: list[tuple[Traveller, Traveller]] = []  # (stored identity, newer version)
    replacements: list[tuple[int, dict[str, object], Traveller]] = []
    inserts: list[tuple[dict[str, object], Traveller]] = []
    repoint: list[dict[str, object]] = []  # cancelled PNRs: travellers follow to the new row
    dropped: list[dict[str, object]] = []
    for item in applied:
        old = stored.by_booking.get(item.previous_row, []) if item.previous_row else []
        if item.booking.status == BookingStatus.CANCELLED and not item.booking.travellers:
            if item.booking_id != item.previous_row:
                repoint += [{"id": i, "booking_id": item.booking_id} for i, _t in old]
            continue
        pairs = pair_versions(old, item.booking.travellers)
        identities = dict(old)
        kept = set()
        for position, traveller in enumerate(item.booking.travellers):
            located = _with_locator(traveller, item.booking)
            row = traveller_row(
                located,
                flight_id=flight_id,
                booking_id=item.booking_id,
                booking_position=position,
                source="pnr",
                message_id=message_id,
            )
            old_id = pairs.get(position)
            if old_id is None:
                inserts.append((row, traveller))
            else:
                kept.add(old_id)
                replacements.append((old_id, row, traveller))
                carried.append((identities[old_id], located))
        left_in = item.history_id or item.previous_row
        dropped += [
            {"id": i, "booking_id": left_in, "flight_id": None, "merged_into": None}
            for i, _t in old
            if i not in kept
        ]
    replace_travellers(connection, replacements, stored=stored)
    insert_travellers(connection, inserts)
    update_rows(connection, travellers, repoint)
    update_rows(connection, travellers, dropped)
    return bool(inserts or repoint or dropped) or _pairing_changed(carried)


def _pairing_changed(carried: list[tuple[Traveller, Traveller]]) -> bool:
    """Whether a carried traveller changed what pairing reads of it.

    Asked last, and only until the first change: when a traveller came or left,
    the flight is paired again whatever the others say.
    """
    return any(pairing_signature(old) != pairing_signature(new) for old, new in carried)


def _with_locator(traveller: Traveller, booking: Booking) -> Traveller:
    """PNR travellers carry their booking's locator: the API/PNR merge keys on it."""
    if traveller.record_locator or not booking.record_locator:
        return traveller
    return replace(traveller, record_locator=booking.record_locator)


def pair_versions(old: Sequence[tuple[int, Traveller]], new: Sequence[Traveller]) -> dict[int, int]:
    """New traveller position -> stored traveller id, for the same person in two versions."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for key_of in (_reference_key, _unique_reference_key, _name_keys):
        if len(pairs) == len(new) or len(taken) == len(old):
            break  # nobody left on one side: the later passes would pair no one
        index: dict[str, list[int]] = defaultdict(list)
        for traveller_id, traveller in old:
            if traveller_id not in taken:
                for key in key_of(traveller):
                    index[key].append(traveller_id)
        for position, traveller in enumerate(new):
            if position in pairs:
                continue
            for key in key_of(traveller):
                candidates = [i for i in index.get(key, []) if i not in taken]
                if len(candidates) == 1:
                    pairs[position] = candidates[0]
                    taken.add(candidates[0])
                    break
    return pairs


def _reference_key(traveller: Traveller) -> set[str]:
    return {f"tif:{traveller.reference_number}"} if traveller.reference_number else set()


def _unique_reference_key(traveller: Traveller) -> set[str]:
    reference = traveller.passenger_reference
    return {f"upi:{reference.upper()}"} if reference else set()


def _name_keys(traveller: Traveller) -> set[str]:
    return {f"name:{name}" for name in core_names(traveller)}


def _no_locator(booking: Booking) -> Finding:
    return Finding(
        code="ingest.pnr-without-locator",
        severity=Severity.WARNING,
        message=(
            f"a PNR with {len(booking.travellers)} traveller(s) has no record locator (RCI); "
            "it is versioned by its content"
        ),
    )


__all__ = ["PushResult", "booking_entity_key", "load_push", "pair_versions"]
