"""Who hears about what: hits reach the groups that see their category, lookouts reach
the port officers; each recipient gets an in-app notification and, when SMTP is set
up and they have an address, an e-mail."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from paxscreen.config import MailSettings
from paxscreen.notifications.inbox import post
from paxscreen.notifications.mail import MailError, send_mail
from paxscreen.store.user_tables import notifications, users
from paxscreen.users.groups import users_seeing_category
from paxscreen.users.roles import Role

log = logging.getLogger(__name__)


def notify_users(
    connection: Connection,
    user_ids: list[int],
    *,
    kind: str,
    subject: str,
    link: str,
    now: dt.datetime,
    mail: MailSettings | None = None,
    body: str = "",
) -> int:
    """Notify users in the app and by e-mail; returns how many e-mails were sent."""
    ids = post(connection, user_ids, kind=kind, subject=subject, body=body, link=link, now=now)
    if mail is None or not mail.smtp_host or not ids:
        return 0
    addresses = [
        address
        for address in connection.execute(
            select(users.c.email).where(users.c.id.in_(user_ids), users.c.email.is_not(None))
        ).scalars()
        if address
    ]
    text = f"{subject}\n\n{body}\n\nOpen: {link}\n".strip() + "\n"
    try:
        sent = send_mail(mail, addresses, f"[paxscreen] {subject}", text)
    except MailError as error:  # the in-app notification still stands
        log.warning("notification e-mail failed: %s", error)
        return 0
    if sent:
        connection.execute(
            update(notifications).where(notifications.c.id.in_(ids)).values(emailed_at=now)
        )
    return len(addresses) if sent else 0


def notify_hit(
    connection: Connection,
    *,
    category: str,
    traveller_id: int,
    summary: str,
    now: dt.datetime,
    mail: MailSettings | None = None,
) -> list[int]:
    """Tell every user whose groups see `category` that a hit arrived."""
    recipients = users_seeing_category(connection, category)
    notify_users(
        connection,
        recipients,
        kind="hit",
        subject=summary,
        link=f"/travellers/{traveller_id}",
        now=now,
        mail=mail,
    )
    return recipients


def notify_lookout(
    connection: Connection,
    *,
    port: str,
    traveller_id: int,
    now: dt.datetime,
    mail: MailSettings | None = None,
) -> list[int]:
    """Tell the port officers (and analysts on watch) that a lookout was created."""
    recipients = list(
        connection.execute(
            select(users.c.id).where(
                users.c.role == Role.PORT_OFFICER.value, users.c.active.is_(True)
            )
        ).scalars()
    )
    notify_users(
        connection,
        recipients,
        kind="lookout",
        subject=f"New lookout for {port}",
        link="/lookouts?port=" + port,
        now=now,
        mail=mail,
    )
    return recipients
