"""The rule life cycle as a table: draft -> in review -> active -> retired.

Pure decisions, no database: `check_transition` says whether an actor may take an
action on a rule in a given state, and what the state becomes. Four eyes: the
person who approves a version must hold an approving role and must not be its
author (EU PNR Directive art. 6(4): criteria are set and reviewed, not just
written). Every criterion also carries a review-by date; approving without one
sets it `DEFAULT_REVIEW_DAYS` ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from paxscreen.errors import PermissionDeniedError, RuleError
from paxscreen.screening.rules.model import RuleStatus

# Roles (codes of `paxscreen.users.roles.Role`) that may approve and retire rules.
APPROVER_ROLES = frozenset({"rule_manager", "administrator"})
DEFAULT_REVIEW_DAYS = 180
REVIEW_REMINDER_DAYS = 14


class Action(StrEnum):
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    RETIRE = "retire"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a user name and the code of their role."""

    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[RuleStatus | None]
    target: RuleStatus
    approver_only: bool = False
    four_eyes: bool = False  # the actor must not be the version's author
    needs_comment: bool = False


_ANY_STATE = frozenset({*RuleStatus})

TRANSITIONS: dict[Action, Transition] = {
    Action.CREATE: Transition(frozenset({None}), RuleStatus.DRAFT),
    # editing makes a new version in draft; an active version keeps running meanwhile
    Action.EDIT: Transition(_ANY_STATE, RuleStatus.DRAFT),
    Action.SUBMIT: Transition(frozenset({RuleStatus.DRAFT}), RuleStatus.IN_REVIEW),
    Action.APPROVE: Transition(
        frozenset({RuleStatus.IN_REVIEW}), RuleStatus.ACTIVE, approver_only=True, four_eyes=True
    ),
    Action.REJECT: Transition(
        frozenset({RuleStatus.IN_REVIEW}),
        RuleStatus.DRAFT,
        approver_only=True,
        four_eyes=True,
        needs_comment=True,
    ),
    Action.RETIRE: Transition(
        frozenset({RuleStatus.ACTIVE, RuleStatus.DRAFT, RuleStatus.IN_REVIEW}),
        RuleStatus.RETIRED,
        approver_only=True,
    ),
}


def check_transition(
    action: Action,
    *,
    status: RuleStatus | None,
    actor: Actor,
    version_author: str | None = None,
    comment: str = "",
) -> RuleStatus:
    """The status after `action`, or an error saying why the actor may not take it.

    Raises:
        RuleError: the action is not possible from `status`, or lacks a comment.
        PermissionDeniedError: the actor's role may not, or four eyes are not met.
    """
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise RuleError(f"cannot {action} a rule that is {status or 'new'}")
    if transition.approver_only and actor.role not in APPROVER_ROLES:
        raise PermissionDeniedError(
            f"{actor.name} ({actor.role}) may not {action} rules; "
            f"that needs one of: {', '.join(sorted(APPROVER_ROLES))}"
        )
    if transition.four_eyes and version_author is not None and actor.name == version_author:
        raise PermissionDeniedError(
            f"{actor.name} wrote this version and cannot also {action} it (four-eyes rule)"
        )
    if transition.needs_comment and not comment.strip():
        raise RuleError(f"{action} needs a comment saying why")
    return transition.target


def review_date(requested: dt.date | None, *, today: dt.date) -> dt.date:
    """The review-by date an approved rule gets: as written, or the default ahead."""
    return requested or today + dt.timedelta(days=DEFAULT_REVIEW_DAYS)


def is_review_due(review_by: dt.date | None, *, today: dt.date) -> bool:
    """Whether the owner should be reminded now (from `REVIEW_REMINDER_DAYS` before)."""
    if review_by is None:
        return False
    return today >= review_by - dt.timedelta(days=REVIEW_REMINDER_DAYS)


__all__ = [
    "APPROVER_ROLES",
    "DEFAULT_REVIEW_DAYS",
    "REVIEW_REMINDER_DAYS",
    "TRANSITIONS",
    "Action",
    "Actor",
    "Transition",
    "check_transition",
    "is_review_due",
    "review_date",
]
