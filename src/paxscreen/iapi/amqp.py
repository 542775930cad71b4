"""iAPI over AMQP: request/reply for carriers' message gateways (RabbitMQ).

A request is a message on the iAPI queue with the raw PAXLST as body, the carrier's
API key in the `x-api-key` header, and `reply_to` + `correlation_id` set; the CUSRES
goes back to `reply_to` with the same correlation id. The request is acknowledged
only after the reply was published, so a crash means the request is delivered
again, and the service's idempotency gives the same answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import aio_pika

from paxscreen.iapi.deadline import Receipt
from paxscreen.iapi.service import IapiService

logger = logging.getLogger(__name__)


async def _carrier(
    service: IapiService, message: aio_pika.abc.AbstractIncomingMessage
) -> str | None:
    key = (message.headers or {}).get("x-api-key")
    return await service.carriers.carrier_for(key if isinstance(key, str) else None)


async def _answer_one(
    service: IapiService,
    channel: aio_pika.abc.AbstractChannel,
    message: aio_pika.abc.AbstractIncomingMessage,
) -> bool:
    """Answer one request (True), or reject it for want of a valid carrier key (False)."""
    receipt = Receipt()  # the deadline runs from here
    carrier = await _carrier(service, message)
    if carrier is None:
        logger.warning("iAPI request without a valid carrier key rejected")
        await message.reject(requeue=False)
        return False
    answer = await service.answer(message.body, carrier=carrier, receipt=receipt)
    if message.reply_to and answer.reply:
        await channel.default_exchange.publish(
            aio_pika.Message(
                answer.reply, correlation_id=message.correlation_id, content_type="text/plain"
            ),
            routing_key=message.reply_to,
        )
    await message.ack()
    return True


async def serve_requests(
    service: IapiService,
    *,
    url: str,
    queue: str,
    stop: Callable[[], bool] = lambda: False,
    prefetch: int = 16,
) -> int:
    """Answer requests until `stop()` says so; returns how many were answered.

    Up to `prefetch` requests are answered at once: one at a time, each check-in would
    wait for every one before it, and its deadline runs from its delivery.
    """
    connection = await aio_pika.connect_robust(url)
    in_flight: set[asyncio.Task[bool]] = set()
    answered = 0

    def count(done: asyncio.Task[bool]) -> None:
        nonlocal answered
        answered += done.result()

    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=prefetch)
        requests = await channel.declare_queue(queue, durable=True)
        async with requests.iterator() as messages:
            async for message in messages:
                task = asyncio.create_task(_answer_one(service, channel, message))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                task.add_done_callback(count)
                if stop():
                    break
            await asyncio.gather(*in_flight)
    return answered


async def request_answer(
    url: str, queue: str, raw: bytes, *, api_key: str, timeout: float = 10.0
) -> bytes:
    """A carrier gateway's side: send one request and wait for its CUSRES (tests, load tools)."""
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(
            queue, durable=True
        )  # a request to a missing queue would vanish
        replies = await channel.declare_queue(exclusive=True, auto_delete=True)
        correlation = f"c{id(raw)}"
        await channel.default_exchange.publish(
            aio_pika.Message(
                raw,
                reply_to=replies.name,
                correlation_id=correlation,
                headers={"x-api-key": api_key},
            ),
            routing_key=queue,
        )

        async def first_reply() -> bytes:
            async with replies.iterator() as messages:
                async for message in messages:
                    async with message.process():
                        if message.correlation_id == correlation:
                            return message.body
            raise TimeoutError("the reply queue closed without an answer")

        return await asyncio.wait_for(first_reply(), timeout)


__all__ = ["request_answer", "serve_requests"]
