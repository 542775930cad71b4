"""The whole schema: core tables plus every domain's `*_tables.py` module.

Domains add tables by creating `paxscreen/store/<domain>_tables.py`; this module
discovers them with pkgutil, so nobody edits a central list (and nobody forgets
a table in the migration or in `create_all`).
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import paxscreen.store as store_package
from paxscreen.store.metadata import metadata

CORE_MODULES = ("paxscreen.store.tables", "paxscreen.store.triggers")


def table_modules() -> list[str]:
    """Module names of the core tables and every `paxscreen.store.*_tables` module."""
    found = [
        f"{store_package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(store_package.__path__)
        if info.name.endswith("_tables")
    ]
    return list(CORE_MODULES) + sorted(found)


def load_metadata() -> MetaData:
    """Import every table module and return the shared, now complete, metadata."""
    for name in table_modules():
        importlib.import_module(name)
    return metadata


__all__ = ["load_metadata", "table_modules"]
