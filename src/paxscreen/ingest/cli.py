"""`paxscreen ingest | worker | messages | reprocess | sender`: ingestion from the shell.

Each command builds the engine from the settings, makes sure the schema is
current (ingesting into a fresh database just works), calls one service and
prints the result; progress bars and tables stay here, at the edge.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import signal
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from paxscreen.config import Settings, load_settings
from paxscreen.ingest.catalogue import (
    count_by_status,
    list_messages,
    message_trail,
    reprocess,
    select_message_ids,
)
from paxscreen.ingest.pipeline import Outcome
from paxscreen.ingest.senders import create_sender
from paxscreen.ingest.workers import Summary, expand_paths, ingest_paths, utc_now, watch
from paxscreen.metrics import configure_logging
from paxscreen.store.engine import create_engine_for

console = Console(stderr=True)
sender_app = typer.Typer(help="Senders that may post messages over HTTP.", no_args_is_help=True)


def _settings(context: typer.Context) -> Settings:
    """The settings the root callback built (or fresh ones when run on its own)."""
    settings = context.find_root().obj
    return settings if isinstance(settings, Settings) else load_settings()


def open_engine(settings: Settings) -> Engine:
    """The engine, with the schema migrated to the current revision first."""
    from paxscreen.store import migrate

    migrate.upgrade(settings.database_url)
    return create_engine_for(settings.database_url)


def print_summary(summary: Summary) -> None:
    table = Table(title=f"{summary.total} message(s)")
    table.add_column("status")
    table.add_column("messages", justify="right")
    for status, count in sorted(summary.statuses.items()):
        table.add_row(status, str(count))
    console.print(table)
    for origin, status, reason in summary.failures:
        console.print(f"[red]{status}[/red] {origin}: {reason}")


def ingest_command(
    context: typer.Context,
    paths: list[str] = typer.Argument(..., help="Files, folders (read recursively) or globs."),
    parts_timeout: float | None = typer.Option(
        None, help="Minutes after which incomplete multi-part sets are loaded (default: settings)."
    ),
) -> None:
    """Store, parse, load and screen message files; print a summary of statuses."""
    settings = _settings(context)
    configure_logging(level=logging.WARNING)  # the summary says the rest
    engine = open_engine(settings)
    files = expand_paths(paths)
    if not files:
        raise typer.BadParameter(f"no files found in {' '.join(paths)}")
    timeout = dt.timedelta(minutes=parts_timeout) if parts_timeout is not None else None
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("ingesting", total=len(files))

        def advance(_path: Path, _outcome: Outcome) -> None:
            progress.advance(task)

        summary = ingest_paths(
            engine, files, settings=settings, on_progress=advance, parts_timeout=timeout
        )
    print_summary(summary)
    if summary.failures:
        raise typer.Exit(1)


def worker_command(
    context: typer.Context,
    watch_dir: Path | None = typer.Option(
        None, "--watch", help="Drop folder: files move to archive/ or quarantine/ (+ .reason)."
    ),
    amqp: bool = typer.Option(False, help="Consume the RabbitMQ ingest queue (settings.queue)."),
    interval: float = typer.Option(2.0, help="Seconds between scans of the drop folder."),
    idle_exit: float | None = typer.Option(None, help="Stop after the queue is idle this long."),
    metrics_port: int | None = typer.Option(None, help="Serve this worker's metrics on a port."),
) -> None:
    """Run a worker until stopped: on the AMQP queue, on a drop folder, or (with neither)
    on the messages other sources stored and multi-part sets past their timeout."""
    settings = _settings(context)
    configure_logging()
    engine = open_engine(settings)
    if metrics_port is not None:
        from prometheus_client import start_http_server

        start_http_server(metrics_port)
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    if amqp:
        from paxscreen.ingest.amqp import consume

        taken = asyncio.run(
            consume(
                engine,
                settings=settings,
                url=settings.queue.amqp_url,
                queue=settings.queue.ingest_queue,
                should_stop=lambda: bool(stopping),
                stop_when_idle=idle_exit,
            )
        )
        console.print(f"{taken} message(s) taken from {settings.queue.ingest_queue}")
    else:  # a drop folder, or just the pending messages and timed-out part sets
        watch(
            engine,
            watch_dir,
            settings=settings,
            interval=interval,
            should_stop=lambda: bool(stopping),
        )


def messages_command(
    context: typer.Context,
    status: str | None = typer.Option(None, help="Only messages in this status."),
    type: str | None = typer.Option(None, "--type", help="PAXLST, PNRGOV, ..."),
    limit: int = typer.Option(50, min=1),
    trail: str | None = typer.Option(None, help="Show every event of this message id."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of a table."),
) -> None:
    """List stored messages with their status and reason (newest first)."""
    engine = open_engine(_settings(context))
    with engine.connect() as connection:
        if trail is not None:
            typer.echo(json.dumps(message_trail(connection, trail), indent=2, default=str))
            return
        found = list_messages(connection, status=status, type=type, limit=limit)
        counts = count_by_status(connection)
    if as_json:
        payload: dict[str, Any] = {"counts": counts, "messages": [m.to_dict() for m in found]}
        typer.echo(json.dumps(payload, indent=2, default=str))
        return
    table = Table(title=", ".join(f"{name}: {count}" for name, count in sorted(counts.items())))
    for column in ("id", "received", "type", "status", "reason", "bytes"):
        table.add_column(column)
    for item in found:
        received = item.received_at.strftime("%Y-%m-%d %H:%M:%S") if item.received_at else ""
        table.add_row(
            item.id, received, item.type, item.status, item.status_reason or "", str(item.size)
        )
    Console().print(table)


def reprocess_command(
    context: typer.Context,
    message_ids: list[str] = typer.Argument(None, help="Message ids (or use --status/--all)."),
    status: str | None = typer.Option(None, help="Every message in this status."),
    type: str | None = typer.Option(None, "--type", help="Only this message type."),
    everything: bool = typer.Option(False, "--all", help="Every stored message."),
) -> None:
    """Parse and load stored raw messages again (idempotent), e.g. after a parser upgrade."""
    settings = _settings(context)
    engine = open_engine(settings)
    ids = list(message_ids or [])
    if not ids:
        if status is None and type is None and not everything:
            raise typer.BadParameter("name message ids, or use --status, --type or --all")
        with engine.connect() as connection:
            ids = select_message_ids(connection, status=status, type=type)
    summary = Summary()
    for outcome in reprocess(engine, ids, settings=settings, now=utc_now()):
        summary.add(outcome, outcome.message_id)
    print_summary(summary)


@sender_app.command("add")
def sender_add(context: typer.Context, name: str) -> None:
    """Create a sender (or give it a new key); prints the API key once."""
    engine = open_engine(_settings(context))
    with engine.begin() as connection:
        key = create_sender(connection, name)
    typer.echo(key)


def register(app: typer.Typer) -> None:
    """Add the ingestion commands to the `paxscreen` app."""
    app.command("ingest")(ingest_command)
    app.command("worker")(worker_command)
    app.command("messages")(messages_command)
    app.command("reprocess")(reprocess_command)
    app.add_typer(sender_app, name="sender")


__all__ = ["register"]
