"""Column groups that many tables share: surrogate keys, provenance, timestamps.

Each helper returns fresh `Column` objects (a column belongs to one table only).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, Integer, String, text

from paxscreen.store.dialect import JSONDocumentType, UtcDateTime
from paxscreen.store.owner_keys import ingestion_key

MESSAGE_ID_LENGTH = 36  # a UUID in text form
# Travellers and bookings are rewritten in place on each new version (check-in,
# seat, status): pages filled to this share keep room for the new row version on
# the same page, so PostgreSQL updates it without new index entries (HOT).
IN_PLACE_FILLFACTOR = 70


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def id_column() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)


def owner_column(
    name: str,
    target: str,
    *,
    nullable: bool = False,
    index: bool = True,
    kept_by_ingestion: bool = False,
) -> Column[int]:
    """A foreign key to the row this one belongs to; deleting the owner deletes it.

    `index=False` where another index of the table already leads with the column.
    `kept_by_ingestion`: rows that ingestion writes in bulk; the database does not
    check the key, triggers do the delete (`owner_keys`).
    """
    key = (
        ingestion_key(target, ondelete="CASCADE")
        if kept_by_ingestion
        else ForeignKey(target, ondelete="CASCADE")
    )
    return Column(name, Integer, key, nullable=nullable, index=index)


def values_index(name: str) -> Index:
    """An index of the rows whose column `name` holds a value: a NULL gets no entry.

    For columns that are empty on many of the rows ingestion writes (a booking's
    contacts have no traveller, an API traveller no booking, no traveller a person id
    until link analysis gives one). Every look-up by such a column compares it (`=`,
    `IN`, `= ANY`, a join), which no NULL satisfies, so PostgreSQL and SQLite use
    the partial index for each of them; the rows left out cost no entry on insert.
    """
    condition = f"{name} IS NOT NULL"
    return Index(None, name, postgresql_where=text(condition), sqlite_where=text(condition))


def position_column() -> Column[int]:
    """Order of the element inside its owner, so lists load back in message order."""
    return Column("position", Integer, nullable=False, default=0)


def element_columns(owner: str, target: str) -> list[Column[int]]:
    """Id, owner and position: the head of every table holding one list of an owner's elements.

    Element lists are what ingestion writes: their owner keys are ingestion keys.
    """
    return [id_column(), owner_column(owner, target, kept_by_ingestion=True), position_column()]


def provenance_columns() -> list[Column[object]]:
    """`message_id` (which message) and `sources` (field -> where in it).

    `sources` maps a model field name ("" for the whole element) to
    {message_id, segment_index, line, column, segment_tag}, omitting empty parts.

    `message_id` is a plain value, like the ids inside `sources`: no foreign key and
    no index. Nothing looks rows up by the message that carried them, ingestion never
    deletes a message, and retention deletes a message only once no surviving
    booking or traveller names it, so the key checked nothing that happens; it cost
    the database a look-up of `messages` on every row written, the index an entry
    per row, and a changed `message_id` on every new version kept the update of a
    traveller or booking from staying on its page (HOT). A message's provenance may
    therefore outlive it, as `sources` always could.

    `sources` is read whole and never searched inside, so PostgreSQL keeps it as `json`
    text (`JSONDocumentType`) and does not build a JSONB form for each of the ~15
    rows ingestion writes per PNR record.
    """
    return [
        Column("message_id", String(MESSAGE_ID_LENGTH), nullable=True),
        Column("sources", JSONDocumentType, nullable=False, default=dict),
    ]


def created_column() -> Column[dt.datetime]:
    return Column("created_at", UtcDateTime, nullable=False, default=_utc_now)


def updated_column() -> Column[dt.datetime]:
    return Column("updated_at", UtcDateTime, nullable=False, default=_utc_now, onupdate=_utc_now)


__all__ = [
    "IN_PLACE_FILLFACTOR",
    "MESSAGE_ID_LENGTH",
    "created_column",
    "element_columns",
    "id_column",
    "owner_column",
    "position_column",
    "provenance_columns",
    "updated_column",
    "values_index",
]
