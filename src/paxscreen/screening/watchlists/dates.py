"""Read dates of birth as lists and query files write them.

Accepted: ISO (1965, 1965-06, 1965-06-01), compact 19650601, day-first
01/06/1965 or 01.06.1965, words (1 Jun 1965, Jun 1965, 01 JUN 1965), "circa" or
"approximately" in front, and ranges "1955 to 1960" / "1955-1960".
"""

from __future__ import annotations

import re

from paxscreen.model.dates import PartialDate
from paxscreen.screening.names.dob import DateKind, DateSpec

_MONTHS = {
    name: index
    for index, name in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
        start=1,
    )
}
_RANGE = re.compile(r"^(\d{4})\s*(?:-|TO|–|AND)\s*(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Z]{3})[A-Z]*\.?\s+(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_APPROX = re.compile(r"^(?:CIRCA|CA\.?|C\.|APPROXIMATELY|APPROX\.?|ABOUT)\s+", re.I)


def parse_date_spec(text: str) -> DateSpec:
    """Parse one date of birth; raises ValueError saying what was not understood."""
    raw = " ".join(text.strip().upper().split())
    kind = DateKind.EXACT
    if _APPROX.match(raw):
        raw, kind = _APPROX.sub("", raw), DateKind.APPROXIMATE
    if match := _RANGE.match(raw):
        low, high = sorted((int(match.group(1)), int(match.group(2))))
        return DateSpec(PartialDate(low), DateKind.RANGE, year_to=high)
    return DateSpec(_parse_partial(raw, text), kind)


def _parse_partial(raw: str, original: str) -> PartialDate:
    try:
        if match := _COMPACT.match(raw):
            return PartialDate(*(int(part) for part in match.groups()))
        if match := _DAY_FIRST.match(raw):
            day, month, year = (int(part) for part in match.groups())
            return PartialDate(year, month, day)
        if match := _WORDS.match(raw):
            day_text, month_name, year_text = match.groups()
            if month_name not in _MONTHS:
                raise ValueError(f"unknown month {month_name!r}")
            return PartialDate(
                int(year_text), _MONTHS[month_name], int(day_text) if day_text else None
            )
        return PartialDate.parse(raw.replace("/", "-"))
    except ValueError as error:
        raise ValueError(f"not a date of birth: {original!r} ({error})") from None


__all__ = ["parse_date_spec"]
