"""paxscreen's own watchlist CSV format: the simplest way to bring a list in.

UTF-8, comma-separated, one header line, one entry per line. Columns (in any
order; names are case-insensitive; unknown columns are ignored):

| column            | required | meaning                                                   |
|-------------------|----------|-----------------------------------------------------------|
| id                | yes      | the entry's identifier, unique in the file (hits cite it) |
| full_name         | one name | the whole name, in any script; "LAST, First" is read as such |
| given_names       | one name | given names, when known separately                         |
| surname           | one name | family name(s), when known separately                      |
| date_of_birth     | no       | 1965-06-01, 1965-06, 1965, 01/06/1965, "circa 1960",       |
|                   |          | "1955 to 1960"; several separated by `|`                   |
| sex               | no       | M or F (anything else: unknown)                            |
| nationality       | no       | ISO-2, ISO-3 or a country name; several separated by `|`   |
| document_number   | no       | travel document number; several separated by `|`          |
| document_country  | no       | issuing state of the document(s) (ISO-2/ISO-3)            |
| aliases           | no       | other names separated by `|`; prefix `~` marks a weak alias |
| category          | no       | the entry's own category (e.g. terrorism, wanted)          |
| remarks           | no       | free text kept with the entry                              |

Either `full_name` or one of `given_names`/`surname` must be filled. The same
columns (without `aliases`, `category`, `remarks`) make the QUERIES.csv of
`paxscreen screen names`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from paxscreen.errors import ImportFormatError
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.dates import parse_date_spec
from paxscreen.screening.watchlists.model import (
    AliasQuality,
    EntryDocument,
    EntryName,
    Watchlist,
    WatchlistEntry,
)

REQUIRED = ("id",)
NAME_COLUMNS = ("full_name", "given_names", "surname")


def open_csv(path: Path) -> TextIO:
    """Open a CSV file for reading; a missing or unreadable file is an ImportFormatError."""
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise ImportFormatError(f"cannot read file: {error.strerror}", source=str(path)) from None


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as lower-cased-column dicts, with their line numbers."""
    with open_csv(path) as handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip().lower() for column in next(reader)]
        except StopIteration:
            raise ImportFormatError("empty file: no header line", source=str(path)) from None
        except (csv.Error, UnicodeDecodeError) as error:
            raise ImportFormatError(f"not CSV: {error}", source=str(path), line=1) from None
        missing = [column for column in REQUIRED if column not in header]
        if missing or not any(column in header for column in NAME_COLUMNS):
            wanted = ", ".join(missing) or " or ".join(NAME_COLUMNS)
            raise ImportFormatError(f"header lacks column(s) {wanted}", source=str(path), line=1)
        try:
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    raise ImportFormatError(
                        f"{len(row)} fields, header has {len(header)}", source=str(path), line=line
                    )
                yield (
                    line,
                    {column: cell.strip() for column, cell in zip(header, row, strict=False)},
                )
        except (csv.Error, UnicodeDecodeError) as error:
            raise ImportFormatError(
                f"not CSV: {error}", source=str(path), line=reader.line_num
            ) from None


def split_multi(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def entry_from_row(row: dict[str, str], *, source: str, line: int) -> WatchlistEntry:
    """One CSV row -> entry; raises ImportFormatError naming the line and the problem."""
    entry_id = row.get("id", "")
    if not entry_id:
        raise ImportFormatError("empty id", source=source, line=line)
    full, given, surname = (row.get(column, "") for column in NAME_COLUMNS)
    if not (full or given or surname):
        raise ImportFormatError(f"entry {entry_id}: no name", source=source, line=line)
    names = [EntryName(full_name=full, given_names=given, surname=surname, primary=True)]
    for alias in split_multi(row.get("aliases", "")):
        weak = alias.startswith("~")
        names.append(
            EntryName(
                full_name=alias.lstrip("~").strip(),
                quality=AliasQuality.WEAK if weak else AliasQuality.STRONG,
            )
        )
    try:
        dates = [parse_date_spec(text) for text in split_multi(row.get("date_of_birth", ""))]
    except ValueError as error:
        raise ImportFormatError(f"entry {entry_id}: {error}", source=source, line=line) from None
    country = to_iso2(row.get("document_country"))
    documents = [
        EntryDocument(number=number, issuing_state=country)
        for number in split_multi(row.get("document_number", ""))
    ]
    nationalities = [
        code for text in split_multi(row.get("nationality", "")) if (code := to_iso2(text))
    ]
    sex = row.get("sex", "").upper()[:1]
    return WatchlistEntry(
        entry_id=entry_id,
        names=names,
        dates_of_birth=dates,
        nationalities=nationalities,
        sex=sex if sex in ("M", "F") else None,
        documents=documents,
        category=row.get("category") or None,
        remarks=row.get("remarks", ""),
        source_reference=f"{Path(source).name}:{line}",
    )


def read_csv_watchlist(path: Path, *, name: str | None = None) -> Watchlist:
    """Read a watchlist in paxscreen's CSV format (see the module docstring)."""
    watchlist = Watchlist(name=name or path.stem, source_format="csv")
    seen: dict[str, int] = {}
    for line, row in read_rows(path):
        entry = entry_from_row(row, source=str(path), line=line)
        if entry.entry_id in seen:
            raise ImportFormatError(
                f"id {entry.entry_id} already on line {seen[entry.entry_id]}",
                source=str(path),
                line=line,
            )
        seen[entry.entry_id] = line
        watchlist.entries.append(entry)
    return watchlist


__all__ = ["entry_from_row", "open_csv", "read_csv_watchlist", "read_rows", "split_multi"]
