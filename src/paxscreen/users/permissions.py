"""The permission table: for every route, the roles that may call it.

One table, declared here, enforced on the server by one dependency
(`paxscreen.web.auth.authorize`) on every page and `/api/` route, and checked by a
test that calls every route as every role. A route that is not in the table is
refused for everyone (and fails that test), so adding a route means adding a line here.

Keys are (HTTP method, path template exactly as declared on the route).
"""

from __future__ import annotations

from enum import Enum
from typing import Final

from paxscreen.users.roles import (
    ADD_TO_LIST,
    ADMIN,
    ALL_ROLES,
    APPROVE_RULES,
    DPO_ONLY,
    LOOKOUT_BOARD,
    PRIVACY,
    READ_LISTS,
    READ_RULES,
    READ_TRAVEL,
    VET,
    WRITE_LISTS,
    WRITE_RULES,
    Role,
)


class Access(Enum):
    PUBLIC = "public"
    """Anyone may call the route, logged in or not: the log-in page and health check only."""
    API_KEY = "api-key"
    """A machine calls it with a sender's API key, which the route checks itself (no
    session, no CSRF): carriers posting messages to `POST /api/messages`."""


PUBLIC: Final = Access.PUBLIC
API_KEY: Final = Access.API_KEY
Allowed = frozenset[Role] | Access

READ_HITS = VET | {Role.READ_ONLY}
STATISTICS = PRIVACY | {Role.ANALYST}
MOVE_LOOKOUTS = frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.PORT_OFFICER})

PERMISSIONS: Final[dict[tuple[str, str], Allowed]] = {
    # operations and session
    ("GET", "/health"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): ALL_ROLES,
    ("GET", "/api/openapi.json"): ALL_ROLES,
    ("GET", "/api/docs"): ALL_ROLES,
    ("GET", "/api/me"): ALL_ROLES,
    # dashboard
    ("GET", "/"): ALL_ROLES,
    ("GET", "/api/dashboard"): ALL_ROLES,
    # flights and travellers
    ("GET", "/flights"): READ_TRAVEL,
    ("GET", "/api/flights"): READ_TRAVEL,
    ("GET", "/flights/{flight_id}"): READ_TRAVEL,
    ("GET", "/api/flights/{flight_id}"): READ_TRAVEL,
    ("GET", "/travellers/{traveller_id}"): READ_TRAVEL,
    ("GET", "/api/travellers/{traveller_id}"): READ_TRAVEL,
    ("GET", "/travellers/{traveller_id}/report"): READ_TRAVEL,
    ("POST", "/travellers/{traveller_id}/notes"): VET,
    ("GET", "/travellers/{traveller_id}/notes/{note_id}/attachment"): READ_TRAVEL,
    ("POST", "/api/travellers/{traveller_id}/notes"): VET,
    ("POST", "/travellers/{traveller_id}/manual-hits"): VET,
    ("POST", "/api/travellers/{traveller_id}/manual-hits"): VET,
    ("POST", "/travellers/{traveller_id}/watchlist"): ADD_TO_LIST,
    ("POST", "/travellers/{traveller_id}/notify"): VET,
    # vetting
    ("GET", "/vetting"): READ_HITS,
    ("GET", "/api/hits"): READ_HITS,
    ("POST", "/hits/{hit_id}/disposition"): VET,
    ("POST", "/api/hits/{hit_id}/disposition"): VET,
    # port officer's lookout board
    ("GET", "/lookouts"): LOOKOUT_BOARD,
    ("GET", "/api/lookouts"): LOOKOUT_BOARD,
    ("POST", "/lookouts/{lookout_id}/status"): MOVE_LOOKOUTS,
    ("POST", "/api/lookouts/{lookout_id}/status"): MOVE_LOOKOUTS,
    # rules
    ("GET", "/rules"): READ_RULES,
    ("GET", "/api/rules"): READ_RULES,
    ("GET", "/rules/new"): WRITE_RULES,
    ("POST", "/rules"): WRITE_RULES,
    ("GET", "/rules/{rule_id}"): READ_RULES,
    ("GET", "/api/rules/{rule_id}"): READ_RULES,
    ("POST", "/rules/{rule_id}"): WRITE_RULES,
    ("POST", "/rules/{rule_id}/backtest"): WRITE_RULES,
    ("POST", "/api/rules/{rule_id}/backtest"): WRITE_RULES,
    ("POST", "/rules/{rule_id}/submit"): WRITE_RULES,
    ("POST", "/rules/{rule_id}/approve"): APPROVE_RULES,
    ("POST", "/rules/{rule_id}/retire"): APPROVE_RULES,
    # saved ad-hoc queries (the rule builder's tree, run on demand)
    ("GET", "/queries"): WRITE_RULES,
    ("GET", "/api/queries"): WRITE_RULES,
    ("POST", "/queries"): WRITE_RULES,
    ("GET", "/queries/{query_id}"): WRITE_RULES,
    ("GET", "/api/queries/{query_id}/results"): WRITE_RULES,
    ("GET", "/queries/{query_id}/export.csv"): WRITE_RULES,
    # watchlists
    ("GET", "/watchlists"): READ_LISTS,
    ("GET", "/api/watchlists"): READ_LISTS,
    ("POST", "/watchlists"): WRITE_LISTS,
    ("GET", "/watchlists/{list_id}"): READ_LISTS,
    ("GET", "/api/watchlists/{list_id}"): READ_LISTS,
    ("POST", "/watchlists/{list_id}/entries"): WRITE_LISTS,
    ("POST", "/watchlists/{list_id}/import"): WRITE_LISTS,
    ("POST", "/api/watchlists/{list_id}/import"): WRITE_LISTS,
    # link analysis: identities and their network
    ("GET", "/api/identities/{identity_id}"): READ_TRAVEL,
    ("GET", "/api/identities/{identity_id}/network"): VET | {Role.READ_ONLY},
    ("GET", "/api/travellers/{traveller_id}/network"): VET | {Role.READ_ONLY},
    ("GET", "/api/identities/{identity_id}/path/{other_id}"): VET | {Role.READ_ONLY},
    ("GET", "/api/identities/{identity_id}/co-travellers"): VET | {Role.READ_ONLY},
    ("POST", "/travellers/{traveller_id}/identity/{action}"): VET,
    ("POST", "/identities/{identity_id}/merge"): VET,
    # link graph
    ("GET", "/graph"): VET | {Role.READ_ONLY},
    ("GET", "/api/graph"): VET | {Role.READ_ONLY},
    # notifications
    ("GET", "/notifications"): ALL_ROLES,
    ("GET", "/api/notifications"): ALL_ROLES,
    ("POST", "/notifications/{notification_id}/read"): ALL_ROLES,
    # data protection: the audit trail is the DPO's alone; statistics hold no personal data
    ("GET", "/privacy"): DPO_ONLY,
    ("GET", "/api/privacy/status"): PRIVACY,
    ("GET", "/api/privacy/audit"): DPO_ONLY,
    ("GET", "/privacy/report"): DPO_ONLY,
    ("GET", "/statistics"): STATISTICS,
    ("GET", "/api/statistics"): STATISTICS,
    ("POST", "/travellers/{traveller_id}/holds"): VET,
    ("POST", "/travellers/{traveller_id}/reidentification"): VET,
    ("GET", "/privacy/requests"): PRIVACY | VET,
    ("POST", "/privacy/requests/{request_id}/decision"): ADMIN,
    ("GET", "/privacy/requests/{request_id}"): VET,
    # administration
    ("GET", "/admin"): ADMIN,
    ("GET", "/api/admin/users"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{user_id}"): ADMIN,
    ("GET", "/api/admin/groups"): ADMIN,
    ("POST", "/admin/groups"): ADMIN,
    ("POST", "/admin/groups/{group_id}"): ADMIN,
    ("POST", "/admin/categories"): ADMIN,
    ("POST", "/admin/settings"): ADMIN,
    ("GET", "/admin/messages"): ADMIN,
    ("GET", "/api/admin/messages"): ADMIN,
    ("POST", "/admin/messages/{message_id}/reprocess"): ADMIN,
    # interactive API: carriers post check-in requests with their key; analysts watch traffic
    ("POST", "/api/iapi"): API_KEY,
    ("GET", "/api/iapi/statistics"): VET | {Role.READ_ONLY},
    ("GET", "/iapi"): VET | {Role.READ_ONLY},
    # ingestion: carriers post messages with an API key; operators list them and scrape metrics
    ("POST", "/api/messages"): API_KEY,
    ("GET", "/api/messages"): ADMIN,
    ("GET", "/metrics"): PUBLIC,
}

__all__ = ["API_KEY", "PERMISSIONS", "PUBLIC", "allowed_roles", "is_allowed", "is_public"]


def allowed_roles(method: str, path: str) -> Allowed | None:
    """The roles for (method, path template), or None when the route is not declared."""
    return PERMISSIONS.get((method.upper(), path))


def is_public(method: str, path: str) -> bool:
    return allowed_roles(method, path) is PUBLIC


def is_allowed(method: str, path: str, role: Role | None) -> bool:
    """Whether `role` (None: not logged in) may call the route; undeclared routes: never."""
    roles = allowed_roles(method, path)
    if roles is None:
        return False
    if isinstance(roles, Access):
        return True
    return role is not None and role in roles
