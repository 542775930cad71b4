"""The one `MetaData` every paxscreen table is defined on.

Core travel tables (`tables.py`), the shared hits table and every domain's
`<domain>_tables.py` attach themselves here, so one Alembic migration and one
`create_all` cover the whole schema. The naming convention gives every index and
constraint a deterministic name: Alembic can then compare and drop them the same
way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

__all__ = ["NAMING_CONVENTION", "metadata"]
