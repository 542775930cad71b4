"""Rules in the database: create, edit (a new version), submit, approve, reject, retire.

Each function takes a `Connection` (the caller owns the transaction), validates
with the catalogue and the protected-attribute guard, applies the life-cycle
table of `lifecycle.py`, and writes one `rule_events` row, so the whole history
of who wrote, reviewed and approved which version is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from paxscreen.errors import NotFoundError
from paxscreen.screening.rules.lifecycle import Action, Actor, check_transition, review_date
from paxscreen.screening.rules.model import RuleSpec, RuleStatus
from paxscreen.screening.rules.validation import protected_attributes, validate_rule
from paxscreen.store.rule_tables import rule_events, rule_versions, rules


@dataclass(frozen=True, slots=True)
class StoredRule:
    """A rule as stored: its latest version's text and its life-cycle state."""

    id: int
    code: str
    owner: str
    status: RuleStatus
    latest_version: int
    active_version: int | None
    spec: RuleSpec
    version_author: str
    review_by: dt.date | None
    dpo_review_required: bool
    protected_attributes: list[str]


def _row(connection: Connection, rule: int | str) -> Any:
    column = rules.c.id if isinstance(rule, int) else rules.c.code
    row = connection.execute(select(rules).where(column == rule)).first()
    if row is None:
        raise NotFoundError(f"no rule {rule!r}")
    return row


def _version(connection: Connection, rule_id: int, version: int) -> Any:
    return connection.execute(
        select(rule_versions).where(
            rule_versions.c.rule_id == rule_id, rule_versions.c.version == version
        )
    ).one()


def get_rule(connection: Connection, rule: int | str) -> StoredRule:
    """The rule with this id or code. Raises NotFoundError."""
    row = _row(connection, rule)
    version = _version(connection, row.id, row.latest_version)
    return StoredRule(
        id=row.id,
        code=row.code,
        owner=row.owner,
        status=RuleStatus(row.status),
        latest_version=row.latest_version,
        active_version=row.active_version,
        spec=RuleSpec.model_validate(version.spec),
        version_author=version.author,
        review_by=row.review_by,
        dpo_review_required=row.dpo_review_required,
        protected_attributes=list(row.protected_attributes or []),
    )


def spec_of_version(connection: Connection, rule_id: int, version: int) -> RuleSpec:
    return RuleSpec.model_validate(_version(connection, rule_id, version).spec)


def _event(
    connection: Connection,
    *,
    rule_id: int,
    version: int,
    action: Action,
    before: RuleStatus | None,
    after: RuleStatus,
    actor: Actor,
    comment: str,
    now: dt.datetime,
) -> None:
    connection.execute(
        insert(rule_events).values(
            rule_id=rule_id,
            version=version,
            action=str(action),
            from_status=str(before) if before else None,
            to_status=str(after),
            actor=actor.name,
            comment=comment,
            created_at=now,
        )
    )


def _guarded(spec: RuleSpec) -> dict[str, Any]:
    validate_rule(spec)
    used = protected_attributes(spec.conditions)
    return {"dpo_review_required": bool(used), "protected_attributes": used}


def create_rule(connection: Connection, spec: RuleSpec, *, author: Actor, now: dt.datetime) -> int:
    """Store a new rule as a draft (version 1); returns its id.

    Raises:
        RuleValidationError: the rule is invalid or refused by the protected-attribute guard.
    """
    status = check_transition(Action.CREATE, status=None, actor=author)
    flags = _guarded(spec)
    rule_id = connection.execute(
        insert(rules)
        .values(
            code=spec.code,
            title=spec.title,
            owner=author.name,
            status=str(status),
            latest_version=1,
            review_by=spec.review_by,
            created_at=now,
            updated_at=now,
            **flags,
        )
        .returning(rules.c.id)
    ).scalar_one()
    _store_version(connection, rule_id, 1, spec, author=author, note="created", now=now)
    _event(connection, rule_id=rule_id, version=1, action=Action.CREATE, before=None,
           after=status, actor=author, comment="", now=now)  # fmt: skip
    return int(rule_id)


def _store_version(
    connection: Connection,
    rule_id: int,
    version: int,
    spec: RuleSpec,
    *,
    author: Actor,
    note: str,
    now: dt.datetime,
) -> None:
    connection.execute(
        insert(rule_versions).values(
            rule_id=rule_id,
            version=version,
            spec=spec.model_dump(mode="json", by_alias=True),
            author=author.name,
            change_note=note,
            created_at=now,
        )
    )


def edit_rule(
    connection: Connection,
    rule: int | str,
    spec: RuleSpec,
    *,
    author: Actor,
    note: str = "",
    now: dt.datetime,
) -> int:
    """Store a changed rule as a new draft version; returns the version number.

    The active version (if any) keeps screening until the new one is approved.
    """
    current = get_rule(connection, rule)
    status = check_transition(Action.EDIT, status=current.status, actor=author)
    flags = _guarded(spec)
    version = current.latest_version + 1
    _store_version(connection, current.id, version, spec, author=author, note=note, now=now)
    connection.execute(
        update(rules)
        .where(rules.c.id == current.id)
        .values(
            title=spec.title, status=str(status), latest_version=version, updated_at=now, **flags
        )  # fmt: skip
    )
    _event(connection, rule_id=current.id, version=version, action=Action.EDIT,
           before=current.status, after=status, actor=author, comment=note, now=now)  # fmt: skip
    return version


def _move(
    connection: Connection,
    rule: int | str,
    action: Action,
    *,
    actor: Actor,
    comment: str,
    now: dt.datetime,
    values: dict[str, Any] | None = None,
) -> StoredRule:
    current = get_rule(connection, rule)
    status = check_transition(
        action,
        status=current.status,
        actor=actor,
        version_author=current.version_author,
        comment=comment,
    )
    connection.execute(
        update(rules)
        .where(rules.c.id == current.id)
        .values(status=str(status), updated_at=now, **(values or {}))
    )
    _event(connection, rule_id=current.id, version=current.latest_version, action=action,
           before=current.status, after=status, actor=actor, comment=comment, now=now)  # fmt: skip
    return get_rule(connection, current.id)


def submit_rule(
    connection: Connection, rule: int | str, *, actor: Actor, now: dt.datetime, comment: str = ""
) -> StoredRule:
    """Ask for review of the latest version (draft -> in review)."""
    return _move(connection, rule, Action.SUBMIT, actor=actor, comment=comment, now=now)


def approve_rule(
    connection: Connection, rule: int | str, *, approver: Actor, now: dt.datetime, comment: str = ""
) -> StoredRule:
    """Four-eyes activation: a second user with an approving role makes the version active.

    Callers re-screen the flights of the coming window afterwards (`rescreen_for_rule`).

    Raises:
        PermissionDeniedError: the approver wrote the version or lacks the role.
    """
    current = get_rule(connection, rule)
    values = {
        "active_version": current.latest_version,
        "review_by": review_date(current.spec.review_by, today=now.date()),
        "review_reminded_at": None,
    }
    return _move(connection, rule, Action.APPROVE, actor=approver, comment=comment, now=now,
                 values=values)  # fmt: skip


def reject_rule(
    connection: Connection, rule: int | str, *, approver: Actor, comment: str, now: dt.datetime
) -> StoredRule:
    """Send the version back to its author with the reviewer's reason."""
    return _move(connection, rule, Action.REJECT, actor=approver, comment=comment, now=now)


def retire_rule(
    connection: Connection, rule: int | str, *, actor: Actor, now: dt.datetime, comment: str = ""
) -> StoredRule:
    """Stop screening with the rule; its versions and hits stay for the record."""
    return _move(connection, rule, Action.RETIRE, actor=actor, comment=comment, now=now,
                 values={"active_version": None})  # fmt: skip


def rule_history(connection: Connection, rule: int | str) -> list[dict[str, Any]]:
    """Every event of a rule, oldest first: who did what to which version, and why."""
    row = _row(connection, rule)
    events = connection.execute(
        select(rule_events).where(rule_events.c.rule_id == row.id).order_by(rule_events.c.id)
    )
    return [dict(event._mapping) for event in events]


__all__ = [
    "StoredRule",
    "approve_rule",
    "create_rule",
    "edit_rule",
    "get_rule",
    "reject_rule",
    "retire_rule",
    "rule_history",
    "spec_of_version",
    "submit_rule",
]
