"""E-mail through SMTP, for notifications that should reach people away from the screen.

Only the subject and a link are sent, never passenger data: e-mail leaves the
system's protection, so the reader follows the link and logs in to see the details.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from paxscreen.config import MailSettings


class MailError(RuntimeError):
    """The SMTP server refused or could not be reached."""


def compose(sender: str, recipients: list[str], subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_mail(settings: MailSettings, recipients: list[str], subject: str, body: str) -> bool:
    """Send one message; False when no SMTP server is configured (e-mail is optional)."""
    if not settings.smtp_host or not recipients:
        return False
    message = compose(settings.sender, recipients, subject, body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(
            f"could not send mail via {settings.smtp_host}:{settings.smtp_port}: {error}"
        ) from error
    return True
