from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Connection

from paxscreen.users.accounts import (
    AccountError,
    authenticate,
    create_user,
    find_user,
    set_active,
    set_role,
)
from paxscreen.users.groups import (
    add_member,
    create_group,
    users_seeing_category,
    visible_categories,
)
from paxscreen.users.passwords import WeakPasswordError
from paxscreen.users.roles import Role, parse_role
from paxscreen.users.sessions import CookieSigner, create_session, load_session, revoke_session

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
PASSWORD = "correct-horse-42"


def _analyst(connection: Connection, name: str = "amira") -> object:
    return create_user(connection, username=name, password=PASSWORD, role=Role.ANALYST, now=NOW)


def test_password_is_stored_as_argon2_hash_and_checked(connection: Connection) -> None:
    _analyst(connection)
    stored = connection.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate(connection, "AMIRA", PASSWORD, now=NOW) is not None
    assert authenticate(connection, "amira", "wrong-password-1", now=NOW) is None


def test_five_wrong_passwords_lock_the_account_for_a_while(connection: Connection) -> None:
    _analyst(connection)
    for _ in range(5):
        assert authenticate(connection, "amira", "wrong-password-1", now=NOW) is None
    assert authenticate(connection, "amira", PASSWORD, now=NOW) is None
    later = NOW + dt.timedelta(minutes=16)
    assert authenticate(connection, "amira", PASSWORD, now=later) is not None


def test_disabled_user_cannot_log_in_and_loses_sessions(connection: Connection) -> None:
    user = _analyst(connection)
    token, _ = create_session(connection, user, now=NOW)  # type: ignore[arg-type]
    set_active(connection, "amira", False)
    assert authenticate(connection, "amira", PASSWORD, now=NOW) is None
    assert load_session(connection, token, now=NOW) is None


def test_duplicate_user_and_weak_password_are_refused(connection: Connection) -> None:
    _analyst(connection)
    with pytest.raises(AccountError, match="already exists"):
        _analyst(connection)
    with pytest.raises(WeakPasswordError):
        create_user(connection, username="bob", password="short", role=Role.ANALYST, now=NOW)


def test_set_role_changes_what_the_user_holds(connection: Connection) -> None:
    _analyst(connection)
    assert set_role(connection, "amira", parse_role("port-officer")).role is Role.PORT_OFFICER
    with pytest.raises(ValueError, match="unknown role"):
        parse_role("pilot")


def test_session_expires_and_revokes(connection: Connection) -> None:
    user = _analyst(connection)
    token, session = create_session(connection, user, now=NOW)  # type: ignore[arg-type]
    loaded = load_session(connection, token, now=NOW + dt.timedelta(hours=1))
    assert loaded is not None and loaded.csrf_token == session.csrf_token
    assert load_session(connection, token, now=NOW + dt.timedelta(hours=11)) is None
    revoke_session(connection, session.token_hash, now=NOW)
    assert load_session(connection, token, now=NOW) is None


def test_signed_cookie_refuses_tampering() -> None:
    signer = CookieSigner("a-secret-key-of-some-length")
    signed = signer.sign("token-value")
    assert signer.unsign(signed) == "token-value"
    assert signer.unsign(signed[:-2] + "xx") is None
    assert CookieSigner("another-secret-key-entirely").unsign(signed) is None


def test_groups_decide_visible_hit_categories(connection: Connection) -> None:
    _analyst(connection)
    create_user(connection, username="root", password=PASSWORD, role=Role.ADMINISTRATOR, now=NOW)
    group = create_group(connection, "Customs", categories=("smuggling", "fraud"))
    add_member(connection, group.id, "amira")
    amira = find_user(connection, "amira")
    assert amira is not None and amira.groups == ("Customs",)
    assert visible_categories(connection, amira) == {"smuggling", "fraud"}
    root = find_user(connection, "root")
    assert root is not None and visible_categories(connection, root) is None
    assert users_seeing_category(connection, "fraud") == [amira.id]
    assert users_seeing_category(connection, "terrorism") == []
