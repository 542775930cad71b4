"""In-app notifications: one row per recipient, read or unread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from paxscreen.store.user_tables import notifications


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    user_id: int
    kind: str
    subject: str
    body: str
    link: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed_at: dt.datetime | None


def post(
    connection: Connection,
    user_ids: list[int],
    *,
    kind: str,
    subject: str,
    body: str = "",
    link: str | None = None,
    now: dt.datetime,
) -> list[int]:
    """Put one notification in each recipient's inbox; returns the new ids."""
    ids = []
    for user_id in sorted(set(user_ids)):
        ids.append(
            int(
                connection.execute(
                    insert(notifications)
                    .returning(notifications.c.id)
                    .values(
                        user_id=user_id,
                        kind=kind,
                        subject=subject,
                        body=body,
                        link=link,
                        created_at=now,
                    )
                ).scalar_one()
            )
        )
    return ids


def inbox(connection: Connection, user_id: int, *, limit: int = 100) -> list[Notification]:
    rows = connection.execute(
        select(notifications)
        .where(notifications.c.user_id == user_id)
        .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
        .limit(limit)
    )
    return [Notification(**row._mapping) for row in rows]


def unread_count(connection: Connection, user_id: int) -> int:
    return int(
        connection.execute(
            select(func.count())
            .select_from(notifications)
            .where(notifications.c.user_id == user_id, notifications.c.read_at.is_(None))
        ).scalar_one()
    )


def mark_read(
    connection: Connection, user_id: int, notification_id: int, *, now: dt.datetime
) -> bool:
    """Mark one of the user's own notifications read; False when it is not theirs."""
    changed = connection.execute(
        update(notifications)
        .where(
            notifications.c.id == notification_id,
            notifications.c.user_id == user_id,
            notifications.c.read_at.is_(None),
        )
        .values(read_at=now)
    ).rowcount
    return bool(changed)
