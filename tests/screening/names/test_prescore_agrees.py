"""The prescore fast path and the full scorer agree: the contract between speed and accuracy.

`Matcher.screen(..., min_score=...)` skips candidates whose `prescore` upper bound is
below `min_score`. Whatever the scorer (`score.py`, `similarity.py`, `dob.py`)
becomes, the fast path must return exactly what scoring every candidate returns:
the same entries, scores and bands. The travellers are the realistic mix the
benchmarks use: perturbed copies of listed people (typos, transliteration, swapped
or dropped names, dates a year or more off, OCR-misread documents), innocent
travellers from eleven regions, and travellers that carry a listed document under
another name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from functools import cache

import pytest
from bench.eval_names import (
    REVIEW,
    build_matcher,
    load_sample_entries,
    subject_of,
    traveller_from_entry,
)
from bench.eval_perturb import TREATMENTS, Traveller
from bench.eval_population import Person, innocent_travellers, skewed_list

from paxscreen.model.dates import PartialDate
from paxscreen.screening.names import DateSpec, Document, Subject, score_subjects
from paxscreen.screening.names.dob import DateKind
from paxscreen.screening.names.matcher import Match, Matcher
from paxscreen.screening.names.prescore import FAR_APART_YEARS, EntryFacts, upper_bound

TOP = 10


def _full(matcher: Matcher, query: Subject) -> list[tuple[int, float, str]]:
    """Every candidate scored, then the ones at review or above: the reference."""
    found = matcher.screen(query, top=10_000, min_score=0.0)
    return [(m.entry, m.score, m.band.value) for m in found if m.score >= REVIEW][:TOP]


def _fast(matcher: Matcher, query: Subject) -> list[tuple[int, float, str]]:
    return [
        (m.entry, m.score, m.band.value) for m in matcher.screen(query, top=TOP, min_score=REVIEW)
    ]


def _perturbed(rng: random.Random, person: Person) -> Traveller:
    base = Traveller(
        person.given_names,
        person.surname,
        person.date_of_birth,
        person.nationality,
        person.passport,
        person.nationality,
    )
    return TREATMENTS[rng.choice(list(TREATMENTS))](rng, base)


@cache
def _synthetic_case() -> tuple[Matcher, list[Subject]]:
    """A skewed synthetic list (some entries without a date, some with a sex) and travellers."""
    rng = random.Random(5)
    people = skewed_list(6000, seed=23)
    entries = []
    for index, person in enumerate(people):
        subject = subject_of(person)
        if index % 7 == 0:
            subject.dates_of_birth = []
        if index % 5 == 0:
            subject.sex = person.sex
        if index % 11 == 0:  # a list that gives only "approximately" or a range of years
            year = person.date_of_birth.year
            kind = DateKind.APPROXIMATE if index % 2 else DateKind.RANGE
            subject.dates_of_birth = [DateSpec(PartialDate(year), kind, year + 3)]
        entries.append(subject)
    matcher = Matcher.from_subjects(entries, review_threshold=REVIEW, alert_threshold=0.88)
    queries = []
    for _ in range(500):
        index = rng.randrange(len(people))
        perturbed = _perturbed(rng, people[index])
        query = subject_of(perturbed, with_document=rng.random() < 0.3)
        if rng.random() < 0.3:
            query.sex = rng.choice("MF")
        if rng.random() < 0.15:
            query.dates_of_birth = []
        if rng.random() < 0.3:  # a date 0 to 4 years off: both sides of FAR_APART_YEARS
            shift = dt.timedelta(days=365 * rng.randint(0, 2 * FAR_APART_YEARS))
            query.dates_of_birth = [
                DateSpec(PartialDate.from_date(people[index].date_of_birth + shift))
            ]
        queries.append(query)
    for person in innocent_travellers(400, seed=31):
        query = subject_of(person)
        if rng.random() < 0.1:  # an innocent name on a listed (or OCR-misread) passport
            listed = people[rng.randrange(len(people))].passport
            number = listed.replace("1", "I") if rng.random() < 0.5 else listed
            query.documents = [Document(number, person.nationality)]
        queries.append(query)
    return matcher, queries


def test_fast_path_returns_what_scoring_every_candidate_returns() -> None:
    matcher, queries = _synthetic_case()
    differing = [
        (query.names[0].original, fast, full)
        for query in queries
        if (fast := _fast(matcher, query)) != (full := _full(matcher, query))
    ]
    assert not differing, differing[:5]
    hits = sum(bool(_fast(matcher, query)) for query in queries)
    assert hits > 200  # the set exercises hits, not only clears


def test_bound_is_never_below_the_score_of_a_candidate() -> None:
    """Stronger than the hit lists: the bound holds for every candidate, at any score."""
    matcher, queries = _synthetic_case()
    facts = matcher.facts
    for query in queries:
        query = dataclasses.replace(query, documents=[])  # documents are handled apart
        for candidate in matcher.index.candidates(query.names):
            entry = matcher.subject_of(candidate.entry)
            names = sorted(set(candidate.names)) or None
            score = score_subjects(query, entry, names=names).score
            assert score <= upper_bound(query, candidate.entry, facts) + 1e-4


@pytest.mark.skipif(not load_sample_entries(), reason="sample watchlists not present")
def test_fast_path_agrees_on_the_sample_lists() -> None:
    rng = random.Random(9)
    entries = load_sample_entries()
    matcher = build_matcher(entries)
    queries = []
    for position in rng.sample(range(len(entries)), 160):
        base = traveller_from_entry(rng, entries[position])
        if base is not None:
            treatment = rng.choice(list(TREATMENTS))
            perturbed = TREATMENTS[treatment](rng, base)
            queries.append(subject_of(perturbed, with_document=treatment == "document_ocr"))
    queries += [subject_of(person) for person in innocent_travellers(100, seed=2)]
    differing = [
        (query.names[0].original, fast, full)
        for query in queries
        if (fast := _fast(matcher, query)) != (full := _full(matcher, query))
    ]
    assert not differing, differing[:5]


def test_entry_facts_keep_years_sex_and_folded_documents() -> None:
    subject = Subject(
        names=[],
        dates_of_birth=[DateSpec(PartialDate(1960), DateKind.APPROXIMATE)],
        sex="F",
        documents=[Document("AB 12O", "FR")],
    )
    facts = EntryFacts.of([subject, Subject(names=[])])
    assert (facts.year_low[0], facts.year_high[0], facts.sex[0]) == (1958, 1962, 2)
    assert facts.documents(0) == ("A8120",)
    assert facts.documents(1) == ()


def test_a_flight_screened_at_once_gets_what_each_traveller_gets() -> None:
    """`screen_many` (the screener's batch path) returns, for every traveller, the same
    entries, scores, bands and explanations as `screen` one by one."""
    matcher, queries = _synthetic_case()
    flight = queries[:300] + queries[:5]  # an API row and its PNR row: the same data

    def seen(matches: list[Match]) -> list[tuple[int, float, str, str]]:
        return [(m.entry, m.score, m.band.value, m.explanation.to_text()) for m in matches]

    one_by_one = [seen(matcher.screen(query, top=TOP, min_score=REVIEW)) for query in flight]
    together = [seen(found) for found in matcher.screen_many(flight, top=TOP, min_score=REVIEW)]
    assert together == one_by_one
    assert sum(map(bool, together)) > 100
