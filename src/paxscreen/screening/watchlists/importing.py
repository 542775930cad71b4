"""Importing a watchlist file: record by record, into accepted entries and a report of
the rejected ones (line and reason), so one bad record does not sink a list; and
storing the accepted ones as the list's new version (`import_file`).

Our CSV format is read row by row through the screening engine's own parser
(`entry_from_row`); a row it refuses is reported and the rest go on. The other
formats (UN XML, OFAC, EU, FollowTheMoney) are read whole by their importers: a
file they refuse is reported with the place they name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from paxscreen.errors import ImportFormatError
from paxscreen.screening.documents import read_document_list
from paxscreen.screening.watchlists import guess_format, read_watchlist
from paxscreen.screening.watchlists.csv_format import entry_from_row, read_rows
from paxscreen.screening.watchlists.model import Watchlist, WatchlistEntry
from paxscreen.store.watchlists_repo import create_watchlist, find_watchlist, import_version


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int | None
    reason: str


@dataclass(slots=True)
class ImportReport:
    format: str
    entries: list[WatchlistEntry] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: int = 0  # records that are not about a person (companies, vessels)
    complete: bool = True  # False when the file stopped being readable part-way
    records: list[dict[str, Any]] = field(default_factory=list)  # what the store keeps

    def rejected_records(self) -> list[dict[str, Any]]:
        return [{"line": item.line, "reason": item.reason} for item in self.rejected]


def _csv_report(path: Path) -> ImportReport:
    report = ImportReport(format="csv")
    seen: dict[str, int] = {}
    try:
        for line, row in read_rows(path):
            try:
                entry = entry_from_row(row, source=path.name, line=line)
            except ImportFormatError as error:
                report.rejected.append(Rejected(line, error.reason))
                continue
            if entry.entry_id in seen:
                reason = f"id {entry.entry_id} already on line {seen[entry.entry_id]}"
                report.rejected.append(Rejected(line, reason))
                continue
            seen[entry.entry_id] = line
            report.entries.append(entry)
    except ImportFormatError as error:  # the file itself cannot be read further
        report.rejected.append(Rejected(error.line, error.reason))
        report.complete = False
    return report


def read_with_report(path: Path, *, format: str | None = None) -> ImportReport:
    """Accepted entries (and their store records) and rejected records of one file."""
    chosen = format or guess_format(path)
    if chosen == "csv":
        report = _csv_report(path)
    else:
        try:
            watchlist: Watchlist = read_watchlist(path, format=chosen)
        except ImportFormatError as error:
            return ImportReport(
                format=chosen, rejected=[Rejected(error.line, error.reason)], complete=False
            )
        report = ImportReport(format=chosen, entries=watchlist.entries, skipped=watchlist.skipped)
    report.records = [entry_record(entry) for entry in report.entries]
    return report


def entry_record(entry: WatchlistEntry) -> dict[str, Any]:
    """An entry as the watchlist store keeps it (JSON-ready)."""
    return {
        "entry_id": entry.entry_id,
        "primary_name": entry.primary_name,
        "names": [
            {
                "full_name": name.full_name,
                "given_names": name.given_names,
                "surname": name.surname,
                "quality": name.quality.value,
                "primary": name.primary,
            }
            for name in entry.names
        ],
        "dates_of_birth": [spec.describe() for spec in entry.dates_of_birth],
        "nationalities": list(entry.nationalities),
        "sex": entry.sex,
        "documents": [
            {
                "number": document.number,
                "issuing_state": document.issuing_state,
                "type": document.type,
                "status": document.status.value,
            }
            for document in entry.documents
        ],
        "category": entry.category,
        "remarks": entry.remarks,
        "source_reference": entry.source_reference,
    }


def document_records(path: Path) -> ImportReport:
    """A lost/stolen/revoked document list, as store records (whole file or nothing)."""
    try:
        listed = read_document_list(path).documents
    except ImportFormatError as error:
        return ImportReport(
            format="document-csv", rejected=[Rejected(error.line, error.reason)], complete=False
        )
    report = ImportReport(format="document-csv")
    report.records = [
        {
            "entry_id": document.entry_id,
            "primary_name": "",
            "documents": [
                {
                    "number": document.number,
                    "issuing_state": document.issuing_state,
                    "type": document.type,
                    "status": document.status.value,
                }
            ],
            "source_reference": f"{path.name}",
        }
        for document in listed
    ]
    return report


@dataclass(frozen=True, slots=True)
class ImportResult:
    list_id: int
    version: int | None  # None: no readable record, nothing changed
    report: ImportReport


def import_file(
    connection: Connection,
    path: Path,
    *,
    name: str,
    category: str,
    user: str,
    now: dt.datetime,
    kind: str = "person",
    severity: str = "high",
    format: str | None = None,
) -> ImportResult:
    """Read `path` and store its records as a new version of list `name` (created if new)."""
    list_id = find_watchlist(connection, name) or create_watchlist(
        connection, name, category=category, user=user, now=now, kind=kind, severity=severity
    )
    report = document_records(path) if kind == "document" else read_with_report(path, format=format)
    version = None
    if report.records:
        version = import_version(
            connection, list_id, report.records, user=user, now=now, source_name=path.name,
            source_format=report.format, rejected=report.rejected_records(), skipped=report.skipped,
        )  # fmt: skip
    return ImportResult(list_id, version, report)
