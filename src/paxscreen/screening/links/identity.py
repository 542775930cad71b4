"""Which person is this traveller? One identity per person across flights and messages.

GTAS keyed identity on an exact hash of name, sex and date of birth: one typo split a
person's history and two namesakes merged. Here each new traveller record is compared
with earlier records that share a block (a document number, a frequent flyer number,
the date of birth or its day-month swap, or the exact name key) using the same scorer
as watchlist screening, and attached to the best identity when the evidence says so:

- the same document number (and issuing state) decides;
- the same frequent flyer account with an agreeing name links;
- otherwise an agreeing date of birth (exact or day-month swapped) and a name score at
  or above the threshold link; a conflicting date of birth never does;
- anything less starts a new identity.

Analysts' decisions come first: a confirmed record goes where it was confirmed, two
records kept apart are never joined again, two records declared the same stay
together. Decisions are keyed on fingerprints, so they survive re-ingestion.

Splink (with DuckDB) was considered for this job. It estimates match weights for a
whole batch offline; we must attach each record in milliseconds as its flight
loads, respect per-pair decisions, and explain the link in the same terms as a
watchlist hit. Our matcher does that with the scorer we already tune and test;
`bench/bench_links.py` measures its throughput.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, exists, or_, select, union_all, update

from paxscreen.model import PartialDate
from paxscreen.screening.links.records import TravellerRecord, load_records
from paxscreen.screening.names.dob import DobAgreement
from paxscreen.screening.names.score import DocumentAgreement, score_subjects
from paxscreen.store.link_tables import identities, identity_decisions, identity_links
from paxscreen.store.tables import documents, frequent_flyers, traveller_names, travellers

LINKING_DATES = (DobAgreement.EXACT, DobAgreement.DAY_MONTH_SWAPPED)
CONFLICTING_DATES = (DobAgreement.CONFLICT, DobAgreement.DAY_CONFLICT)


@dataclass(frozen=True, slots=True)
class IdentityOptions:
    fingerprint_key: bytes
    threshold: float = 0.85  # name score (with DOB agreement) that links two records
    frequent_flyer_name_threshold: float = 0.6
    candidate_limit: int = 200  # per block; a huge block is a common value, not a person


@dataclass(frozen=True, slots=True)
class Resolution:
    traveller_id: int
    identity_id: int
    confidence: float
    method: str
    explanation: dict[str, Any] = field(default_factory=dict)


def _swapped(date: PartialDate | None) -> str | None:
    if date is None or date.day is None or date.month is None or date.day > 12:
        return None
    try:
        return PartialDate(date.year, date.day, date.month).isoformat()
    except ValueError:
        return None


def _candidate_ids(connection: Connection, record: TravellerRecord, limit: int) -> set[int]:
    """Already-resolved travellers sharing a block with `record`."""
    blocks = []
    if record.documents:
        keys = [number for number, _ in record.documents]
        blocks.append(select(documents.c.traveller_id).where(documents.c.number_key.in_(keys)))
    if record.frequent_flyers:
        numbers = [number for _, number in record.frequent_flyers]
        blocks.append(
            select(frequent_flyers.c.traveller_id).where(frequent_flyers.c.number.in_(numbers))
        )
    if record.date_of_birth is not None and record.date_of_birth.is_complete:
        dates = [record.date_of_birth.isoformat()]
        if swapped := _swapped(record.date_of_birth):
            dates.append(swapped)
        blocks.append(select(travellers.c.id).where(travellers.c.date_of_birth.in_(dates)))
    elif record.name_keys:
        blocks.append(
            select(traveller_names.c.traveller_id).where(
                traveller_names.c.name_key.in_(record.name_keys)
            )
        )
    if not blocks:
        return set()
    # one round trip: each block limited on its own (a huge block is a common value)
    limited = [
        select(
            block.where(exists().where(identity_links.c.traveller_id == block.selected_columns[0]))
            .limit(limit)
            .subquery()
            .c[0]
        )
        for block in blocks
    ]
    found = set(
        connection.execute(union_all(*limited) if len(limited) > 1 else limited[0]).scalars()
    )
    found.discard(record.traveller_id)
    return found


def _assess(
    record: TravellerRecord, candidate: TravellerRecord, options: IdentityOptions
) -> tuple[float, str, dict[str, Any]] | None:
    """(confidence, method, explanation) when the two records are the same person, else None."""
    explanation = score_subjects(record.subject(), candidate.subject())
    name_score = explanation.name.score if explanation.name else 0.0
    detail: dict[str, Any] = {
        "matched_traveller": candidate.traveller_id,
        "name_score": round(name_score, 3),
        "dob": explanation.dob.value,
        "document": explanation.document.value,
        "nationality": explanation.nationality,
        "score": explanation.score,
    }
    shared_ff = bool(set(record.frequent_flyers) & set(candidate.frequent_flyers))
    detail["frequent_flyer"] = "same" if shared_ff else "none"
    dates_conflict = explanation.dob in CONFLICTING_DATES
    if explanation.document is DocumentAgreement.EXACT and not (
        dates_conflict and name_score < 0.5
    ):
        return 0.99, "document", detail
    if shared_ff and name_score >= options.frequent_flyer_name_threshold and not dates_conflict:
        return 0.95, "frequent_flyer", detail
    if explanation.dob in LINKING_DATES and explanation.score >= options.threshold:
        return min(explanation.score, 0.98), "name_dob", detail
    return None


def _decisions_for(connection: Connection, fingerprint: str) -> list[Any]:
    query = select(identity_decisions).where(
        or_(
            identity_decisions.c.fingerprint == fingerprint,
            identity_decisions.c.other_fingerprint == fingerprint,
        )
    )
    return list(connection.execute(query))


def current_identity(connection: Connection, identity_id: int) -> int:
    """Follow merges to the identity that survives."""
    seen = set()
    while identity_id not in seen:
        seen.add(identity_id)
        merged = connection.execute(
            select(identities.c.merged_into).where(identities.c.id == identity_id)
        ).scalar()
        if merged is None:
            return identity_id
        identity_id = merged
    return identity_id


def _identity_of_fingerprint(connection: Connection, fingerprint: str) -> int | None:
    identity_id = connection.execute(
        select(identity_links.c.identity_id)
        .where(identity_links.c.fingerprint == fingerprint)
        .order_by(identity_links.c.linked_at.desc())
        .limit(1)
    ).scalar()
    return current_identity(connection, identity_id) if identity_id is not None else None


def _fingerprints_of(connection: Connection, identity_id: int) -> set[str]:
    query = select(identity_links.c.fingerprint).where(identity_links.c.identity_id == identity_id)
    return set(connection.execute(query).scalars())


def _decided(connection: Connection, fingerprint: str) -> tuple[int | None, set[str], set[str]]:
    """(confirmed identity, fingerprints declared the same, fingerprints kept apart)."""
    confirmed, same, apart = None, set(), set()
    for decision in _decisions_for(connection, fingerprint):
        other = (
            decision.other_fingerprint
            if decision.fingerprint == fingerprint
            else decision.fingerprint
        )
        if decision.kind == "confirm" and decision.identity_id is not None:
            confirmed = current_identity(connection, decision.identity_id)
        elif decision.kind == "same" and other:
            same.add(other)
        elif decision.kind == "separate" and other:
            apart.add(other)
    return confirmed, same, apart


def new_identity(connection: Connection, *, now: dt.datetime) -> int:
    return int(
        connection.execute(
            identities.insert().values(created_at=now, updated_at=now).returning(identities.c.id)
        ).scalar_one()
    )


def link_traveller(
    connection: Connection, resolution: Resolution, *, fingerprint: str, now: dt.datetime
) -> None:
    """(Re)attach one traveller record to an identity (used by analysts' decisions)."""
    connection.execute(
        identity_links.delete().where(identity_links.c.traveller_id == resolution.traveller_id)
    )
    connection.execute(identity_links.insert().values(_link_row(resolution, fingerprint, now)))
    _stamp(connection, [resolution], now=now)


def _is_specific(record: TravellerRecord) -> bool:
    """Enough to say that an identical record is the same person: a document or a full DOB.

    Two records with only the same name are namesakes until proven otherwise.
    """
    return bool(record.documents) or (
        record.date_of_birth is not None and record.date_of_birth.is_complete
    )


@dataclass(slots=True)
class _Batch:
    """What one resolution run already knows, so each record costs few round trips."""

    decisions: dict[str, tuple[int | None, set[str], set[str]]] = field(default_factory=dict)
    by_fingerprint: dict[str, int] = field(default_factory=dict)  # fingerprint -> identity

    def decided(self, fingerprint: str) -> tuple[int | None, set[str], set[str]]:
        return self.decisions.get(fingerprint, (None, set(), set()))


def _load_batch(connection: Connection, fingerprints: set[str]) -> _Batch:
    batch = _Batch()
    if not fingerprints:
        return batch
    decided = connection.execute(
        select(identity_decisions.c.fingerprint, identity_decisions.c.other_fingerprint).where(
            or_(
                identity_decisions.c.fingerprint.in_(fingerprints),
                identity_decisions.c.other_fingerprint.in_(fingerprints),
            )
        )
    ).all()
    involved = {fp for row in decided for fp in row if fp in fingerprints}
    for fingerprint in involved:
        batch.decisions[fingerprint] = _decided(connection, fingerprint)
    rows = connection.execute(
        select(identity_links.c.fingerprint, identity_links.c.identity_id)
        .where(identity_links.c.fingerprint.in_(fingerprints))
        .order_by(identity_links.c.linked_at)
    )
    batch.by_fingerprint = {fingerprint: identity_id for fingerprint, identity_id in rows}
    return batch


def _resolve_one(
    connection: Connection,
    record: TravellerRecord,
    options: IdentityOptions,
    *,
    now: dt.datetime,
    batch: _Batch,
) -> Resolution:
    fingerprint = record.fingerprint(options.fingerprint_key)
    confirmed, same, apart = batch.decided(fingerprint)
    if confirmed is not None:
        return Resolution(record.traveller_id, confirmed, 1.0, "analyst", {"decision": "confirm"})
    for other in sorted(same):
        if (identity_id := _identity_of_fingerprint(connection, other)) is not None:
            return Resolution(
                record.traveller_id, identity_id, 1.0, "analyst", {"decision": "same"}
            )
    identity_id = batch.by_fingerprint.get(fingerprint) if _is_specific(record) else None
    if identity_id is not None:
        identity_id = current_identity(connection, identity_id)
        if not (apart and _fingerprints_of(connection, identity_id) & apart):
            return Resolution(record.traveller_id, identity_id, 1.0, "same_record", {})
    candidates = load_records(
        connection, _candidate_ids(connection, record, options.candidate_limit)
    )
    assessed = {
        candidate.traveller_id: found
        for candidate in candidates.values()
        if (found := _assess(record, candidate, options)) is not None
    }
    if assessed:
        # merges move every link to the surviving identity, so links name current identities
        identity_of_candidate = dict(
            connection.execute(
                select(identity_links.c.traveller_id, identity_links.c.identity_id).where(
                    identity_links.c.traveller_id.in_(list(assessed))
                )
            ).all()
        )
        best: Resolution | None = None
        for candidate_id, (confidence, method, detail) in sorted(assessed.items()):
            identity_id = identity_of_candidate[candidate_id]
            if apart and _fingerprints_of(connection, identity_id) & apart:
                continue  # an analyst kept these records apart
            if best is None or confidence > best.confidence:
                best = Resolution(
                    record.traveller_id, identity_id, round(confidence, 4), method, detail
                )
        if best is not None:
            return best
    return Resolution(record.traveller_id, new_identity(connection, now=now), 1.0, "new", {})


def resolve_identities(
    connection: Connection,
    traveller_ids: Iterable[int],
    *,
    options: IdentityOptions,
    now: dt.datetime,
    only_unresolved: bool = True,
) -> list[Resolution]:
    """Attach each traveller to an identity (in id order, so earlier records lead)."""
    ids = sorted(set(traveller_ids))
    if only_unresolved and ids:
        done = set(
            connection.execute(
                select(identity_links.c.traveller_id).where(identity_links.c.traveller_id.in_(ids))
            ).scalars()
        )
        ids = [traveller_id for traveller_id in ids if traveller_id not in done]
    records = load_records(connection, ids)
    fingerprints = {
        traveller_id: record.fingerprint(options.fingerprint_key)
        for traveller_id, record in records.items()
    }
    batch = _load_batch(connection, set(fingerprints.values()))
    resolutions = []
    for traveller_id in ids:
        record = records.get(traveller_id)
        if record is None:
            continue
        resolution = _resolve_one(connection, record, options, now=now, batch=batch)
        if not only_unresolved:  # re-resolving: the earlier link gives way
            connection.execute(
                identity_links.delete().where(identity_links.c.traveller_id == traveller_id)
            )
        connection.execute(
            identity_links.insert().values(_link_row(resolution, fingerprints[traveller_id], now))
        )
        batch.by_fingerprint.setdefault(fingerprints[traveller_id], resolution.identity_id)
        resolutions.append(resolution)
    _stamp(connection, resolutions, now=now)
    return resolutions


def _link_row(resolution: Resolution, fingerprint: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "traveller_id": resolution.traveller_id,
        "identity_id": resolution.identity_id,
        "fingerprint": fingerprint,
        "confidence": resolution.confidence,
        "method": resolution.method,
        "explanation": resolution.explanation,
        "linked_at": now,
    }


def _stamp(connection: Connection, resolutions: list[Resolution], *, now: dt.datetime) -> None:
    """Travellers' person ids and identities' change times, once per run, in two statements."""
    if not resolutions:
        return
    connection.execute(
        update(travellers)
        .where(travellers.c.id == bindparam("traveller"))
        .values(person_id=bindparam("person")),
        [{"traveller": r.traveller_id, "person": str(r.identity_id)} for r in resolutions],
    )
    connection.execute(
        update(identities)
        .where(identities.c.id.in_({r.identity_id for r in resolutions}))
        .values(updated_at=now)
    )


def members(connection: Connection, identity_id: int) -> list[int]:
    """Traveller ids of an identity (after following merges)."""
    identity_id = current_identity(connection, identity_id)
    query = select(identity_links.c.traveller_id).where(identity_links.c.identity_id == identity_id)
    return sorted(connection.execute(query).scalars())


def identity_of(connection: Connection, traveller_id: int) -> int | None:
    identity_id = connection.execute(
        select(identity_links.c.identity_id).where(identity_links.c.traveller_id == traveller_id)
    ).scalar()
    return current_identity(connection, identity_id) if identity_id is not None else None


__all__ = [
    "IdentityOptions",
    "Resolution",
    "current_identity",
    "identity_of",
    "link_traveller",
    "members",
    "new_identity",
    "resolve_identities",
]
