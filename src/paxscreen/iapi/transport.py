"""Delivering unsolicited CUSRES to carriers: HTTP callback or AMQP queue, per carrier."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import Connection, select

from paxscreen.iapi.outbox import Deliver
from paxscreen.store.iapi_tables import iapi_carriers


class CarrierUnreachableError(Exception):
    pass


def carrier_delivery(connection: Connection, *, amqp_url: str, timeout: float = 5.0) -> Deliver:
    """A `Deliver` that uses each carrier's configured channel."""
    channels = {
        row.code: (row.callback_url, row.reply_queue)
        for row in connection.execute(
            select(iapi_carriers.c.code, iapi_carriers.c.callback_url, iapi_carriers.c.reply_queue)
        )
    }

    def deliver(carrier: str, payload: bytes) -> None:
        callback_url, reply_queue = channels.get(carrier, (None, None))
        if callback_url:
            response = httpx.post(
                callback_url,
                content=payload,
                timeout=timeout,
                headers={"content-type": "text/plain"},
            )
            if response.status_code >= 300:
                raise CarrierUnreachableError(f"{callback_url} answered {response.status_code}")
        elif reply_queue:
            asyncio.run(_publish(amqp_url, reply_queue, payload))
        else:
            raise CarrierUnreachableError(
                f"carrier {carrier} has no callback URL and no reply queue"
            )

    return deliver


async def _publish(url: str, queue: str, payload: bytes) -> None:
    import aio_pika

    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(queue, durable=True)
        await channel.default_exchange.publish(
            aio_pika.Message(payload, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
            routing_key=queue,
        )


__all__ = ["CarrierUnreachableError", "carrier_delivery"]
