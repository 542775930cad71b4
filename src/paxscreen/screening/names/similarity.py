"""How well two names agree, token by token, in discrete and explainable levels.

A name score is not one string distance: it is an alignment of tokens, order-free,
where each aligned pair has a named level (exact, variant, typo, phonetic ...) and
each level a fixed similarity. Levels make the explanation honest ("MOHAMMED =
MUHAMMAD by variant group") and keep the score stable when a library changes.

Asymmetry: a passenger's token the list lacks costs more than a list token the
passenger lacks (lists pile up middle names, kunyas and nisbas; passports do not),
and the cost of missing list tokens is capped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from paxscreen.screening.names.keys import are_variants, phonetic_key, skeleton
from paxscreen.screening.names.normalise import HEAD_FORMS, NormalisedName, Role, Token


class Agreement(StrEnum):
    EXACT = "exact"
    VARIANT = "variant"  # same name-variant group (MOHAMMED / MUHAMMAD)
    MERGED = "merged"  # split/merged compound or particle (AL SAUD / ALSAUD, XI JIN PING)
    TYPO = "typo"  # one edit
    PHONETIC = "phonetic"  # same phonetic key, plausible spelling
    PREFIX = "prefix"  # truncated (MRZ name field is cut at 39 characters)
    HALF = "compound_half"  # the second half of a compound alone: MANAN / ABD AL-MANAN
    SKELETON = "skeleton"  # same consonant skeleton (Arabic/Hebrew script)
    FUZZY = "fuzzy"  # two edits in a long token
    INITIAL = "initial"  # an initial that fits
    HEAD = "head"  # a bare ABD / ABU against a compound it begins (ABU / ABU MOHAMED)
    WEAK = "weak"  # sounds alike or one letter off in a short name: another name as often
    NONE = "none"


SIMILARITY = {
    Agreement.EXACT: 1.0,
    Agreement.VARIANT: 0.95,
    Agreement.MERGED: 0.95,
    Agreement.TYPO: 0.9,
    Agreement.PHONETIC: 0.85,
    Agreement.PREFIX: 0.85,
    Agreement.HALF: 0.8,
    Agreement.SKELETON: 0.85,
    Agreement.FUZZY: 0.75,
    Agreement.INITIAL: 0.6,
    Agreement.HEAD: 0.6,
    Agreement.WEAK: 0.6,
    Agreement.NONE: 0.0,
}
# Weak levels never count as an agreeing name part on their own: they support a match
# that a surname and an exact date of birth make (see score.py), nothing more.
WEAK_LEVELS = frozenset({Agreement.INITIAL, Agreement.HEAD, Agreement.WEAK})
STRONG = frozenset(SIMILARITY) - WEAK_LEVELS - {Agreement.NONE}

FAMILY_WEIGHT = 1.3  # a surname carries more evidence than a given name
INITIAL_WEIGHT = 0.3
MISSING_IN_QUERY_WEIGHT = 0.35  # list token the traveller does not have
MISSING_IN_QUERY_CAP = 0.5  # ... and at most this much in total
EXTRA_IN_QUERY_WEIGHT = 0.6  # traveller token the list entry does not have
CONTRADICTION_WEIGHT = 0.5  # ... while the entry has one the traveller does not have
ROLE_SWAP_FACTOR = 0.9  # given <-> family swapped (both sides structured)
NASAB_SWAP_FACTOR = 0.65  # "A bin B" against "B bin A": father and son are not one person
SKELETON_MIN_CONSONANTS = 2  # one consonant off a one-consonant skeleton (L) is any name


_VOWEL_SLOTS = re.compile("[AEIOUY]")


@lru_cache(maxsize=500_000)
def compare_texts(a: str, b: str, abjad: bool = False) -> Agreement:
    """Agreement level of two normalised tokens (`abjad`: one came from Arabic/Hebrew)."""
    if a == b:
        return Agreement.EXACT
    if len(a) == 1 or len(b) == 1:
        return Agreement.INITIAL if a[0] == b[0] else Agreement.NONE
    head, other = (a, b) if a in HEAD_FORMS else (b, a)
    if head in HEAD_FORMS:
        if len(other) > len(head) + 2 and other.startswith(head):
            return Agreement.HEAD
        if not abjad:
            return Agreement.NONE  # ABD is no spelling of ABID
    if are_variants(a, b):
        return Agreement.VARIANT
    shorter = min(len(a), len(b))
    if abjad:
        return _compare_skeletons(skeleton(a), skeleton(b), shorter)
    distance = OSA.distance(a, b, score_cutoff=2)
    same_start = a[0] == b[0]
    # One edit is a typo in a long token; in a 4-letter token it is often another name
    # (KANG / WANG / FANG), so only a weak agreement, and only with the same first letter.
    if distance == 1 and (shorter >= 7 or (shorter >= 5 and same_start)):
        return Agreement.TYPO
    if distance == 1 and shorter >= 4 and Levenshtein.distance(a, b) == 2:
        return Agreement.TYPO  # two neighbours swapped, even the first two: HKALIL / KHALIL
    jaro = JaroWinkler.similarity(a, b)
    if (
        phonetic_key(a) == phonetic_key(b)
        and shorter >= 3
        and (jaro >= 0.87 or (same_start and _VOWEL_SLOTS.sub("*", a) == _VOWEL_SLOTS.sub("*", b)))
    ):
        return Agreement.PHONETIC  # vowel drift keeps the consonants: UMER / UMAR, KYM / KIM
    if (
        shorter >= 4
        and (a.startswith(b) or b.startswith(a))
        and shorter / max(len(a), len(b)) >= 0.6
    ):
        return Agreement.PREFIX
    if distance == 1 and same_start and shorter >= 4 and len(a) != len(b):
        return Agreement.FUZZY  # a letter lost or gained in a short name: OKOT / OSKOT
    if same_start and (distance == 2 and shorter >= 8 or (jaro >= 0.93 and shorter >= 6)):
        return Agreement.FUZZY
    if shorter >= 5 and skeleton(a) == skeleton(b) and jaro >= 0.9:
        return Agreement.SKELETON
    if shorter >= 3 and (
        (distance == 1 and same_start) or (phonetic_key(a) == phonetic_key(b) and jaro >= 0.8)
    ):
        return Agreement.WEAK  # PETR / PGTR, IYAD / IWAD, BADI / BADEE, CHOE / COE
    return Agreement.NONE


def _compare_skeletons(a: str, b: str, shorter: int) -> Agreement:
    """Latin against Arabic/Hebrew script: consonant skeletons (MHMD = MOHAMMED).

    One consonant off counts only between skeletons of two or more: RL is no slip of L
    (RAHUL against LLH, Allah), one edit from a single consonant is any name at all.
    (Asking more, three consonants or the same first one, also drops true cross-script
    pairs: `bench names-pairs` cross_script 0.85 -> 0.58-0.77.)
    """
    if a == b or (a[:1] == "L" and a[1:] == b) or (b[:1] == "L" and b[1:] == a):
        return Agreement.SKELETON  # Arabic script writes the article on: LSDY = SAADI
    if min(len(a), len(b)) >= SKELETON_MIN_CONSONANTS:
        return Agreement.FUZZY if OSA.distance(a, b) <= 1 < shorter else Agreement.NONE
    return Agreement.NONE


def _is_half_of(part: Token, compound: Token) -> bool:
    return compound.compound and len(part.text) >= 4 and compound.text[3:] == part.text


def compare_tokens(a: Token, b: Token) -> Agreement:
    if a.text == b.text:
        return Agreement.EXACT
    level = compare_texts(a.text, b.text, a.abjad or b.abjad)
    if level in (Agreement.EXACT, Agreement.VARIANT, Agreement.TYPO):
        return level
    if not (a.compound or b.compound or a.raw or b.raw or a.particle or b.particle):
        # Plain tokens: no compound halves, no compound as written, and merged forms
        # are the texts themselves (which differ): the text level is the answer.
        return level
    return _compare_compound_forms(a, b, level)


def _compare_compound_forms(a: Token, b: Token, level: Agreement) -> Agreement:
    """`compare_tokens` for tokens with a particle, a compound or a written form."""
    if _is_half_of(a, b) or _is_half_of(b, a):
        return Agreement.HALF
    if (a.raw or b.raw) and compare_texts(a.raw or a.text, b.raw or b.text) is Agreement.TYPO:
        return Agreement.TYPO  # a typo inside a compound as written: BADOLLAHI / ABDOLLAHI
    if (
        (a.particle or b.particle)
        and compare_texts(a.merged, b.merged) in (Agreement.EXACT, Agreement.TYPO)
        or a.merged == b.text
        or b.merged == a.text
    ):
        return Agreement.MERGED
    return level


@dataclass(frozen=True, slots=True)
class TokenMatch:
    query: tuple[Token, ...]
    entry: tuple[Token, ...]
    agreement: Agreement

    @property
    def similarity(self) -> float:
        return SIMILARITY[self.agreement]

    def describe(self) -> str:
        left = "+".join(token.text for token in self.query)
        right = "+".join(token.text for token in self.entry)
        return f"{left}={right} {self.agreement.value}" if left != right else f"{left} exact"


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    matches: tuple[TokenMatch, ...]
    extra_in_query: tuple[Token, ...]
    missing_in_query: tuple[Token, ...]
    notes: tuple[str, ...]
    strong_matches: int = 0  # name parts agreeing by more than an initial (compound = 2)
    parts: int = 0  # name parts on the longer side: what one agreeing part is measured against
    entry_texts: tuple[str, ...] = ()  # the entry's agreeing tokens


def _count_parts(
    matches: tuple[TokenMatch, ...], extra: tuple[Token, ...], missing: tuple[Token, ...]
) -> tuple[int, int]:
    strong = matched_q = matched_e = 0
    for match in matches:
        query_parts = sum([2 if t.compound else 1 for t in match.query])
        entry_parts = sum([2 if t.compound else 1 for t in match.entry])
        matched_q += query_parts
        matched_e += entry_parts
        if match.agreement in STRONG:
            strong += max(entry_parts, query_parts)
    extra_parts = sum([2 if t.compound else 1 for t in extra])
    missing_parts = sum([2 if t.compound else 1 for t in missing])
    return strong, max(matched_q + extra_parts, matched_e + missing_parts)


def _weight(token: Token) -> float:
    text = token.text
    if len(text) == 1 or (not token.compound and text in HEAD_FORMS):  # initial or bare head
        return INITIAL_WEIGHT
    return FAMILY_WEIGHT if token.role is Role.FAMILY else 1.0


def _candidate_matches(query: NormalisedName, entry: NormalisedName) -> list[TokenMatch]:
    q, e = query.tokens, entry.tokens
    found = []
    none = Agreement.NONE
    for qt in q:
        for et in e:
            level = Agreement.EXACT if qt.text == et.text else compare_tokens(qt, et)
            if level is not none:
                found.append(TokenMatch((qt,), (et,), level))
    # One side's token is two adjacent tokens of the other: JINPING / JIN PING.
    for one, many, flip in ((q, e, False), (e, q, True)):
        for index in range(len(many) - 1):
            pair = many[index : index + 2]
            joined = pair[0].text + pair[1].text
            written = (pair[0].raw or pair[0].text) + (pair[1].raw or pair[1].text)
            for token in one:
                if token.compound and token.raw and _typo_in_compound_head(token, pair):
                    found.append(_merged(token, pair, flip))
                    continue
                text = token.text
                if (token.raw or text) == written != joined:
                    # ALIABDULLAH / ALI ABDULLAH: equal as written, before ABD fusing.
                    found.append(_merged(token, pair, flip))
                    continue
                if abs(len(text) - len(joined)) > 1 or text[0] != joined[0]:
                    continue
                level = compare_texts(text, joined)
                if level is Agreement.TYPO and len(joined) < 5:
                    continue  # LI+LI is not LIBI
                if len(text) >= 4 and level in (
                    Agreement.EXACT,
                    Agreement.TYPO,
                    Agreement.VARIANT,
                ):
                    found.append(_merged(token, pair, flip))
    return found


def _merged(token: Token, pair: tuple[Token, ...], flip: bool) -> TokenMatch:
    """One token against two adjacent tokens of the other side, on the query's side."""
    if flip:
        return TokenMatch(pair, (token,), Agreement.MERGED)
    return TokenMatch((token,), pair, Agreement.MERGED)


def _typo_in_compound_head(compound: Token, pair: tuple[Token, ...]) -> bool:
    """ADUL KADER, BADEL AZIZ, EBD AL-RAHMAN: a compound whose head was mistyped, so the
    normaliser never fused it, is one edit from the compound as the list wrote it."""
    if not compound.compound or not compound.raw:
        return False
    joined = (pair[0].raw or pair[0].text) + pair[1].text
    return len(joined) >= 7 and OSA.distance(joined, compound.raw, score_cutoff=1) <= 1


def _match_order(match: TokenMatch) -> tuple[float, int]:
    return SIMILARITY[match.agreement], len(match.query) + len(match.entry)


def _align(candidates: list[TokenMatch]) -> tuple[list[TokenMatch], set[int], set[int]]:
    """Greedy alignment, best agreement first; token identities used on each side."""
    candidates.sort(key=_match_order, reverse=True)
    used_q: set[int] = set()
    used_e: set[int] = set()
    matches: list[TokenMatch] = []
    for match in candidates:
        mq, me = match.query, match.entry
        if len(mq) == 1 and len(me) == 1:
            q_id, e_id = id(mq[0]), id(me[0])
            if q_id in used_q or e_id in used_e:
                continue
            used_q.add(q_id)
            used_e.add(e_id)
        else:
            q_ids = {id(token) for token in mq}
            e_ids = {id(token) for token in me}
            if q_ids & used_q or e_ids & used_e:
                continue
            used_q |= q_ids
            used_e |= e_ids
        matches.append(match)
    return matches, used_q, used_e


@lru_cache(maxsize=200_000)
def compare_names(query: NormalisedName, entry: NormalisedName) -> NameComparison:
    """Align tokens greedily by best agreement and turn the alignment into a score."""
    matches, used_q, used_e = _align(_candidate_matches(query, entry))
    extra = tuple(token for token in query.tokens if id(token) not in used_q)
    missing = tuple(token for token in entry.tokens if id(token) not in used_e)
    weights = [sum([_weight(t) for t in m.query]) for m in matches]
    matched_weight = sum(weights)
    agreed = sum([SIMILARITY[m.agreement] * w for m, w in zip(matches, weights, strict=True)])
    missing_cost = min(MISSING_IN_QUERY_CAP, MISSING_IN_QUERY_WEIGHT * sum(map(_weight, missing)))
    # A part on each side that found no partner is a contradiction (BARZAN vs SABAWI
    # IBRAHIM HASSAN AL-TIKRITI: brothers), not just something one side left out.
    contradictions = min(
        len([t for t in extra if not (t.is_initial or t.is_head)]),
        len([t for t in missing if not (t.is_initial or t.is_head)]),
    )
    denominator = (
        matched_weight
        + EXTRA_IN_QUERY_WEIGHT * sum(map(_weight, extra))
        + missing_cost
        + CONTRADICTION_WEIGHT * contradictions
    )
    score = agreed / denominator if denominator else 0.0
    score, notes = _apply_role_penalties(score, matches, query, entry)
    found = tuple(matches)
    strong, parts = _count_parts(found, extra, missing)
    texts = tuple(token.text for match in found for token in match.entry)
    return NameComparison(score, found, extra, missing, notes, strong, parts, texts)


def _apply_role_penalties(
    score: float, matches: list[TokenMatch], query: NormalisedName, entry: NormalisedName
) -> tuple[float, tuple[str, ...]]:
    notes: list[str] = []
    single = [(m.query[0], m.entry[0]) for m in matches if len(m.query) == len(m.entry) == 1]
    structured = [(q, e) for q, e in single if {q.role, e.role} <= {Role.GIVEN, Role.FAMILY}]
    swapped = [(q, e) for q, e in structured if q.role is not e.role]
    if swapped and len(swapped) == len(structured):
        score *= ROLE_SWAP_FACTOR
        notes.append("given and family names swapped")
    # The first name before BIN is the person's own (ism); after BIN it is the father's.
    q_first = query.tokens[0] if query.tokens else None
    e_first = entry.tokens[0] if entry.tokens else None
    if any(
        (q.role is Role.NASAB and e is e_first) or (e.role is Role.NASAB and q is q_first)
        for q, e in single
    ):
        score *= NASAB_SWAP_FACTOR
        notes.append("own name and father's name (BIN ...) swapped")
    return score, tuple(notes)


__all__ = [
    "Agreement",
    "NameComparison",
    "TokenMatch",
    "compare_names",
    "compare_texts",
    "compare_tokens",
]
