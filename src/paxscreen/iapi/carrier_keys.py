"""Which carrier holds an API key, remembered for a few seconds.

Looking the key up was a database round trip on the event loop for every check-in,
blocking every other request meanwhile. Keys change rarely: a known key is answered
from memory, an unknown one is looked up off the loop. A revoked or deactivated key
stops working within `ttl_seconds`.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import Engine

from paxscreen.ingest.senders import authenticate_sender

KEYS_KEPT = 1_000  # carriers are few; this bounds memory whatever keys are tried


class CarrierKeys:
    def __init__(self, engine: Engine, *, ttl_seconds: float = 5.0) -> None:
        self.engine = engine
        self.ttl_seconds = ttl_seconds
        self._known: dict[str, tuple[str, float]] = {}

    def _lookup(self, key: str) -> str | None:
        with self.engine.connect() as connection:
            return authenticate_sender(connection, key)

    async def carrier_for(self, key: str | None) -> str | None:
        """The active carrier holding `key`, or None (unknown keys are never remembered)."""
        if not key:
            return None
        known = self._known.get(key)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        carrier = await asyncio.get_running_loop().run_in_executor(None, self._lookup, key)
        if carrier is None:
            self._known.pop(key, None)
        else:
            if len(self._known) >= KEYS_KEPT:
                self._known.clear()
            self._known[key] = (carrier, time.monotonic() + self.ttl_seconds)
        return carrier


__all__ = ["CarrierKeys"]
