"""Hard name pairs mined from the sample lists, scored by us and by nomenklatura logic-v2.

Positives (same person): an entry's name against one of its strong aliases, against
its original-script name, and against a perturbed copy of itself. Negatives
(different people, chosen to be hard): two entries of the same list that share name
parts, entries sharing a surname, and "A bin B" against "B bin A". Names only, no
dates, as in nomenklatura's name_bench: the pair set tests name judgement.

nomenklatura is installed only for the bench (`pip install nomenklatura`); it is
imported lazily and the comparison is skipped, with a message, when it is missing.
"""

from __future__ import annotations

import csv
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.eval_names import split_name
from bench.eval_perturb import TREATMENTS, Traveller
from paxscreen.screening.names import Subject, normalise_name
from paxscreen.screening.names.normalise import is_abjad
from paxscreen.screening.names.score import score_pair
from paxscreen.screening.watchlists import WatchlistEntry

NAME_TREATMENTS = (
    "typo",
    "transliteration",
    "swap_given_family",
    "drop_middle",
    "merge_particles",
    "initial_for_middle",
)


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    kind: str
    name_a: str
    name_b: str
    same: bool


def _latin(entry: WatchlistEntry) -> list[str]:
    return [
        n.display
        for n in entry.names
        if not n.original_script and not is_abjad(n.display) and n.quality.value == "strong"
    ]


def _key(name: str) -> frozenset[str]:
    return frozenset(normalise_name(name).texts)


def _positives(rng: random.Random, entries: list[WatchlistEntry], per_kind: int) -> list[Pair]:
    pairs: list[Pair] = []
    shuffled = entries[:]
    rng.shuffle(shuffled)
    counts: dict[str, int] = defaultdict(int)
    for entry in shuffled:
        names = _latin(entry)
        if not names:
            continue
        primary = names[0]
        aliases = [n for n in names[1:] if _key(n) != _key(primary)]
        if aliases and counts["alias"] < per_kind:
            pairs.append(
                Pair(f"alias-{entry.entry_id}", "alias", primary, rng.choice(aliases), True)
            )
            counts["alias"] += 1
        original = [n.display for n in entry.names if n.original_script]
        if original and counts["cross_script"] < per_kind:
            pairs.append(
                Pair(f"script-{entry.entry_id}", "cross_script", primary, original[0], True)
            )
            counts["cross_script"] += 1
        if counts["perturbed"] < per_kind:
            given, surname = split_name(primary)
            base = Traveller(given.upper(), surname.upper(), None, None, None, None)
            changed = TREATMENTS[rng.choice(NAME_TREATMENTS)](rng, base)
            text = f"{changed.given_names} {changed.surname}".strip()
            pairs.append(Pair(f"perturbed-{entry.entry_id}", "perturbed", primary, text, True))
            counts["perturbed"] += 1
    return pairs


def _nasab_swap(name: str) -> str | None:
    words = name.replace(",", " ").split()
    upper = [w.upper() for w in words]
    if "BIN" not in upper[1:-1]:
        return None
    index = upper.index("BIN", 1)
    if index + 1 >= len(words):
        return None
    words[0], words[index + 1] = words[index + 1], words[0]
    return " ".join(words)


def _negatives(rng: random.Random, lists: list[list[WatchlistEntry]], per_kind: int) -> list[Pair]:
    pairs: list[Pair] = []
    for entries in lists:  # within one list: the same person is not listed twice
        by_token: dict[str, list[WatchlistEntry]] = defaultdict(list)
        for entry in entries:
            names = _latin(entry)
            if names:
                for token in _key(names[0]):
                    by_token[token].append(entry)
        shared: list[Pair] = []
        surname: list[Pair] = []
        for entry in entries:
            names = _latin(entry)
            if not names:
                continue
            own = _key(names[0])
            others = {id(o): o for t in sorted(own) for o in by_token[t] if o is not entry}
            for other in others.values():
                other_name = _latin(other)[0]
                overlap = len(own & _key(other_name))
                pair = Pair(
                    f"neg-{entry.entry_id}-{other.entry_id}", "", names[0], other_name, False
                )
                if overlap >= 2:
                    shared.append(
                        Pair(pair.id, "shares_two_parts", pair.name_a, pair.name_b, False)
                    )
                elif split_name(names[0])[1] and _key(split_name(names[0])[1]) <= _key(other_name):
                    surname.append(Pair(pair.id, "shares_surname", pair.name_a, pair.name_b, False))
        rng.shuffle(shared)
        rng.shuffle(surname)
        pairs += shared[: per_kind // len(lists)] + surname[: per_kind // len(lists)]
    swaps = [
        Pair(f"nasab-{e.entry_id}", "nasab_swap", n, swapped, False)
        for entries in lists
        for e in entries
        for n in _latin(e)[:1]
        if (swapped := _nasab_swap(n))
    ]
    return pairs + swaps[:per_kind]


def hard_pairs(
    lists: list[list[WatchlistEntry]], *, per_kind: int = 150, seed: int = 5
) -> list[Pair]:
    rng = random.Random(seed)
    entries = [entry for entries in lists for entry in entries]
    return _positives(rng, entries, per_kind) + _negatives(rng, lists, per_kind)


def write_pairs(pairs: list[Pair], path: Path) -> None:
    """The pair set in the `paxscreen screen pairs` input format (plus kind and label)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_a", "name_b", "kind", "same"])
        writer.writerows([p.id, p.name_a, p.name_b, p.kind, int(p.same)] for p in pairs)


def our_scores(pairs: list[Pair]) -> tuple[list[float], float]:
    started = time.perf_counter()
    scores = [
        score_pair(
            Subject(names=[normalise_name(p.name_a)]), Subject(names=[normalise_name(p.name_b)])
        ).score
        for p in pairs
    ]
    return scores, (time.perf_counter() - started) / len(pairs)


def logic_v2_scores(pairs: list[Pair]) -> tuple[list[float], float] | None:
    """nomenklatura logic-v2 on the same pairs; None when nomenklatura is not installed."""
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2, ScoringConfig
    except ImportError:
        return None
    config = ScoringConfig.defaults()

    def person(name: str, key: str) -> object:
        entity = model.make_entity("Person")
        entity.id = key
        entity.add("name", name)
        return entity

    LogicV2.compare(person("warm up", "w1"), person("warm up", "w2"), config)  # loads its data
    started = time.perf_counter()
    # Entity ids must be unique: nomenklatura caches the name analysis of an entity by id.
    scores = [
        LogicV2.compare(person(p.name_a, f"a-{p.id}"), person(p.name_b, f"b-{p.id}"), config).score
        for p in pairs
    ]
    return scores, (time.perf_counter() - started) / len(pairs)


def f1_at(pairs: list[Pair], scores: list[float], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for p, s in zip(pairs, scores, strict=True) if p.same and s >= threshold)
    fp = sum(1 for p, s in zip(pairs, scores, strict=True) if not p.same and s >= threshold)
    fn = sum(1 for p, s in zip(pairs, scores, strict=True) if p.same and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_f1(pairs: list[Pair], scores: list[float]) -> tuple[float, float]:
    """(threshold, F1) of the best threshold: an upper bound, tuned on the test set itself."""
    return max(
        ((t / 100, f1_at(pairs, scores, t / 100)[2]) for t in range(30, 100)), key=lambda x: x[1]
    )


__all__ = ["Pair", "best_f1", "f1_at", "hard_pairs", "logic_v2_scores", "our_scores", "write_pairs"]
