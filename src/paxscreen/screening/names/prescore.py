"""A cheap upper bound on a candidate's score, so the full scorer runs only where a hit can be.

Why: scoring one candidate with its explanation (token alignment, dates, documents,
caps) costs about 100 µs of Python, and a traveller has about ten candidates from the
index, almost all of which end far below review. The bound needs no `Subject` of the
list entry: it reads compact per-entry facts (years of birth, sex, folded document
numbers) kept beside the index, so entries that cannot reach `min_score` are never
even built.

What `score.score_subjects` can at most give, read from its structure:

- the name agreement is at most 1 (the weak-alias factor, role penalties and caps
  only lower it);
- plus the date-of-birth adjustment: when every date of the traveller is at least
  `FAR_APART_YEARS` from every date of the entry, the dates conflict
  (`DobAgreement.CONFLICT`); otherwise at most the best adjustment there is;
- plus the nationality bonus, and the sex penalty when both sides give a differing sex;
- a document that could agree (same number, OCR look-alike, one edit) overrides the
  name, so such a candidate always goes to the scorer.

`tests/screening/names/test_prescore_agrees.py` holds the scorer to this: the fast
path must return the same hits and bands as scoring every candidate.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein

from paxscreen.screening.names.dob import DOB_ADJUSTMENT, DateSpec, DobAgreement
from paxscreen.screening.names.keys import ocr_fold
from paxscreen.screening.names.score import NATIONALITY_AGREE, SEX_CONFLICT, Subject

FAR_APART_YEARS = 2  # two dates this many years apart (or more) conflict
NO_YEAR = -(2**15)  # fits the signed 16-bit arrays the years are kept in
_SEX_CODES = {"M": 1, "F": 2}
# Scores are rounded to 4 places after the bound is taken: keep a hair of slack.
_ROUNDING = 1e-4


def _year_span(dates: Sequence[DateSpec]) -> tuple[int, int]:
    """Earliest and latest year any of the dates allows (NO_YEAR when there is none)."""
    if not dates:
        return NO_YEAR, NO_YEAR
    spans = [date.years for date in dates]
    return min(low for low, _ in spans), max(high for _, high in spans)


def _folded_documents(subject: Subject) -> tuple[str, ...]:
    return tuple(folded for document in subject.documents if (folded := ocr_fold(document.number)))


class EntryFacts:
    """What the bound needs of every list entry, in typed arrays (5 bytes an entry plus
    its folded document numbers). Python `array`s, not numpy: a traveller has about ten
    candidates, and reading ten items is cheaper than one numpy call."""

    def __init__(self) -> None:
        self.year_low = array("h")
        self.year_high = array("h")
        self.sex = array("b")
        # One folded number per entry is the common case: keep a str, a tuple only for more.
        self._documents: list[str | tuple[str, ...] | None] = []

    def add(self, subject: Subject) -> None:
        """Record the next entry (entries are added in list order)."""
        low, high = _year_span(subject.dates_of_birth)
        self.year_low.append(max(low, NO_YEAR))
        self.year_high.append(min(high, 2**15 - 1))
        self.sex.append(_SEX_CODES.get(subject.sex or "", 0))
        folded = _folded_documents(subject)
        self._documents.append(None if not folded else folded[0] if len(folded) == 1 else folded)

    @classmethod
    def of(cls, subjects: Iterable[Subject]) -> EntryFacts:
        facts = cls()
        for subject in subjects:
            facts.add(subject)
        return facts

    def documents(self, entry: int) -> tuple[str, ...]:
        found = self._documents[entry]
        return () if found is None else (found,) if isinstance(found, str) else found

    def mark_documents(
        self, folded: tuple[str, ...], entries: Sequence[int], keep: list[bool]
    ) -> None:
        """Keep too every entry not kept whose numbers could agree with the traveller's
        `folded` ones (`_documents_could_agree`), in one loop: a flight asks it of
        thousands of candidates, most with one number against the traveller's one."""
        listed = self._documents
        distance = Levenshtein.distance
        one = folded[0] if len(folded) == 1 else None
        for position, entry in enumerate(entries):
            if keep[position] or (numbers := listed[entry]) is None:
                continue
            if isinstance(numbers, str):
                if one is not None:
                    keep[position] = distance(one, numbers, score_cutoff=1) <= 1
                else:
                    keep[position] = _documents_could_agree(folded, (numbers,))
            else:
                keep[position] = _documents_could_agree(folded, numbers)


def _documents_could_agree(query: tuple[str, ...], entry: tuple[str, ...]) -> bool:
    """Same number, OCR look-alike or one edit apart (folded numbers cover all three)."""
    return any(Levenshtein.distance(q, e, score_cutoff=1) <= 1 for q in query for e in entry)


_BEST_DOB = max(DOB_ADJUSTMENT.values())
_FAR_DOB = DOB_ADJUSTMENT[DobAgreement.CONFLICT]
_BEST_NATIONALITY = max(NATIONALITY_AGREE, 0.0)


def upper_bound(query: Subject, entry: int, facts: EntryFacts) -> float:
    """The most `score_subjects(query, entry)` can give, documents aside."""
    return _upper_bound(
        _year_span(query.dates_of_birth), _SEX_CODES.get(query.sex or "", 0), entry, facts
    )


def _upper_bound(years: tuple[int, int], sex: int, entry: int, facts: EntryFacts) -> float:
    bound = 1.0 + _BEST_NATIONALITY + _BEST_DOB
    low, high = years
    entry_low = facts.year_low[entry]
    if (
        low != NO_YEAR
        and entry_low != NO_YEAR
        and max(entry_low - high, low - facts.year_high[entry]) >= FAR_APART_YEARS
    ):
        bound += _FAR_DOB - _BEST_DOB
    if sex:
        entry_sex = facts.sex[entry]
        if entry_sex and entry_sex != sex:
            bound += SEX_CONFLICT
    return bound


def worth_scoring(
    query: Subject, entries: Sequence[int], facts: EntryFacts, min_score: float
) -> list[bool]:
    """For each candidate entry: could the full scorer put it at `min_score` or above?"""
    years = _year_span(query.dates_of_birth)
    sex = _SEX_CODES.get(query.sex or "", 0)
    floor = min_score - _ROUNDING
    keep = [_upper_bound(years, sex, entry, facts) >= floor for entry in entries]
    folded = _folded_documents(query)
    if folded:
        facts.mark_documents(folded, entries, keep)
    return keep


def worth_scoring_many(
    queries: Sequence[Subject],
    entries_of: Sequence[Sequence[int]],
    facts: EntryFacts,
    min_score: float,
) -> list[list[bool]]:
    """`worth_scoring` for many travellers (a flight): the bounds of all their candidates
    in a few numpy calls, the same float operations in the same order."""
    sizes = [len(entries) for entries in entries_of]
    entry = np.array([e for entries in entries_of for e in entries], np.int64)
    spans = [_year_span(query.dates_of_birth) for query in queries]
    low = np.repeat(np.array([span[0] for span in spans], np.int64), sizes)
    high = np.repeat(np.array([span[1] for span in spans], np.int64), sizes)
    sex = np.repeat(
        np.array([_SEX_CODES.get(query.sex or "", 0) for query in queries], np.int64), sizes
    )
    # Views made per call: an array.array exporting its buffer could not grow.
    entry_low = np.frombuffer(facts.year_low, np.int16)[entry].astype(np.int64)
    entry_high = np.frombuffer(facts.year_high, np.int16)[entry].astype(np.int64)
    entry_sex = np.frombuffer(facts.sex, np.int8)[entry].astype(np.int64)
    far = (
        (low != NO_YEAR)
        & (entry_low != NO_YEAR)
        & (np.maximum(entry_low - high, low - entry_high) >= FAR_APART_YEARS)
    )
    bound = np.full(len(entry), 1.0 + _BEST_NATIONALITY + _BEST_DOB)
    bound[far] += _FAR_DOB - _BEST_DOB
    bound[(sex != 0) & (entry_sex != 0) & (entry_sex != sex)] += SEX_CONFLICT
    kept = (bound >= min_score - _ROUNDING).tolist()
    keep = []
    start = 0
    for query, entries in zip(queries, entries_of, strict=True):
        found = kept[start : start + len(entries)]
        start += len(entries)
        folded = _folded_documents(query) if not all(found) else ()
        if folded:
            facts.mark_documents(folded, entries, found)
        keep.append(found)
    return keep


__all__ = ["FAR_APART_YEARS", "EntryFacts", "upper_bound", "worth_scoring", "worth_scoring_many"]
