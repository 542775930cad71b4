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

All postings are CSR arrays (sorted int64 keys, offsets, int32 name ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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

    def slices(self, wanted: NDArray[np.int64]) -> list[tuple[int, int]]:
        if not len(self.keys) or not len(wanted):
            return []
        positions = np.searchsorted(self.keys, wanted)
        positions[positions >= len(self.keys)] = 0
        hit = self.keys[positions] == wanted
        return [(int(self.offsets[p]), int(self.offsets[p + 1])) for p in positions[hit]]

    @property
    def nbytes(self) -> int:
        return self.keys.nbytes + self.offsets.nbytes + self.values.nbytes


def _hash(text: str) -> int:
    return hash(text) & 0x7FFF_FFFF_FFFF_FFFF


def _index_forms(token: Token) -> list[str]:
    forms = [token.text]
    if token.particle:
        forms.append(token.merged)
    if token.raw and token.raw != token.text:
        forms.append(token.raw)
    return forms


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
        self._expansions: dict[tuple[str, str, str], list[int]] = {}
        self._phonetic: dict[str, list[int]] = {}
        self._skeleton: dict[str, list[int]] = {}
        self._variants: dict[int, list[int]] = {}
        self._name_entry = np.zeros(0, np.int32)
        self._name_alias = np.zeros(0, np.int16)
        self._name_length = np.zeros(0, np.int8)
        self._pairs = _Csr(np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int32))
        self._mononyms = self._pairs
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
        self._pairs = _Csr.build(
            np.array(pair_keys, np.int64),
            np.array(pair_names, np.int32),
            np.array(pair_lengths, np.int8),
        )
        self._mononyms = _Csr.build(np.array(mono_keys, np.int64), np.array(mono_names, np.int32))
        self._build_deletes()
        return self.add_documents(documents)

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
    def expand(self, token: Token) -> list[int]:
        """Cached `_expand`: common tokens (MOHAMMED, WANG) recur in most queries."""
        key = (token.text, token.particle, token.raw)
        found = self._expansions.get(key)
        if found is None:
            if len(self._expansions) >= EXPANSION_CACHE:
                self._expansions.clear()
            found = self._expansions[key] = self._expand(token)
        return found

    def _expand(self, token: Token) -> list[int]:
        """Vocabulary ids a query token could stand for: literal forms first, then the
        closest (by Jaro-Winkler) of its variants, phonetic, skeleton and one-edit
        neighbours, at most `MAX_EXPANSION` in all (short phonetic keys are crowded)."""
        literal = [
            v for form in _index_forms(token) if (v := self.vocabulary.get(form)) is not None
        ]
        text = token.text
        found: set[int] = set()
        for group in variant_groups(text):
            found.update(self._variants.get(group, ()))
        found.update(self._phonetic.get(phonetic_key(text), ()))
        found.update(self._skeleton.get(skeleton(text), ()))
        if len(text) >= 4:
            forms = deletions(text)
            found.update(v for f in forms if (v := self.vocabulary.get(f)) is not None)
            hashed = np.array([_hash(form) for form in forms], np.int64)
            for start, end in self._deletes.slices(hashed):
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

    def _pair_keys(self, expansions: list[NDArray[np.int64]]) -> NDArray[np.int64]:
        keys = []
        for i in range(len(expansions)):
            for j in range(i + 1, len(expansions)):
                a, b = expansions[i], expansions[j]
                low, high = np.minimum.outer(a, b).ravel(), np.maximum.outer(a, b).ravel()
                keep = low != high
                keys.append((low[keep] << 32) | high[keep])
        return np.unique(np.concatenate(keys)) if keys else np.zeros(0, np.int64)

    def _read(self, csr: _Csr, wanted: NDArray[np.int64]) -> NDArray[np.int32]:
        slices = sorted(csr.slices(wanted), key=lambda s: s[1] - s[0])  # rare first
        chunks, total = [], 0
        for start, end in slices:
            end = min(end, start + self.per_key_cap)
            chunks.append(csr.values[start:end])
            total += end - start
            if total >= self.budget:
                break
        return np.concatenate(chunks) if chunks else np.zeros(0, np.int32)

    def candidates(
        self, names: list[NormalisedName], documents: Sequence[str] = ()
    ) -> list[Candidate]:
        """Entries worth scoring for a traveller, best-evidenced first.

        Evidence is counted per pair of query tokens (a name agreeing on three query
        parts is hit by three pairs), not per posting key: a common token with many
        spellings must not outrank a name that agrees on more parts.
        """
        hits: list[NDArray[np.int32]] = []
        width = 2
        for name in names:
            tokens = self._query_tokens(name)
            width = max(width, len(name.tokens))
            expansions = [np.array(e, np.int64) for t in tokens if (e := self.expand(t))]
            literal = {self.vocabulary.get(t.text) for t in tokens} - {None}
            exact = [np.array([token_id], np.int64) for token_id in literal]
            if len(exact) >= 2:  # literal agreement counts once more in the ranking
                hits.append(np.unique(self._read(self._pairs, self._pair_keys(exact))))
            for i in range(len(expansions)):
                for j in range(i + 1, len(expansions)):
                    keys = self._pair_keys([expansions[i], expansions[j]])
                    hits.append(np.unique(self._read(self._pairs, keys)))
            if expansions:
                hits.append(self._read(self._mononyms, np.unique(np.concatenate(expansions))))
        return self._rank(hits, width, documents)

    def _rank(
        self, hits: list[NDArray[np.int32]], width: int, documents: Sequence[str]
    ) -> list[Candidate]:
        by_entry: dict[int, Candidate] = {}
        if hits:
            name_ids, counts = np.unique(np.concatenate(hits), return_counts=True)
            distance = np.abs(self._name_length[name_ids].astype(np.int64) - width)
            best = np.lexsort((distance, -counts))[: self.max_entries * 4]
            for name_id, count in zip(name_ids[best].tolist(), counts[best].tolist(), strict=True):
                entry = int(self._name_entry[name_id])
                candidate = by_entry.setdefault(entry, Candidate(entry, [], count))
                candidate.names.append(int(self._name_alias[name_id]))
        ranked = list(by_entry.values())[: self.max_entries]
        for number in documents:
            key = document_key(number)
            for entry in self._documents.get(key, []) + self._folded.get(ocr_fold(key), []):
                if all(c.entry != entry for c in ranked):
                    ranked.append(Candidate(entry, [], 0))  # all names: the document speaks
        return ranked

    @property
    def nbytes(self) -> int:
        """Bytes held in the numpy postings (Python dicts come on top)."""
        arrays = self._name_entry.nbytes + self._name_alias.nbytes + self._name_length.nbytes
        return arrays + self._pairs.nbytes + self._mononyms.nbytes + self._deletes.nbytes


__all__ = ["Candidate", "NameIndex"]
