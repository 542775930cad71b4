"""Evaluation of watchlist name screening: recall on perturbed true matches, false
alerts and reviews on innocent travellers, and F1 on hard name pairs.

(a) Sample lists (`shared/samples/watchlists`: UN consolidated XML + OFAC SDN CSV).
    Positives: each listed person becomes a traveller (a Latin name of the entry,
    given/family split as an MRZ would have it, a date of birth consistent with the
    list, sometimes a listed document), then gets one treatment from
    `eval_perturb.TREATMENTS`. A positive counts as found when its own entry comes
    back at review or alert. Negatives: `eval_population.innocent_travellers`.
(b) The demo generator's planted ground truth (`ground_truth.json` with the demo
    watchlist beside it), when `paxscreen.demo` can produce it.
The number compared with the thresholds is `Matcher.screen(...).score`, the same one
the CLI prints and hits store.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.eval_perturb import TREATMENTS, Traveller
from bench.eval_population import Person, innocent_travellers
from paxscreen.model.dates import PartialDate
from paxscreen.screening.names import DateSpec, Document, Subject, normalise_name
from paxscreen.screening.names.dob import DateKind
from paxscreen.screening.names.matcher import Matcher
from paxscreen.screening.names.normalise import NASAB_MARKERS, PREFIX_PARTICLES, is_abjad
from paxscreen.screening.names.score import Band
from paxscreen.screening.watchlists import WatchlistEntry, read_watchlist

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "watchlists"
REVIEW, ALERT = 0.70, 0.88  # the defaults of Settings.screening


def load_sample_entries() -> list[WatchlistEntry]:
    """UN + OFAC individuals from the shared samples (empty when they are not there)."""
    if not (SAMPLES / "un_consolidated.xml").exists():
        return []
    entries = read_watchlist(SAMPLES / "un_consolidated.xml").entries
    return entries + read_watchlist(SAMPLES / "ofac_sdn.csv").entries


def build_matcher(entries: list[WatchlistEntry]) -> Matcher:
    subjects = [entry.to_subject() for entry in entries]
    return Matcher.from_subjects(subjects, review_threshold=REVIEW, alert_threshold=ALERT)


def split_name(raw: str) -> tuple[str, str]:
    """'LAST, First' or 'First Middle [AL] Last' -> (given names, surname)."""
    if "," in raw:
        surname, _, given = raw.partition(",")
        return given.strip(), surname.strip()
    words = raw.replace("-", " ").split()
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].upper() in PREFIX_PARTICLES | NASAB_MARKERS:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _date_for(rng: random.Random, entry: WatchlistEntry) -> dt.date:
    if not entry.dates_of_birth:
        return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 50 * 365))
    spec = entry.dates_of_birth[0]
    low, high = spec.years
    year = rng.randint(low, high) if spec.kind is not DateKind.EXACT else spec.date.year
    month = (
        spec.date.month if spec.kind is DateKind.EXACT and spec.date.month else rng.randint(1, 12)
    )
    day = spec.date.day if spec.kind is DateKind.EXACT and spec.date.day else rng.randint(1, 28)
    return dt.date(year, month, day)


def traveller_from_entry(rng: random.Random, entry: WatchlistEntry) -> Traveller | None:
    latin = [
        n
        for n in entry.names
        if not n.original_script and not is_abjad(n.display) and n.quality.value == "strong"
    ]
    if not latin:
        return None
    name = latin[0] if rng.random() < 0.7 else rng.choice(latin)
    given, surname = (name.given_names, name.surname) if name.surname else split_name(name.display)
    document = next((d for d in entry.documents if len(d.number) >= 6), None)
    return Traveller(
        given_names=given.upper(),
        surname=surname.upper(),
        date_of_birth=_date_for(rng, entry),
        nationality=entry.nationalities[0] if entry.nationalities else None,
        document=document.number.upper().replace(" ", "") if document else None,
        document_state=document.issuing_state if document else None,
    )


def subject_of(traveller: Traveller | Person, *, with_document: bool = True) -> Subject:
    if isinstance(traveller, Person):
        born, nationality = traveller.date_of_birth, traveller.nationality
        documents = [Document(traveller.passport, traveller.nationality)]
    else:
        born, nationality = traveller.date_of_birth, traveller.nationality
        documents = (
            [Document(traveller.document, traveller.document_state)]
            if (traveller.document and with_document)
            else []
        )
    return Subject(
        names=[normalise_name(given_names=traveller.given_names, surname=traveller.surname)],
        dates_of_birth=[DateSpec(PartialDate.from_date(born))] if born else [],
        nationalities=frozenset({nationality}) if nationality else frozenset(),
        documents=documents,
    )


@dataclass
class Tally:
    total: int = 0
    review_or_alert: int = 0
    alert: int = 0
    misses: list[str] = field(default_factory=list)


def evaluate_positives(
    matcher: Matcher, entries: list[WatchlistEntry], *, per_treatment: int, seed: int = 3
) -> dict[str, Tally]:
    rng = random.Random(seed)
    tallies: dict[str, Tally] = defaultdict(Tally)
    order = list(range(len(entries)))
    for treatment, apply in TREATMENTS.items():
        rng.shuffle(order)
        done = 0
        for position in order:
            base = traveller_from_entry(rng, entries[position])
            if base is None:
                continue
            perturbed = apply(rng, base)
            use_document = treatment == "document_ocr"
            matches = matcher.screen(subject_of(perturbed, with_document=use_document), top=10)
            score = max((m.score for m in matches if m.entry == position), default=0.0)
            tally = tallies[treatment]
            tally.total += 1
            tally.review_or_alert += score >= REVIEW
            tally.alert += score >= ALERT
            if score < REVIEW and len(tally.misses) < 25:
                tally.misses.append(
                    f"{perturbed.given_names} / {perturbed.surname} -> "
                    f"{entries[position].primary_name} ({score:.2f})"
                )
            done += 1
            if done >= per_treatment:
                break
    return dict(tallies)


def is_namesake(person: Person, entries_tokens: set[frozenset[str]]) -> bool:
    """All of the traveller's name parts appear in one listed name: a true namesake."""
    tokens = frozenset(normalise_name(given_names=person.given_names, surname=person.surname).texts)
    return any(tokens <= listed for listed in entries_tokens) if len(tokens) >= 2 else False


def evaluate_innocents(
    matcher: Matcher,
    entries: list[WatchlistEntry],
    *,
    count: int,
    seed: int = 7,
) -> tuple[Counter[str], Counter[str], list[str]]:
    """Bands of the best hit per innocent: all of them, and without exact namesakes."""
    listed = {frozenset(name.texts) for entry in entries for name in entry.to_subject().names}
    bands: Counter[str] = Counter()
    bands_without_namesakes: Counter[str] = Counter()
    examples = []
    for person in innocent_travellers(count, seed=seed):
        matches = matcher.screen(subject_of(person), top=1)
        band = matches[0].band.value if matches else Band.CLEAR.value
        bands[band] += 1
        if not is_namesake(person, listed):
            bands_without_namesakes[band] += 1
        if band == "alert" and len(examples) < 8:
            examples.append(
                f"{person.given_names} {person.surname} -> {matches[0].explanation.to_text()}"
            )
    return bands, bands_without_namesakes, examples


__all__ = ["evaluate_innocents", "evaluate_positives", "load_sample_entries", "subject_of"]
