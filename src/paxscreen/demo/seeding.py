"""Deterministic randomness that does not depend on generation order.

Each thing the generator makes (a flight's bookings, a pooled person, a planted
scenario) draws from its own `random.Random`, seeded from the run seed and the
thing's stable name. So a flight's content is the same whether it is generated
alone, first or last, and nothing has to be kept in memory to stay consistent:
that is what makes streaming generation deterministic.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def rng_for(seed: int, *keys: object) -> random.Random:
    """A generator seeded from the run seed and a path of keys, e.g. (seed, "flight", key)."""
    text = "\x1f".join([str(seed), *map(str, keys)])
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


class WeightedChoice(Sequence[T]):
    """Choice from a fixed weighted table, with the cumulative weights computed once.

    `random.choices` recomputes the cumulative sums on every call when given
    weights; the tables here are drawn from millions of times.
    """

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("a weighted table needs as many weights as items, and at least one")
        self._items = list(items)
        total = 0.0
        self._cumulative: list[float] = []
        for weight in weights:
            total += weight
            self._cumulative.append(total)
        self._total = total

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self._items, cum_weights=self._cumulative, k=1)[0]

    def __getitem__(self, index: int) -> T:  # type: ignore[override]
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Weights 1/rank^s: a few very common values, a long tail (like real surnames)."""
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


__all__ = ["WeightedChoice", "rng_for", "zipf_weights"]
