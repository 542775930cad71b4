"""Notes on a traveller (optionally about one hit), with an optional attachment.

Notes are how colleagues hand over: what was checked, whom was called. They are
append-only; a correction is a new note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from paxscreen.store.vetting_tables import traveller_notes

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


class NoteError(ValueError):
    """An empty note or an attachment that is too large."""


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    traveller_id: int
    hit_id: int | None
    author: str
    text: str
    created_at: dt.datetime
    attachment_name: str | None


def add_note(
    connection: Connection,
    traveller_id: int,
    *,
    text: str,
    author: str,
    now: dt.datetime,
    hit_id: int | None = None,
    attachment: tuple[str, str, bytes] | None = None,
) -> int:
    """Add a note; `attachment` is (file name, media type, content)."""
    if not text.strip():
        raise NoteError("a note needs some text")
    values: dict[str, object] = {
        "traveller_id": traveller_id,
        "hit_id": hit_id,
        "author": author,
        "text": text.strip(),
        "created_at": now,
    }
    if attachment is not None:
        name, media_type, content = attachment
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise NoteError(f"attachments are limited to {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB")
        values |= {"attachment_name": name, "attachment_type": media_type, "attachment": content}
    return int(
        connection.execute(
            insert(traveller_notes).returning(traveller_notes.c.id).values(**values)
        ).scalar_one()
    )


def notes_for(connection: Connection, traveller_ids: list[int]) -> list[Note]:
    rows = connection.execute(
        select(
            traveller_notes.c.id,
            traveller_notes.c.traveller_id,
            traveller_notes.c.hit_id,
            traveller_notes.c.author,
            traveller_notes.c.text,
            traveller_notes.c.created_at,
            traveller_notes.c.attachment_name,
        )
        .where(traveller_notes.c.traveller_id.in_(traveller_ids))
        .order_by(traveller_notes.c.created_at.desc(), traveller_notes.c.id.desc())
    )
    return [Note(**row._mapping) for row in rows]


def attachment_of(
    connection: Connection, traveller_id: int, note_id: int
) -> tuple[str, str, bytes] | None:
    """(file name, media type, content) of a note's attachment, if the note has one."""
    row = connection.execute(
        select(
            traveller_notes.c.attachment_name,
            traveller_notes.c.attachment_type,
            traveller_notes.c.attachment,
        ).where(traveller_notes.c.id == note_id, traveller_notes.c.traveller_id == traveller_id)
    ).first()
    if row is None or row.attachment is None:
        return None
    return row.attachment_name or "attachment", row.attachment_type or "", bytes(row.attachment)
