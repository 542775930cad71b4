"""`paxscreen users ...`: create users, disable them, change roles, demo log-ins."""

from __future__ import annotations

import datetime as dt

import typer

from paxscreen.store.engine import create_engine_for
from paxscreen.users.accounts import AccountError, create_user, set_active, set_role
from paxscreen.users.demo import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from paxscreen.users.passwords import WeakPasswordError
from paxscreen.users.roles import Role, parse_role

app = typer.Typer(help="Users, roles and demo log-ins.", no_args_is_help=True)


def _engine(context: typer.Context):  # type: ignore[no-untyped-def]
    from paxscreen.cli import settings_from

    return create_engine_for(settings_from(context).database_url)


def _fail(message: str) -> None:
    typer.echo(f"paxscreen users: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def create(
    context: typer.Context,
    username: str,
    role: str = typer.Option(..., help="One of: " + ", ".join(r.value for r in Role)),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    name: str = typer.Option("", help="Display name."),
    email: str = typer.Option("", help="E-mail for notifications."),
) -> None:
    """Create a user (the first administrator is created this way at set-up)."""
    try:
        with _engine(context).begin() as connection:
            user = create_user(
                connection,
                username=username,
                password=password,
                role=parse_role(role),
                now=dt.datetime.now(dt.UTC),
                display_name=name,
                email=email or None,
            )
    except (AccountError, WeakPasswordError, ValueError) as error:
        _fail(str(error))
    typer.echo(f"created {user.username} ({user.role.value})")


@app.command()
def disable(context: typer.Context, username: str) -> None:
    """Disable a user; their open sessions end at once."""
    try:
        with _engine(context).begin() as connection:
            set_active(connection, username, False)
    except AccountError as error:
        _fail(str(error))
    typer.echo(f"disabled {username}")


@app.command("set-role")
def set_role_command(context: typer.Context, username: str, role: str) -> None:
    """Give a user another role."""
    try:
        with _engine(context).begin() as connection:
            user = set_role(connection, username, parse_role(role))
    except (AccountError, ValueError) as error:
        _fail(str(error))
    typer.echo(f"{user.username} is now {user.role.value}")


@app.command("demo-login")
def demo_login(context: typer.Context) -> None:
    """Create the demo users if absent and print how to log in."""
    from paxscreen.cli import settings_from

    settings = settings_from(context)
    if settings.environment == "production":
        _fail("demo users are not created when PAXSCREEN_ENVIRONMENT=production")
    with _engine(context).begin() as connection:
        created = ensure_demo_users(connection, now=dt.datetime.now(dt.UTC))
    if created:
        typer.echo(f"created demo users: {', '.join(created)}")
    typer.echo(
        f"Open http://{settings.host}:{settings.port}/ and log in with password "
        f"{DEMO_PASSWORD!r} as one of:"
    )
    for username, display_name, role in DEMO_USERS:
        typer.echo(f"  {username:<8} {role.value:<24} {display_name}")
