"""Provenance: which message, and where in it, a value came from.

GTAS could not say which message produced a hit (its issue #1245). Every model
object carries a `sources` mapping from field name to `Provenance`; the key ""
stands for the object as a whole (the segment that opened it).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Provenance:
    message_id: str | None = None
    segment_index: int | None = None
    line: int | None = None
    column: int | None = None
    segment_tag: str | None = None

    def __init__(
        self,
        message_id: str | None = None,
        segment_index: int | None = None,
        line: int | None = None,
        column: int | None = None,
        segment_tag: str | None = None,
    ) -> None:
        # What the generated __init__ does, through the slots' own setters: a frozen
        # dataclass sets each field by object.__setattr__, twice the cost, and a push
        # makes one Provenance per segment.
        _set_message_id(self, message_id)
        _set_segment_index(self, segment_index)
        _set_line(self, line)
        _set_column(self, column)
        _set_segment_tag(self, segment_tag)

    def with_message(self, message_id: str) -> Provenance:
        return Provenance(message_id, self.segment_index, self.line, self.column, self.segment_tag)


_set_message_id, _set_segment_index, _set_line, _set_column, _set_segment_tag = (
    getattr(Provenance, field.name).__set__ for field in fields(Provenance)
)

Sources = dict[str, Provenance]

__all__ = ["Provenance", "Sources"]
