"""The check-in deadline, counted from the moment a request arrived.

A request can wait before anything works on it: in the socket, behind other requests
in the worker queue, or for the interpreter lock. The carrier's clock runs all that
time, so the deadline runs from receipt, not from when screening starts. Two parties
may answer one request: the worker that screens it, or the deadline guard that sends
the fallback answer when the worker is late. `Receipt.claim` lets exactly one of them
answer; the other one knows it lost and, for a late worker, records what the guard sent.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from paxscreen.messages.iapi import IapiRequest

WORKER, GUARD = "worker", "guard"
# the guard answers this long before the deadline: waking the event loop while workers
# hold the interpreter lock, writing and sending the reply take time
GUARD_MARGIN_SECONDS = 0.025


@dataclass(slots=True)
class Receipt:
    """One request as it arrived: when, and who answered it."""

    started: float = field(default_factory=time.perf_counter)  # monotonic, at receipt
    received: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    request: IapiRequest | None = None  # once the worker has read it (spares the guard a parse)
    sent: bytes | None = None  # the reply of whoever answers
    directives: list[str] = field(default_factory=list)
    answered_by: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def claim(self, party: str, reply: bytes, directives: list[str]) -> bool:
        """Become the one who answers with `reply`; False when the other party did.

        The worker claims before it records its answer: should recording outlast the
        deadline, the guard sends the worker's reply (durable right after) instead of
        a fallback that would contradict what is being recorded."""
        with self._lock:
            if self.answered_by is not None:
                return self.answered_by == party
            self.answered_by, self.sent, self.directives = party, reply, directives
            return True

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def guard_wait(self, deadline_seconds: float) -> float:
        """Seconds the guard still waits for the worker before it answers itself."""
        return max(0.0, deadline_seconds - GUARD_MARGIN_SECONDS - self.elapsed())


__all__ = ["GUARD", "GUARD_MARGIN_SECONDS", "WORKER", "Receipt"]
