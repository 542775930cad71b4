"""`paxscreen rules ...`: validate, import and export rule files; back-test a rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from sqlalchemy import Connection, Engine

from paxscreen.errors import PaxscreenError
from paxscreen.screening.rules.backtest import backtest_rule
from paxscreen.screening.rules.catalogue import ENTITIES
from paxscreen.screening.rules.formats import format_rules, read_rules
from paxscreen.screening.rules.governance import get_rule
from paxscreen.screening.rules.lifecycle import Actor
from paxscreen.screening.rules.loading import export_rules, import_rules
from paxscreen.screening.rules.rescreen import rescreen_for_rule
from paxscreen.screening.rules.statistics import remind_reviews, rule_statistics

rules_app = typer.Typer(
    help="Targeting rules: validate, import, export, back-test.", no_args_is_help=True
)


def _engine(context: typer.Context) -> tuple[Engine, int]:
    from paxscreen.cli import settings_from
    from paxscreen.store.engine import create_engine_for

    settings = settings_from(context)
    return create_engine_for(settings.database_url), settings.screening.rescreen_window_hours


def _fail(message: str) -> None:
    typer.echo(f"paxscreen rules: {message}", err=True)
    raise typer.Exit(2)


def _actor(connection: Connection, username: str) -> Actor:
    """The user's name and role from the user table (governance needs the real role)."""
    from paxscreen.users.accounts import find_user

    user = find_user(connection, username)
    if user is None or not user.active:
        raise PaxscreenError(f"no active user {username!r}")
    return Actor(user.username, str(user.role))


def _day(text: str, option: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {text!r}", param_hint=option) from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@rules_app.command()
def validate(file: Path) -> None:
    """Check a rule file (JSON or YAML) without touching the database."""
    try:
        collection = read_rules(file)
    except PaxscreenError as error:
        _fail(str(error))
    rules, lists = len(collection.rules), len(collection.named_lists)
    typer.echo(f"{file}: {rules} rules and {lists} named lists are valid")


@rules_app.command("import")
def import_file(
    context: typer.Context,
    file: Path,
    author: str = typer.Option(..., help="User name of the author (drafts are theirs)."),
    approver: str | None = typer.Option(
        None, help="A second user (rule manager) who activates them."
    ),
) -> None:
    """Import rules as drafts; with --approver, activate them and re-screen coming flights."""
    engine, window = _engine(context)
    now = dt.datetime.now(dt.UTC)
    try:
        collection = read_rules(file)
        with engine.begin() as connection:
            writer = _actor(connection, author)
            checker = _actor(connection, approver) if approver else None
            summary = import_rules(connection, collection, author=writer, approver=checker, now=now)
            hits = sum(
                rescreen_for_rule(
                    connection, get_rule(connection, code).id, now=now, window_hours=window
                )
                for code in summary.activated
            )
    except PaxscreenError as error:
        _fail(str(error))
    typer.echo(f"{file}: {summary.to_text()}; re-screen hits {hits}")


@rules_app.command("export")
def export_file(
    context: typer.Context,
    file: Path,
    retired: bool = typer.Option(False, help="Include retired rules."),
) -> None:
    """Write every rule's latest version and the named lists (JSON if FILE ends in .json)."""
    engine, _ = _engine(context)
    with engine.connect() as connection:
        collection = export_rules(connection, include_retired=retired)
    file.write_text(format_rules(collection, as_json=file.suffix == ".json"), encoding="utf-8")
    typer.echo(f"{file}: {len(collection.rules)} rules, {len(collection.named_lists)} named lists")


@rules_app.command()
def backtest(
    context: typer.Context,
    rule: str = typer.Argument(..., help="Rule id or code."),
    start: str = typer.Option(..., "--from", help="First departure day, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last departure day (included), YYYY-MM-DD."),
    version: int | None = typer.Option(None, help="Rule version (default: the latest)."),
) -> None:
    """Who would the rule have hit over a date range, and which known positives."""
    engine, _ = _engine(context)
    key: int | str = int(rule) if rule.isdigit() else rule
    try:
        with engine.begin() as connection:
            first, last = _day(start, "--from"), _day(end, "--to") + dt.timedelta(days=1)
            report = backtest_rule(connection, key, start=first, end=last, version=version)
    except PaxscreenError as error:
        _fail(str(error))
    typer.echo(report.to_text())


@rules_app.command()
def remind(context: typer.Context) -> None:
    """Warn owners of active rules whose review-by date is near (run daily, e.g. from cron)."""
    engine, _ = _engine(context)
    with engine.begin() as connection:
        reminded = remind_reviews(connection, now=dt.datetime.now(dt.UTC))
    typer.echo(f"review reminders written: {len(reminded)}")


@rules_app.command()
def stats(context: typer.Context, rule: str = typer.Argument(..., help="Rule id or code.")) -> None:
    """Hits per day, analysts' dispositions and precision of one rule."""
    engine, _ = _engine(context)
    key: int | str = int(rule) if rule.isdigit() else rule
    try:
        with engine.connect() as connection:
            stored = get_rule(connection, key)
            figures = rule_statistics(connection, stored.id)
    except PaxscreenError as error:
        _fail(str(error))
    precision = "n/a" if figures.precision is None else f"{figures.precision:.0%}"
    typer.echo(f"rule {stored.code}: {figures.hits} hits, precision {precision}, "
               f"{figures.runs} runs, {figures.warnings} warnings")  # fmt: skip
    for day in figures.days:
        typer.echo(f"  {day.day}: {day.hits} hits, {day.true_positives} true, "
                   f"{day.false_positives} false")  # fmt: skip


@rules_app.command()
def fields() -> None:
    """List the entities and fields rules can test (protected attributes marked)."""
    for entity in ENTITIES.values():
        typer.echo(f"{entity.name} ({entity.label})")
        for field in entity.fields.values():
            mark = f"  [protected: {field.protected}]" if field.protected else ""
            typer.echo(f"  {field.name}: {field.type}{mark}")


__all__ = ["rules_app"]
