"""Demo accounts for `make run`: one per main role, a shared group, a known password.

Only for evaluation databases: `paxscreen users demo-login` refuses to run when
`PAXSCREEN_ENVIRONMENT` is `production`, because the password is printed and public.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.engine import Connection

from paxscreen.store.user_tables import user_groups
from paxscreen.users.accounts import create_user, find_user
from paxscreen.users.groups import add_member, create_group
from paxscreen.users.roles import Role

DEMO_PASSWORD = "paxscreen-demo"
DEMO_GROUP = "Passenger information unit"
DEMO_CATEGORIES = (
    "terrorism",
    "wanted-person",
    "narcotics",
    "human-trafficking",
    "lost-stolen-document",
    "customs-fraud",
    "immigration",
    "targeting-rule",
    "network",
    "manual",
)
DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("admin", "Ada Administrator", Role.ADMINISTRATOR),
    ("analyst", "Amira Analyst", Role.ANALYST),
    ("officer", "Oscar Port Officer", Role.PORT_OFFICER),
    ("rules", "Rui Rule Manager", Role.RULE_MANAGER),
    ("lists", "Lena Watchlist Manager", Role.WATCHLIST_MANAGER),
    ("dpo", "Dora Data Protection", Role.DATA_PROTECTION_OFFICER),
    ("viewer", "Vic Read Only", Role.READ_ONLY),
)


def ensure_demo_users(connection: Connection, *, now: dt.datetime) -> list[str]:
    """Create the demo users and their group when absent; returns the names created."""
    group_id = connection.execute(
        select(user_groups.c.id).where(user_groups.c.name == DEMO_GROUP)
    ).scalar()
    if group_id is None:
        group_id = create_group(
            connection,
            DEMO_GROUP,
            description="Sees every hit category (demo)",
            categories=DEMO_CATEGORIES,
        ).id
    created = []
    for username, display_name, role in DEMO_USERS:
        if find_user(connection, username) is None:
            create_user(
                connection,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                now=now,
                display_name=display_name,
                email=f"{username}@paxscreen.invalid",
            )
            created.append(username)
        add_member(connection, group_id, username)
    return created
