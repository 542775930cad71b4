"""EU consolidated financial sanctions list, CSV form (Financial Sanctions Files).

Semicolon-separated (comma accepted), one header line, and one row per fact: an
entity repeats on many rows, each carrying one name alias, birth date,
identification or citizenship. Rows are grouped by `Entity_LogicalId`. Only
subject type person (`P` / `person`) is kept. Identification status flags
(`reportedLost`, `revokedByIssuer`, `knownFalse`, `knownExpired`) become the
document status. Columns are found by header name, case-insensitively, so column
order and extra columns do not matter.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from paxscreen.errors import ImportFormatError
from paxscreen.model.dates import PartialDate
from paxscreen.screening.names.dob import DateKind, DateSpec
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.dates import parse_date_spec
from paxscreen.screening.watchlists.model import (
    DocumentStatus,
    EntryDocument,
    EntryName,
    Watchlist,
    WatchlistEntry,
)

ID = "entity_logicalid"
REQUIRED = (ID, "entity_subjecttype", "namealias_wholename")
_STATUS_FLAGS = (
    ("identification_reportedlost", DocumentStatus.LOST),
    ("identification_revokedbyissuer", DocumentStatus.REVOKED),
    ("identification_knownfalse", DocumentStatus.FALSE),
    ("identification_knownexpired", DocumentStatus.EXPIRED),
)


def _is_true(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes")


def _birth_date(row: dict[str, str]) -> DateSpec | None:
    low, high = row.get("birthdate_yearrangefrom", ""), row.get("birthdate_yearrangeto", "")
    if low.isdigit() and high.isdigit() and int(low) > 0:
        return DateSpec(PartialDate(int(low)), DateKind.RANGE, year_to=int(high))
    text = row.get("birthdate_birthdate", "") or row.get("birthdate_year", "")
    if not text or text == "0":
        return None
    spec = parse_date_spec(text)
    if _is_true(row.get("birthdate_circa", "")):
        return DateSpec(spec.date, DateKind.APPROXIMATE)
    return spec


def _add_row(entry: WatchlistEntry, row: dict[str, str]) -> None:
    whole = row.get("namealias_wholename", "")
    if whole and all(name.full_name != whole for name in entry.names):
        entry.names.append(
            EntryName(
                full_name=whole,
                given_names=row.get("namealias_firstname", ""),
                surname=row.get("namealias_lastname", ""),
                primary=not entry.names,
            )
        )
        gender = row.get("namealias_gender", "").upper()[:1]
        entry.sex = entry.sex or (gender if gender in ("M", "F") else None)
    spec = _birth_date(row)
    if spec and spec not in entry.dates_of_birth:
        entry.dates_of_birth.append(spec)
    if number := row.get("identification_number", ""):
        status = next(
            (s for flag, s in _STATUS_FLAGS if _is_true(row.get(flag, ""))), DocumentStatus.VALID
        )
        document = EntryDocument(
            number=number,
            issuing_state=to_iso2(row.get("identification_countryiso2code")),
            type=row.get("identification_typecode") or None,
            status=status,
        )
        if all(doc.number != number for doc in entry.documents):
            entry.documents.append(document)
    code = to_iso2(
        row.get("citizenship_countryiso2code") or row.get("citizenship_countrydescription")
    )
    if code and code not in entry.nationalities:
        entry.nationalities.append(code)


def read_eu_csv(path: Path, *, name: str | None = None) -> Watchlist:
    """Read the EU consolidated list CSV; raises ImportFormatError naming the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFormatError(f"cannot read file: {error}", source=str(path)) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [column.strip().lower() for column in next(reader, [])]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFormatError(
            f"header lacks column(s) {', '.join(missing)}", source=str(path), line=1
        )
    watchlist = Watchlist(
        name=name or "EU consolidated list", category="sanctions", source_format="eu-csv"
    )
    entries: dict[str, WatchlistEntry] = {}
    others: set[str] = set()
    for row_cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row_cells):
            continue
        if len(row_cells) != len(header):
            raise ImportFormatError(
                f"{len(row_cells)} fields, header has {len(header)}", source=str(path), line=line
            )
        row = {column: cell.strip() for column, cell in zip(header, row_cells, strict=True)}
        logical_id = row[ID]
        if not logical_id:
            raise ImportFormatError("empty Entity_LogicalId", source=str(path), line=line)
        if row["entity_subjecttype"].lower() not in ("p", "person"):
            others.add(logical_id)
            continue
        entry = entries.setdefault(
            logical_id,
            WatchlistEntry(
                entry_id=logical_id,
                remarks=row.get("entity_remark", ""),
                source_reference=row.get("entity_eu_referencenumber", ""),
            ),
        )
        try:
            _add_row(entry, row)
        except ValueError as error:
            raise ImportFormatError(
                f"entity {logical_id}: {error}", source=str(path), line=line
            ) from None
    watchlist.entries = [entry for entry in entries.values() if entry.names]
    watchlist.skipped = len(others)
    return watchlist


__all__ = ["read_eu_csv"]
