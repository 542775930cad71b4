"""The measurement files of `paxscreen screen`: QUERIES.csv and PAIRS.csv -> subjects.

QUERIES.csv has the columns of our watchlist CSV (`id,full_name,given_names,
surname,date_of_birth,sex,nationality,document_number,document_country`): all but
`id` and one name field may be empty, dates may be partial, countries ISO-2 or
ISO-3. PAIRS.csv has `id,name_a,name_b` and optionally `dob_a,dob_b,
nationality_a,nationality_b`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from paxscreen.errors import ImportFormatError
from paxscreen.screening.names.normalise import normalise_name
from paxscreen.screening.names.score import Document, Subject
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.csv_format import entry_from_row, open_csv, read_rows
from paxscreen.screening.watchlists.dates import parse_date_spec


def read_queries(path: Path) -> Iterator[tuple[str, Subject]]:
    """(query id, subject) for every row of a QUERIES.csv."""
    for line, row in read_rows(path):
        entry = entry_from_row(row, source=str(path), line=line)
        subject = entry.to_subject()
        if not subject.names:
            raise ImportFormatError(
                f"query {entry.entry_id}: name has no letters", source=str(path), line=line
            )
        # A traveller's document country also says which nationality the passport shows.
        for document in subject.documents:
            if document.issuing_state and not subject.nationalities:
                subject.nationalities = frozenset({document.issuing_state})
        yield entry.entry_id, subject


def _pair_side(row: dict[str, str], side: str, *, source: str, line: int) -> Subject:
    name = row.get(f"name_{side}", "")
    if not name.strip():
        raise ImportFormatError(f"empty name_{side}", source=source, line=line)
    try:
        dobs = [parse_date_spec(row[f"dob_{side}"])] if row.get(f"dob_{side}") else []
    except ValueError as error:
        raise ImportFormatError(str(error), source=source, line=line) from None
    country = to_iso2(row.get(f"nationality_{side}"))
    return Subject(
        names=[normalise_name(name)],
        dates_of_birth=dobs,
        nationalities=frozenset({country}) if country else frozenset(),
    )


def read_pairs(path: Path) -> Iterator[tuple[str, Subject, Subject]]:
    """(pair id, side a, side b) for every row of a PAIRS.csv."""
    with open_csv(path) as handle:
        reader = csv.DictReader(handle)
        fields = [name.strip().lower() for name in reader.fieldnames or []]
        if not {"id", "name_a", "name_b"} <= set(fields):
            raise ImportFormatError("header needs id,name_a,name_b", source=str(path), line=1)
        for raw in reader:
            row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
            line = reader.line_num
            yield (
                row["id"],
                _pair_side(row, "a", source=str(path), line=line),
                _pair_side(row, "b", source=str(path), line=line),
            )


__all__ = ["Document", "read_pairs", "read_queries"]
