"""`paxscreen iapi ...`: set up carriers, deliver unsolicited answers, serve AMQP, statistics."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

import typer
from sqlalchemy import delete

from paxscreen.cli_context import engine_from, settings_from
from paxscreen.iapi.loader import load_checkin_screen
from paxscreen.iapi.outbox import deliver_due
from paxscreen.iapi.service import IapiService
from paxscreen.iapi.statistics import carrier_statistics
from paxscreen.iapi.transport import carrier_delivery
from paxscreen.ingest.senders import create_sender
from paxscreen.store.iapi_tables import iapi_carriers

iapi_app = typer.Typer(
    help="Interactive API: carriers, unsolicited answers, AMQP service.", no_args_is_help=True
)


@iapi_app.command("carrier-add")
def carrier_add(
    context: typer.Context,
    code: str,
    name: str = typer.Option("", help="The carrier's name."),
    callback_url: str | None = typer.Option(None, help="Where unsolicited CUSRES are POSTed."),
    reply_queue: str | None = typer.Option(None, help="Or: the AMQP queue they are published to."),
) -> None:
    """Set a carrier up for iAPI and print its API key (shown only now)."""
    with engine_from(context).begin() as connection:
        key = create_sender(connection, code)
        connection.execute(delete(iapi_carriers).where(iapi_carriers.c.code == code))
        connection.execute(
            iapi_carriers.insert().values(
                code=code,
                name=name,
                callback_url=callback_url,
                reply_queue=reply_queue,
                active=True,
            )
        )
    typer.echo(f"carrier {code} set up; its API key (shown once): {key}")


@iapi_app.command("deliver")
def deliver(
    context: typer.Context,
    loop: bool = typer.Option(False, help="Keep delivering every --every seconds."),
    every: float = typer.Option(10.0, min=1.0),
) -> None:
    """Send unsolicited answers that are due; retry with back-off until acknowledged."""
    settings = settings_from(context)
    engine = engine_from(context)
    while True:
        with engine.begin() as connection:
            report = deliver_due(
                connection,
                carrier_delivery(connection, amqp_url=settings.queue.amqp_url),
                now=dt.datetime.now(dt.UTC),
                retry_base_seconds=settings.iapi.retry_base_seconds,
            )
        typer.echo(f"sent {report.sent}, failed {report.failed}, expired {report.expired}")
        if not loop:
            return
        time.sleep(every)


@iapi_app.command("serve-amqp")
def serve_amqp(context: typer.Context) -> None:
    """Answer iAPI requests from the AMQP queue (request/reply) until interrupted."""
    from paxscreen.iapi.amqp import serve_requests

    settings = settings_from(context)
    engine = engine_from(context)
    service = IapiService(engine, settings, lambda e: load_checkin_screen(e, settings))
    service.screen  # noqa: B018  (build before the first request)
    typer.echo(f"answering iAPI requests on {settings.queue.iapi_queue}")
    try:
        asyncio.run(
            serve_requests(service, url=settings.queue.amqp_url, queue=settings.queue.iapi_queue)
        )
    finally:
        service.close()


@iapi_app.command("stats")
def stats(context: typer.Context, days: int = typer.Option(7, min=1)) -> None:
    """Per carrier: requests, answers by code, latency percentiles (JSON)."""
    now = dt.datetime.now(dt.UTC)
    with engine_from(context).connect() as connection:
        rows = carrier_statistics(connection, since=now - dt.timedelta(days=days), until=now)
    typer.echo(json.dumps(rows, indent=2))


__all__ = ["iapi_app"]
