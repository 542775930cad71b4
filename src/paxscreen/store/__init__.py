"""Storage: SQLAlchemy Core tables on one shared MetaData, Alembic migrations, repositories.

Repositories are functions that take a `Connection` and take or return the
canonical model (`paxscreen.model`); nothing here holds a global engine.
"""

from paxscreen.store.engine import create_engine_for
from paxscreen.store.metadata import metadata
from paxscreen.store.schema import load_metadata

__all__ = ["create_engine_for", "load_metadata", "metadata"]
