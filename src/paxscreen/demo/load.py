"""`load_demo`: generate the demo set and feed it through the real pipeline.

Used by `make run` (`paxscreen demo load --if-empty`): the demo users, the demo
targeting rules (written by the rule manager, approved by the administrator:
the four-eyes path a real rule takes), then every message file in the order the
manifest says it was delivered, through the same ingestion a live feed uses.
The demo watch list and the lost/stolen document list are imported before the
messages, so screening at load time finds the planted travellers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select

from paxscreen.config import Settings
from paxscreen.demo.airports import NATIONAL_COUNTRY
from paxscreen.demo.generator import GenerateOptions, Scale, generate
from paxscreen.demo.manifest import read_manifest
from paxscreen.errors import PaxscreenError


@dataclass(slots=True)
class LoadSummary:
    out: Path
    totals: dict[str, int]
    statuses: dict[str, int] = field(default_factory=dict)
    rules_activated: list[str] = field(default_factory=list)
    watchlists: dict[str, int] = field(default_factory=dict)  # list name -> entries imported
    skipped: bool = False


def is_database_empty(engine: Engine) -> bool:
    from paxscreen.store.tables import messages

    with engine.connect() as connection:
        return not connection.execute(select(func.count()).select_from(messages)).scalar()


def delivery_order(out: Path) -> list[Path]:
    """Message files sorted by intended delivery time (then name, for ties)."""
    entries = read_manifest(out / "manifest.json")["messages"]
    entries.sort(key=lambda entry: (entry["deliver_at"], entry["file"]))
    return [out / "messages" / entry["file"] for entry in entries]


def _import_rules(engine: Engine, out: Path, now: dt.datetime) -> list[str]:
    from paxscreen.screening.rules.formats import read_rules
    from paxscreen.screening.rules.governance import get_rule
    from paxscreen.screening.rules.lifecycle import Actor
    from paxscreen.screening.rules.loading import import_rules
    from paxscreen.users.demo import ensure_demo_users
    from paxscreen.users.roles import Role

    collection = read_rules(out / "rules" / "demo-rules.json")
    with engine.begin() as connection:
        ensure_demo_users(connection, now=now)
        existing = [
            spec.code for spec in collection.rules if _exists(connection, get_rule, spec.code)
        ]
        collection.rules[:] = [spec for spec in collection.rules if spec.code not in existing]
        summary = import_rules(
            connection,
            collection,
            author=Actor("rules", Role.RULE_MANAGER.value),
            now=now,
            approver=Actor("admin", Role.ADMINISTRATOR.value),
        )
    return list(summary.activated)


# The generated lists, imported before the messages so that screening at load finds
# the planted travellers: (file, list name, category, kind, severity)
DEMO_LISTS = (
    ("demo-watchlist.csv", "Demo watchlist", "terrorism", "person", "high"),
    ("lost-stolen-documents.csv", "Lost and stolen documents", "document", "document", "high"),
)


def _import_watchlists(engine: Engine, out: Path, now: dt.datetime) -> dict[str, int]:
    from paxscreen.screening.watchlists.importing import import_file

    imported = {}
    with engine.begin() as connection:
        for file_name, name, category, kind, severity in DEMO_LISTS:
            path = out / "watchlists" / file_name
            if path.exists():
                result = import_file(
                    connection,
                    path,
                    name=name,
                    category=category,
                    kind=kind,
                    severity=severity,
                    user="lists",
                    now=now,
                )
                imported[name] = len(result.report.records)
    return imported


def _exists(connection: object, get_rule: Callable[..., object], code: str) -> bool:
    from paxscreen.errors import NotFoundError

    try:
        get_rule(connection, code)
    except NotFoundError:
        return False
    return True


def load_demo(
    settings: Settings,
    *,
    if_empty: bool = False,
    seed: int = 1,
    flights: int | None = None,
    on_generated: Callable[[int], None] | None = None,
    on_progress: Callable[[Path], None] | None = None,
) -> LoadSummary:
    """Generate `data_dir/demo` for today and ingest it; nothing when `if_empty` and data exist.

    Raises:
        PaxscreenError: the settings say production (demo users and data do not belong there).
    """
    if settings.environment == "production":
        raise PaxscreenError("demo data is never loaded when PAXSCREEN_ENVIRONMENT=production")
    from paxscreen.ingest.workers import ingest_paths
    from paxscreen.screening.interface import load_screeners
    from paxscreen.store import migrate
    from paxscreen.store.engine import create_engine_for

    if settings.home_country is None:  # the demo hubs are German: arrivals there are inbound
        settings = settings.model_copy(update={"home_country": NATIONAL_COUNTRY})
    out = settings.data_dir / "demo"
    migrate.upgrade(settings.database_url)
    engine = create_engine_for(settings.database_url)
    if if_empty and not is_database_empty(engine):
        return LoadSummary(out=out, totals={}, skipped=True)
    now = dt.datetime.now(dt.UTC)
    options = GenerateOptions(
        out=out, scale=Scale.DEMO, flights=flights, seed=seed, start=now.date()
    )
    totals = generate(options)
    if on_generated is not None:
        on_generated(totals["messages"])
    summary = LoadSummary(out=out, totals=totals)
    summary.rules_activated = _import_rules(engine, out, now)
    summary.watchlists = _import_watchlists(engine, out, now)
    load_screeners()  # watch lists, rules, links, alerts: screening runs as each file loads
    progress = (lambda path, _outcome: on_progress(path)) if on_progress else None
    result = ingest_paths(engine, delivery_order(out), settings=settings, on_progress=progress)
    summary.statuses = dict(result.statuses)
    return summary


__all__ = ["LoadSummary", "delivery_order", "is_database_empty", "load_demo"]
