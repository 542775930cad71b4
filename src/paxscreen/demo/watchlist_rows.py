"""Rows of the demo watch-list and lost/stolen document files.

The columns are those of the screening importers (`paxscreen.screening.
watchlists.csv_format`): `id,full_name,given_names,surname,date_of_birth,sex,
nationality,document_number,document_country,aliases,category,remarks`, and
`type,number,issuing_state` for documents. The demo writes these files and
never imports screening code, so the two stay decoupled through the format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from paxscreen.demo.documents import passport_number
from paxscreen.demo.people import make_person
from paxscreen.demo.seeding import rng_for

WATCHLIST_COLUMNS = (
    "id",
    "full_name",
    "given_names",
    "surname",
    "date_of_birth",
    "sex",
    "nationality",
    "document_number",
    "document_country",
    "aliases",
    "category",
    "remarks",
)
DOCUMENT_COLUMNS = ("type", "number", "issuing_state")


@dataclass(slots=True, kw_only=True)
class WatchlistRow:
    id: str
    given_names: str = ""
    surname: str = ""
    full_name: str = ""
    date_of_birth: str = ""
    sex: str = ""
    nationality: str = ""
    document_number: str = ""
    document_country: str = ""
    aliases: str = ""
    category: str = ""
    remarks: str = ""


def background_rows(seed: int, count: int, today: dt.date) -> list[WatchlistRow]:
    """Listed people who do not travel in the demo: the bulk of any real list."""
    rows = []
    for index in range(count):
        rng = rng_for(seed, "background-watchlist", index)
        person = make_person(rng, person_id=f"B{index}", today=today, age=(20, 75))
        row = WatchlistRow(
            id=f"DW-B{index:04d}",
            given_names=" ".join(person.given_names),
            surname=person.surname,
            date_of_birth=_fuzzy_birth(rng, person.date_of_birth.isoformat()),
            sex=person.sex,
            nationality=person.nationality,
            category=rng.choice(["terrorism", "wanted-person", "narcotics", "human-trafficking"]),
        )
        if rng.random() < 0.3:
            row.document_number, row.document_country = (
                person.documents[-1].number,
                person.nationality,
            )
        if rng.random() < 0.2:
            row.aliases = f"{person.given_names[0]} {person.surname[::-1].title().upper()}"
        rows.append(row)
    return rows


def _fuzzy_birth(rng: random.Random, iso: str) -> str:
    """Lists often know only the year (or the month) of birth."""
    draw = rng.random()
    return iso[:4] if draw < 0.2 else iso[:7] if draw < 0.3 else iso


def background_documents(seed: int, count: int) -> list[tuple[str, str, str]]:
    rng = rng_for(seed, "background-documents")
    states = ["DEU", "FRA", "GBR", "ITA", "ESP", "POL", "TUR", "SYR", "IRQ", "NGA", "USA", "RUS"]
    result = []
    for _ in range(count):
        state = rng.choice(states)
        result.append(("P", passport_number(rng, state), state))
    return result


def watchlist_csv(rows: Iterable[WatchlistRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=WATCHLIST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(asdict(row))
    return buffer.getvalue()


def documents_csv(rows: Iterable[tuple[str, str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DOCUMENT_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


__all__ = [
    "DOCUMENT_COLUMNS",
    "WATCHLIST_COLUMNS",
    "WatchlistRow",
    "background_documents",
    "background_rows",
    "documents_csv",
    "watchlist_csv",
]
