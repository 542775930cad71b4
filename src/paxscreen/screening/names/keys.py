"""Per-token keys that let different spellings of one name meet.

Four keys, each for a different way spellings drift:

- `phonetic_key`: our own Metaphone-like code for Latin spellings (MOHAMMED,
  MUHAMMAD, MAHOMET -> MHMT; GADDAFI, QADHAFI, KADAFI -> KTF). Voiced/voiceless
  pairs merge, vowels after the first letter go, an initial vowel becomes A.
- `skeleton`: consonants only, H/W/Y dropped after the first letter. Arabic and
  Hebrew script transliterate to skeletons (محمد -> MHMD), so this is the key that
  bridges scripts (MOHAMMED -> MMD -> MD = MHMD -> MD).
- `variant_groups`: hand-compiled groups of the same name across languages and
  romanisations (variants.txt), for pairs no rule can see (YUSUF / JOSEPH, KIM / GIM).
- `ocr_fold`: look-alike characters folded together, for document numbers read by
  OCR (O/0, I/1, S/5 ...): the MRZ is machine-read and misread the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_VOWELS = frozenset("AEIOU")
_DIGRAPHS = (
    ("X", "KS"),
    ("SCH", "X"),
    ("TCH", "X"),
    ("DZH", "J"),
    ("SH", "X"),
    ("CH", "X"),
    ("ZH", "J"),
    ("DJ", "J"),
    ("DZ", "J"),
    ("KH", "K"),
    ("GH", "K"),
    ("PH", "F"),
    ("TH", "T"),
    ("DH", "T"),
    ("CK", "K"),
    ("QU", "K"),
    ("TZ", "S"),
    ("TS", "S"),
    ("CE", "SE"),
    ("CI", "SI"),
    ("CY", "SI"),
)
# Voiced/voiceless and look-alike consonants share one class.
_CLASSES = str.maketrans(
    {"B": "P", "D": "T", "G": "K", "Q": "K", "C": "K", "V": "F", "W": "F", "Z": "S"}
)
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=400_000)
def phonetic_key(token: str) -> str:
    """A phonetic code for one normalised (A-Z) token."""
    if not token:
        return ""
    text = token
    for digraph, replacement in _DIGRAPHS:
        text = text.replace(digraph, replacement)
    text = text.translate(_CLASSES)
    first = (
        "A"
        if text[0] in _VOWELS or (text[0] == "Y" and len(text) > 1 and text[1] not in _VOWELS)
        else text[0]
    )
    out = [first]
    for index in range(1, len(text)):
        char = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        if char in _VOWELS or char == "Y":
            continue
        if char == "H" and following not in _VOWELS:
            continue  # SALEH = SALIH = SAL; H counts only before a vowel
        out.append(char)
    return _REPEATS.sub(r"\1", "".join(out))


@lru_cache(maxsize=400_000)
def skeleton(token: str) -> str:
    """Consonant skeleton: first letter (initial vowels dropped), then consonants but H/W/Y."""
    stripped = token.lstrip("AEIOU") or token
    rest = "".join(char for char in stripped[1:] if char not in _VOWELS and char not in "HWY")
    return _REPEATS.sub(r"\1", (stripped[0] + rest).translate(_CLASSES)) if stripped else ""


def _load_variant_groups() -> dict[str, tuple[int, ...]]:
    from paxscreen.screening.names.normalise import tokenise

    text = resources.files("paxscreen.screening.names").joinpath("variants.txt").read_text()
    groups: dict[str, list[int]] = {}
    for group_id, line in enumerate(text.splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        for spelling in line.split():
            for token in tokenise(spelling):
                groups.setdefault(token.text, []).append(group_id)
    return {spelling: tuple(sorted(set(ids))) for spelling, ids in groups.items()}


_VARIANT_GROUPS: dict[str, tuple[int, ...]] | None = None


def variant_groups(token: str) -> tuple[int, ...]:
    """Ids of the name-variant groups a token belongs to (empty when none)."""
    global _VARIANT_GROUPS
    if _VARIANT_GROUPS is None:
        _VARIANT_GROUPS = _load_variant_groups()
    return _VARIANT_GROUPS.get(token, ())


def are_variants(token_a: str, token_b: str) -> bool:
    groups_a = variant_groups(token_a)
    return bool(groups_a) and not set(groups_a).isdisjoint(variant_groups(token_b))


_OCR_FOLD = str.maketrans(
    {
        "O": "0",
        "Q": "0",
        "D": "0",
        "I": "1",
        "L": "1",
        "Z": "2",
        "S": "5",
        "G": "6",
        "B": "8",
        "U": "V",
    }
)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def document_key(number: str) -> str:
    """Upper case, letters and digits only: the exact form of a document number."""
    return _NOT_ALNUM.sub("", number.upper())


def ocr_fold(number: str) -> str:
    """Fold OCR look-alikes (O/Q/D->0, I/L->1, Z->2, S->5, G->6, B->8) after `document_key`."""
    return document_key(number).translate(_OCR_FOLD)


def deletions(token: str, *, distance: int = 1) -> set[str]:
    """Symmetric-delete neighbourhood: every string reachable by deleting up to `distance` chars.

    Two tokens within one edit share at least one deletion form, which turns fuzzy
    lookup into exact dictionary lookups (SymSpell).
    """
    forms = {token}
    frontier = {token}
    for _ in range(distance):
        frontier = {word[:i] + word[i + 1 :] for word in frontier for i in range(len(word))}
        forms |= frontier
    return forms


__all__ = [
    "are_variants",
    "deletions",
    "document_key",
    "ocr_fold",
    "phonetic_key",
    "skeleton",
    "variant_groups",
]
