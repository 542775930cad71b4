"""The `paxscreen` command: one Typer app, sub-commands grouped by job.

Each group lives next to the code it drives (`paxscreen.<job>.cli`) and is added
here with one line; commands stay a few lines each and call library functions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.exc import SQLAlchemyError

from paxscreen import __version__
from paxscreen.cli_context import settings_from
from paxscreen.config import load_settings
from paxscreen.errors import ConfigurationError, PaxscreenError, StoreError
from paxscreen.screening.interface import load_screeners

app = typer.Typer(
    help="Collect, screen and explore airline passenger data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(context: typer.Context) -> None:
    context.obj = load_settings()
    # every command that loads messages screens them: register the screeners (watchlists,
    # rules, links, alerts) before any command runs
    load_screeners()


@app.command()
def version() -> None:
    """Print the paxscreen version."""
    typer.echo(__version__)


@app.command()
def serve(
    context: typer.Context,
    host: str | None = typer.Option(None, help="Address to listen on (default from settings)."),
    port: int | None = typer.Option(None, help="Port to listen on (default from settings)."),
    warm_iapi: bool = typer.Option(
        True, help="Build the interactive-API check-in screen at start, not on the first check-in."
    ),
) -> None:
    """Serve the web application and JSON API."""
    import uvicorn

    from paxscreen.web.app import create_app
    from paxscreen.web.routes.iapi import warm_up_in_background

    settings = settings_from(context)
    web_app = create_app(settings)
    if warm_iapi:
        warm_up_in_background(web_app)
    uvicorn.run(web_app, host=host or settings.host, port=port or settings.port)


from paxscreen.users.cli import app as users_app  # noqa: E402

app.add_typer(users_app, name="users")

from paxscreen.screening.cli import screen_app  # noqa: E402

app.add_typer(screen_app, name="screen")

from paxscreen.screening.rules.cli import rules_app  # noqa: E402

app.add_typer(rules_app, name="rules")

from paxscreen.privacy.cli import audit_app, retention_app, stats_app  # noqa: E402

app.add_typer(retention_app, name="retention")
app.add_typer(audit_app, name="audit")
app.add_typer(stats_app, name="stats")

from paxscreen.screening.links.cli import links_app  # noqa: E402

app.add_typer(links_app, name="links")

from paxscreen.iapi.cli import iapi_app  # noqa: E402

app.add_typer(iapi_app, name="iapi")

from paxscreen.ingest.cli import register as register_ingest  # noqa: E402

register_ingest(app)  # ingest, worker, messages, reprocess, sender

from paxscreen.messages.cli import register as register_parse  # noqa: E402

register_parse(app)  # parse

from paxscreen.demo.cli import app as demo_app  # noqa: E402

app.add_typer(demo_app, name="demo")

db_app = typer.Typer(help="Create, migrate and check the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@contextmanager
def _database(context: typer.Context) -> Iterator[str]:
    """The configured URL; a database that cannot be used is reported against its variable."""
    try:
        yield settings_from(context).database_url
    except StoreError as error:
        raise ConfigurationError("PAXSCREEN_DATABASE_URL", str(error)) from error


@db_app.command("upgrade")
def db_upgrade(context: typer.Context) -> None:
    """Create the database or migrate it to the current schema."""
    from paxscreen.store import migrate

    with _database(context) as url:
        migrate.upgrade(url)
        typer.echo(f"database at revision {migrate.current(url)}")


@db_app.command("current")
def db_current(context: typer.Context) -> None:
    """Print the database's migration revision ("none" when never migrated)."""
    from paxscreen.store import migrate

    with _database(context) as url:
        typer.echo(migrate.current(url) or "none")


@db_app.command("check")
def db_check(context: typer.Context) -> None:
    """Compare the migrated schema with the tables in the code, and look for rows whose
    owner is missing (keys ingestion keeps, not the database); exit 1 on either."""
    from paxscreen.store import migrate

    with _database(context) as url:
        drift = migrate.schema_drift(url)
        orphaned = {} if drift else migrate.orphaned_rows(url)
    for difference in drift:
        typer.echo(f"drift: {difference}")
    for key, rows in orphaned.items():
        typer.echo(f"orphaned: {rows} row(s) of {key} name a missing owner")
    if drift or orphaned:
        raise typer.Exit(1)
    typer.echo("schema matches the code; every row's owner exists")


def main() -> None:
    """Entry point: turn our own errors into one clear line instead of a traceback."""
    try:
        app()
    except ConfigurationError as error:
        print(f"paxscreen: configuration error: {error}", file=sys.stderr)
        sys.exit(2)
    except PaxscreenError as error:
        print(f"paxscreen: {error}", file=sys.stderr)
        sys.exit(2)
    except SQLAlchemyError as error:
        driver_error = getattr(error, "orig", None)  # set on DBAPIError and its subclasses
        reason = str(driver_error) if driver_error else str(error).splitlines()[0]
        schema_missing = "no such table" in reason or "does not exist" in reason
        hint = " (run 'paxscreen db upgrade')" if schema_missing else ""
        print(f"paxscreen: database error: {reason}{hint}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
