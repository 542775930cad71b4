"""Screen a flight's travellers against the active watchlists and document lists.

Every traveller is screened with every name the messages gave it (API, PNR booking
name, the name printed on each document), its date of birth, nationalities and all
its documents; each entry that scores at review or above becomes a hit through
`paxscreen.vetting.hits.record_hit`, carrying the list version, the score's
explanation and the traveller's data as screened. A pair an analyst cleared is not
raised again until the entry (a new list version) or the identity changes.

The in-memory index is built once per set of list versions and reused until a list
changes, so screening a flight costs milliseconds. `rescreen_window` re-screens the
flights departing or arriving in the configured window (default 72 h) after a list
was imported or changed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from paxscreen.config import Settings
from paxscreen.model import Traveller
from paxscreen.screening.documents import DocumentHit, DocumentList
from paxscreen.screening.names import DateSpec, Document, Subject, normalise_name
from paxscreen.screening.names.matcher import Match, Matcher
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.model import Watchlist, WatchlistEntry
from paxscreen.screening.watchlists.store import active_document_list, active_watchlists
from paxscreen.store.tables import flights, travellers
from paxscreen.store.travellers_repo import load_travellers
from paxscreen.store.watchlist_tables import watchlists
from paxscreen.vetting.cleared_pairs import is_cleared
from paxscreen.vetting.hits import HitRecord, record_hit

SEVERITY_NUMBER = {"low": 1, "medium": 2, "high": 3, "critical": 4}
TOP_PER_TRAVELLER = 5


@dataclass(slots=True)
class LoadedLists:
    """The active lists of one moment, indexed; `key` says which versions they are."""

    key: tuple[tuple[Any, ...], ...]
    entries: list[tuple[Watchlist, WatchlistEntry]]
    versions: dict[str, int]
    matcher: Matcher
    documents: DocumentList | None


_cache: dict[str, LoadedLists] = {}
_lock = threading.Lock()


def _versions_key(connection: Connection) -> tuple[tuple[Any, ...], ...]:
    """Which lists, in which versions: the index is rebuilt when this changes."""
    columns = (
        watchlists.c.id,
        watchlists.c.name,
        watchlists.c.kind,
        watchlists.c.current_version,
        watchlists.c.created_at,
    )
    return tuple(sorted(tuple(row) for row in connection.execute(select(*columns)).all()))


def load_lists(connection: Connection, settings: Settings) -> LoadedLists:
    """The indexed active lists, rebuilt only when a list version changed."""
    key = _versions_key(connection)
    cache_key = str(connection.engine.url)
    with _lock:
        cached = _cache.get(cache_key)
        if cached is not None and cached.key == key:
            return cached
    lists = active_watchlists(connection)
    entries = [(watchlist, entry) for watchlist in lists for entry in watchlist.entries]
    subjects = [entry.to_subject() for _, entry in entries]
    versions = dict(
        connection.execute(select(watchlists.c.name, watchlists.c.current_version)).all()
    )
    loaded = LoadedLists(
        key=key,
        entries=entries,
        versions={str(k): int(v) for k, v in versions.items()},
        matcher=Matcher.from_subjects(
            subjects,
            review_threshold=settings.screening.review_threshold,
            alert_threshold=settings.screening.alert_threshold,
        ),
        documents=active_document_list(connection),
    )
    with _lock:
        _cache[cache_key] = loaded
    return loaded


def traveller_subject(traveller: Traveller) -> Subject:
    """The traveller as the scorer sees it: every name, date of birth, nationality, document."""
    seen: set[tuple[str, str]] = set()
    names = []
    candidates = [
        (n.given_names, n.surname, n.raw) for n in [traveller.name, *traveller.other_names]
    ]
    candidates += [(d.given_names or "", d.surname or "", "") for d in traveller.documents]
    for given, surname, raw in candidates:
        if (given, surname) in seen or not (given or surname or raw):
            continue
        seen.add((given, surname))
        name = (
            normalise_name(given_names=given, surname=surname)
            if given or surname
            else (normalise_name(raw))
        )
        if name.tokens:
            names.append(name)
    countries = {to_iso2(traveller.nationality)} | {
        to_iso2(d.nationality) for d in traveller.documents
    }
    born = traveller.date_of_birth
    return Subject(
        names=names,
        dates_of_birth=[DateSpec(born)] if born else [],
        nationalities=frozenset(c for c in countries if c),
        sex=(traveller.sex or "").upper()[:1] or None,
        documents=[
            Document(d.number, to_iso2(d.issuing_state), d.type)
            for d in traveller.documents
            if d.number
        ],
    )


def screened_data(traveller: Traveller) -> dict[str, Any]:
    """What was screened, kept with the hit so it explains itself after data changes."""
    return {
        "names": [
            {"given_names": n.given_names, "surname": n.surname, "source": str(n.source)}
            for n in [traveller.name, *traveller.other_names]
        ],
        "date_of_birth": str(traveller.date_of_birth) if traveller.date_of_birth else None,
        "nationality": traveller.nationality,
        "sex": traveller.sex,
        "documents": [
            {"type": d.type, "number": d.number, "issuing_state": d.issuing_state}
            for d in traveller.documents
        ],
    }


def _entry_hit(
    loaded: LoadedLists, match: Match, traveller_id: int, flight_id: int, data: dict[str, Any]
) -> HitRecord:
    watchlist, entry = loaded.entries[match.entry]
    explanation = match.explanation
    return HitRecord(
        traveller_id=traveller_id,
        flight_id=flight_id,
        source="watchlist",
        source_id=f"{watchlist.name}:{entry.entry_id}",
        source_version=str(loaded.versions.get(watchlist.name, 0)),
        score=match.score,
        band=match.band.value,
        severity=SEVERITY_NUMBER.get(watchlist.severity.value, 3),
        category=watchlist.category,
        explanation={
            "kind": "watchlist",
            "list": watchlist.name,
            "entry_id": entry.entry_id,
            "entry_name": entry.primary_name,
            "matched_name": explanation.entry_name,
            "traveller_name": explanation.query_name,
            "summary": explanation.to_text(),
            "dob": explanation.dob.value,
            "nationality": explanation.nationality,
            "document": explanation.document.value,
            "caps": list(explanation.caps),
        },
        screened_data=data,
        urgent=match.band.value == "alert",
    )


def _document_hit(
    hit: DocumentHit, number: str, traveller_id: int, flight_id: int, data: dict[str, Any]
) -> HitRecord:
    exact = hit.score >= 1.0
    return HitRecord(
        traveller_id=traveller_id,
        flight_id=flight_id,
        source="document",
        source_id=f"{hit.listed.issuing_state or '?'}:{hit.listed.number}",
        score=hit.score,
        band="alert" if exact else "review",
        severity=4 if exact else 3,
        category="document",
        explanation={
            "kind": "document",
            "summary": hit.explain(number),
            "status": hit.listed.status.value,
        },
        screened_data=data,
        urgent=exact,
    )


def screen_flight(
    connection: Connection, flight_id: int, *, settings: Settings, now: dt.datetime
) -> int:
    """Screen one flight's travellers; returns how many hits were written or refreshed.

    Every row is screened (an API row and the PNR row paired with it may spell the
    name differently), but a person's hit goes to the row the flight lists them
    under (`merged_into`), once per entry: the best-scoring row's match explains it.
    """
    loaded = load_lists(connection, settings)
    rows = connection.execute(
        select(travellers.c.id, travellers.c.person_id, travellers.c.merged_into).where(
            travellers.c.flight_id == flight_id
        )
    ).all()
    person_of = {int(row.id): row.person_id for row in rows}
    listed_as = {int(row.id): int(row.merged_into or row.id) for row in rows}
    best: dict[tuple[int, str, str], tuple[HitRecord, int]] = {}
    loaded_travellers = list(load_travellers(connection, list(person_of)).items())
    # The whole flight in one index pass (same matches as one by one, a fraction of the cost).
    matches_of = loaded.matcher.screen_many(
        [traveller_subject(traveller) for _, traveller in loaded_travellers],
        top=TOP_PER_TRAVELLER,
        min_score=settings.screening.review_threshold,
    )
    for (traveller_id, traveller), matches in zip(loaded_travellers, matches_of, strict=True):
        document_hits = (
            [
                (hit, doc.number)
                for doc in traveller.documents
                if doc.number
                for hit in loaded.documents.check(doc.number, doc.issuing_state)
            ]
            if loaded.documents is not None
            else []
        )
        if not matches and not document_hits:
            continue  # almost every traveller: no hit, nothing more to build
        data = screened_data(traveller)
        subject = listed_as[traveller_id]
        records = [_entry_hit(loaded, match, subject, flight_id, data) for match in matches]
        records += [
            _document_hit(hit, number, subject, flight_id, data) for hit, number in document_hits
        ]
        for record in records:
            key = (subject, record.source, record.source_id)
            if key not in best or record.score > best[key][0].score:
                best[key] = (record, traveller_id)
    written = 0
    for record, traveller_id in best.values():
        if any(
            is_cleared(
                connection,
                traveller_id=row,
                person_id=person_of[traveller_id],
                source=record.source,
                source_id=record.source_id,
                source_version=record.source_version,
            )
            for row in {record.traveller_id, traveller_id}
        ):
            continue
        record_hit(connection, record, now=now)
        written += 1
    return written


def screen_flights(
    connection: Connection, flight_ids: Sequence[int], *, settings: Settings, now: dt.datetime
) -> int:
    """The `FlightScreener` registered with `paxscreen.screening.interface`."""
    return sum(
        screen_flight(connection, flight_id, settings=settings, now=now) for flight_id in flight_ids
    )


def flights_in_window(connection: Connection, *, now: dt.datetime, hours: int) -> list[int]:
    """Flights departing or arriving between now and now + hours."""
    end = now + dt.timedelta(hours=hours)
    statement = select(flights.c.id).where(
        or_(flights.c.departure_utc.between(now, end), flights.c.arrival_utc.between(now, end))
    )
    return list(connection.execute(statement.order_by(flights.c.id)).scalars())


def rescreen_window(connection: Connection, *, settings: Settings, now: dt.datetime) -> int:
    """After a list import or change: re-screen every flight in the window; returns hits."""
    hours = settings.screening.rescreen_window_hours
    return screen_flights(
        connection, flights_in_window(connection, now=now, hours=hours), settings=settings, now=now
    )


__all__ = [
    "flights_in_window",
    "load_lists",
    "rescreen_window",
    "screen_flight",
    "screen_flights",
    "traveller_subject",
]
