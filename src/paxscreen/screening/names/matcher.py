"""Screen one traveller against many list entries: index for candidates, scorer for the rest.

`Matcher` is what the CLI, the evaluation harness and the database screener share,
so the number they print, measure and store is one and the same (`Match.score`).
Entries are given as a callable from entry number to `Subject`, so a large list
can keep its entries compact and build `Subject`s only for the few candidates.
With a `min_score` (the screener asks for review and above), candidates whose
`prescore` upper bound is below it are dropped before any `Subject` is built or
scored: the same hits, at a fraction of the cost. `screen_many` screens a flight's
travellers together (one index pass, shared reads, one ranking) and returns for each
what `screen` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from paxscreen.long_lived import paused_garbage_collection
from paxscreen.screening.names.index import Candidate, NameIndex
from paxscreen.screening.names.normalise import NormalisedName
from paxscreen.screening.names.prescore import EntryFacts, worth_scoring, worth_scoring_many
from paxscreen.screening.names.score import Band, Explanation, Subject, band_for, score_subjects


@dataclass(frozen=True, slots=True)
class Match:
    entry: int  # position of the entry in the list the matcher was built from
    explanation: Explanation
    band: Band

    @property
    def score(self) -> float:
        return self.explanation.score


class Matcher:
    def __init__(
        self,
        subject_of: Callable[[int], Subject],
        count: int,
        *,
        review_threshold: float,
        alert_threshold: float,
        index: NameIndex | None = None,
        cache_size: int = 50_000,
    ) -> None:
        self.subject_of = lru_cache(maxsize=cache_size)(subject_of)
        self.review_threshold = review_threshold
        self.alert_threshold = alert_threshold
        self.facts = EntryFacts()
        if index is None:
            index = self._build_index(count)
        else:
            for entry in range(count):
                self.facts.add(self.subject_of(entry))
        self.index = index

    def _build_index(self, count: int) -> NameIndex:
        """One pass over the entries fills the index and the facts the prescore reads."""
        documents: list[tuple[int, str]] = []

        def names() -> Iterator[tuple[int, int, NormalisedName]]:
            for entry in range(count):
                subject = self.subject_of(entry)
                self.facts.add(subject)
                documents.extend((entry, document.number) for document in subject.documents)
                yield from ((entry, alias, name) for alias, name in enumerate(subject.names))

        index = NameIndex().build(names())
        return index.add_documents(documents)

    @classmethod
    def from_subjects(cls, subjects: Sequence[Subject], **thresholds: float) -> Matcher:
        return cls(subjects.__getitem__, len(subjects), **thresholds)  # type: ignore[arg-type]

    def screen(self, query: Subject, *, top: int = 5, min_score: float = 0.0) -> list[Match]:
        """Best entries for a traveller, best first, at most `top`, each with its explanation.

        Only entries scoring `min_score` or more come back; a positive `min_score` lets
        the prescore skip candidates that cannot reach it.
        """
        documents = [document.number for document in query.documents]
        candidates = self.index.candidates(query.names, documents)
        if min_score > 0.0:
            keep = worth_scoring(query, [c.entry for c in candidates], self.facts, min_score)
            candidates = [
                candidate for candidate, kept in zip(candidates, keep, strict=True) if kept
            ]
        return self._score(query, candidates, top=top, min_score=min_score)

    def screen_many(
        self, queries: Sequence[Subject], *, top: int = 5, min_score: float = 0.0
    ) -> list[list[Match]]:
        """`screen` for each traveller of a flight: the same matches, in one index pass.

        Travellers screened with the same data (an API row and its PNR row often are)
        are screened once; each gets its own list of the (shared) matches. The cyclic
        garbage collector is paused meanwhile: a flight's lookups build and drop tens
        of thousands of arrays, tuples and explanations, none of them cyclic garbage,
        and its passes over them (and over the caches beside the index) cost about a
        sixth of the screening.
        """
        with paused_garbage_collection():
            return self._screen_many(queries, top=top, min_score=min_score)

    def _screen_many(
        self, queries: Sequence[Subject], *, top: int, min_score: float
    ) -> list[list[Match]]:
        unique: dict[tuple[object, ...], int] = {}
        first: list[Subject] = []
        positions = []
        for query in queries:
            key = _subject_key(query)
            position = unique.get(key)
            if position is None:
                position = unique[key] = len(first)
                first.append(query)
            positions.append(position)
        candidates = self.index.candidates_many(
            [(query.names, [document.number for document in query.documents]) for query in first]
        )
        if min_score > 0.0:
            keep = worth_scoring_many(
                first, [[c.entry for c in found] for found in candidates], self.facts, min_score
            )
            candidates = [
                [candidate for candidate, kept in zip(found, keeps, strict=True) if kept]
                for found, keeps in zip(candidates, keep, strict=True)
            ]
        matches = [
            self._score(query, found, top=top, min_score=min_score)
            for query, found in zip(first, candidates, strict=True)
        ]
        return [list(matches[position]) for position in positions]

    def _score(
        self, query: Subject, candidates: list[Candidate], *, top: int, min_score: float
    ) -> list[Match]:
        """Score the candidates the prescore kept (`candidates` already pruned)."""
        results = []
        for candidate in candidates:
            entry = self.subject_of(candidate.entry)
            names = sorted(set(candidate.names)) or None
            explanation = score_subjects(query, entry, names=names)
            if explanation.score >= min_score:
                band = band_for(
                    explanation.score,
                    review_threshold=self.review_threshold,
                    alert_threshold=self.alert_threshold,
                )
                results.append(Match(candidate.entry, explanation, band))
        results.sort(key=lambda match: -match.score)
        return results[:top]


def _subject_key(subject: Subject) -> tuple[object, ...]:
    """Everything the score reads of a traveller, hashable: equal keys, equal matches."""
    return (
        tuple(subject.names),
        subject.weak_names,
        tuple(subject.dates_of_birth),
        subject.nationalities,
        subject.sex,
        tuple(subject.documents),
    )


__all__ = ["Match", "Matcher"]
