"""Messages: the raw bytes as received, kept unchanged, and their processing state.

`save_message` writes a message once; afterwards only its status, status reason
and findings change (`update_message_status`). The raw bytes are never updated,
which is what lets every stored value be re-derived and every hit be traced; a
database trigger (`triggers.py`) refuses any rewrite, allowing only erasure.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select, update

from paxscreen.errors import NotFoundError
from paxscreen.findings import Finding
from paxscreen.model import Message, MessageFormat, MessageStatus, MessageType
from paxscreen.store.rows import findings_from_json, findings_to_json, from_row, to_row
from paxscreen.store.tables import messages

# built once, the row going in as parameters: a statement with the row's values in it is
# built and walked for SQLAlchemy's cache key on every message
_INSERT_MESSAGE = insert(messages)


def new_message_id() -> str:
    return str(uuid.uuid4())


def message_row(message: Message) -> dict[str, Any]:
    """The `messages` row of `message`, giving it an id when it has none (the object
    is updated)."""
    if message.id is None:
        message.id = new_message_id()
    return to_row(message, messages, findings=findings_to_json(message.findings))


def save_message(connection: Connection, message: Message) -> str:
    """Insert `message`, giving it an id when it has none (the object is updated).

    Returns:
        The message id, which provenance and every derived row refer to.
    """
    connection.execute(_INSERT_MESSAGE, message_row(message))
    return str(message.id)


def load_message(connection: Connection, message_id: str) -> Message:
    """The stored message, raw bytes and findings included.

    Raises:
        NotFoundError: no message has this id.
    """
    row = connection.execute(select(messages).where(messages.c.id == message_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"no message with id {message_id!r}")
    return from_row(
        Message,
        row,
        raw=bytes(row["raw"]),
        type=MessageType(row["type"]),
        format=MessageFormat(row["format"]),
        status=MessageStatus(row["status"]),
        findings=findings_from_json(row["findings"]),
    )


def update_message_status(
    connection: Connection,
    message_id: str,
    status: MessageStatus,
    *,
    reason: str | None = None,
    findings: Iterable[Finding] | None = None,
) -> None:
    """Move a message along its processing states; the raw bytes stay untouched.

    Raises:
        NotFoundError: no message has this id.
    """
    values: dict[str, object] = {"status": str(status), "status_reason": reason}
    if findings is not None:
        values["findings"] = findings_to_json(findings)
    result = connection.execute(update(messages).where(messages.c.id == message_id).values(values))
    if result.rowcount == 0:
        raise NotFoundError(f"no message with id {message_id!r}")


def find_message_ids(
    connection: Connection, *, sha256: str | None = None, payload_sha256: str | None = None
) -> list[str]:
    """Ids of messages with these bytes (or this payload), oldest first: finds duplicates."""
    statement = select(messages.c.id).order_by(messages.c.received_at, messages.c.created_at)
    if sha256 is not None:
        statement = statement.where(messages.c.sha256 == sha256)
    if payload_sha256 is not None:
        statement = statement.where(messages.c.payload_sha256 == payload_sha256)
    return list(connection.execute(statement).scalars())


__all__ = [
    "find_message_ids",
    "load_message",
    "message_row",
    "new_message_id",
    "save_message",
    "update_message_status",
]
