"""Named lists: values analysts maintain apart from rules (airports of concern,
agencies under watch), tested with the `in_list` / `not_in_list` operators.

A rule refers to a list by name and the query reads the list's current items, so
updating a list changes what every rule using it matches without a new rule
version; the list itself records who changed it and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select, update

from paxscreen.store.rule_tables import named_list_items, named_lists


def normalise_item(value: str) -> str:
    """Items are stored as rules compare strings: trimmed and upper-cased."""
    return value.strip().upper()


def save_named_list(
    connection: Connection,
    name: str,
    values: Iterable[str],
    *,
    owner: str,
    now: dt.datetime,
    description: str = "",
) -> int:
    """Create the list or replace its items; returns its id."""
    list_id = connection.execute(
        select(named_lists.c.id).where(named_lists.c.name == name)
    ).scalar()
    if list_id is None:
        list_id = connection.execute(
            insert(named_lists)
            .values(name=name, description=description, owner=owner, created_at=now, updated_at=now)
            .returning(named_lists.c.id)
        ).scalar_one()
    else:
        connection.execute(
            update(named_lists)
            .where(named_lists.c.id == list_id)
            .values(description=description, owner=owner, updated_at=now)
        )
        connection.execute(delete(named_list_items).where(named_list_items.c.list_id == list_id))
    items = sorted({normalise_item(value) for value in values if value.strip()})
    if items:
        connection.execute(
            insert(named_list_items), [{"list_id": list_id, "value": item} for item in items]
        )
    return int(list_id)


def named_list_values(connection: Connection) -> dict[str, frozenset[str]]:
    """Every list with its items (what the oracle and the export need)."""
    found: dict[str, set[str]] = {
        name: set() for name in connection.execute(select(named_lists.c.name)).scalars()
    }
    rows = connection.execute(
        select(named_lists.c.name, named_list_items.c.value).join(
            named_list_items, named_list_items.c.list_id == named_lists.c.id
        )
    )
    for name, value in rows:
        found[name].add(value)
    return {name: frozenset(values) for name, values in found.items()}


def named_list_descriptions(connection: Connection) -> dict[str, str]:
    rows = connection.execute(select(named_lists.c.name, named_lists.c.description))
    return {name: description for name, description in rows}


__all__ = ["named_list_descriptions", "named_list_values", "normalise_item", "save_named_list"]
