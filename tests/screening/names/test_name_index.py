"""NameIndex reads: rare keys first under the caps, and the token-pair cache changes nothing."""

from __future__ import annotations

import random

import numpy as np
from bench.eval_names import subject_of
from bench.eval_population import innocent_travellers, skewed_list
from hypothesis import given
from hypothesis import strategies as st

from paxscreen.screening.names import index as index_module
from paxscreen.screening.names import normalise_name
from paxscreen.screening.names.index import NameIndex


def _index(names: list[str], **caps: int) -> NameIndex:
    return NameIndex(**caps).build((entry, 0, normalise_name(n)) for entry, n in enumerate(names))


def test_a_rare_spelling_is_read_before_a_capped_common_one() -> None:
    names = [f"MOHAMMED ALI NUMBER{i:04d}" for i in range(400)] + ["MUHAMMAD ALI"]
    index = _index(names, per_key_cap=50, budget=50, max_entries=1000)
    entries = {candidate.entry for candidate in index.candidates([normalise_name("MOHAMMED ALI")])}
    assert 400 in entries  # MUHAMMAD ALI: one name under its key, read first
    assert len(entries - {400}) == 50  # MOHAMMED ALI: 400 names under one key, capped


def test_candidates_from_the_pair_cache_equal_fresh_reads() -> None:
    people = skewed_list(3000, seed=4)
    names = [f"{p.given_names} {p.surname}" for p in people]
    cached, fresh = _index(names), _index(names)
    rng = random.Random(1)
    travellers = [subject_of(p) for p in innocent_travellers(150, seed=8)]
    travellers += [subject_of(people[rng.randrange(len(people))]) for _ in range(150)]
    queries = [t.names for t in travellers] + [
        a.names + b.names for a, b in zip(travellers, travellers[1:], strict=False)
    ]
    for names_of in queries + queries:  # the second round comes from the cache
        fresh._pair_hits.clear()
        got = [(c.entry, c.names, c.hits) for c in cached.candidates(names_of)]
        assert got == [(c.entry, c.names, c.hits) for c in fresh.candidates(names_of)]
    assert cached._pair_hits  # the cache was used


def test_python_and_numpy_reads_give_the_same_candidates(monkeypatch) -> None:  # noqa: ANN001
    """Small reads run in plain Python, large ones in numpy: forced either
    way, with caps low enough to bite and some one-word names, the candidates agree."""
    people = skewed_list(3000, seed=6)
    names = [f"{p.given_names} {p.surname}" for p in people]
    names += [p.surname for p in people[:300]]  # mononyms
    index = _index(names, per_key_cap=20, budget=60)
    rng = random.Random(2)
    travellers = [subject_of(p) for p in innocent_travellers(100, seed=3)]
    travellers += [subject_of(people[rng.randrange(len(people))]) for _ in range(100)]
    queries = [t.names for t in travellers] + [[normalise_name(n)] for n in names[-40:]]

    def read_all(few: int) -> list[list[tuple[int, list[int], int]]]:
        monkeypatch.setattr(index_module, "FEW_POSTINGS", few)
        monkeypatch.setattr(index_module, "FEW_NAMES", few)
        monkeypatch.setattr(index_module, "FEW_ID_PAIRS", few)
        monkeypatch.setattr(index_module, "FEW_RANKED", few)
        index._pair_hits.clear()
        return [[(c.entry, c.names, c.hits) for c in index.candidates(q)] for q in queries]

    in_numpy, in_python = read_all(-1), read_all(10**9)
    assert in_numpy == in_python
    assert sum(map(len, in_numpy)) > len(queries)  # most queries found several names


def test_candidates_for_many_travellers_equal_one_by_one(monkeypatch) -> None:  # noqa: ANN001
    """A flight's travellers looked up together get the candidates each gets alone:
    with caps that bite, one-word names, documents, repeated travellers, a traveller
    with no name, part of the pairs already cached, and the batch read in slices."""
    people = skewed_list(3000, seed=6)
    names = [f"{p.given_names} {p.surname}" for p in people]
    names += [p.surname for p in people[:300]]  # mononyms
    alone, together = (
        _index(names, per_key_cap=20, budget=60),
        _index(names, per_key_cap=20, budget=60),
    )
    for index in (alone, together):
        index.add_documents([(7, "X1234567"), (9, "AB0123")])
    rng = random.Random(4)
    travellers = [subject_of(p) for p in innocent_travellers(120, seed=9)]
    travellers += [subject_of(people[rng.randrange(len(people))]) for _ in range(120)]
    queries: list[tuple[list, list[str]]] = [(t.names, []) for t in travellers]
    queries += [([normalise_name(n)], []) for n in names[-30:]]
    queries += [(travellers[0].names, ["X1234567", "AB O123"]), ([], ["X1234567"])]
    queries += queries[:20]  # the same travellers again, in one batch
    expected = [
        [(c.entry, c.names, c.hits) for c in alone.candidates(names_of, documents)]
        for names_of, documents in queries
    ]
    for names_of, _ in queries[:50]:  # some pairs are cached before the batch
        together.candidates(names_of)
    monkeypatch.setattr(index_module, "READ_GROUPS", 16)
    got = [
        [(c.entry, c.names, c.hits) for c in found] for found in together.candidates_many(queries)
    ]
    assert got == expected
    assert sum(map(len, got)) > len(queries)


@given(
    st.lists(st.integers(-(2**62), 2**62), max_size=300),
    st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=1500),
)
def test_keys_looked_up_in_ascending_order_find_the_same_positions(
    listed: list[int], wanted: list[int]
) -> None:
    ordered = np.sort(np.array(listed, np.int64))
    keys = np.array(wanted + listed, np.int64)  # the listed keys hit, the others mostly miss
    expected = np.searchsorted(ordered, keys)
    assert np.array_equal(index_module._search(ordered, keys), expected)
    many = np.repeat(keys, index_module.SORTED_SEARCH // len(keys) + 1)  # past the threshold
    assert np.array_equal(index_module._search(ordered, many), np.searchsorted(ordered, many))
