"""Objects that live as long as the process, kept out of the cyclic garbage collector.

A full collection walks every tracked object: with an in-memory watchlist index of
millions of objects it stops every thread for a second or more. `freeze_long_lived`
moves everything that exists now to the collector's permanent generation (reference
counting still frees it). `gc.get_freeze_count()` walks the frozen objects, so code
that asks "is anything frozen?" on a hot path asks `long_lived_frozen()` instead.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False


def freeze_long_lived() -> None:
    """Collect what is garbage now, then freeze everything that is left."""
    global _frozen
    gc.collect()
    gc.freeze()
    _frozen = True


def long_lived_frozen() -> bool:
    return _frozen


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Tokenizing a large manifest, or writing a flight's thousand new hits, allocates
    hundreds of thousands of lists, dicts and objects, none of them cyclic garbage;
    the collector's passes over them cost about as much as the work itself, and a
    full collection in the middle of it stops it for tens of milliseconds.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # not gc.get_freeze_count(): it walks every frozen object (80 ms per call once
        # the iAPI service froze a 100,000-entry watchlist index)
        if was_enabled and not long_lived_frozen():
            # Move what was built straight to the oldest generation: otherwise the
            # first allocation after enabling scans every object built meanwhile.
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


__all__ = ["freeze_long_lived", "long_lived_frozen", "paused_garbage_collection"]
