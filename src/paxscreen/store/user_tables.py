"""Tables for users, groups, sessions, in-app notifications and runtime settings.

Groups decide which hit categories a user sees (GTAS's user_group <-> hit_category);
roles decide what a user may do and live on the user row. Session rows exist so that
log-out and disabling a user take effect at once, whatever cookie a browser still holds.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from paxscreen.store.dialect import UtcDateTime
from paxscreen.store.metadata import metadata

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128), nullable=False, default=""),
    Column("email", String(254), nullable=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(32), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_login_at", UtcDateTime, nullable=True),
)

user_groups = Table(
    "user_groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("description", Text, nullable=False, default=""),
    Column("email", String(254), nullable=True),  # a shared mailbox notified of new hits
)

user_group_members = Table(
    "user_group_members",
    metadata,
    Column("group_id", ForeignKey("user_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

# Which hit categories (by code) a group sees; a group without rows sees none.
user_group_categories = Table(
    "user_group_categories",
    metadata,
    Column("group_id", ForeignKey("user_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("category", String(64), primary_key=True),
)

user_sessions = Table(
    "user_sessions",
    metadata,
    # The sha256 of the random session token; the token itself lives only in the cookie.
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Index("ix_user_sessions_user", "user_id"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),  # hit, lookout, rule, system
    Column("subject", String(256), nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("link", String(512), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("read_at", UtcDateTime, nullable=True),
    Column("emailed_at", UtcDateTime, nullable=True),
    Index("ix_notifications_user_unread", "user_id", "read_at"),
)

# Runtime settings an administrator changes on the screen (thresholds, windows); the
# environment gives the defaults, a row here overrides them.
app_settings = Table(
    "app_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
    Column("updated_by", String(64), nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
)
