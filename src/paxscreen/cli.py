"""The `paxscreen` command: one Typer app, sub-commands grouped by job.

Each group lives next to the code it drives (`paxscreen.<job>.cli`) and is added
here with one line; commands stay a few lines each and call library functions.
"""

from __future__ import annotations

import sys

import typer

from paxscreen import __version__
from paxscreen.config import Settings, load_settings
from paxscreen.errors import ConfigurationError, PaxscreenError

app = typer.Typer(help="Collect, screen and explore airline passenger data.", no_args_is_help=True)


def settings_from(context: typer.Context) -> Settings:
    """The settings built once in the callback, for sub-commands."""
    settings = context.find_root().obj
    if not isinstance(settings, Settings):  # a sub-app invoked on its own (tests)
        settings = load_settings()
        context.find_root().obj = settings
    return settings


@app.callback()
def _root(context: typer.Context) -> None:
    context.obj = load_settings()


@app.command()
def version() -> None:
    """Print the paxscreen version."""
    typer.echo(__version__)


@app.command()
def serve(
    context: typer.Context,
    host: str | None = typer.Option(None, help="Address to listen on (default from settings)."),
    port: int | None = typer.Option(None, help="Port to listen on (default from settings)."),
) -> None:
    """Serve the web application and JSON API."""
    import uvicorn

    from paxscreen.web.app import create_app

    settings = settings_from(context)
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


from paxscreen.users.cli import app as users_app  # noqa: E402

app.add_typer(users_app, name="users")

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


if __name__ == "__main__":
    main()
