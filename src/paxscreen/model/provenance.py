"""Provenance: which message, and where in it, a value came from.

GTAS could not say which message produced a hit (its issue #1245). Every model
object carries a `sources` mapping from field name to `Provenance`; the key ""
stands for the object as a whole (the segment that opened it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Provenance:
    message_id: str | None = None
    segment_index: int | None = None
    line: int | None = None
    column: int | None = None
    segment_tag: str | None = None

    def with_message(self, message_id: str) -> Provenance:
        return Provenance(message_id, self.segment_index, self.line, self.column, self.segment_tag)


Sources = dict[str, Provenance]

__all__ = ["Provenance", "Sources"]
