"""Sensitive PNR data: recognise it so that it is never stored.

EU PNR Directive art. 13(4) (and FlugDaG §13(3)) require data revealing religion,
health, ethnicity, political opinion, trade-union membership or sex life to be
deleted on receipt. It hides in SSR codes (meals such as MOML or KSML, medical
requests such as WCHR or MEDA) and in free text (OSI, SSR OTHS, LTS, history
lines). The table is data (`data/sensitive_codes.yaml`), replaceable per
deployment; the parser asks it about each SSR and each free text and withholds
what it flags, keeping only the code or category, never the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_TABLE = "sensitive_codes.yaml"
ANSWERS_KEPT = 65_536  # free texts whose category a table remembers (least recent go)


_WORD = re.compile(r"[A-Z0-9_]+")

# The stored raw copy of a message has its withheld free text overwritten with this
# character (`paxscreen.privacy.redaction`, same length so positions stay valid).
# Reading such a copy again (reprocess, a late multi-part) must withhold it again,
# not keep "XXXX" as a remark: the table reports it under this category.
REDACTION_MASK = "X"
REDACTED = "redacted"
_REDACTED_TEXT = re.compile(rf"[\s:/.,{REDACTION_MASK}-]*")


def is_redacted_text(text: str) -> bool:
    """Whether free text is only the redaction mask (three or more) and separators."""
    return text.count(REDACTION_MASK) >= 3 and _REDACTED_TEXT.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class _WordIndex:
    """Whole words, word prefixes (`ISLAM*`) and phrases (`TRADE UNION`), each to a category.

    Looking words up in a dict beats one large regex of alternatives about tenfold
    on the short texts of a PNR, and the reader asks about every remark it keeps.
    """

    exact: Mapping[str, str]
    prefixes: tuple[tuple[str, str], ...]
    phrases: tuple[tuple[str, str], ...]
    # remarks, OSIs and history lines come back in every push: answers are kept
    _cached_category: Callable[[str], str | None] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        cached = functools.lru_cache(maxsize=ANSWERS_KEPT)(self._category)
        object.__setattr__(self, "_cached_category", cached)

    @classmethod
    def build(cls, words: Mapping[str, Sequence[str]]) -> _WordIndex:
        exact: dict[str, str] = {}
        prefixes: list[tuple[str, str]] = []
        phrases: list[tuple[str, str]] = []
        for category, values in words.items():
            for word in values:
                stem = " ".join(_WORD.findall(word.upper()))
                if " " in stem:
                    phrases.append((f" {stem} ", category))
                elif word.endswith("*"):
                    prefixes.append((stem, category))
                else:
                    exact.setdefault(stem, category)
        return cls(exact, tuple(prefixes), tuple(phrases))

    def category(self, text: str) -> str | None:
        return self._cached_category(text)

    def _category(self, text: str) -> str | None:
        tokens = _WORD.findall(text.upper())
        starts = tuple(prefix for prefix, _ in self.prefixes)
        for token in tokens:
            found = self.exact.get(token)
            if found is not None:
                return found
            if starts and token.startswith(starts):
                return next(
                    category for prefix, category in self.prefixes if token.startswith(prefix)
                )
        if self.phrases:
            joined = f" {' '.join(tokens)} "
            for phrase, category in self.phrases:
                if phrase in joined:
                    return category
        return None


@dataclass(frozen=True, slots=True)
class SensitiveTable:
    """SSR codes and free-text words that reveal special-category data, by category."""

    ssr_codes: Mapping[str, str]
    text_words: Mapping[str, Sequence[str]]
    _index: _WordIndex | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SensitiveTable:
        """From the YAML shape: `ssr_codes: {CODE: category}`, `text_patterns: {category: [..]}`."""
        codes = {
            str(code).upper(): str(category)
            for code, category in (data.get("ssr_codes") or {}).items()
        }
        words = {
            str(category): [str(word).upper() for word in values]
            for category, values in (data.get("text_patterns") or {}).items()
        }
        return cls(ssr_codes=codes, text_words=words, _index=_WordIndex.build(words))

    @classmethod
    def from_file(cls, path: str | Path) -> SensitiveTable:
        """Load a deployment's own table (same YAML shape as the packaged one)."""
        return cls.from_mapping(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})

    @classmethod
    def default(cls) -> SensitiveTable:
        """The packaged table (EU Directive categories; see the YAML for the list)."""
        return _default_table()

    def ssr_category(self, code: str) -> str | None:
        """The category an SSR code reveals (`MOML` -> religion), or None."""
        return self.ssr_codes.get(code.strip().upper())

    def text_category(self, text: str) -> str | None:
        """The first category whose words occur in free text, or None."""
        if self._index is None or not text:
            return None
        if is_redacted_text(text):
            return REDACTED
        return self._index.category(text)


@functools.cache
def _default_table() -> SensitiveTable:
    return SensitiveTable.from_file(Path(__file__).parent / "data" / DEFAULT_TABLE)


__all__ = ["REDACTED", "REDACTION_MASK", "SensitiveTable", "is_redacted_text"]
