"""Items grouped by a key in one pass, each group in the items' order.

Readers look a group's segments up by tag and its child groups (or an XML
element's children) by name, several names per group: one pass that files
every item under its key costs less than one pass per name asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Item = TypeVar("Item")
Key = TypeVar("Key", bound=Hashable)


def in_order_by(items: Iterable[Item], key: Callable[[Item], Key]) -> dict[Key, list[Item]]:
    """`items` by `key(item)`, each list in the order the items came in."""
    found: dict[Key, list[Item]] = {}
    for item in items:
        item_key = key(item)
        same = found.get(item_key)
        if same is None:
            found[item_key] = [item]
        else:
            same.append(item)
    return found


__all__ = ["in_order_by"]
