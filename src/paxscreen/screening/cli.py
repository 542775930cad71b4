"""`paxscreen screen ...`: screen names against watchlists, score pairs, import lists.

The contracts of `names` and `pairs` are stable (measurement scripts use them); the
score printed is `Explanation.score`, the number that raises hits in the system.
"""

from __future__ import annotations

import csv
from pathlib import Path

import typer

from paxscreen.cli_context import settings_from
from paxscreen.screening.names.matcher import Matcher
from paxscreen.screening.names.score import band_for, score_pair
from paxscreen.screening.watchlists import FORMATS, read_watchlist
from paxscreen.screening.watchlists.queries import read_pairs, read_queries

screen_app = typer.Typer(help="Screen names against watchlists.", no_args_is_help=True)

SEVERITIES = ("low", "medium", "high", "critical")
RESULT_COLUMNS = ["query_id", "entry_id", "entry_name", "score", "band", "explanation"]


@screen_app.command("names")
def screen_names(
    context: typer.Context,
    watchlist: list[Path] = typer.Option(
        ..., "--watchlist", exists=True, dir_okay=False, help="Watchlist file (repeat for several)."
    ),
    format: str | None = typer.Option(
        None, "--format", help=f"One of {', '.join(FORMATS)} (guessed from the file when omitted)."
    ),
    queries: Path = typer.Option(..., "--queries", exists=True, dir_okay=False),
    out: Path = typer.Option(..., "--out", dir_okay=False),
    top: int = typer.Option(5, "--top", min=1, help="At most this many rows per query."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0),
) -> None:
    """Screen every row of QUERIES.csv against the watchlists; write RESULTS.csv."""
    settings = settings_from(context).screening
    entries = [entry for path in watchlist for entry in read_watchlist(path, format=format).entries]
    subjects = [entry.to_subject() for entry in entries]
    matcher = Matcher.from_subjects(
        subjects,
        review_threshold=settings.review_threshold,
        alert_threshold=settings.alert_threshold,
    )
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESULT_COLUMNS)
        for query_id, subject in read_queries(queries):
            for match in matcher.screen(subject, top=top, min_score=min_score):
                entry = entries[match.entry]
                writer.writerow(
                    [
                        query_id,
                        entry.entry_id,
                        entry.primary_name,
                        f"{match.score:.4f}",
                        match.band.value,
                        match.explanation.to_text(),
                    ]
                )
    typer.echo(f"screened against {len(entries)} entries; results in {out}")


@screen_app.command("pairs")
def screen_pairs(
    context: typer.Context,
    pairs: Path = typer.Option(..., "--pairs", exists=True, dir_okay=False),
    out: Path = typer.Option(..., "--out", dir_okay=False),
) -> None:
    """Score name pairs (PAIRS.csv: id,name_a,name_b[,dob_a,dob_b,nationality_a,nationality_b]).

    A pair is unordered: it is scored both ways round and the better reading counts.
    """
    settings = settings_from(context).screening
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "score", "band"])
        for pair_id, side_a, side_b in read_pairs(pairs):
            score = score_pair(side_a, side_b).score
            band = band_for(
                score,
                review_threshold=settings.review_threshold,
                alert_threshold=settings.alert_threshold,
            )
            writer.writerow([pair_id, f"{score:.4f}", band.value])
    typer.echo(f"scores in {out}")


__all__ = ["screen_app"]


@screen_app.command("import-list")
def import_list(
    context: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The list file."),
    format: str | None = typer.Option(
        None,
        "--format",
        help=f"One of {', '.join(FORMATS)} (guessed when omitted; ignored for document lists).",
    ),
    name: str = typer.Option(..., "--name", help="The list's name (a new version if it exists)."),
    category: str = typer.Option("watchlist", "--category", help="Hit category of its hits."),
    severity: str = typer.Option("high", "--severity", help="low, medium, high or critical."),
    kind: str = typer.Option("person", "--kind", help="person, or document (lost/stolen)."),
    rescreen: bool = typer.Option(True, help="Re-screen flights in the configured window."),
) -> None:
    """Import a list file as a new version of a stored list, then re-screen coming flights."""
    import datetime as dt

    from paxscreen.screening.watchlist_screener import rescreen_window
    from paxscreen.screening.watchlists.importing import import_file
    from paxscreen.store.engine import create_engine_for

    if severity not in SEVERITIES:
        raise typer.BadParameter(f"use one of {', '.join(SEVERITIES)}", param_hint="--severity")
    settings = settings_from(context)
    now = dt.datetime.now(dt.UTC)
    with create_engine_for(settings.database_url).begin() as connection:
        result = import_file(
            connection,
            file,
            name=name,
            category=category,
            user="cli",
            now=now,
            kind=kind,
            severity=severity,
            format=format,
        )
        for rejected in result.report.rejected:
            typer.echo(f"rejected {file.name}:{rejected.line or '?'}: {rejected.reason}", err=True)
        if result.version is None:
            raise typer.Exit(code=1)
        hits = rescreen_window(connection, settings=settings, now=now) if rescreen else 0
    typer.echo(
        f"{name}: version {result.version}, {len(result.report.records)} entries, "
        f"{len(result.report.rejected)} rejected; {hits} hits after re-screening"
    )
