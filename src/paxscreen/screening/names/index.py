"""In-memory candidate index: which list names could match a traveller, in well under 1 ms.

Design, and why:

- Every distinct token gets an integer id (the vocabulary). A query token expands
  to the ids of tokens it could be: itself, its merged particle form, tokens with
  the same phonetic key, tokens in its name-variant group, tokens one edit away
  (symmetric deletes, kept as hashed integers in sorted numpy arrays, not dicts),
  and for abjad-script list tokens the same consonant skeleton.
- Postings are keyed by *pairs* of token ids (every unordered pair of a list
  name's tokens). A match needs two agreeing name parts anyway (one agreeing part
  is capped below review by the scorer), and a pair is far rarer than either
  token, so MOHAMMED and ALI, each in 100 000 names, meet in a short list.
- Frequent keys are handled rare-first with caps: the keys a query hits are read
  in order of posting length, each contributes at most `per_key_cap` names, and
  reading stops at `budget`; postings are sorted by name length, so a capped
  posting keeps the names closest to a short query.
- One-token list names (mononyms) have their own postings; documents map their
  exact and OCR-folded numbers to entries, whatever the name says.
- A query's token pairs are read together: their keys are packed with the pair they
  belong to, looked up in one `searchsorted`, and capped per pair with cumulative
  sums, because at ~20 ids per query the cost is numpy calls, not data. What a pair
  of query tokens reads depends on the two tokens only, so it is cached: common
  pairs recur across flights and in every re-screen.
- Most travellers hit a few short postings. Their id pairs are packed and, past the
  one `searchsorted`, their postings read in plain Python (`FEW_ID_PAIRS`,
  `FEW_POSTINGS`, `FEW_NAMES`: measured crossovers, numpy's per-call cost against
  Python's per-item cost), and mononym postings are read only for ids that head one.
  Both ways read the same names (tests/screening/names/test_name_index.py forces each).
- A flight is looked up at once (`candidates_many`, what the flight screener uses):
  its new tokens' one-edit lookups in one `searchsorted`, every token pair no
  traveller has cached read in one go, all travellers ranked together. A single
  traveller's lookup is a dozen numpy calls on a few hundred ids; a flight's is the
  same dozen calls on a few hundred travellers' ids, and gives the same candidates.

All postings are CSR arrays (sorted int64 keys, offsets, int32 name ids).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from paxscreen.screening.names.keys import (
    deletions,
    document_key,
    ocr_fold,
    phonetic_key,
    skeleton,
    variant_groups,
)
from paxscreen.screening.names.normalise import NormalisedName, Token

MAX_TOKENS_PER_NAME = 8
MAX_EXPANSION = 24
SHORT_SYLLABLE = 4
EXPANSION_CACHE = 200_000  # XI JIN PING = XI JINPING: concatenate short adjacent tokens
PAIR_CACHE_NAMES = 4_000_000  # name ids kept for recurring token pairs (16 MB, then cleared)
# Below these sizes a read or a ranking is done in Python: numpy's per-call cost
# (~1-2 us a call, ~15 calls) is more than the work on a few dozen ids.
FEW_ID_PAIRS = 40
FEW_POSTINGS = 48
FEW_NAMES = 150
FEW_RANKED = 150  # name ids (with repeats) a traveller's hits may hold to be ranked in Python


@dataclass(slots=True)
class _Csr:
    """Sorted integer keys -> slices of values: a compact multimap."""

    keys: NDArray[np.int64]
    offsets: NDArray[np.int64]
    values: NDArray[np.int32]

    @classmethod
    def build(cls, keys: NDArray[np.int64], values: NDArray[np.int32], order_by=None) -> _Csr:
        order = np.lexsort((values, order_by, keys) if order_by is not None else (values, keys))
        keys, values = keys[order], values[order]
        unique, starts = np.unique(keys, return_index=True)
        offsets = np.append(starts, len(keys)).astype(np.int64)
        return cls(unique, offsets, values.astype(np.int32))

    def find(self, wanted: NDArray[np.int64]) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
        """Each wanted key's position among the keys, and whether it is there (keys
        not empty)."""
        positions = _search(self.keys, wanted)
        positions[positions >= len(self.keys)] = 0
        return positions, self.keys[positions] == wanted

    def lookup(self, wanted: NDArray[np.int64]) -> list[tuple[int, int] | None]:
        """The value slice of each wanted key, None where the key is absent."""
        if not len(self.keys) or not len(wanted):
            return [None] * len(wanted)
        positions, hit = self.find(wanted)
        offsets = self.offsets.data
        return [
            (offsets[p], offsets[p + 1]) if found else None
            for p, found in zip(positions.tolist(), hit.tolist(), strict=True)
        ]

    @property
    def nbytes(self) -> int:
        return self.keys.nbytes + self.offsets.nbytes + self.values.nbytes


_ID_BITS = 24  # token ids below 2**24: a token pair and its group pack into one int64
_ID_MASK = (1 << _ID_BITS) - 1
READ_GROUPS = 1 << (63 - 2 * _ID_BITS - 1)  # token pairs read in one batched lookup


SORTED_SEARCH = 500  # from this many keys on, look them up in ascending order


def _search(ordered: NDArray[np.int64], wanted: NDArray[np.int64]) -> NDArray[np.intp]:
    """`np.searchsorted(ordered, wanted)`, the same positions. Many keys are looked up
    in ascending order: each search then starts where the one before ended and walks
    memory forward, 2-4 times faster over the 1M-entry postings than keys in any order
    (a flight's pairs come sorted per pair only, one-edit hashes in no order at all)."""
    if len(wanted) < SORTED_SEARCH:
        return np.searchsorted(ordered, wanted)
    order = np.argsort(wanted, kind="stable")
    positions = np.empty(len(wanted), np.intp)
    positions[order] = np.searchsorted(ordered, wanted[order])
    return positions


def _ranges(starts: NDArray[np.int64], lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """start, start+1 ... start+length-1 for every range, concatenated, without a loop."""
    ends = np.cumsum(lengths)
    return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(
        starts - ends + lengths, lengths
    )


_Int = TypeVar("_Int", bound=np.integer)


def _first_of_runs(ordered: NDArray[np.integer]) -> NDArray[np.bool_]:
    """True where a sorted array starts a run of equal values."""
    first = np.empty(len(ordered), bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def _sorted(values: NDArray[_Int]) -> NDArray[_Int]:
    """`np.sort`, by the stable (radix or merge) sort: what is sorted here is runs of
    already sorted ids (postings, expansions, cached reads), which it sorts 2-4 times
    faster than the default quicksort (measured on the 1M-entry bench's reads)."""
    return np.sort(values, kind="stable")


def _distinct(values: NDArray[_Int]) -> NDArray[_Int]:
    """Sorted distinct values: `np.unique` without its per-call overhead (arrays are small)."""
    ordered = _sorted(values)
    return ordered[_first_of_runs(ordered)]


def _hash(text: str) -> int:
    return hash(text) & 0x7FFF_FFFF_FFFF_FFFF


def _deletion_forms(text: str) -> list[str]:
    """What a query token looks up among the listed tokens' deletions. A 3-letter part is
    only looked up as a deletion of a longer listed one (HAI for HADI, IOR for IGOR);
    its own 2-letter deletions are other names, and shorter parts look up nothing."""
    if len(text) < 3:
        return []
    return list(deletions(text)) if len(text) >= 4 else [text]


def _index_forms(token: Token) -> list[str]:
    forms = [token.text]
    if token.particle:
        forms.append(token.merged)
    if token.raw and token.raw != token.text:
        forms.append(token.raw)
    return forms


def _halves(token: Token) -> tuple[str, str]:
    """ABUMOHAMED -> ABU, MOHAMED: a traveller may write only the head, or split it."""
    return token.text[:3], token.text[3:]


TokenKey = tuple[str, str, str]
PairKey = tuple[TokenKey, TokenKey] | tuple[int, ...]  # two query tokens, or the literal ids


def _token_key(token: Token) -> TokenKey:
    """What a token's expansion depends on."""
    return token.text, token.particle, token.raw


NameIds = NDArray[np.int32] | array  # numpy from bulk reads, array("i") from small ones
# What a token pair not yet read reads: the two tokens' expansions, or a name's literal ids.
UnreadPair = tuple[NDArray[np.int64], NDArray[np.int64]] | list[int]


def _labelled(
    labels: NDArray[np.integer], values: NDArray[np.int32], bits: int
) -> NDArray[np.integer]:
    """label << bits | value for values below 2**bits and labels ascending, in int32
    when that fits: numpy sorts int32 about a third faster than int64."""
    if not len(labels) or (int(labels[-1]) + 1) << bits <= 2**31:
        return (labels.astype(np.int32) << bits) | values
    return (labels.astype(np.int64) << bits) | values


def _by_group(labelled: NDArray[np.integer], bits: int) -> dict[int, NameIds]:
    """(group << bits | name id) values, grouped by group in ascending order -> name ids
    per group."""
    if not len(labelled):
        return {}
    groups = labelled >> bits
    starts = np.flatnonzero(_first_of_runs(groups))
    names = (labelled & ((1 << bits) - 1)).astype(np.int32)
    bounds = [*starts.tolist(), len(names)]
    return {
        group: names[bounds[k] : bounds[k + 1]] for k, group in enumerate(groups[starts].tolist())
    }


def _packed_few(unread: dict[PairKey, UnreadPair]) -> NDArray[np.int64]:
    """`_packed_products` and the literal pairs in plain Python, sorted and distinct,
    for the usual few dozen id pairs (numpy's per-call cost is more than the work)."""
    packed: set[int] = set()
    for group, value in enumerate(unread.values()):
        label = group << (2 * _ID_BITS)
        if isinstance(value, list):
            packed.update(
                label | (low << _ID_BITS) | high
                for i, low in enumerate(value)
                for high in value[i + 1 :]
            )
            continue
        left, right = value[0].tolist(), value[1].tolist()
        packed.update(
            label | ((a << _ID_BITS) | b if a < b else (b << _ID_BITS) | a)
            for a in left
            for b in right
            if a != b
        )
    return np.array(sorted(packed), np.int64)


def _packed_products(
    expanded: list[tuple[int, NDArray[np.int64], NDArray[np.int64]]],
) -> NDArray[np.int64]:
    """Every id of `left` paired with every id of `right`, for each (group, left, right),
    packed as group << 48 | lower id << 24 | higher id (equal ids dropped),
    without a Python loop over the id pairs."""
    groups = np.array([group for group, _, _ in expanded], np.int64)
    lefts = [left for _, left, _ in expanded]
    rights = [right for _, _, right in expanded]
    rows = np.array([len(ids) for ids in lefts], np.int64)
    columns = np.array([len(ids) for ids in rights], np.int64)
    sizes = rows * columns
    product = np.repeat(np.arange(len(expanded)), sizes)
    within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = columns[product]
    a = np.concatenate(lefts)[(np.cumsum(rows) - rows)[product] + within // width]
    b = np.concatenate(rights)[(np.cumsum(columns) - columns)[product] + within % width]
    low, high = np.minimum(a, b), np.maximum(a, b)
    label = groups[product] << (2 * _ID_BITS)
    return (label | (low << _ID_BITS) | high)[low != high]


def _first_entries(
    travellers: NDArray[np.int64], entries: NDArray[np.int32], room: int
) -> NDArray[np.bool_]:
    """Rows (traveller ascending, best name first) whose entry is among the first `room`
    distinct entries of its traveller: `NameIndex._by_entry` over many travellers."""
    count = len(entries)
    key = (travellers << 32) | entries
    order = np.argsort(key, kind="stable")  # a pair's first row comes first
    first = _first_of_runs(key[order])
    run_start = order[np.maximum.accumulate(np.where(first, np.arange(count), 0))]
    first_row = np.empty(count, np.int64)
    first_row[order] = run_start  # each row -> the row where its entry first appears
    new = np.zeros(count, np.int64)
    new[order[first]] = 1
    seen = np.cumsum(new)  # distinct entries up to each row, over all travellers
    traveller_start = np.flatnonzero(_first_of_runs(travellers))
    before = np.repeat(
        seen[traveller_start] - new[traveller_start], np.diff(np.append(traveller_start, count))
    )
    return (seen - before)[first_row] <= room


def _packed_many(unread: dict[PairKey, UnreadPair]) -> NDArray[np.int64]:
    """The posting keys of the unread pairs, labelled with their group, sorted and
    distinct (`_packed_products` for the expansions, the few literal ids in Python)."""
    packed = [np.zeros(0, np.int64)]
    expanded = [
        (group, *value) for group, value in enumerate(unread.values()) if isinstance(value, tuple)
    ]
    if expanded:
        packed.append(_packed_products(expanded))
    for group, value in enumerate(unread.values()):
        if isinstance(value, list):  # literal ids: few, paired in Python
            label = group << (2 * _ID_BITS)
            literal_pairs = [
                label | (low << _ID_BITS) | high
                for i, low in enumerate(value)
                for high in value[i + 1 :]
            ]
            packed.append(np.array(literal_pairs, np.int64))
    return _distinct(np.concatenate(packed))


def _query_pairs(keys: list[TokenKey], literal: list[int]) -> tuple[list[PairKey], list[int]]:
    """A query name's token pairs as cache keys (lower token first), each with its group
    (i * width + j for tokens i < j); its literal ids, two or more, are one more pair,
    group width * width."""
    width = len(keys)
    pairs: list[PairKey] = [
        (a, b) if a <= b else (b, a) for i, a in enumerate(keys) for b in keys[i + 1 :]
    ]
    groups = [i * width + j for i in range(width) for j in range(i + 1, width)]
    if len(literal) >= 2:
        pairs.append(tuple(literal))
        groups.append(width * width)
    return pairs, groups


@dataclass(slots=True)
class Candidate:
    entry: int
    names: list[int]  # alias positions within the entry that were hit
    hits: int


class NameIndex:
    """Build once from all list names; ask `candidates(query_names, documents)` per traveller."""

    def __init__(
        self, *, per_key_cap: int = 300, budget: int = 1500, max_entries: int = 12
    ) -> None:
        self.per_key_cap = per_key_cap
        self.budget = budget
        self.max_entries = max_entries
        self.vocabulary: dict[str, int] = {}
        self._texts: list[str] = []
        # A token's expansion, and those of its ids that head a mononym posting (few).
        self._expansions: dict[TokenKey, tuple[NDArray[np.int64], tuple[int, ...]]] = {}
        # Names under a pair of query tokens depend on the two tokens only, and common
        # pairs (JOSE GARCIA, WANG LI) recur in most flights: the costliest reads, once.
        self._pair_hits: dict[PairKey, NameIds] = {}
        self._pair_hits_size = 0
        self._phonetic: dict[str, list[int]] = {}
        self._skeleton: dict[str, list[int]] = {}
        self._variants: dict[int, list[int]] = {}
        self._name_entry = np.zeros(0, np.int32)
        self._name_alias = np.zeros(0, np.int16)
        self._name_length = np.zeros(0, np.int8)
        # The same three arrays as memoryviews: items read one by one as Python ints.
        self._name_views = self._views()
        self._name_bits = 1  # name ids are below 2**_name_bits
        self._pairs = _Csr(np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int32))
        self._mononyms = self._pairs
        self._mononym_ids: frozenset[int] = frozenset()
        self._deletes = self._pairs
        self._documents: dict[str, list[int]] = {}
        self._folded: dict[str, list[int]] = {}

    # -- building -------------------------------------------------------------------------
    def _token_id(self, text: str, abjad: bool) -> int:
        token_id = self.vocabulary.get(text)
        if token_id is None:
            token_id = self.vocabulary[text] = len(self.vocabulary)
            self._texts.append(text)
            self._phonetic.setdefault(phonetic_key(text), []).append(token_id)
            for group in variant_groups(text):
                self._variants.setdefault(group, []).append(token_id)
        if abjad:
            bucket = self._skeleton.setdefault(skeleton(text), [])
            if token_id not in bucket:
                bucket.append(token_id)
        return token_id

    def _name_token_ids(self, name: NormalisedName) -> list[int]:
        tokens = [t for t in name.tokens if not t.is_initial][:MAX_TOKENS_PER_NAME]
        ids = [self._token_id(form, t.abjad) for t in tokens for form in _index_forms(t)]
        # ABUMOHAMED is found by a traveller who wrote only its head (ABU / AL ADNANI).
        ids += [self._token_id(half, False) for t in tokens if t.compound for half in _halves(t)]
        for left, right in zip(tokens, tokens[1:], strict=False):
            if len(left.text) <= SHORT_SYLLABLE and len(right.text) <= SHORT_SYLLABLE:
                ids.append(self._token_id(left.text + right.text, False))
        return sorted(set(ids))

    def build(
        self,
        names: Iterable[tuple[int, int, NormalisedName]],
        documents: Iterable[tuple[int, str]] = (),
    ) -> NameIndex:
        """Index (entry, alias position, name) triples and (entry, document number) pairs."""
        pair_keys: list[int] = []
        pair_names: list[int] = []
        pair_lengths: list[int] = []
        mono_keys: list[int] = []
        mono_names: list[int] = []
        name_entry: list[int] = []
        name_alias: list[int] = []
        name_length: list[int] = []
        for entry, alias, name in names:
            ids = self._name_token_ids(name)
            if not ids:
                continue
            name_id = len(name_entry)
            name_entry.append(entry)
            name_alias.append(alias)
            name_length.append(min(len(name.tokens), 127))
            if len(ids) == 1 or len(name.tokens) == 1:
                mono_keys += ids
                mono_names += [name_id] * len(ids)
            width = len(ids)
            for i in range(width):
                base = ids[i] << 32
                for j in range(i + 1, width):
                    pair_keys.append(base | ids[j])
                    pair_names.append(name_id)
                    pair_lengths.append(len(name.tokens))
        self._name_entry = np.array(name_entry, np.int32)
        self._name_alias = np.array(name_alias, np.int16)
        self._name_length = np.array(name_length, np.int8)
        self._name_views = self._views()
        self._name_bits = max(1, len(name_entry).bit_length())
        self._pairs = _Csr.build(
            np.array(pair_keys, np.int64),
            np.array(pair_names, np.int32),
            np.array(pair_lengths, np.int8),
        )
        self._mononyms = _Csr.build(np.array(mono_keys, np.int64), np.array(mono_names, np.int32))
        self._mononym_ids = frozenset(self._mononyms.keys.tolist())
        if len(self.vocabulary) > _ID_MASK:
            raise ValueError(f"more than {_ID_MASK:,} distinct name tokens: split the list")
        self._build_deletes()
        return self.add_documents(documents)

    def _views(self) -> tuple[memoryview, memoryview, memoryview]:
        return self._name_entry.data, self._name_alias.data, self._name_length.data

    def add_documents(self, documents: Iterable[tuple[int, str]]) -> NameIndex:
        """Map (entry, document number) pairs, exact and OCR-folded."""
        for entry, number in documents:
            if key := document_key(number):
                self._documents.setdefault(key, []).append(entry)
                self._folded.setdefault(ocr_fold(key), []).append(entry)
        return self

    def _build_deletes(self) -> None:
        keys: list[int] = []
        ids: list[int] = []
        for text, token_id in self.vocabulary.items():
            if len(text) >= 4:
                forms = deletions(text) - {text}
                keys += [_hash(form) for form in forms]
                ids += [token_id] * len(forms)
        self._deletes = _Csr.build(np.array(keys, np.int64), np.array(ids, np.int32))

    # -- querying -------------------------------------------------------------------------
    def expand(self, token: Token) -> NDArray[np.int64]:
        """Vocabulary ids a query token could stand for (see `_expand`)."""
        return self._expanded(_token_key(token), token)[0]

    def _expanded(self, key: TokenKey, token: Token) -> tuple[NDArray[np.int64], tuple[int, ...]]:
        """Cached `_expand`, with the ids among it that have mononym postings: common
        tokens (MOHAMMED, WANG) recur in most queries, and most ids head no mononym."""
        found = self._expansions.get(key)
        if found is None:
            self._expand_all((token,))
            found = self._expansions[key]
        return found

    def _store_expansion(
        self, key: TokenKey, ids: list[int]
    ) -> tuple[NDArray[np.int64], tuple[int, ...]]:
        """Cache a token's expansion with those of its ids that head a mononym posting."""
        if len(self._expansions) >= EXPANSION_CACHE:
            self._expansions.clear()
        mononyms = tuple(i for i in ids if i in self._mononym_ids)
        found = self._expansions[key] = (np.array(ids, np.int64), mononyms)
        return found

    def _expand_all(self, tokens: Iterable[Token]) -> None:
        """Expand the tokens the cache lacks, their one-edit lookups (`_deletes`) in one
        `searchsorted` for all of them (a flight's new tokens at once)."""
        missing: dict[TokenKey, Token] = {}
        for token in tokens:
            key = _token_key(token)
            if key not in self._expansions:
                missing.setdefault(key, token)
        if not missing:
            return
        forms_of = [_deletion_forms(token.text) for token in missing.values()]
        hashed = np.array([_hash(form) for forms in forms_of for form in forms], np.int64)
        found = self._deletes.lookup(hashed)
        start = 0
        for (key, token), forms in zip(missing.items(), forms_of, strict=True):
            slices = [hit for hit in found[start : start + len(forms)] if hit is not None]
            start += len(forms)
            self._store_expansion(key, self._expand(token, forms, slices))

    def _expand(self, token: Token, forms: list[str], slices: list[tuple[int, int]]) -> list[int]:
        """Vocabulary ids a query token could stand for: literal forms first, then the
        closest (by Jaro-Winkler) of its variants, phonetic, skeleton and one-edit
        neighbours, at most `MAX_EXPANSION` in all (short phonetic keys are crowded).
        `forms`: the token's `_deletion_forms`, `slices`: the `_deletes` postings they
        hit (looked up by `_expand_all`)."""
        literal = [
            v for form in _index_forms(token) if (v := self.vocabulary.get(form)) is not None
        ]
        text = token.text
        found: set[int] = set()
        for group in variant_groups(text):
            found.update(self._variants.get(group, ()))
        found.update(self._phonetic.get(phonetic_key(text), ()))
        found.update(self._skeleton.get(skeleton(text), ()))
        found.update(v for f in forms if (v := self.vocabulary.get(f)) is not None)
        for start, end in slices:
            found.update(self._deletes.values[start:end].tolist())
        found.difference_update(literal)
        room = MAX_EXPANSION - len(literal)
        if len(found) > room:
            ranked = process.extract(
                text, {i: self._texts[i] for i in found}, scorer=JaroWinkler.similarity, limit=room
            )
            return literal + [key for _, _, key in ranked]
        return literal + sorted(found)

    def _query_tokens(self, name: NormalisedName) -> list[Token]:
        tokens = [t for t in name.tokens if not t.is_initial][:MAX_TOKENS_PER_NAME]
        extra = [
            Token(text=left.text + right.text)
            for left, right in zip(tokens, tokens[1:], strict=False)
            if len(left.text) <= SHORT_SYLLABLE and len(right.text) <= SHORT_SYLLABLE
        ]
        for token in tokens:  # AMERZUHEIR -> AMER + ZUHEIR, when both are listed tokens
            extra += self._split(token.text)
        return tokens + extra

    def _split(self, text: str) -> list[Token]:
        if len(text) < 5:
            return []
        for cut in range(2, len(text) - 1):
            if text[:cut] in self.vocabulary and text[cut:] in self.vocabulary:
                return [Token(text=text[:cut]), Token(text=text[cut:])]
        return []

    def _read_groups(
        self,
        csr: _Csr,
        groups: NDArray[np.int64],
        keys: NDArray[np.int64],
        *,
        distinct: bool = True,
    ) -> dict[int, NameIds]:
        """Name ids under each group's keys: per group, keys are read rare first, each
        gives at most `per_key_cap` names and reading stops once `budget` names are in.
        With `distinct` a name counts once per group; without, the name ids as read.
        `groups` ascending, `keys` sorted within groups. Groups that read nothing are
        left out."""
        if not len(keys) or not len(csr.keys):
            return {}
        positions, hit = csr.find(keys)
        positions, groups = positions[hit], groups[hit]
        if not len(positions):
            return {}
        if len(positions) <= FEW_POSTINGS:
            few = self._read_few(csr, positions.tolist(), groups.tolist(), distinct=distinct)
            if few is not None:
                return few
        starts = csr.offsets[positions]
        lengths = csr.offsets[positions + 1] - starts
        if lengths.sum() < self.budget and lengths.max() <= self.per_key_cap:
            values = csr.values[_ranges(starts, lengths)]  # nothing capped: read all
            labelled = _labelled(np.repeat(groups, lengths), values, self._name_bits)
            return _by_group(_distinct(labelled) if distinct else labelled, self._name_bits)
        order = np.lexsort((lengths, groups))  # stable: equal lengths keep key order
        starts, lengths, groups = starts[order], lengths[order], groups[order]
        taken = np.minimum(lengths, self.per_key_cap)
        read_before = np.cumsum(taken) - taken
        if groups[0] != groups[-1]:  # more than one group: count within each
            first = np.flatnonzero(groups[1:] != groups[:-1]) + 1
            starts_of = np.concatenate([[0], first])
            sizes = np.diff(np.concatenate([starts_of, [len(groups)]]))
            read_before -= np.repeat(read_before[starts_of], sizes)
        wanted = read_before < self.budget
        starts, taken, groups = starts[wanted], taken[wanted], groups[wanted]
        values = csr.values[_ranges(starts, taken)]
        labelled = _labelled(np.repeat(groups, taken), values, self._name_bits)
        return _by_group(_distinct(labelled) if distinct else labelled, self._name_bits)

    def _read_few(
        self, csr: _Csr, positions: list[int], groups: list[int], *, distinct: bool
    ) -> dict[int, NameIds] | None:
        """`_read_groups` for a few postings, in plain Python: the same keys read in the
        same order (rare first, stable), the same caps, the same names. None when they
        hold more than `FEW_NAMES` names in all (numpy copies those faster)."""
        offsets, values = csr.offsets.data, csr.values.data
        postings: dict[int, list[tuple[int, int]]] = {}
        total = 0
        for position, group in zip(positions, groups, strict=True):
            start = offsets[position]
            postings.setdefault(group, []).append((offsets[position + 1] - start, start))
            total += offsets[position + 1] - start
        if total > FEW_NAMES:
            return None
        read: dict[int, NameIds] = {}
        for group, found in postings.items():
            found.sort(key=itemgetter(0))  # stable: equal lengths keep key order
            names: list[int] = []
            for length, start in found:
                if len(names) >= self.budget:
                    break
                names += values[start : start + min(length, self.per_key_cap)]
            read[group] = array("i", set(names) if distinct else names)
        return read

    def _add_unread(
        self,
        unread: dict[PairKey, UnreadPair],
        pairs: list[PairKey],
        groups: list[int],
        expansions: list[NDArray[np.int64]],
        literal: list[int],
    ) -> None:
        """Add to `unread` the pairs (`_query_pairs` of one name) neither cached nor in it
        yet, each with what it reads."""
        count = len(expansions)
        for pair, group in zip(pairs, groups, strict=True):
            if pair in self._pair_hits or pair in unread:
                continue
            if group == count * count:
                unread[pair] = literal
            else:
                unread[pair] = (expansions[group // count], expansions[group % count])

    def _name_keys(
        self, tokens: list[Token]
    ) -> tuple[list[NDArray[np.int64]], list[TokenKey], list[int], set[int]]:
        """What a query name (its `_query_tokens`) reads: its tokens' expansions and keys,
        its literal ids, and the ids among its expansions that head a mononym posting."""
        expansions: list[NDArray[np.int64]] = []
        keys: list[TokenKey] = []
        mononyms: set[int] = set()
        for token in tokens:
            key = _token_key(token)
            ids, heads = self._expanded(key, token)
            if len(ids):
                expansions.append(ids)
                keys.append(key)
                mononyms.update(heads)
        literal = sorted({i for t in tokens if (i := self.vocabulary.get(t.text)) is not None})
        return expansions, keys, literal, mononyms

    def _mononym_hits(self, mononyms: set[int]) -> list[NameIds]:
        """Names under the mononym postings of these ids, a name once per id it is under."""
        if not mononyms:
            return []
        keys = np.array(sorted(mononyms), np.int64)
        groups = np.zeros(len(keys), np.int64)
        return list(self._read_groups(self._mononyms, groups, keys, distinct=False).values())

    def candidates(
        self, names: list[NormalisedName], documents: Sequence[str] = ()
    ) -> list[Candidate]:
        """Entries worth scoring for a traveller, best-evidenced first.

        Evidence is counted per pair of query tokens (a name agreeing on three query
        parts is hit by three pairs), not per posting key: a common token with many
        spellings must not outrank a name that agrees on more parts.
        """
        (hits,), (width,) = self._hits_of([names])
        return self._with_documents(self._rank(hits, width), documents)

    def candidates_many(
        self, queries: Sequence[tuple[list[NormalisedName], Sequence[str]]]
    ) -> list[list[Candidate]]:
        """`candidates` for many travellers (a flight) at once: the same candidates.

        The token pairs no traveller's cache entry holds are read in one go (a pair
        two travellers share is read once), and all travellers are ranked together:
        the numpy calls that dominate one traveller's lookup are paid once a batch.
        """
        hits_of, widths = self._hits_of([names for names, _ in queries])
        ranked = self._rank_many(hits_of, widths)
        return [
            self._with_documents(found, documents)
            for found, (_, documents) in zip(ranked, queries, strict=True)
        ]

    def _hits_of(
        self, names_of: Sequence[list[NormalisedName]]
    ) -> tuple[list[list[NameIds]], list[int]]:
        """Each traveller's hits (name ids under each pair of its query tokens, cached
        or read now, and under its mononym postings) and the width its ranking compares
        name lengths with. New tokens are expanded, and the pairs no cache entry holds
        read, in one go for all the travellers."""
        plans: list[tuple[list[PairKey], list[NameIds], int]] = []
        unread: dict[PairKey, UnreadPair] = {}
        tokens_of = [[self._query_tokens(name) for name in names] for names in names_of]
        self._expand_all(token for tokens in tokens_of for name in tokens for token in name)
        for names, name_tokens in zip(names_of, tokens_of, strict=True):
            pairs: list[PairKey] = []
            mononym_hits: list[NameIds] = []
            width = 2
            for name, tokens in zip(names, name_tokens, strict=True):
                width = max(width, len(name.tokens))
                expansions, keys, literal, mononyms = self._name_keys(tokens)
                name_pairs, groups = _query_pairs(keys, literal)
                pairs += name_pairs
                self._add_unread(unread, name_pairs, groups, expansions, literal)
                # Only ids that head a mononym posting can read one (most queries: none).
                mononym_hits += self._mononym_hits(mononyms)
            plans.append((pairs, mononym_hits, width))
        read = self._read_pairs(unread)
        hits_of = [
            [
                found if (found := read.get(pair)) is not None else self._pair_hits[pair]
                for pair in pairs
            ]
            + mononym_hits
            for pairs, mononym_hits, _ in plans
        ]
        self._cache_pairs(read)
        return hits_of, [width for _, _, width in plans]

    def _read_pairs(self, unread: dict[PairKey, UnreadPair]) -> dict[PairKey, NameIds]:
        """Distinct name ids under each of many token pairs (expansions) and literal id
        tuples, in one `_read_groups`: group k is the k-th pair, its keys every id of one
        expansion paired with every id of the other (or the literal ids pairwise)."""
        # Group labels must fit beside two token ids, and beside a name id in an int32.
        most = min(READ_GROUPS, 1 << max(0, 31 - self._name_bits))
        if len(unread) > most:
            items = list(unread.items())
            read: dict[PairKey, NameIds] = {}
            for start in range(0, len(items), most):
                read.update(self._read_pairs(dict(items[start : start + most])))
            return read
        if not unread:
            return {}
        pairs = list(unread)
        id_pairs = sum(len(v[0]) * len(v[1]) for v in unread.values() if isinstance(v, tuple))
        ordered = _packed_few(unread) if id_pairs <= FEW_ID_PAIRS else _packed_many(unread)
        keys = ((ordered >> _ID_BITS) & _ID_MASK) << 32 | (ordered & _ID_MASK)
        found = self._read_groups(self._pairs, ordered >> (2 * _ID_BITS), keys)
        empty = np.zeros(0, np.int32)
        return {pair: found.get(group, empty) for group, pair in enumerate(pairs)}

    def _cache_pairs(self, read: dict[PairKey, NameIds]) -> None:
        if self._pair_hits_size > PAIR_CACHE_NAMES:
            self._pair_hits.clear()
            self._pair_hits_size = 0
        for pair, hit in read.items():
            self._pair_hits[pair] = hit
            self._pair_hits_size += len(hit) + 64  # its dict slot, key and array header

    def _rank(self, hits: list[NameIds], width: int) -> list[Candidate]:
        """The traveller's best-evidenced entries: most query-token pairs first, then
        closest in name length, then lowest name id; at most `max_entries`."""
        total = sum(map(len, hits))
        if not total:
            return []
        if total > FEW_RANKED:
            return self._rank_numpy(hits, width)
        counts: Counter[int] = Counter()
        for found in hits:
            counts.update(found.tolist() if isinstance(found, np.ndarray) else found)
        top = max(counts.values())
        entry_of, alias_of, length = self._name_views
        ranked = sorted(
            counts.items(), key=lambda item: (top - item[1], abs(length[item[0]] - width), item[0])
        )
        return self._by_entry(
            [
                (entry_of[name], alias_of[name], count)
                for name, count in ranked[: self.max_entries * 4]
            ]
        )

    def _rank_numpy(self, hits: list[NameIds], width: int) -> list[Candidate]:
        """`_rank` for one traveller with many hits: fewer numpy calls than `_rank_many`."""
        ordered = _sorted(np.concatenate(hits))
        starts = np.flatnonzero(_first_of_runs(ordered))
        name_ids, counts = ordered[starts], np.diff(np.append(starts, len(ordered)))
        distance = np.abs(self._name_length[name_ids].astype(np.int64) - width)
        # Most query-token pairs first, then closest in length, then lowest name id:
        # one sortable int64, and only the best few of it sorted.
        order = (counts.max() - counts) << 40 | (distance << 32) | np.arange(len(counts))
        wanted = self.max_entries * 4
        if len(order) > wanted:
            order = order[np.argpartition(order, wanted - 1)[:wanted]]
        best = np.sort(order) & 0xFFFF_FFFF
        chosen = name_ids[best]
        rows = zip(
            self._name_entry[chosen].tolist(),
            self._name_alias[chosen].tolist(),
            counts[best].tolist(),
            strict=True,
        )
        return self._by_entry(list(rows))

    def _rank_many(self, hits_of: list[list[NameIds]], widths: list[int]) -> list[list[Candidate]]:
        """`_rank` for many travellers in a handful of numpy calls."""
        sizes = [sum(map(len, hits)) for hits in hits_of]
        flat = [found for hits in hits_of for found in hits if len(found)]
        if not flat:
            return [[] for _ in hits_of]
        bits = self._name_bits
        traveller = np.repeat(np.arange(len(hits_of)), sizes)
        labelled = _sorted(_labelled(traveller, np.concatenate(flat), bits))
        starts = np.flatnonzero(_first_of_runs(labelled))
        counts = np.diff(np.append(starts, len(labelled)))
        distinct = labelled[starts].astype(np.int64)
        travellers, name_ids = distinct >> bits, distinct & ((1 << bits) - 1)
        firsts = np.flatnonzero(_first_of_runs(travellers))
        most = np.maximum.reduceat(counts, firsts)
        runs = np.diff(np.append(firsts, len(travellers)))
        fewer = np.repeat(most, runs) - counts
        distance = np.abs(
            self._name_length[name_ids].astype(np.int64) - np.array(widths, np.int64)[travellers]
        )
        # Rows are in (traveller, name id) order: a stable sort on (traveller, fewer pairs,
        # distance) keeps the name ids ascending within ties, as `_rank` orders them.
        if int(fewer.max()) < 1 << 16:
            order = np.argsort((travellers << 24) | (fewer << 8) | distance, kind="stable")
        else:
            order = np.lexsort((name_ids, distance, fewer, travellers))
        place = np.arange(len(order)) - np.repeat(firsts, runs)  # rank within the traveller
        order = order[place < self.max_entries * 4]
        travellers, chosen, counts = travellers[order], name_ids[order], counts[order]
        entries = self._name_entry[chosen]
        kept = _first_entries(travellers, entries, self.max_entries)
        rows = zip(
            travellers[kept].tolist(),
            entries[kept].tolist(),
            self._name_alias[chosen[kept]].tolist(),
            counts[kept].tolist(),
            strict=True,
        )
        ranked: list[dict[int, Candidate]] = [{} for _ in hits_of]
        for traveller_number, entry, alias, count in rows:
            candidate = ranked[traveller_number].get(entry)
            if candidate is None:
                ranked[traveller_number][entry] = Candidate(entry, [alias], count)
            else:
                candidate.names.append(alias)
        return [list(found.values()) for found in ranked]

    def _by_entry(self, ranked: list[tuple[int, int, int]]) -> list[Candidate]:
        """(entry, alias, pair count) best first -> the first `max_entries` entries."""
        by_entry: dict[int, Candidate] = {}
        room = self.max_entries
        for entry, alias, count in ranked:
            candidate = by_entry.get(entry)
            if candidate is None:
                if len(by_entry) == room:
                    continue  # past the last entry kept: only its aliases still count
                candidate = by_entry[entry] = Candidate(entry, [alias], count)
            else:
                candidate.names.append(alias)
        return list(by_entry.values())

    def _with_documents(self, ranked: list[Candidate], documents: Sequence[str]) -> list[Candidate]:
        for number in documents:
            key = document_key(number)
            for entry in self._documents.get(key, []) + self._folded.get(ocr_fold(key), []):
                if all(c.entry != entry for c in ranked):
                    ranked.append(Candidate(entry, [], 0))  # all names: the document speaks
        return ranked

    def clear_caches(self) -> None:
        """Forget the token expansions and pair reads of earlier travellers (the same
        candidates, found again from the postings): measurements start equal with it."""
        self._expansions.clear()
        self._pair_hits.clear()
        self._pair_hits_size = 0

    @property
    def nbytes(self) -> int:
        """Bytes held in the numpy postings (Python dicts come on top)."""
        arrays = self._name_entry.nbytes + self._name_alias.nbytes + self._name_length.nbytes
        return arrays + self._pairs.nbytes + self._mononyms.nbytes + self._deletes.nbytes


__all__ = ["Candidate", "NameIndex"]
