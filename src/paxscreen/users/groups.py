"""Groups: which hit categories a set of users sees, and who is told about new hits.

Visibility goes by group, not by role (as in GTAS): a customs group and a police group
can both hold analysts yet see different categories of hits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from paxscreen.store.user_tables import (
    user_group_categories,
    user_group_members,
    user_groups,
    users,
)
from paxscreen.users.accounts import AccountError, User, require_user
from paxscreen.users.roles import Role


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    name: str
    description: str
    email: str | None
    categories: tuple[str, ...]
    members: tuple[str, ...]


def create_group(
    connection: Connection,
    name: str,
    *,
    description: str = "",
    email: str | None = None,
    categories: tuple[str, ...] = (),
) -> Group:
    name = name.strip()
    if not name:
        raise AccountError("a group name is required")
    if connection.execute(select(user_groups.c.id).where(user_groups.c.name == name)).first():
        raise AccountError(f"group {name!r} already exists")
    group_id = connection.execute(
        insert(user_groups)
        .returning(user_groups.c.id)
        .values(name=name, description=description, email=email or None)
    ).scalar_one()
    set_group_categories(connection, int(group_id), categories)
    return get_group(connection, int(group_id))


def get_group(connection: Connection, group_id: int) -> Group:
    row = connection.execute(select(user_groups).where(user_groups.c.id == group_id)).first()
    if row is None:
        raise AccountError(f"no group with id {group_id}")
    categories = connection.execute(
        select(user_group_categories.c.category)
        .where(user_group_categories.c.group_id == group_id)
        .order_by(user_group_categories.c.category)
    ).scalars()
    members = connection.execute(
        select(users.c.username)
        .join(user_group_members, user_group_members.c.user_id == users.c.id)
        .where(user_group_members.c.group_id == group_id)
        .order_by(users.c.username)
    ).scalars()
    return Group(
        id=row.id,
        name=row.name,
        description=row.description or "",
        email=row.email,
        categories=tuple(categories),
        members=tuple(members),
    )


def list_groups(connection: Connection) -> list[Group]:
    ids = connection.execute(select(user_groups.c.id).order_by(user_groups.c.name)).scalars()
    return [get_group(connection, group_id) for group_id in list(ids)]


def set_group_categories(
    connection: Connection, group_id: int, categories: tuple[str, ...] | list[str]
) -> None:
    connection.execute(
        delete(user_group_categories).where(user_group_categories.c.group_id == group_id)
    )
    unique = sorted({category.strip() for category in categories if category.strip()})
    if unique:
        connection.execute(
            insert(user_group_categories),
            [{"group_id": group_id, "category": category} for category in unique],
        )


def add_member(connection: Connection, group_id: int, username: str) -> None:
    user = require_user(connection, username)
    exists = connection.execute(
        select(user_group_members.c.user_id).where(
            user_group_members.c.group_id == group_id, user_group_members.c.user_id == user.id
        )
    ).first()
    if not exists:
        connection.execute(insert(user_group_members).values(group_id=group_id, user_id=user.id))


def remove_member(connection: Connection, group_id: int, username: str) -> None:
    user = require_user(connection, username)
    connection.execute(
        delete(user_group_members).where(
            user_group_members.c.group_id == group_id, user_group_members.c.user_id == user.id
        )
    )


def visible_categories(connection: Connection, user: User) -> frozenset[str] | None:
    """The hit categories `user` may see; `None` means every category.

    Administrators see everything, so that a misconfigured group can always be repaired.
    """
    if user.role is Role.ADMINISTRATOR:
        return None
    rows = connection.execute(
        select(user_group_categories.c.category)
        .join(
            user_group_members,
            user_group_members.c.group_id == user_group_categories.c.group_id,
        )
        .where(user_group_members.c.user_id == user.id)
    ).scalars()
    return frozenset(rows)


def users_seeing_category(connection: Connection, category: str) -> list[int]:
    """Ids of the active users whose groups see `category` (who to notify of a hit)."""
    rows = connection.execute(
        select(users.c.id)
        .join(user_group_members, user_group_members.c.user_id == users.c.id)
        .join(
            user_group_categories,
            user_group_categories.c.group_id == user_group_members.c.group_id,
        )
        .where(user_group_categories.c.category == category, users.c.active.is_(True))
        .distinct()
    ).scalars()
    return sorted(rows)
