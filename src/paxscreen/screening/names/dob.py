"""Dates of birth as list entries give them, and how two of them agree.

Lists give a date exactly, as a year, as "approximately 1960" or as "between 1955
and 1960", often several of them, and often a dummy 1 January. A traveller's date
comes from the passport. Only two precise, non-placeholder dates that disagree are
strong evidence against a match; everything imprecise is at most neutral.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from paxscreen.model.dates import PartialDate


class DateKind(StrEnum):
    EXACT = "exact"  # as precise as `date` is (full date, year-month or year)
    APPROXIMATE = "approximate"  # "approximately" `date`: +-2 years
    RANGE = "range"  # between `date.year` and `year_to`


APPROXIMATE_YEARS = 2


@dataclass(frozen=True, slots=True)
class DateSpec:
    date: PartialDate
    kind: DateKind = DateKind.EXACT
    year_to: int | None = None

    @property
    def is_placeholder(self) -> bool:
        """1 January is the classic dummy birthday of lists: treat it as a year only."""
        return self.date.month == 1 and self.date.day == 1

    @property
    def years(self) -> tuple[int, int]:
        if self.kind is DateKind.RANGE and self.year_to is not None:
            return self.date.year, self.year_to
        if self.kind is DateKind.APPROXIMATE:
            return self.date.year - APPROXIMATE_YEARS, self.date.year + APPROXIMATE_YEARS
        return self.date.year, self.date.year

    @property
    def is_precise(self) -> bool:
        return self.kind is DateKind.EXACT and self.date.is_complete and not self.is_placeholder

    def describe(self) -> str:
        """`1970-05-02`, `approx. 1970` or `1965-1970` (read back by the watchlist store)."""
        return _describe(self)


@lru_cache(maxsize=100_000)
def _describe(spec: DateSpec) -> str:
    if spec.kind is DateKind.RANGE:
        return f"{spec.date.year}-{spec.year_to}"
    prefix = "approx. " if spec.kind is DateKind.APPROXIMATE else ""
    return prefix + spec.date.isoformat()


class DobAgreement(StrEnum):
    EXACT = "exact"
    DAY_MONTH_SWAPPED = "day_month_swapped"
    YEAR_MONTH = "year_month"
    YEAR = "year"  # same year, one side less precise
    IN_RANGE = "in_range"  # inside an approximate or between-years date
    DAY_DIFFERS = "day_differs"  # same year and month, precise days differ (a slip, or not)
    NEAR_YEAR = "near_year"  # one year apart
    DAY_CONFLICT = "day_conflict"  # same year, precise dates differ otherwise
    CONFLICT = "conflict"  # years apart
    UNKNOWN = "unknown"  # the traveller has no date (PNR data before the passport's)
    NOT_LISTED = "not_listed"  # the list entry has no date: the name stands alone for good


# Added to the name score, sized by how much likelier each level is for the listed
# person than for a stranger. Two equal precise dates are rare by chance (about 1 in
# 25,000 pairs): strong evidence, enough to lift a moderate name into review (never
# into an alert on its own, see score.py). The same year against a year-only list
# date happens 1 in ~70; a year apart about as often for strangers as for slips in
# the listed person's data, so it counts slightly against. Two precise dates years
# apart are the strongest evidence against.
DOB_ADJUSTMENT = {
    DobAgreement.EXACT: 0.2,
    DobAgreement.DAY_MONTH_SWAPPED: 0.1,
    DobAgreement.YEAR_MONTH: 0.08,
    DobAgreement.YEAR: 0.05,
    DobAgreement.IN_RANGE: -0.03,  # inside a 5-year window: 1 stranger in 14
    DobAgreement.UNKNOWN: 0.0,
    # The traveller's date will come with the API data and re-screening, so a PNR name is
    # given the benefit of the doubt; an undated list entry never gets better evidence,
    # so its name-only matches need 0.75 to be reviewed.
    DobAgreement.NOT_LISTED: -0.05,
    DobAgreement.DAY_DIFFERS: -0.03,
    DobAgreement.NEAR_YEAR: -0.12,
    DobAgreement.DAY_CONFLICT: -0.18,
    DobAgreement.CONFLICT: -0.35,
}
_RANK = list(DOB_ADJUSTMENT)  # best first


def _compare_one(query: DateSpec, entry: DateSpec) -> DobAgreement:
    q, e = query.date, entry.date
    if query.kind is DateKind.EXACT and entry.kind is DateKind.EXACT and q.year == e.year:
        if query.is_precise and entry.is_precise:
            if (q.month, q.day) == (e.month, e.day):
                return DobAgreement.EXACT
            if (q.month, q.day) == (e.day, e.month):
                return DobAgreement.DAY_MONTH_SWAPPED
            return DobAgreement.DAY_DIFFERS if q.month == e.month else DobAgreement.DAY_CONFLICT
        if (
            None not in (q.month, e.month)
            and q.month == e.month
            and not (query.is_placeholder or entry.is_placeholder)
        ):
            return DobAgreement.YEAR_MONTH
        return DobAgreement.YEAR
    q_low, q_high = query.years
    e_low, e_high = entry.years
    if q_low <= e_high and e_low <= q_high:
        return DobAgreement.IN_RANGE
    gap = max(e_low - q_high, q_low - e_high)
    return DobAgreement.NEAR_YEAR if gap <= 1 else DobAgreement.CONFLICT


def compare_dates(query: list[DateSpec], entry: list[DateSpec]) -> tuple[DobAgreement, str]:
    """Best agreement over every pair of dates, and the pair that gave it."""
    if not query:
        return DobAgreement.UNKNOWN, ""
    if not entry:
        return DobAgreement.NOT_LISTED, "no date listed"
    best: tuple[int, DobAgreement, str] | None = None
    for q in query:
        for e in entry:
            level = _compare_one(q, e)
            rank = _RANK.index(level)
            if best is None or rank < best[0]:
                best = (rank, level, f"{q.describe()} vs {e.describe()}")
    assert best is not None
    return best[1], best[2]


__all__ = ["DOB_ADJUSTMENT", "DateKind", "DateSpec", "DobAgreement", "compare_dates"]
