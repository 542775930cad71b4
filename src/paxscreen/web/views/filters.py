"""Hit visibility by group: a user sees hits of the categories their groups see."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from paxscreen.store.hit_tables import hits


def visible_hits(categories: frozenset[str] | None) -> ColumnElement[bool]:
    """SQL condition for hits a user may see; `None` (administrators) sees all.

    Hits without a category are not restricted: screening marks every hit it means
    to restrict with a category.
    """
    if categories is None:
        return true()
    return or_(hits.c.category.is_(None), hits.c.category.in_(sorted(categories)))
