"""`paxscreen links ...`: identities and their network from the command line."""

from __future__ import annotations

import datetime as dt
import json

import typer
from sqlalchemy import Connection, select

from paxscreen.cli_context import engine_from, settings_from
from paxscreen.screening.links.graph import (
    EDGE_TYPES,
    GraphOptions,
    neighbourhood,
    node_id,
    path_between,
)
from paxscreen.screening.links.history import travel_history
from paxscreen.screening.links.identity import resolve_identities
from paxscreen.screening.links.screen import identity_options
from paxscreen.store.link_tables import identities
from paxscreen.store.tables import travellers

links_app = typer.Typer(help="Identities and the network of shared contacts.", no_args_is_help=True)


def _require(connection: Connection, *identity_ids: int) -> None:
    for identity_id in identity_ids:
        if (
            connection.execute(
                select(identities.c.id).where(identities.c.id == identity_id)
            ).first()
            is None
        ):
            typer.echo(f"paxscreen links: no identity {identity_id}", err=True)
            raise typer.Exit(2)


def _options(context: typer.Context, since: str | None, types: str | None) -> GraphOptions:
    chosen = frozenset(t.strip() for t in (types or "").split(",") if t.strip()) or frozenset(
        EDGE_TYPES
    )
    if chosen - set(EDGE_TYPES):
        raise typer.BadParameter(f"edge types are: {', '.join(EDGE_TYPES)}")
    when = None
    if since:
        try:
            when = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(), tzinfo=dt.UTC)
        except ValueError:
            raise typer.BadParameter(f"--since needs an ISO date, not {since!r}") from None
    return GraphOptions(
        hub_threshold=settings_from(context).links.hub_threshold, since=when, edge_types=chosen
    )


@links_app.command("network")
def network(
    context: typer.Context,
    identity_id: int,
    hops: int = typer.Option(2, min=1, max=4),
    since: str | None = typer.Option(None, help="Only links seen since this date (ISO)."),
    types: str | None = typer.Option(None, help="Comma-separated edge types."),
    as_json: bool = typer.Option(
        False, "--json", help="Nodes and edges as JSON (the API's shape)."
    ),
) -> None:
    """The network around an identity."""
    with engine_from(context).connect() as connection:
        _require(connection, identity_id)
        result = neighbourhood(
            connection,
            node_id("identity", identity_id),
            hops=hops,
            options=_options(context, since, types),
        )
    if as_json:
        typer.echo(
            json.dumps({"start": node_id("identity", identity_id), **result.to_dict()}, indent=2)
        )
        return
    typer.echo(
        f"{len(result.nodes)} nodes, {len(result.edges)} edges"
        + (" (truncated)" if result.truncated else "")
    )
    for node in result.nodes.values():
        typer.echo(
            f"  {node['id']:<40} {node['kind']:<15} {node['label']}"
            + ("  [hub]" if node["hub"] else "")
        )
    for edge in result.edges.values():
        typer.echo(f"  {edge.source} -{edge.type}-> {edge.target}")


@links_app.command("path")
def path(
    context: typer.Context,
    identity_id: int,
    other_id: int,
    max_hops: int = typer.Option(4, min=1, max=6),
) -> None:
    """The shortest chain of links between two identities."""
    with engine_from(context).connect() as connection:
        _require(connection, identity_id, other_id)
        found = path_between(
            connection,
            node_id("identity", identity_id),
            node_id("identity", other_id),
            max_hops=max_hops,
            options=_options(context, None, None),
        )
    if found is None:
        typer.echo(f"no path within {max_hops} hops")
        raise typer.Exit(1)
    for edge in found:
        typer.echo(f"{edge.source} -{edge.type}-> {edge.target}")


@links_app.command("history")
def history(context: typer.Context, identity_id: int) -> None:
    """The identity's travel history as JSON."""
    with engine_from(context).connect() as connection:
        _require(connection, identity_id)
        typer.echo(json.dumps(travel_history(connection, identity_id), indent=2, default=str))


@links_app.command("resolve")
def resolve(context: typer.Context) -> None:
    """Attach every traveller that has no identity yet (after an import or a threshold change)."""
    now = dt.datetime.now(dt.UTC)
    with engine_from(context).begin() as connection:
        ids = list(connection.execute(select(travellers.c.id)).scalars())
        done = resolve_identities(
            connection, ids, options=identity_options(settings_from(context)), now=now
        )
    typer.echo(
        f"resolved {len(done)} traveller records into "
        f"{len({r.identity_id for r in done})} identities"
    )


__all__ = ["links_app"]
