"""Turn a person's name, in any script, into comparable Latin tokens with roles.

Why this shape: passenger names arrive as the passport's machine-readable zone
spells them (A-Z only, surname and given names split), while watchlists carry
names in original script, with particles (AL-, BIN, VAN DER), titles and merged
or split compounds (ABDUL RAHMAN / ABDULRAHMAN). Matching works on tokens, so
normalisation decides once, deterministically, what a token is:

- any script becomes ASCII with anyascii (Cyrillic, Greek, Arabic skeletons ...);
- case, diacritics and punctuation go; apostrophes inside words vanish (O'BRIEN);
- titles (MR, DR, SHEIKH ...) are dropped;
- particles (AL, EL, DE, VAN ...) are not tokens of their own: they are kept as the
  `particle` of the token they precede, so AL SAUD can still meet ALSAUD;
- ABD/ABU compounds become one token (ABD AL RAHMAN = ABDUL RAHMAN = ABDRAHMAN);
- BIN/IBN/BINT mark the following token as a father's name (`Role.NASAB`), which
  keeps "A bin B" apart from "B bin A".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from anyascii import anyascii


class Role(StrEnum):
    """What a token is in its name, when the source says so."""

    GIVEN = "given"
    FAMILY = "family"
    NASAB = "nasab"  # father's (grandfather's) name after BIN / IBN / BINT / OULD
    UNKNOWN = "unknown"  # unstructured full name: order is not evidence


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    role: Role = Role.UNKNOWN
    particle: str = ""  # AL, VAN DER ... that stood before it (merged form = particle+text)
    abjad: bool = False  # written in Arabic/Hebrew script: transliteration has no vowels
    compound: bool = False  # fused from two name parts (ABD AL RAHMAN): counts as two
    raw: str = ""  # a compound as it was written (ABDOLLAHI, ABDULRAHMAN), for typos in it

    @property
    def parts(self) -> int:
        return 2 if self.compound else 1

    @property
    def is_initial(self) -> bool:
        return len(self.text) == 1

    @property
    def is_head(self) -> bool:
        """A bare ABD / ABU / UMM: the first half of a compound whose second half is missing."""
        return not self.compound and self.text in HEAD_FORMS

    @property
    def merged(self) -> str:
        return self.particle.replace(" ", "") + self.text


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A name ready for keys and scoring; `original` is kept for explanations."""

    original: str
    tokens: tuple[Token, ...]
    structured: bool  # True when given and family names came separately
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        # Names key the comparison caches; hashing every token on every lookup is slow.
        object.__setattr__(self, "_hash", hash((self.original, self.tokens, self.structured)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(token.text for token in self.tokens)

    @property
    def fingerprint(self) -> str:
        """Order-free exact form: the fast path for identical names."""
        return " ".join(sorted(self.texts))


TITLES = frozenset(
    [
        "MR",
        "MRS",
        "MS",
        "MISS",
        "MSTR",
        "MSTER",
        "MASTER",
        "DR",
        "PROF",
        "SIR",
        "DAME",
        "LORD",
        "LADY",
        "REV",
        "FR",
        "HON",
        "HRH",
        "SHEIKH",
        "SHEIKHA",
        "SHAIKH",
        "SHAYKH",
        "SHEIKHAH",
        "HAJI",
        "HAJJI",
        "HADJI",
        "HAJ",
        "ALHAJI",
        "ALHAJ",
        "MULLAH",
        "MULLA",
        "MAULANA",
        "MAULAVI",
        "MAWLAWI",
        "MAULVI",
        "QARI",
        "GEN",
        "GENERAL",
        "COL",
        "COLONEL",
        "MAJ",
        "MAJOR",
        "CAPT",
        "CAPTAIN",
        "LT",
        "LIEUTENANT",
        "SGT",
        "BRIG",
        "ADM",
        "PRINCESS",
        "QUEEN",
        "ENG",
        "ENGR",
    ]
)
# Not here: SAYYID, SYED, AMIR, EMIR, IMAM, KING, PRINCE ... are names as often as titles.

# Articles and prepositions that belong to the next token (AL-SAUD, VAN DER BILT).
PREFIX_PARTICLES = frozenset(
    [
        "AL",
        "EL",
        "UL",
        "AS",
        "AD",
        "AR",
        "AZ",
        "ASH",
        "AT",
        "AN",
        "ED",
        "ES",
        "ER",
        "DE",
        "DI",
        "DA",
        "DO",
        "DOS",
        "DAS",
        "DEL",
        "DELA",
        "DELLA",
        "DELLE",
        "DEGLI",
        "DU",
        "DES",
        "LA",
        "LE",
        "LO",
        "LOS",
        "LAS",
        "VAN",
        "VON",
        "DER",
        "DEN",
        "TER",
        "TEN",
        "TE",
        "VANDER",
        "VANDEN",
        "ST",
        "SAN",
        "SANTA",
        "Y",
    ]
)
# The Arabic article is never a name of its own, so it always attaches.
ARABIC_ARTICLES = frozenset(
    ["AL", "EL", "UL", "AS", "AD", "AR", "AZ", "ASH", "AT", "ED", "ES", "ER"]
)
# Markers of descent: the next token is the father's name.
NASAB_MARKERS = frozenset(
    {"BIN", "BN", "IBN", "BEN", "BINT", "BENT", "OULD", "WULD", "BT", "BINTI"}
)
# Compound heads that fuse with the next token: ABD AL RAHMAN -> ABDRAHMAN.
COMPOUND_HEADS = {
    "ABD": "ABD",
    "ABDUL": "ABD",
    "ABDEL": "ABD",
    "ABDAL": "ABD",
    "ABDOL": "ABD",
    "ABDUR": "ABD",
    "ABDUS": "ABD",
    "ABDU": "ABD",
    "ABU": "ABU",
    "ABOU": "ABU",
    "ABO": "ABU",
    "UMM": "UMM",
    "OUM": "UMM",
    "BD": "ABD",
}
HEAD_FORMS = frozenset(COMPOUND_HEADS.values())
# ABDULRAHMAN, ABDURRAHMAN, ABDELAZIZ ...: head, optional vowel + L, assimilated consonant.
_FUSED_ABD = re.compile(
    r"^ABD(?:[AEIOU]L|[AEIOU](?=([BCDFGHJKLMNPQRSTVWXZ])\1)|[AEIOU](?=L))?(.+)$"
)
_FUSED_ABU = re.compile(r"^AB[O]?U(.{3,})$")
_DOUBLE_START = re.compile(r"^([BCDFGHJKLMNPQRSTVWXZ])\1")
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02bb\u00b4]")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_DIGIT_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "6": "G", "2": "Z"})


_ABJAD = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_SYLLABLE = re.compile("([\uac00-\ud7a3\u4e00-\u9fff\u3400-\u4dbf])")  # Hangul, Han


def is_abjad(text: str) -> bool:
    """True for Arabic/Hebrew/Syriac script, whose transliteration is a consonant skeleton."""
    return _ABJAD.search(text) is not None


def _space_syllables(text: str) -> str:
    """김정은 -> 김 정 은: one token per Hangul/Han syllable, as Latin spellings split them."""
    return _SYLLABLE.sub(r" \1 ", text)


@lru_cache(maxsize=200_000)
def to_ascii_upper(text: str) -> str:
    """NFKC, transliterate any script to ASCII, upper-case, keep letters/digits/spaces."""
    text = _space_syllables(unicodedata.normalize("NFKC", text))
    text = _APOSTROPHES.sub("", text)
    text = anyascii(text)
    text = _APOSTROPHES.sub("", text).upper()
    return _NOT_ALNUM.sub(" ", text).strip()


def _fix_ocr_digits(word: str) -> str:
    """MRZ/OCR noise puts digits in names (MOHAMED -> M0HAMED); a name has no digits."""
    if word.isdigit():
        return ""  # generation numbers and list numbering are not name parts
    return word.translate(_DIGIT_LOOKALIKES)


def _split_fused_compound(word: str) -> tuple[str, str] | None:
    """ABDULRAHMAN -> ("ABD", "RAHMAN"); ABUBAKAR -> ("ABU", "BAKAR"); else None."""
    match = _FUSED_ABD.match(word)
    if match and len(match.group(2)) >= 3:
        rest = _DOUBLE_START.sub(r"\1", match.group(2))
        return "ABD", rest
    match = _FUSED_ABU.match(word)
    if match and word.startswith(("ABU", "ABOU")):
        return "ABU", match.group(1)
    return None


def _words(text: str) -> list[tuple[str, bool]]:
    """ASCII words of `text`, each with whether it came from an abjad script."""
    words: list[tuple[str, bool]] = []
    for raw in text.split():
        abjad = is_abjad(raw)
        words += [(_fix_ocr_digits(word), abjad) for word in to_ascii_upper(raw).split()]
    return [(word, abjad) for word, abjad in words if word]


Word = tuple[str, bool, Role]  # ASCII word, came from an abjad script, role of its name part


def _drop_titles(words: list[Word]) -> list[Word]:
    kept = [word for word in words if word[0] not in TITLES]
    return kept or words  # a name that is only a "title" is a name


def tokenise(text: str, role: Role = Role.UNKNOWN, *, attach_particles: bool = True) -> list[Token]:
    """Split one name string into tokens, attaching particles and fusing compounds."""
    words = [(word, abjad, role) for word, abjad in _words(text)]
    return _tokenise_words(_drop_titles(words), attach_particles=attach_particles)


def _tokenise_words(words: list[Word], *, attach_particles: bool) -> list[Token]:
    """One pass over the words of a whole name (given names then surname).

    Particles and BIN attach across the given/surname boundary; compounds do not fuse
    across it (an MRZ may put ABDUL at the end of the given names and AL RAHMAN in
    the surname: the scorer joins the two to meet the list's ABD AL RAHMAN).
    """
    tokens: list[Token] = []
    particle: list[str] = []
    head = head_word = ""
    nasab = False
    for index, (word, abjad, role) in enumerate(words):
        following = words[index + 1][0] if index + 1 < len(words) else ""
        if word in NASAB_MARKERS and following:
            if tokens and words[index - 1][2] is role:
                nasab = True
            else:
                particle.append(word)  # BIN LADIN as a family name: BIN belongs to LADIN
            continue
        # ABD fuses across AL (ABD AL RAHMAN); ABU only with a plain name (ABU BAKR, not
        # ABU AL-ADNANI, where AL-ADNANI is a nisba of its own). Never with an initial.
        if index + 1 < len(words) and words[index + 1][2] is not role:
            # ABDUL / IYER is a given name, and ABD / AL-MUTAYRI a head before a nisba:
            # never fuse across the surname boundary. ABDUL / AL RAHMAN still meets
            # ABDRAHMAN: the scorer joins adjacent parts.
            following = ""
        fuses = len(following) > 1 and (
            head == "" and (COMPOUND_HEADS.get(word) == "ABD" or following not in PREFIX_PARTICLES)
        )
        if word in COMPOUND_HEADS and fuses:
            head, head_word = COMPOUND_HEADS[word], word
            continue
        if word in PREFIX_PARTICLES and following and (attach_particles or word in ARABIC_ARTICLES):
            particle.append(word)
            continue
        compound, raw = bool(head), ""
        if head:
            raw = head_word + word
            word, particle = head + _DOUBLE_START.sub(r"\1", word), []
            head = ""
        elif fused := _split_fused_compound(word):
            word, compound, raw = fused[0] + fused[1], True, word
        elif word in COMPOUND_HEADS:
            # ABOU alone (ABOU / AL ADNANI, a kunya whose name was dropped) or ABDUL
            # before an initial: one spelling for the head, so ABOU meets ABU.
            raw, word = word, COMPOUND_HEADS[word]
        token = Token(
            text=word,
            role=Role.NASAB if nasab else role,
            particle=" ".join(particle),
            abjad=abjad,
            compound=compound,
            raw=raw,
        )
        tokens.append(token)
        particle, nasab = [], False
    return tokens


@lru_cache(maxsize=100_000)
def normalise_name(
    full_name: str = "", *, given_names: str = "", surname: str = ""
) -> NormalisedName:
    """Normalise a name given whole, or split into given names and surname.

    When both parts are given they win over `full_name`: the split is what an MRZ or
    a structured list says, and it lets the scorer notice a given/family swap.
    """
    structured = bool(given_names.strip() or surname.strip())
    parts = (
        [(given_names, Role.GIVEN), (surname, Role.FAMILY)]
        if structured
        else [(full_name, Role.UNKNOWN)]
    )
    words = _drop_titles([(w, abjad, role) for text, role in parts for w, abjad in _words(text)])
    tokens = _tokenise_words(words, attach_particles=True)
    if len(tokens) < 2:
        # LE VAN AN: LE is a Vietnamese family name, not a particle, when nothing else is left.
        loose = _tokenise_words(words, attach_particles=False)
        tokens = loose if len(loose) > len(tokens) else tokens
    original = " ".join(text.strip() for text, _ in parts if text.strip())
    return NormalisedName(original=original, tokens=tuple(tokens), structured=structured)


def split_last_first(name: str) -> tuple[str, str] | None:
    """OFAC-style "LAST, First Middle" -> (given, surname); None without a comma."""
    if "," not in name:
        return None
    surname, _, given = name.partition(",")
    if not surname.strip() or not given.strip():
        return None
    return given.strip(), surname.strip()


__all__ = [
    "NormalisedName",
    "Role",
    "Token",
    "is_abjad",
    "normalise_name",
    "split_last_first",
    "to_ascii_upper",
    "tokenise",
]
