"""What every `paxscreen` sub-command needs from the root command: settings and an engine.

Kept apart from `paxscreen.cli` so that command modules can import it at the top
without importing the root command (which imports them: a cycle).
"""

from __future__ import annotations

import typer
from sqlalchemy import Engine

from paxscreen.config import Settings, load_settings
from paxscreen.store.engine import create_engine_for


def settings_from(context: typer.Context) -> Settings:
    """The settings built once in the root callback (built here when a sub-app runs alone)."""
    root = context.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = load_settings()
    return root.obj


def engine_from(context: typer.Context) -> Engine:
    return create_engine_for(settings_from(context).database_url)


__all__ = ["engine_from", "settings_from"]
