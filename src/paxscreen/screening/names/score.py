"""One score in [0, 1] for "is this traveller this list entry?", with its explanation.

The score is the best name agreement (see `similarity`) plus small, named
adjustments for date of birth, nationality and sex, then two caps and one override:

- a single agreeing name token never reaches review on its own and a mononym never
  an alert: one-word matches drown analysts. The exception is the equal, precise date
  of birth: a rare surname, the date and initials or a kunya that fit (A / AL
  ZAWAHIRI, 1951-06-19) are worth a review, as an analyst would want;
- a date of birth lifts a name into review but not into an alert, and with no date
  to compare (a list entry without one) an exact name is a namesake to review, not
  an alert: an alert needs the name and the date, or the document;
- a name made only of very common tokens (MOHAMMED ALI) without a supporting date
  of birth stays below alert;
- the same document number from the same issuing state is decisive (alert), with
  or without a matching name: the traveller carries the listed person's document.

Every score comes with an `Explanation`; the number printed by the CLI, stored
with a hit and compared with the thresholds is `Explanation.score`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources

from rapidfuzz.distance import Levenshtein

from paxscreen.screening.names.dob import DOB_ADJUSTMENT, DateSpec, DobAgreement, compare_dates
from paxscreen.screening.names.keys import document_key, ocr_fold, variant_groups
from paxscreen.screening.names.normalise import NormalisedName, Role
from paxscreen.screening.names.similarity import (
    STRONG,
    Agreement,
    NameComparison,
    TokenMatch,
    compare_names,
)


class Band(StrEnum):
    CLEAR = "clear"
    REVIEW = "review"
    ALERT = "alert"


def band_for(score: float, *, review_threshold: float, alert_threshold: float) -> Band:
    if score >= alert_threshold:
        return Band.ALERT
    return Band.REVIEW if score >= review_threshold else Band.CLEAR


class DocumentAgreement(StrEnum):
    EXACT = "exact"  # same number, same (or unknown) issuing state: decisive
    OCR = "ocr_lookalike"  # equal once O/0, I/1 ... are folded
    ONE_EDIT = "one_edit"
    OTHER_STATE = "other_state"  # same number, different issuing state
    NONE = "none"


_DOCUMENT_ORDER = list(DocumentAgreement)
_PRECISE_DOB = frozenset(
    {DobAgreement.EXACT, DobAgreement.DAY_MONTH_SWAPPED, DobAgreement.YEAR_MONTH}
)
_LOOSE = frozenset({Agreement.HEAD, Agreement.WEAK})  # agreeing initials are no looseness
_SUPPORTING_DOB = frozenset(
    {DobAgreement.EXACT, DobAgreement.DAY_MONTH_SWAPPED, DobAgreement.YEAR_MONTH, DobAgreement.YEAR}
)


@dataclass(frozen=True, slots=True)
class Document:
    number: str
    issuing_state: str | None = None  # ISO 3166-1 alpha-2 (or alpha-3 as sent)
    type: str | None = None

    @property
    def key(self) -> str:
        return document_key(self.number)


@dataclass(slots=True)
class Subject:
    """Either side of a comparison: a traveller as screened, or a watchlist entry."""

    names: list[NormalisedName]
    weak_names: frozenset[int] = frozenset()  # indexes of low-quality aliases
    dates_of_birth: list[DateSpec] = field(default_factory=list)
    nationalities: frozenset[str] = frozenset()
    sex: str | None = None  # M / F
    documents: list[Document] = field(default_factory=list)


WEAK_ALIAS_FACTOR = 0.9
SINGLE_TOKEN_CAP = 0.6
SINGLE_TOKEN_DOB_CAP = 0.8  # one rare agreeing part, the rest fits weakly, the same birth date
SINGLE_TOKEN_YEAR_CAP = 0.72  # ... the same year, or inside the listed range: just into review
SINGLE_TOKEN_DOB_MIN_NAME = 0.5  # ... and the name as a whole agrees at least this much
BELOW_ALERT_CAP = 0.85  # review at the default thresholds (0.70 / 0.88), never alert
YEAR_ALERT_MIN_NAME = 0.95  # only the year agrees: alert on a near-exact name only
DOB_LIFT_MIN_NAME = 0.8  # a name below this reaches at most review, whatever the date says
MONONYM_CAP = 0.8
COMMON_NAME_CAP = 0.85
COMMON_PARTIAL_CAP = 0.65
UNDATED_PARTIAL_CAP = 0.65
DOCUMENT_DECISIVE = 0.98
DOCUMENT_OCR = 0.9
NATIONALITY_AGREE, NATIONALITY_CONFLICT = 0.02, -0.05
SEX_CONFLICT = -0.08
DOCUMENT_NEAR = 0.05


def _load_common_tokens() -> frozenset[str]:
    text = resources.files("paxscreen.screening.names").joinpath("common.txt").read_text()
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


COMMON_TOKENS = _load_common_tokens()
_COMMON_GROUPS = frozenset(group for token in COMMON_TOKENS for group in variant_groups(token))


def is_common(token: str) -> bool:
    """A very common name part, or a spelling variant of one (MAHAMAT for MOHAMMED)."""
    return token in COMMON_TOKENS or not _COMMON_GROUPS.isdisjoint(variant_groups(token))


@dataclass(slots=True)
class Explanation:
    score: float
    name: NameComparison | None = None
    query_name: str = ""
    entry_name: str = ""
    weak_alias: bool = False
    dob: DobAgreement = DobAgreement.UNKNOWN
    dob_detail: str = ""
    nationality: str = "unknown"
    sex: str = "unknown"
    document: DocumentAgreement = DocumentAgreement.NONE
    document_detail: str = ""
    caps: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        """One line for CSV files and hit lists."""
        parts = []
        if self.name is not None:
            tokens = [match.describe() for match in self.name.matches]
            tokens += [f"{t.text} only in traveller" for t in self.name.extra_in_query]
            tokens += [f"{t.text} only in list" for t in self.name.missing_in_query]
            alias = " (weak alias)" if self.weak_alias else ""
            parts.append(f"name {self.name.score:.2f}{alias} [{'; '.join(tokens)}]")
            parts += list(self.name.notes)
        parts.append(f"dob {self.dob.value}" + (f" ({self.dob_detail})" if self.dob_detail else ""))
        parts.append(f"nationality {self.nationality}")
        if self.sex != "unknown":
            parts.append(f"sex {self.sex}")
        if self.document is not DocumentAgreement.NONE:
            parts.append(f"document {self.document.value} ({self.document_detail})")
        parts += self.caps
        return "; ".join(parts)


def _compare_documents(
    query: list[Document], entry: list[Document]
) -> tuple[DocumentAgreement, str]:
    best, detail = DocumentAgreement.NONE, ""
    if not query or not entry:
        return best, detail
    order = _DOCUMENT_ORDER
    for q in query:
        for e in entry:
            if not q.key or not e.key:
                continue
            states_agree = (
                not q.issuing_state
                or not e.issuing_state
                or (q.issuing_state[:2] == e.issuing_state[:2])
            )
            if q.key == e.key:
                level = DocumentAgreement.EXACT if states_agree else DocumentAgreement.OTHER_STATE
            elif ocr_fold(q.key) == ocr_fold(e.key) and states_agree:
                level = DocumentAgreement.OCR
            elif len(q.key) >= 6 and Levenshtein.distance(q.key, e.key) == 1 and states_agree:
                level = DocumentAgreement.ONE_EDIT
            else:
                continue
            if order.index(level) < order.index(best):
                best, detail = level, f"{q.key} vs {e.key}"
    return best, detail


def _best_name(
    query: Subject, entry: Subject, names: list[int] | None
) -> tuple[NameComparison | None, int, int]:
    best: tuple[NameComparison | None, int, int] = (None, -1, -1)
    best_score = -1.0
    for q_index, q_name in enumerate(query.names):
        for e_index in names if names is not None else range(len(entry.names)):
            comparison = compare_names(q_name, entry.names[e_index])
            score = comparison.score * (WEAK_ALIAS_FACTOR if e_index in entry.weak_names else 1)
            if score > best_score:
                best, best_score = (comparison, q_index, e_index), score
    return best


def score_subjects(
    query: Subject, entry: Subject, *, names: list[int] | None = None
) -> Explanation:
    """Score a traveller (`query`) against a list entry; `names` limits the entry names tried."""
    comparison, q_index, e_index = _best_name(query, entry, names)
    explanation = Explanation(score=0.0, name=comparison)
    score = 0.0
    if comparison is not None:
        explanation.query_name = query.names[q_index].original
        explanation.entry_name = entry.names[e_index].original
        explanation.weak_alias = e_index in entry.weak_names
        score = comparison.score * (WEAK_ALIAS_FACTOR if explanation.weak_alias else 1.0)
    explanation.dob, explanation.dob_detail = compare_dates(
        query.dates_of_birth, entry.dates_of_birth
    )
    score += DOB_ADJUSTMENT[explanation.dob]
    if query.nationalities and entry.nationalities:
        agree = not query.nationalities.isdisjoint(entry.nationalities)
        explanation.nationality = "agree" if agree else "differ"
        score += NATIONALITY_AGREE if agree else NATIONALITY_CONFLICT
    if query.sex in ("M", "F") and entry.sex in ("M", "F"):
        explanation.sex = "agree" if query.sex == entry.sex else "differ"
        score += 0.0 if query.sex == entry.sex else SEX_CONFLICT
    listed = entry.names[e_index] if comparison is not None else None
    score = _apply_caps(score, comparison, explanation, listed)
    document, explanation.document_detail = _compare_documents(query.documents, entry.documents)
    explanation.document = document
    name_score = comparison.score if comparison else 0.0
    if document is DocumentAgreement.EXACT:
        score = max(score, DOCUMENT_DECISIVE)
    elif document is DocumentAgreement.OCR:
        score = max(score, DOCUMENT_OCR if name_score >= 0.5 else 0.75)
    elif document in (DocumentAgreement.ONE_EDIT, DocumentAgreement.OTHER_STATE):
        score += DOCUMENT_NEAR if name_score >= 0.5 else 0.0
    explanation.score = round(min(1.0, max(0.0, score)), 4)
    return explanation


def _single_part_cap(comparison: NameComparison, dob: DobAgreement) -> float:
    """How far one agreeing name part can go, given what else agrees.

    With the same precise date of birth (1 in ~25,000 for strangers), one agreeing
    part plus anything rare that agrees (the part itself, or a weakly agreeing
    initial, kunya or short name) is worth a review. With only the same year (1 in
    ~70), or a date inside the listed range, it takes a rare strong part and a weak
    agreement beside it, and reaches just into review.
    """
    agreeing = [token.text for match in comparison.matches for token in match.entry]
    weak = [match for match in comparison.matches if match.agreement not in STRONG]
    if dob is DobAgreement.EXACT and not all(is_common(text) for text in agreeing):
        return SINGLE_TOKEN_DOB_CAP
    strong_rare = any(
        not is_common(token.text)
        for match in comparison.matches
        if match.agreement in STRONG
        for token in match.entry
    )
    if (dob in _SUPPORTING_DOB or dob is DobAgreement.IN_RANGE) and weak and strong_rare:
        return SINGLE_TOKEN_YEAR_CAP
    return SINGLE_TOKEN_CAP


def _apply_caps(
    score: float,
    comparison: NameComparison | None,
    explanation: Explanation,
    listed: NormalisedName | None,
) -> float:
    """The lowest cap that applies, named in the explanation."""
    if comparison is None or listed is None:
        return score
    caps = _caps(comparison, explanation.dob, listed)
    if not caps:
        return score
    cap, reason = min(caps)
    if score > cap:
        explanation.caps.append(reason)
        return cap
    return score


def _is_common_match(match: TokenMatch) -> bool:
    """The listed parts are common, or the traveller's are: MIN = MUN is as frequent a
    coincidence as MIN itself (JONGMAN = JONG+MAN is not: MAN is no common name)."""
    return all(is_common(t.text) for t in match.entry) or all(
        is_common(t.text) for t in match.query
    )


def _differs_beyond_middle_names(comparison: NameComparison, listed: NormalisedName) -> bool:
    """The traveller's name has parts the list lacks, or a listed part other than a
    middle name is missing (a part that fits only loosely is a typo, not a missing part).

    Passports often drop middle names (RUTH against VELASQUEZ RODRIGUEZ, Ruth Cecilia),
    so a missing given name, or in an unstructured name a missing part between the
    first and the last, is the expected shape of a true match; a missing first or last
    part (AHMED HAMDAN against AHMED HAMDAN GEDO) is not.
    """
    if any(not token.is_initial for token in comparison.extra_in_query):
        return True
    middle = listed.tokens[1:-1]
    return any(
        not token.is_initial
        and token.role not in (Role.GIVEN, Role.NASAB)
        and not (token.role is Role.UNKNOWN and token in middle)
        for token in comparison.missing_in_query
    )


def _caps(
    comparison: NameComparison, dob: DobAgreement, listed: NormalisedName
) -> list[tuple[float, str]]:
    caps: list[tuple[float, str]] = []
    strong, tokens = comparison.strong_matches, comparison.parts
    if strong <= 1 and tokens >= 2:
        cap = SINGLE_TOKEN_CAP
        if strong == 1 and comparison.score >= SINGLE_TOKEN_DOB_MIN_NAME:
            cap = _single_part_cap(comparison, dob)
        with_date = ", with the same date of birth" if cap > SINGLE_TOKEN_CAP else ""
        caps.append((cap, "capped: only one name part agrees" + with_date))
    if tokens <= 1:
        caps.append((MONONYM_CAP, "capped: one-word name"))
    supported = dob in _SUPPORTING_DOB
    precise = dob in _PRECISE_DOB
    if comparison.score < DOB_LIFT_MIN_NAME:
        caps.append((BELOW_ALERT_CAP, "capped: the date of birth lifts a weak name to review only"))
    if not supported:
        caps.append((BELOW_ALERT_CAP, "capped: no agreeing date of birth, a namesake to review"))
    elif not precise and comparison.score < YEAR_ALERT_MIN_NAME:
        # The same year is 1 stranger in 70: with a name short of near-exact, a namesake.
        caps.append((BELOW_ALERT_CAP, "capped: only the year of birth agrees, a namesake"))
    if dob is DobAgreement.NOT_LISTED and _differs_beyond_middle_names(comparison, listed):
        # An undated entry will never get more evidence than its name: when only part of
        # that name is there (AHMED HAMDAN against AHMED HAMDAN GEDO), it is a namesake.
        caps.append((UNDATED_PARTIAL_CAP, "capped: part of the name of an entry without a date"))
    strong_matches = [match for match in comparison.matches if match.agreement in STRONG]
    if strong_matches and not precise and all(map(_is_common_match, strong_matches)):
        # MARIA PEREZ against MARIA JOSE PEREZ CORDOBA, with nothing else agreeing, is
        # what thousands of innocent travellers look like: not worth an analyst's time.
        # The same year of birth does not change that (1 in 70 of them share it), and with
        # no date at all (a PNR-only traveller, a list without dates) a common name is no
        # evidence: the API data, with the passport's date, will re-screen it.
        partial = (
            any(match.agreement in _LOOSE for match in comparison.matches)
            or comparison.missing_in_query
            or any(not token.is_initial for token in comparison.extra_in_query)
        )
        unknown = dob in (DobAgreement.UNKNOWN, DobAgreement.NOT_LISTED)
        cap = COMMON_PARTIAL_CAP if partial or unknown else COMMON_NAME_CAP
        caps.append((cap, "capped: only very common name parts, no precise date of birth"))
    return caps


def score_pair(side_a: Subject, side_b: Subject) -> Explanation:
    """Score two people when neither is the traveller nor the list entry (`screen pairs`).

    Missing parts count differently for the traveller and the list, so an unordered
    pair is read both ways and the better reading is its score.
    """
    forward, backward = score_subjects(side_a, side_b), score_subjects(side_b, side_a)
    return forward if forward.score >= backward.score else backward


__all__ = [
    "Band",
    "Document",
    "DocumentAgreement",
    "Explanation",
    "Subject",
    "band_for",
    "score_pair",
    "score_subjects",
]
