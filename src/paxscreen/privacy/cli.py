"""`paxscreen retention|audit|stats ...`: the data-protection officer's and operator's commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from paxscreen.cli_context import engine_from, settings_from
from paxscreen.privacy.audit import record_event, search_events, verify_chain
from paxscreen.privacy.keys import pseudonym_key, seal_key
from paxscreen.privacy.profiles import load_profile
from paxscreen.privacy.retention import run_retention
from paxscreen.privacy.statistics import compute_statistics, to_csv, to_json

retention_app = typer.Typer(help="Depersonalise and delete on schedule.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
stats_app = typer.Typer(help="Statistics without personal data.", no_args_is_help=True)


def _moment(text: str | None, *, default: dt.datetime) -> dt.datetime:
    if not text:
        return default
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date or date-time: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@retention_app.command("run")
def retention_run(
    context: typer.Context,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Report what would change; change nothing."
    ),
    profile: str | None = typer.Option(None, help="eu, icao or a YAML file (default: settings)."),
    now: str | None = typer.Option(None, help="Run as of this time (ISO), e.g. to preview a date."),
) -> None:
    """Depersonalise and delete what is due; idempotent, safe to run from cron."""
    settings = settings_from(context)
    chosen = load_profile(profile or settings.privacy.profile)
    moment = _moment(now, default=dt.datetime.now(dt.UTC))
    with engine_from(context).begin() as connection:
        report = run_retention(
            connection,
            chosen,
            now=moment,
            pseudonym_key=pseudonym_key(settings),
            seal_key=seal_key(settings),
            dry_run=dry_run,
        )
    heading = "would do" if dry_run else "did"
    typer.echo(f"retention ({chosen.name}, as of {moment.isoformat()}) {heading}:")
    for action in report.actions:
        typer.echo(f"  {action.describe()}")
    if not report.actions:
        typer.echo("  nothing is due")
    for kind, count in sorted(report.summary().items()):
        typer.echo(f"{kind}: {count}")


@audit_app.command("verify")
def audit_verify(context: typer.Context) -> None:
    """Check the hash chain; exit 1 and list every problem when it is broken."""
    with engine_from(context).connect() as connection:
        report = verify_chain(connection)
    if report.ok:
        typer.echo(f"audit trail intact: {report.events_checked} events")
        return
    for problem in report.problems:
        typer.echo(problem, err=True)
    typer.echo(
        f"audit trail BROKEN: {len(report.problems)} problem(s) in {report.events_checked} events",
        err=True,
    )
    raise typer.Exit(1)


@audit_app.command("search")
def audit_search(
    context: typer.Context,
    user: str | None = typer.Option(None, help="Actor (user name)."),
    object_type: str | None = typer.Option(
        None, "--object-type", help="traveller, booking, rule ..."
    ),
    object_id: str | None = typer.Option(None, "--object-id"),
    since: str | None = typer.Option(None, help="From (ISO)."),
    until: str | None = typer.Option(None, help="To (ISO)."),
    limit: int = typer.Option(200, min=1),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Search the trail by user, object or period (newest first)."""
    with engine_from(context).begin() as connection:
        events = search_events(
            connection,
            actor=user,
            object_type=object_type,
            object_id=object_id,
            since=_moment(since, default=dt.datetime.min.replace(tzinfo=dt.UTC)) if since else None,
            until=_moment(until, default=dt.datetime.max.replace(tzinfo=dt.UTC)) if until else None,
            limit=limit,
        )
        record_event(
            connection,
            actor="cli",
            action="search",
            object_type="audit_trail",
            details={
                "user": user,
                "object_type": object_type,
                "object_id": object_id,
                "since": since,
                "until": until,
                "results": len(events),
            },
        )
    for event in events:
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "sequence": event.sequence,
                        "at": event.occurred_at.isoformat(),
                        "actor": event.actor,
                        "action": event.action,
                        "object_type": event.object_type,
                        "object_id": event.object_id,
                        "purpose": event.purpose,
                        "details": event.details,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            typer.echo(
                f"{event.sequence:>7} {event.occurred_at:%Y-%m-%d %H:%M:%S} {event.actor:<16} "
                f"{event.action:<26} {event.object_type}:{event.object_id or '-'}"
            )


@stats_app.command("export")
def stats_export(
    context: typer.Context,
    since: str = typer.Option(..., "--from", help="Period start (ISO date)."),
    until: str = typer.Option(..., "--to", help="Period end, exclusive (ISO date)."),
    output_format: str = typer.Option("csv", "--format", help="csv or json."),
    out: Path | None = typer.Option(None, help="Write here instead of standard output."),
) -> None:
    """Counts per period with no personal data (EU PNR Directive art. 20)."""
    if output_format not in {"csv", "json"}:
        raise typer.BadParameter("--format must be csv or json")
    start = _moment(since, default=dt.datetime.now(dt.UTC))
    end = _moment(until, default=dt.datetime.now(dt.UTC))
    with engine_from(context).begin() as connection:
        rows = compute_statistics(connection, since=start, until=end)
        record_event(
            connection,
            actor="cli",
            action="export",
            object_type="statistics",
            details={"from": since, "to": until, "format": output_format},
        )
    text = (
        to_csv(rows)
        if output_format == "csv"
        else json.dumps(to_json(rows, since=start, until=end), indent=2)
    )
    if out:
        out.write_text(text)
        typer.echo(f"wrote {len(rows)} rows to {out}")
    else:
        typer.echo(text, nl=False)


__all__ = ["audit_app", "retention_app", "stats_app"]
