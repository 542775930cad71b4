"""The AMQP source: ack after commit, at-least-once, and a worker killed mid-batch.

Need RabbitMQ (and PostgreSQL for the kill test); they skip and say why otherwise.
Each test uses its own queue and its own database schema: other suites share the
broker and the `test` database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aio_pika
import pytest
from sqlalchemy import Engine, func, select, text

from ingest.builders import Listed, Person, booking, paxlst, push
from ingest.snapshot import snapshot
from paxscreen.config import Settings, load_settings
from paxscreen.ingest.amqp import consume, publish, queue_depth
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata
from paxscreen.store.tables import messages
from services import postgres_url_or_skip, rabbitmq_or_skip

SECRET = "amqp-test-secret-0123456789"
PREPARED = dt.datetime(2026, 2, 27, 10)


async def _delete_queue(url: str, queue: str) -> None:
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(queue)


@pytest.fixture
def queue_name() -> Iterator[str]:
    url = rabbitmq_or_skip()
    name = f"paxscreen.test.ingest.{secrets.token_hex(4)}"
    yield name
    asyncio.run(_delete_queue(url, name))


@pytest.mark.rabbitmq
def test_deliveries_are_kept_acknowledged_and_processed(
    engine: Engine, settings: Settings, queue_name: str
) -> None:
    url = rabbitmq_or_skip()
    john = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
    changed = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    bodies = [
        (push([booking("ABC123", [john], changed=changed)], prepared=PREPARED)[0], "XX"),
        (paxlst([Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "ABC123", "U1")],
                prepared=dt.datetime(2026, 3, 1, 8)), "XX"),
    ]  # fmt: skip
    bodies.append(bodies[0])  # redelivered by the carrier: kept, recorded, a duplicate
    asyncio.run(publish(url, queue_name, bodies))
    taken = asyncio.run(
        consume(engine, settings=settings, url=url, queue=queue_name, stop_when_idle=1.0)
    )
    assert taken == 3
    assert asyncio.run(queue_depth(url, queue_name)) == 0  # every delivery acknowledged
    with engine.connect() as connection:
        rows = connection.execute(
            select(messages.c.transport, messages.c.sender, messages.c.status)
        ).all()
    assert sorted(status for _t, _s, status in rows) == ["duplicate", "loaded", "loaded"]
    assert {(transport, sender) for transport, sender, _s in rows} == {("amqp", "XX")}


@pytest.mark.rabbitmq
def test_an_idle_amqp_worker_loads_a_message_left_received(
    engine: Engine, settings: Settings, queue_name: str
) -> None:
    """Kept by another source (`POST /api/messages`) or left by a worker killed after
    its ack: a running worker loads it when the queue is idle, without a restart."""
    url = rabbitmq_or_skip()

    async def scenario() -> tuple[int, str]:
        worker = asyncio.create_task(
            consume(
                engine,
                settings=settings,
                url=url,
                queue=queue_name,
                stop_when_idle=3.0,
                housekeeping_interval=0.3,
            )
        )
        await asyncio.sleep(1.0)  # the worker is idle; its start-up sweep found nothing
        arrival = Arrival(raw=_pushed(), transport="http")
        now = dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
        message_id = await asyncio.to_thread(keep_committed, engine, arrival, now=now)
        return await worker, message_id

    taken, message_id = asyncio.run(scenario())
    assert taken == 0  # nothing came through the queue
    with engine.connect() as connection:
        status = connection.execute(select(messages.c.status).where(messages.c.id == message_id))
        assert status.scalar_one() == "loaded"


def _pushed() -> bytes:
    john = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
    changed = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    return push([booking("ABC123", [john], changed=changed)], prepared=PREPARED)[0]


def _schema_url(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def _day_of_traffic(folder: Path) -> list[bytes]:
    from paxscreen.demo.generator import GenerateOptions, generate

    generate(GenerateOptions(out=folder, flights=2, seed=5, start=dt.date(2026, 3, 1)))
    manifest = json.loads((folder / "manifest.json").read_text())
    entries = sorted(manifest["messages"], key=lambda entry: entry["deliver_at"])
    return [(folder / "messages" / entry["file"]).read_bytes() for entry in entries]


def _done(engine: Engine) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(messages).where(messages.c.status != "received")
        return connection.execute(query).scalar_one()


def _worker(url: str, queue: str) -> subprocess.Popen[bytes]:
    environment = dict(
        os.environ,
        PAXSCREEN_DATABASE_URL=url,
        PAXSCREEN_SECRET_KEY=SECRET,
        PAXSCREEN_QUEUE__INGEST_QUEUE=queue,
        PAXSCREEN_QUEUE__AMQP_URL=rabbitmq_or_skip(),
    )
    script = Path(sys.executable).parent / "paxscreen"  # the console script, as operators run it
    command = [str(script), "worker", "--amqp", "--idle-exit", "2"]
    return subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.rabbitmq
def test_worker_killed_mid_batch_ends_with_same_content_as_uninterrupted_run(
    tmp_path: Path,
) -> None:
    rabbit = rabbitmq_or_skip()
    postgres = postgres_url_or_skip()
    bodies = _day_of_traffic(tmp_path / "day")
    token = secrets.token_hex(4)
    schemas = [f"t_ingest_ref_{token}", f"t_ingest_kill_{token}"]
    queues = [f"paxscreen.test.ref.{token}", f"paxscreen.test.kill.{token}"]
    admin = create_engine_for(postgres)
    with admin.begin() as connection:
        for schema in schemas:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    reference = create_engine_for(_schema_url(postgres, schemas[0]))
    killed = create_engine_for(_schema_url(postgres, schemas[1]))
    try:
        load_metadata().create_all(reference)
        settings = load_settings(database_url="sqlite://", secret_key=SECRET)
        for queue in queues:
            asyncio.run(publish(rabbit, queue, [(body, None) for body in bodies]))
        asyncio.run(
            consume(reference, settings=settings, url=rabbit, queue=queues[0], stop_when_idle=1.0)
        )
        assert _done(reference) == len(bodies)

        worker = _worker(_schema_url(postgres, schemas[1]), queues[1])
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and worker.poll() is None:
            try:
                if _done(killed) >= 3:
                    break
            except Exception:  # noqa: BLE001 - the worker is still creating the schema
                pass
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        interrupted_at = _done(killed)
        assert interrupted_at < len(bodies), "the worker finished before it could be killed"

        restarted = _worker(_schema_url(postgres, schemas[1]), queues[1])
        assert restarted.wait(timeout=600) == 0
        assert asyncio.run(queue_depth(rabbit, queues[1])) == 0
        assert snapshot(killed) == snapshot(reference)
    finally:
        reference.dispose()
        killed.dispose()
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
        for queue in queues:
            asyncio.run(_delete_queue(rabbit, queue))
