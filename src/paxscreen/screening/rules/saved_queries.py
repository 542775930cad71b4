"""The analysts' ad-hoc query builder: the same tree as a rule, run on demand.

A query is a rule tree without governance: it is saved under a name, run over a
date range (or one flight) and, once it proves useful, turned into a rule draft,
which then goes through review like any other rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select, update

from paxscreen.errors import NotFoundError
from paxscreen.screening.rules.compiler import rule_select
from paxscreen.screening.rules.governance import create_rule
from paxscreen.screening.rules.lifecycle import Actor
from paxscreen.screening.rules.model import Node, RuleSpec, tree_to_dict
from paxscreen.screening.rules.validation import typed_conditions
from paxscreen.store.rule_tables import saved_queries

DEFAULT_LIMIT = 1000


def save_query(
    connection: Connection, name: str, conditions: Node, *, owner: str, now: dt.datetime
) -> int:
    """Save (or overwrite, for the same owner and name) a query; returns its id."""
    typed_conditions(conditions)  # refuse a query that cannot run
    tree = tree_to_dict(conditions)
    existing = connection.execute(
        select(saved_queries.c.id).where(
            saved_queries.c.owner == owner, saved_queries.c.name == name
        )
    ).scalar()
    if existing is not None:
        connection.execute(
            update(saved_queries)
            .where(saved_queries.c.id == existing)
            .values(conditions=tree, updated_at=now)
        )
        return int(existing)
    return int(
        connection.execute(
            insert(saved_queries)
            .values(name=name, owner=owner, conditions=tree, created_at=now, updated_at=now)
            .returning(saved_queries.c.id)
        ).scalar_one()
    )


def load_query(connection: Connection, query_id: int) -> tuple[str, Node]:
    row = connection.execute(select(saved_queries).where(saved_queries.c.id == query_id)).first()
    if row is None:
        raise NotFoundError(f"no saved query {query_id}")
    return row.name, RuleSpec.model_validate(
        {"code": "q", "title": row.name, "conditions": row.conditions}
    ).conditions


def run_query(
    connection: Connection,
    conditions: Node,
    *,
    flight_id: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[dict[str, Any]]:
    """Matching traveller rows (with the explanation columns), at most `limit` of them;
    `subject_id` is the listed traveller a row belongs to."""
    query = rule_select(conditions, flight_id=flight_id, departure_from=start, departure_to=end)
    rows = connection.execute(query.order_by("traveller_id").limit(limit))
    return [dict(row._mapping) for row in rows]


def promote_query(
    connection: Connection, query_id: int, spec: RuleSpec, *, author: Actor, now: dt.datetime
) -> int:
    """Turn a saved query into a rule draft with the query's conditions; returns the rule id."""
    _, conditions = load_query(connection, query_id)
    rule_id = create_rule(
        connection, spec.model_copy(update={"conditions": conditions}), author=author, now=now
    )
    connection.execute(
        update(saved_queries)
        .where(saved_queries.c.id == query_id)
        .values(promoted_rule_id=rule_id, updated_at=now)
    )
    return rule_id


__all__ = ["load_query", "promote_query", "run_query", "save_query"]
