"""Notifications reach people in the app and by e-mail through a local SMTP server."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import Engine

from paxscreen.config import MailSettings
from paxscreen.notifications.dispatch import notify_hit, notify_lookout
from paxscreen.notifications.inbox import inbox, unread_count
from paxscreen.users.accounts import create_user
from paxscreen.users.groups import add_member, create_group
from paxscreen.users.roles import Role
from services import port_answers

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mailbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.received: list[object] = []

    def handle_message(self, message: object) -> None:
        self.received.append(message)


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, MailSettings]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert port_answers("127.0.0.1", port)
        yield mailbox, MailSettings(smtp_host="127.0.0.1", smtp_port=port, sender="pax@test")
    finally:
        controller.stop()


def test_hit_reaches_the_group_in_app_and_by_mail(
    web_engine: Engine, smtp: tuple[Mailbox, MailSettings]
) -> None:
    mailbox, mail = smtp
    with web_engine.begin() as connection:
        seer = create_user(
            connection,
            username="sees",
            password="password-123",
            role=Role.ANALYST,
            now=NOW,
            email="sees@example.org",
        )
        blind = create_user(
            connection,
            username="blind",
            password="password-123",
            role=Role.ANALYST,
            now=NOW,
            email="blind@example.org",
        )
        group = create_group(connection, "Counter-terrorism", categories=("terrorism",))
        add_member(connection, group.id, "sees")
        recipients = notify_hit(
            connection,
            category="terrorism",
            traveller_id=7,
            summary="Watchlist alert on XA101",
            now=NOW,
            mail=mail,
        )
        assert recipients == [seer.id]
        assert unread_count(connection, seer.id) == 1 and unread_count(connection, blind.id) == 0
        assert inbox(connection, seer.id)[0].emailed_at == NOW
    assert len(mailbox.received) == 1
    message = mailbox.received[0]
    assert message["To"] == "sees@example.org"  # type: ignore[index]
    assert "Watchlist alert on XA101" in message["Subject"]  # type: ignore[index]
    assert "/travellers/7" in message.get_payload()  # type: ignore[attr-defined]


def test_lookout_reaches_port_officers_even_without_mail(web_engine: Engine) -> None:
    with web_engine.begin() as connection:
        officer = create_user(
            connection, username="officer", password="password-123", role=Role.PORT_OFFICER, now=NOW
        )
        assert notify_lookout(connection, port="LHR", traveller_id=3, now=NOW) == [officer.id]
        item = inbox(connection, officer.id)[0]
        assert item.subject == "New lookout for LHR" and item.emailed_at is None
