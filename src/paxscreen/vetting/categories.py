"""Hit categories: what a hit is about, how severe, and whether it goes straight to
the port officers. Groups see hits by category (`paxscreen.users.groups`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from paxscreen.store.vetting_tables import hit_categories

DEFAULT_CATEGORIES: tuple[tuple[str, str, int, bool], ...] = (
    ("terrorism", "Terrorism", 3, True),
    ("wanted-person", "Wanted person", 3, True),
    ("human-trafficking", "Human trafficking", 3, False),
    ("narcotics", "Narcotics", 2, False),
    ("lost-stolen-document", "Lost or stolen document", 2, False),
    ("customs-fraud", "Customs fraud", 1, False),
    ("immigration", "Immigration", 1, False),
    ("targeting-rule", "Targeting rule", 1, False),
    ("network", "Network link", 1, False),
    ("manual", "Manual referral", 2, False),
)


@dataclass(frozen=True, slots=True)
class HitCategory:
    code: str
    label: str
    severity: int
    promote_to_lookout: bool
    description: str = ""


def ensure_default_categories(connection: Connection) -> None:
    known = set(connection.execute(select(hit_categories.c.code)).scalars())
    rows = [
        {"code": code, "label": label, "severity": severity, "promote_to_lookout": promote}
        for code, label, severity, promote in DEFAULT_CATEGORIES
        if code not in known
    ]
    if rows:
        connection.execute(insert(hit_categories), rows)


def list_categories(connection: Connection) -> list[HitCategory]:
    rows = connection.execute(
        select(hit_categories).order_by(hit_categories.c.severity.desc(), hit_categories.c.code)
    )
    return [HitCategory(**row._mapping) for row in rows]


def save_category(
    connection: Connection, code: str, *, label: str, severity: int, promote_to_lookout: bool
) -> None:
    code = code.strip().lower()
    if not code or not label.strip():
        raise ValueError("a category needs a code and a label")
    if severity not in (1, 2, 3):
        raise ValueError("severity is 1 (normal), 2 (high) or 3 (top)")
    values = {
        "label": label.strip(),
        "severity": severity,
        "promote_to_lookout": promote_to_lookout,
    }
    if connection.execute(
        select(hit_categories.c.code).where(hit_categories.c.code == code)
    ).first():
        connection.execute(
            update(hit_categories).where(hit_categories.c.code == code).values(**values)
        )
    else:
        connection.execute(insert(hit_categories).values(code=code, **values))
