"""The AMQP source: N workers share one RabbitMQ queue of raw messages.

Delivery is at-least-once. A worker commits the raw bytes first and only then
acknowledges the delivery; a worker killed before the commit leaves the delivery
unacknowledged, so RabbitMQ gives it to the next worker (or to this one after a
restart). A worker killed after the ack but before processing leaves a `received`
message, which `process_pending` finishes when a worker starts and, on any running
worker, at the next `HOUSEKEEPING_INTERVAL` while the queue is idle (as it does the
messages `POST /api/messages` kept). Processing the
same payload twice is harmless (de-duplication and equal versions), so the
database ends the same as after an uninterrupted run.

Messages are taken one at a time with basic.get: a worker never holds deliveries
it is not working on, so a killed worker loses nobody else's turn.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import aio_pika
from sqlalchemy import Engine

from paxscreen.config import Settings
from paxscreen.ingest.expiry import expire_part_sets
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.pipeline import process_message
from paxscreen.ingest.workers import default_parts_timeout, process_pending, utc_now
from paxscreen.metrics import RECEIVED, get_logger

logger = get_logger(__name__)
SENDER_HEADER = "sender"
# seconds between looks, while the queue is idle, for multi-part sets past their
# timeout and for messages left `received`
HOUSEKEEPING_INTERVAL = 30.0


async def publish(url: str, queue: str, bodies: Iterable[tuple[bytes, str | None]]) -> int:
    """Put raw messages on the queue (persistent); returns how many were published."""
    connection = await aio_pika.connect_robust(url)
    count = 0
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(queue, durable=True)
        for body, sender in bodies:
            headers: dict[str, aio_pika.abc.FieldValue] = {SENDER_HEADER: sender} if sender else {}
            message = aio_pika.Message(
                body=body, headers=headers, delivery_mode=aio_pika.DeliveryMode.PERSISTENT
            )
            await channel.default_exchange.publish(message, routing_key=queue)
            count += 1
    return count


async def publish_files(url: str, queue: str, paths: Iterable[Path]) -> int:
    return await publish(url, queue, ((path.read_bytes(), None) for path in paths))


async def queue_depth(url: str, queue: str) -> int:
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, durable=True)
        return declared.declaration_result.message_count or 0


async def consume(
    engine: Engine,
    *,
    settings: Settings,
    url: str,
    queue: str,
    clock: Callable[[], dt.datetime] = utc_now,
    should_stop: Callable[[], bool] = lambda: False,
    stop_when_idle: float | None = None,
    poll_interval: float = 0.2,
    housekeeping_interval: float = HOUSEKEEPING_INTERVAL,
) -> int:
    """Keep, acknowledge and process deliveries until stopped; returns how many were taken.

    Args:
        stop_when_idle: stop after the queue has been empty this many seconds (tests,
            benchmarks, batch runs); None runs until `should_stop()` is true.
        housekeeping_interval: seconds between sweeps, while idle, for timed-out part
            sets and messages left `received`.
    """
    await asyncio.to_thread(process_pending, engine, settings=settings, clock=clock)
    connection = await aio_pika.connect_robust(url)
    taken = 0
    async with connection:
        channel = await connection.channel()
        source = await channel.declare_queue(queue, durable=True)
        idle_since = last_housekeeping = asyncio.get_running_loop().time()
        timeout = default_parts_timeout(settings)
        while not should_stop():
            delivery = await source.get(no_ack=False, fail=False)
            if delivery is None:
                now = asyncio.get_running_loop().time()
                if now - last_housekeeping >= housekeeping_interval:
                    await asyncio.to_thread(
                        expire_part_sets, engine, settings=settings, now=clock(), timeout=timeout
                    )
                    await asyncio.to_thread(process_pending, engine, settings=settings, clock=clock)
                    last_housekeeping = now
                idle = now - idle_since
                if stop_when_idle is not None and idle >= stop_when_idle:
                    break
                await asyncio.sleep(poll_interval)
                continue
            sender = (delivery.headers or {}).get(SENDER_HEADER)
            arrival = Arrival(
                raw=delivery.body,
                transport="amqp",
                sender=str(sender) if sender else None,
                origin=queue,
            )
            message_id = await asyncio.to_thread(keep_committed, engine, arrival, now=clock())
            await delivery.ack()  # only now: the raw bytes are committed
            RECEIVED.labels("amqp").inc()
            outcome = await asyncio.to_thread(
                process_message, engine, message_id, settings=settings, now=clock()
            )
            logger.info("amqp message processed", message_id=message_id, status=str(outcome.status))
            taken += 1
            idle_since = asyncio.get_running_loop().time()
    return taken


__all__ = ["consume", "publish", "publish_files", "queue_depth"]
