"""Import and export of rule files into the governed rule store.

Importing never bypasses governance: a new code becomes a draft, a changed rule a
new draft version, an unchanged one is left alone. Only when an `approver` (a
second person with an approving role) is named are the drafts submitted and
approved, as the demo loader does with its two demo accounts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from paxscreen.errors import NotFoundError
from paxscreen.screening.rules.formats import NamedListSpec, RuleCollection
from paxscreen.screening.rules.governance import (
    approve_rule,
    create_rule,
    edit_rule,
    get_rule,
    submit_rule,
)
from paxscreen.screening.rules.lifecycle import Actor
from paxscreen.screening.rules.model import RuleSpec, RuleStatus
from paxscreen.screening.rules.named_lists import (
    named_list_descriptions,
    named_list_values,
    save_named_list,
)
from paxscreen.store.rule_tables import rules


@dataclass(slots=True)
class ImportSummary:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    activated: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        return (
            f"created {len(self.created)}, changed {len(self.changed)}, unchanged "
            f"{len(self.unchanged)}, activated {len(self.activated)}, named lists {len(self.lists)}"
        )


def _import_one(connection: Connection, spec: RuleSpec, *, author: Actor, now: dt.datetime,
                summary: ImportSummary) -> None:  # fmt: skip
    try:
        stored = get_rule(connection, spec.code)
    except NotFoundError:
        create_rule(connection, spec, author=author, now=now)
        summary.created.append(spec.code)
        return
    if stored.spec == spec and stored.status is not RuleStatus.RETIRED:
        summary.unchanged.append(spec.code)
        return
    edit_rule(connection, spec.code, spec, author=author, note="imported", now=now)
    summary.changed.append(spec.code)


def import_rules(
    connection: Connection,
    collection: RuleCollection,
    *,
    author: Actor,
    now: dt.datetime,
    approver: Actor | None = None,
) -> ImportSummary:
    """Store a validated collection; with an `approver`, activate what was created or changed.

    Callers that activate should re-screen the window afterwards (see `rescreen`).
    """
    summary = ImportSummary()
    for named in collection.named_lists:
        save_named_list(connection, named.name, named.values, owner=author.name, now=now,
                        description=named.description)  # fmt: skip
        summary.lists.append(named.name)
    for spec in collection.rules:
        _import_one(connection, spec, author=author, now=now, summary=summary)
    if approver is not None:
        for code in summary.created + summary.changed:
            submit_rule(connection, code, actor=author, now=now)
            approve_rule(connection, code, approver=approver, now=now, comment="approved on import")
            summary.activated.append(code)
    return summary


def export_rules(connection: Connection, *, include_retired: bool = False) -> RuleCollection:
    """Every rule's latest version, with the named lists, as one collection."""
    query = select(rules.c.id).order_by(rules.c.code)
    if not include_retired:
        query = query.where(rules.c.status != str(RuleStatus.RETIRED))
    specs = [get_rule(connection, rule_id).spec for rule_id in connection.execute(query).scalars()]
    descriptions = named_list_descriptions(connection)
    lists = [
        NamedListSpec(name=name, description=descriptions.get(name, ""), values=sorted(values))
        for name, values in sorted(named_list_values(connection).items())
    ]
    return RuleCollection(named_lists=lists, rules=specs)


__all__ = ["ImportSummary", "export_rules", "import_rules"]
