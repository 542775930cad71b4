"""The active watchlists and document lists, read from the watchlist store.

The store (`paxscreen.store.watchlists_repo`) keeps every list version's entries as
JSON records (`importing.entry_record` writes them); screening
needs them as model objects. This module turns the current version of every list
back into `Watchlist`s (person lists) and one `DocumentList` (lost, stolen and
revoked documents), for the flight screener and the iAPI check-in screen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from paxscreen.model import PartialDate
from paxscreen.screening.documents import DocumentList, ListedDocument
from paxscreen.screening.names.dob import DateKind, DateSpec
from paxscreen.screening.watchlists.model import (
    AliasQuality,
    DocumentStatus,
    EntryDocument,
    EntryName,
    Severity,
    Watchlist,
    WatchlistEntry,
)
from paxscreen.store.watchlist_tables import watchlist_entries, watchlists

_RANGE = re.compile(r"^(\d{4})-(\d{4})$")
APPROXIMATE_PREFIX = "approx. "


def date_spec_from_text(text: str) -> DateSpec | None:
    """Read back `DateSpec.describe()`: `1970`, `1970-05-02`, `approx. 1970`, `1965-1970`."""
    text = text.strip()
    try:
        if match := _RANGE.match(text):
            return DateSpec(PartialDate(int(match.group(1))), DateKind.RANGE, int(match.group(2)))
        if text.startswith(APPROXIMATE_PREFIX):
            return DateSpec(
                PartialDate.parse(text[len(APPROXIMATE_PREFIX) :]), DateKind.APPROXIMATE
            )
        return DateSpec(PartialDate.parse(text))
    except ValueError:
        return None  # an unreadable date is no evidence either way


def entry_from_record(record: Mapping[str, Any]) -> WatchlistEntry:
    names = [
        EntryName(
            full_name=name.get("full_name") or "",
            given_names=name.get("given_names") or "",
            surname=name.get("surname") or "",
            quality=AliasQuality(name.get("quality") or AliasQuality.STRONG.value),
            primary=bool(name.get("primary")),
        )
        for name in record.get("names") or []
    ]
    if not names and record.get("primary_name"):
        names = [EntryName(full_name=record["primary_name"], primary=True)]
    return WatchlistEntry(
        entry_id=str(record["entry_id"]),
        names=names,
        dates_of_birth=[
            spec
            for text in record.get("dates_of_birth") or []
            if (spec := date_spec_from_text(str(text))) is not None
        ],
        nationalities=list(record.get("nationalities") or []),
        sex=record.get("sex"),
        documents=[
            EntryDocument(
                number=document["number"],
                issuing_state=document.get("issuing_state"),
                type=document.get("type"),
                status=DocumentStatus(document.get("status") or DocumentStatus.VALID.value),
            )
            for document in record.get("documents") or []
            if document.get("number")
        ],
        category=record.get("category"),
        remarks=record.get("remarks") or "",
        source_reference=record.get("source_reference") or "",
    )


def _current_records(connection: Connection, kind: str) -> list[tuple[Any, list[dict[str, Any]]]]:
    lists = connection.execute(
        select(watchlists)
        .where(watchlists.c.kind == kind, watchlists.c.current_version > 0)
        .order_by(watchlists.c.name)
    ).all()
    found = []
    for watchlist in lists:
        rows = connection.execute(
            select(watchlist_entries)
            .where(
                watchlist_entries.c.watchlist_id == watchlist.id,
                watchlist_entries.c.version == watchlist.current_version,
            )
            .order_by(watchlist_entries.c.id)
        )
        found.append((watchlist, [dict(row._mapping) for row in rows]))
    return found


def active_watchlists(connection: Connection) -> list[Watchlist]:
    """The current version of every person list."""
    result = []
    for watchlist, records in _current_records(connection, "person"):
        severity = (
            watchlist.severity if watchlist.severity in Severity._value2member_map_ else "high"
        )
        result.append(
            Watchlist(
                name=watchlist.name,
                category=watchlist.category,
                severity=Severity(severity),
                entries=[entry_from_record(record) for record in records],
            )
        )
    return result


def active_document_list(connection: Connection) -> DocumentList | None:
    """Every document of the current version of every document list, or None without any."""
    listed = [
        ListedDocument(
            entry_id=str(record["entry_id"]),
            number=document["number"],
            issuing_state=document.get("issuing_state"),
            type=document.get("type"),
            status=DocumentStatus(document.get("status") or DocumentStatus.LOST.value),
        )
        for _watchlist, records in _current_records(connection, "document")
        for record in records
        for document in record.get("documents") or []
        if document.get("number")
    ]
    return DocumentList(listed) if listed else None


__all__ = ["active_document_list", "active_watchlists", "date_spec_from_text", "entry_from_record"]
