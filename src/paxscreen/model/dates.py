"""Partial dates: a date of birth may be known only to the year or the month.

Watchlists and messages both carry dates like `1965` or `1965-06`; keeping them
partial (instead of inventing 1 January) stops false agreement in screening.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range")
        if self.day is not None and self.month is not None:
            dt.date(self.year, self.month, self.day)  # raises ValueError when impossible

    @property
    def is_complete(self) -> bool:
        return self.day is not None

    def to_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        """The text the generated dataclass repr gives, written out: pairing digests the
        repr of every date of birth of a flight after each change (`pairing.inputs_digest`),
        and the generated one (guarded against recursion) took twice as long."""
        return (
            f"{type(self).__qualname__}(year={self.year!r}, month={self.month!r}, day={self.day!r})"
        )

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `1965`, `1965-06` or `1965-06-01`; raises ValueError otherwise."""
        match = _ISO_PARTIAL.match(text.strip())
        if not match:
            raise ValueError(f"not an ISO date or partial date: {text!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)


__all__ = ["PartialDate"]
