"""Personal values as stored, for tests that prove they leave (or never reach) an output."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, Connection, select

from paxscreen.store.tables import documents, emails, phones, traveller_names

# names, document numbers and contacts of every traveller
PERSONAL_COLUMNS: tuple[Column[str], ...] = (
    traveller_names.c.surname,
    traveller_names.c.given_names,
    documents.c.number,
    phones.c.raw,
    phones.c.e164,
    emails.c.raw,
)


def stored_values(
    connection: Connection, columns: Iterable[Column[str]], *, min_length: int = 1
) -> set[str]:
    """Every value held in `columns` that is at least `min_length` characters long."""
    values: set[str] = set()
    for column in columns:
        values |= {
            value
            for value in connection.execute(select(column)).scalars()
            if value and len(value) >= min_length
        }
    return values
