"""`paxscreen demo generate | load`: synthetic traffic on disk, or loaded into the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from paxscreen.config import Settings, load_settings
from paxscreen.demo.generator import GenerateOptions, Scale, generate

app = typer.Typer(
    help="Synthetic API and PNR traffic with planted threats and ground truth.",
    no_args_is_help=True,
)
console = Console(stderr=True)


def _settings(context: typer.Context) -> Settings:
    """The settings the root callback built (or fresh ones when run on its own)."""
    settings = context.find_root().obj
    return settings if isinstance(settings, Settings) else load_settings()


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


@app.command("generate")
def generate_command(
    out: Path = typer.Option(
        ..., help="Folder to write messages, manifest, ground truth, lists and rules to."
    ),
    scale: Scale = typer.Option(
        Scale.DEMO, help="demo (1 hub, 24 flights), hub-day (500), national-day (5 hubs)."
    ),
    flights: int | None = typer.Option(
        None, min=1, help="Flights per hub per day (default: from the scale)."
    ),
    days: int = typer.Option(1, min=1, help="Days of traffic from --start."),
    seed: int = typer.Option(1, help="Same seed, same data."),
    start: str | None = typer.Option(None, help="First day, YYYY-MM-DD (default: today, UTC)."),
    defect_share: float = typer.Option(
        0.05, min=0.0, max=1.0, help="Share of EDIFACT files given a real-world defect."
    ),
) -> None:
    """Write a deterministic data set, flight by flight (memory stays flat at any scale)."""
    try:
        first = dt.date.fromisoformat(start) if start else dt.datetime.now(dt.UTC).date()
    except ValueError:
        raise typer.BadParameter(
            f"expected YYYY-MM-DD, got {start!r}", param_hint="--start"
        ) from None
    options = GenerateOptions(
        out=out,
        scale=scale,
        flights=flights,
        days=days,
        seed=seed,
        start=first,
        defect_share=defect_share,
    )
    with _progress() as progress:
        task = progress.add_task("generating flights", total=options.total_flights)
        totals = generate(options, on_flight=lambda _flight: progress.advance(task))
    console.print(
        f"{totals['flights']} flights, {totals['travellers']} travellers, "
        f"{totals['messages']} messages, {totals.get('pnr_records', 0)} PNR records, "
        f"{totals.get('with_defects', 0)} with defects -> {out}"
    )


@app.command("load")
def load_command(
    context: typer.Context,
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing when the database already holds messages."
    ),
    seed: int = typer.Option(1, help="Same seed, same data."),
) -> None:
    """Generate today's demo traffic into <data_dir>/demo and ingest it (rules, then messages)."""
    from paxscreen.demo.load import load_demo

    settings = _settings(context)
    with _progress() as progress:
        task = progress.add_task("loading messages", total=None)
        summary = load_demo(
            settings,
            if_empty=if_empty,
            seed=seed,
            on_generated=lambda count: progress.update(task, total=count),
            on_progress=lambda _path: progress.advance(task),
        )
    if summary.skipped:
        console.print("database already holds messages: demo not loaded again")
        return
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(summary.statuses.items()))
    console.print(
        f"demo data in {summary.out}; "
        f"rules activated: {', '.join(summary.rules_activated) or 'none'}"
    )
    lists = ", ".join(f"{name} ({count})" for name, count in summary.watchlists.items())
    console.print(f"messages: {statuses}; watch lists imported: {lists or 'none'}")


__all__ = ["app"]


@app.command("recall")
def recall_command(
    context: typer.Context,
    truth: Path | None = typer.Option(None, help="ground_truth.json (default: <data_dir>/demo)."),
) -> None:
    """Check every planted expectation against the hits in the database; print recall."""
    import json

    from rich.table import Table

    from paxscreen.demo.recall import measure_recall
    from paxscreen.store.engine import create_engine_for

    settings = _settings(context)
    path = truth or settings.data_dir / "demo" / "ground_truth.json"
    if not path.is_file():
        raise typer.BadParameter(f"no ground truth at {path}", param_hint="--truth")
    engine = create_engine_for(settings.database_url)
    with engine.connect() as connection:
        checks = measure_recall(connection, json.loads(path.read_text(encoding="utf-8")))
    table = Table(title=f"ground truth {path}")
    for column in ("scenario", "kind", "expectation", "result", "hits"):
        table.add_column(column)
    for check in checks:
        result = "found" if check.passed else "missed" if check.measured else "not a hit"
        table.add_row(check.scenario, check.kind, check.expectation, result, check.detail)
    console.print(table)
    measured = [check for check in checks if check.measured]
    found = sum(check.passed for check in measured)
    console.print(f"recall: {found}/{len(measured)} measured expectations met")
