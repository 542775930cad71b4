"""The roles a user can hold, and named sets of them for the permission table.

A user holds exactly one role: agencies assign people to one job (analyst, port
officer, ...) and a single role keeps the permission table readable. Which hits a user
sees is decided separately, by the groups they belong to (see `groups.py`).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    ANALYST = "analyst"
    RULE_MANAGER = "rule_manager"
    WATCHLIST_MANAGER = "watchlist_manager"
    PORT_OFFICER = "port_officer"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    READ_ONLY = "read_only"


ALL_ROLES: frozenset[Role] = frozenset(Role)
ADMIN: frozenset[Role] = frozenset({Role.ADMINISTRATOR})
# Who may read travel data (flights, travellers, hits). The DPO audits the use of the
# data but does not work with it, so the role is deliberately absent here.
READ_TRAVEL: frozenset[Role] = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.ANALYST,
        Role.RULE_MANAGER,
        Role.WATCHLIST_MANAGER,
        Role.PORT_OFFICER,
        Role.READ_ONLY,
    }
)
VET: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
LOOKOUT_BOARD: frozenset[Role] = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.PORT_OFFICER, Role.READ_ONLY}
)
RECORD_OUTCOME: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.PORT_OFFICER})
READ_RULES: frozenset[Role] = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.RULE_MANAGER, Role.READ_ONLY}
)
WRITE_RULES: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.RULE_MANAGER})
APPROVE_RULES: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.RULE_MANAGER})
READ_LISTS: frozenset[Role] = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.WATCHLIST_MANAGER, Role.READ_ONLY}
)
WRITE_LISTS: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.WATCHLIST_MANAGER})
# Adding one traveller to a list from the traveller page is part of vetting.
ADD_TO_LIST: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.WATCHLIST_MANAGER})
PRIVACY: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER})
DPO_ONLY: frozenset[Role] = frozenset({Role.DATA_PROTECTION_OFFICER})


def parse_role(value: str) -> Role:
    """The role named `value` (its code, e.g. `port_officer`, or `port-officer`)."""
    code = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Role(code)
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise ValueError(f"unknown role {value!r}; choose one of: {known}") from None
