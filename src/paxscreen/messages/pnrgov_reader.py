"""The state one PNR's readers share: the message context, the booking builder, positions.

Each group reader (travellers, itinerary, history ...) receives a `PnrReader`: it
says where a segment stands (provenance with segment index, line and column),
records findings there, reads free text, and holds the booking being built.
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from paxscreen.edifact import Segment
from paxscreen.findings import Position, Severity
from paxscreen.messages.context import MessageContext
from paxscreen.messages.pnrgov_booking import BookingBuilder
from paxscreen.messages.pnrgov_dates import DateKind, combine_local, parse_ddmmyy
from paxscreen.model import Provenance


@dataclass(slots=True)
class PnrReader:
    context: MessageContext
    builder: BookingBuilder
    today: dt.date
    pushed_flight: tuple[str, str, dt.date | None] | None = None  # carrier, number, date
    _sources: dict[int, Provenance] = field(default_factory=dict)
    # the interchange's line starts and the message id, looked up once per PNR
    # rather than once per segment
    _line_starts: list[int] = field(init=False)
    _message_id: str | None = field(init=False)

    def __post_init__(self) -> None:
        self._line_starts = self.context.interchange.line_starts()
        self._message_id = self.context.header.id

    def source(self, segment: Segment) -> Provenance:
        """Provenance with segment index, line and column (cached per segment index).

        Segments split apart by `split_run_together` share their index, and the
        Provenance of the first one asked for.
        """
        index = segment.index
        known = self._sources.get(index)
        if known is None:
            starts = self._line_starts
            offset = segment.offset
            line = bisect_right(starts, offset)  # the lines starting at or before it
            # positional: a third faster than keywords, and this runs once per segment
            known = Provenance(
                self._message_id, index, line, offset - starts[line - 1] + 1, segment.tag
            )
            self._sources[index] = known
        return known

    def where(self, segment: Segment, element: int | None = None) -> Callable[[], Position]:
        """The segment's position, computed only if a finding asks for it."""
        return functools.partial(self.context.interchange.position_of, segment, element)

    def note(
        self,
        code: str,
        message: str,
        segment: Segment,
        *,
        element: int | None = None,
        severity: Severity = Severity.WARNING,
    ) -> None:
        self.context.findings.add(code, severity, message, segment, element=element)

    def free_text(self, segment: Segment, start: int = 1) -> str:
        """The text elements from `start` on, joined (unreleased separators split them)."""
        return joined_text(segment.elements, start)

    def date(
        self, segment: Segment, text: str, *, element: int, kind: DateKind = DateKind.EVENT
    ) -> dt.date | None:
        """A day-first DDMMYY date, or None with a finding when it cannot be read."""
        if not text.strip():
            return None
        try:
            return parse_ddmmyy(text, today=self.today, kind=kind)
        except ValueError as error:
            self.note("pnrgov.bad-date", f"{segment.tag}: {error}", segment, element=element)
            return None

    def local_time(
        self, segment: Segment, date_text: str, time_text: str, *, element: int
    ) -> dt.datetime | None:
        """A local date and time (TVL): naive, as airports keep their own clocks."""
        try:  # the common case: both readable, the same few values all over a push
            return _local_time(date_text, time_text, self.today)
        except ValueError:
            pass
        date = self.date(segment, date_text, element=element)
        if date is None:
            return None
        try:
            return combine_local(date, time_text or None)
        except ValueError as error:
            self.note("pnrgov.bad-time", f"{segment.tag}: {error}", segment, element=element)
            return combine_local(date, None)

    def utc_time(
        self, segment: Segment, date_text: str, time_text: str, *, element: int
    ) -> dt.datetime | None:
        """A transaction time (DAT, RCI): UTC unless agreed otherwise, so aware."""
        try:
            return _utc_time(date_text, time_text, self.today)
        except ValueError:
            pass
        local = self.local_time(segment, date_text, time_text, element=element)
        return local.replace(tzinfo=dt.UTC) if local else None


def joined_text(elements: list[list[str]], start: int = 1) -> str:
    """`PnrReader.free_text` of a segment's elements, for readers that hold them already.

    Most free text is one element of one component (`IFT+4:28::DE+CTCE ...`): that
    one is only stripped, as joining it alone would give it back unchanged.
    """
    if len(elements) == start + 1:
        only = elements[start]
        if len(only) == 1:
            return only[0].strip()
    parts = [":".join(filter(None, element)) for element in elements[start:]]
    return " ".join(filter(None, parts)).strip()


@functools.lru_cache(maxsize=8192)
def _local_time(date_text: str, time_text: str, today: dt.date) -> dt.datetime | None:
    """`PnrReader.local_time` when it has nothing to report; ValueError when it has.

    A blank date is None, as there; every other outcome with a finding raises, so
    the caller takes the reporting path. Datetimes are immutable: one per value is
    shared by every segment and every push that repeats it.
    """
    if not date_text.strip():
        return None
    date = parse_ddmmyy(date_text, today=today, kind=DateKind.EVENT)
    return combine_local(date, time_text or None)


@functools.lru_cache(maxsize=8192)
def _utc_time(date_text: str, time_text: str, today: dt.date) -> dt.datetime | None:
    local = _local_time(date_text, time_text, today)
    return local.replace(tzinfo=dt.UTC) if local else None


__all__ = ["PnrReader", "joined_text"]
