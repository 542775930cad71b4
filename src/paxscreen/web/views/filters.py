"""Hit visibility by group: a user sees hits of the categories their groups see."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.engine import Connection

from paxscreen.store.hit_tables import hits


def visible_hits(categories: frozenset[str] | None) -> ColumnElement[bool]:
    """SQL condition for hits a user may see; `None` (administrators) sees all.

    Hits without a category are not restricted: screening marks every hit it means
    to restrict with a category.
    """
    if categories is None:
        return true()
    return or_(hits.c.category.is_(None), hits.c.category.in_(sorted(categories)))


def hit_is_visible(connection: Connection, hit_id: int, categories: frozenset[str] | None) -> bool:
    found = connection.execute(
        select(hits.c.id).where(hits.c.id == hit_id, visible_hits(categories))
    ).first()
    return found is not None
