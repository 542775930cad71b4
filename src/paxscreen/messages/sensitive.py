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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_TABLE = "sensitive_codes.yaml"


def _word_pattern(word: str) -> str:
    """`ISLAM*` -> `ISLAM\\w*`; spaces inside a phrase match any run of spaces."""
    stem = word.rstrip("*")
    body = r"\s+".join(re.escape(part) for part in stem.split())
    return body + (r"\w*" if word.endswith("*") else "")


def _group_name(category: str) -> str:
    """A category as a regex group name (the match says which category it found)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", category)


@dataclass(frozen=True, slots=True)
class SensitiveTable:
    """SSR codes and free-text words that reveal special-category data, by category."""

    ssr_codes: Mapping[str, str]
    text_words: Mapping[str, Sequence[str]]
    _text_pattern: re.Pattern[str] | None = None

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
        alternatives = [
            f"(?P<{_group_name(category)}>{'|'.join(_word_pattern(word) for word in values)})"
            for category, values in words.items()
            if values
        ]
        pattern = (
            re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I) if alternatives else None
        )
        return cls(ssr_codes=codes, text_words=words, _text_pattern=pattern)

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
        if self._text_pattern is None or not text:
            return None
        match = self._text_pattern.search(text)
        return match.lastgroup if match else None


@functools.cache
def _default_table() -> SensitiveTable:
    return SensitiveTable.from_file(Path(__file__).parent / "data" / DEFAULT_TABLE)


__all__ = ["SensitiveTable"]
