"""User accounts: create, disable, change role or password, and authenticate.

Services take a SQLAlchemy `Connection` and an explicit `now`, so the web layer, the
CLI and the tests drive them the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from paxscreen.errors import NotFoundError
from paxscreen.store.user_tables import user_group_members, user_groups, users
from paxscreen.users.passwords import hash_password, needs_rehash, verify_password
from paxscreen.users.roles import Role

MAX_FAILED_LOGINS = 5
LOCK_DURATION = dt.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    active: bool
    groups: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.display_name or self.username


class AccountError(ValueError):
    """A request about an account that cannot be met (duplicate name, unknown user)."""


def _user_from(connection: Connection, row: RowMapping) -> User:
    group_names = connection.execute(
        select(user_groups.c.name)
        .join(user_group_members, user_group_members.c.group_id == user_groups.c.id)
        .where(user_group_members.c.user_id == row["id"])
        .order_by(user_groups.c.name)
    ).scalars()
    return User(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"] or "",
        email=row["email"],
        role=Role(row["role"]),
        active=bool(row["active"]),
        groups=tuple(group_names),
    )


def create_user(
    connection: Connection,
    *,
    username: str,
    password: str,
    role: Role,
    now: dt.datetime,
    display_name: str = "",
    email: str | None = None,
) -> User:
    """Create an active user with an Argon2 password hash.

    Raises:
        AccountError: the user name is taken or empty.
        WeakPasswordError: the password does not meet the policy.
    """
    username = username.strip().lower()
    if not username:
        raise AccountError("a user name is required")
    if find_user(connection, username) is not None:
        raise AccountError(f"user {username!r} already exists")
    user_id = connection.execute(
        insert(users)
        .returning(users.c.id)
        .values(
            username=username,
            display_name=display_name.strip(),
            email=email or None,
            password_hash=hash_password(password),
            role=role.value,
            active=True,
            failed_logins=0,
            created_at=now,
        )
    ).scalar_one()
    return get_user(connection, int(user_id))


def get_user(connection: Connection, user_id: int) -> User:
    row = connection.execute(select(users).where(users.c.id == user_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"no user with id {user_id}")
    return _user_from(connection, row)


def find_user(connection: Connection, username: str) -> User | None:
    row = (
        connection.execute(select(users).where(users.c.username == username.strip().lower()))
        .mappings()
        .first()
    )
    return _user_from(connection, row) if row is not None else None


def require_user(connection: Connection, username: str) -> User:
    user = find_user(connection, username)
    if user is None:
        raise AccountError(f"no user named {username!r}")
    return user


def list_users(connection: Connection) -> list[User]:
    rows = connection.execute(select(users).order_by(users.c.username)).mappings().all()
    return [_user_from(connection, row) for row in rows]


def count_users(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(users)).scalar_one())


def set_role(connection: Connection, username: str, role: Role) -> User:
    user = require_user(connection, username)
    connection.execute(update(users).where(users.c.id == user.id).values(role=role.value))
    return get_user(connection, user.id)


def set_active(connection: Connection, username: str, active: bool) -> User:
    """Enable or disable a user; disabling also ends every open session of theirs."""
    from paxscreen.users.sessions import revoke_user_sessions

    user = require_user(connection, username)
    connection.execute(
        update(users)
        .where(users.c.id == user.id)
        .values(active=active, failed_logins=0, locked_until=None)
    )
    if not active:
        revoke_user_sessions(connection, user.id, now=dt.datetime.now(dt.UTC))
    return get_user(connection, user.id)


def set_password(connection: Connection, username: str, password: str) -> None:
    user = require_user(connection, username)
    connection.execute(
        update(users).where(users.c.id == user.id).values(password_hash=hash_password(password))
    )


def authenticate(
    connection: Connection, username: str, password: str, *, now: dt.datetime
) -> User | None:
    """The user when the name and password are right and the account is usable.

    Five wrong passwords in a row lock the account for 15 minutes, which makes guessing
    slow without letting a stranger lock an administrator out for good.
    """
    row = (
        connection.execute(select(users).where(users.c.username == username.strip().lower()))
        .mappings()
        .first()
    )
    if row is None or not row["active"]:
        return None
    locked_until = row["locked_until"]
    if locked_until is not None and locked_until > now:
        return None
    if not verify_password(row["password_hash"], password):
        failed = int(row["failed_logins"] or 0) + 1
        lock = now + LOCK_DURATION if failed >= MAX_FAILED_LOGINS else None
        connection.execute(
            update(users)
            .where(users.c.id == row["id"])
            .values(failed_logins=0 if lock else failed, locked_until=lock)
        )
        return None
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
    if needs_rehash(row["password_hash"]):
        values["password_hash"] = hash_password(password)
    connection.execute(update(users).where(users.c.id == row["id"]).values(**values))
    return _user_from(connection, row)
