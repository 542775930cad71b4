"""Objects that live as long as the process, kept out of the cyclic garbage collector.

A full collection walks every tracked object: with an in-memory watchlist index of
millions of objects it stops every thread for a second or more. `freeze_long_lived`
moves everything that exists now to the collector's permanent generation (reference
counting still frees it). `gc.get_freeze_count()` walks the frozen objects, so code
that asks "is anything frozen?" on a hot path asks `long_lived_frozen()` instead.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_long_lived() -> None:
    """Collect what is garbage now, then freeze everything that is left."""
    global _frozen
    gc.collect()
    gc.freeze()
    _frozen = True


def long_lived_frozen() -> bool:
    return _frozen


__all__ = ["freeze_long_lived", "long_lived_frozen"]
