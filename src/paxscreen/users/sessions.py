"""Log-in sessions: a random token in a signed cookie, its hash in the database.

The cookie is signed (itsdangerous) so that a forged or truncated value is refused
before the database is asked, and the row makes log-out, expiry and disabling a user
immediate. Each session carries its own CSRF token, which every form and unsafe API
call must echo back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from paxscreen.store.user_tables import user_sessions, users
from paxscreen.users.accounts import User, get_user

SESSION_LIFETIME = dt.timedelta(hours=10)  # one working shift
SESSION_COOKIE = "paxscreen_session"
ANONYMOUS_CSRF_COOKIE = "paxscreen_csrf"  # protects the log-in form itself


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf_token: str
    token_hash: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CookieSigner:
    """Signs and checks cookie values with the application's secret key."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="paxscreen.cookie")

    def sign(self, value: str) -> str:
        return self._serializer.dumps(value)

    def unsign(self, signed: str | None, max_age: dt.timedelta = SESSION_LIFETIME) -> str | None:
        if not signed:
            return None
        try:
            value = self._serializer.loads(signed, max_age=int(max_age.total_seconds()))
        except BadSignature:
            return None
        return value if isinstance(value, str) else None


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def create_session(
    connection: Connection,
    user: User,
    *,
    now: dt.datetime,
    lifetime: dt.timedelta = SESSION_LIFETIME,
) -> tuple[str, Session]:
    """Open a session for `user`; returns the token for the cookie and the session."""
    token = secrets.token_urlsafe(32)
    csrf = new_csrf_token()
    connection.execute(
        insert(user_sessions).values(
            token_hash=_hash(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return token, Session(user=user, csrf_token=csrf, token_hash=_hash(token))


def load_session(connection: Connection, token: str, *, now: dt.datetime) -> Session | None:
    """The live session for `token`: not expired, not revoked, its user still active."""
    row = connection.execute(
        select(user_sessions, users.c.active)
        .join(users, users.c.id == user_sessions.c.user_id)
        .where(user_sessions.c.token_hash == _hash(token))
    ).first()
    if row is None or row.revoked_at is not None or not row.active:
        return None
    if row.expires_at <= now:
        return None
    return Session(
        user=get_user(connection, row.user_id),
        csrf_token=row.csrf_token,
        token_hash=row.token_hash,
    )


def revoke_session(connection: Connection, token_hash: str, *, now: dt.datetime) -> None:
    connection.execute(
        update(user_sessions)
        .where(user_sessions.c.token_hash == token_hash, user_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_user_sessions(connection: Connection, user_id: int, *, now: dt.datetime) -> None:
    connection.execute(
        update(user_sessions)
        .where(user_sessions.c.user_id == user_id, user_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
