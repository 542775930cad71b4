"""Bytes to text: the UNB syntax identifier names the character set, the bytes decide.

UNOA/UNOB promise ASCII, yet real traffic carries lower case, UTF-8 curly quotes
from PDFs and 8-bit code-page bytes (a CP850 'c' in a 2016 US manifest). So the
declared set is tried first, then UTF-8, then cp1252 and finally latin-1 (which
never fails); the path taken is returned so it can be recorded as a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# UNB S001 0001 -> Python codec (ISO 9735 syntax levels; UNOX is ISO 2022, read as UTF-8)
SYNTAX_CODECS: dict[str, str] = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOW": "utf-8",
    "UNOX": "utf-8",
    "UNOY": "utf-8",
}

_SYNTAX_IDENTIFIER = re.compile(rb"(?<![A-Za-z0-9])UNB[^A-Za-z0-9\s]\s*([A-Za-z0-9]{4})")
_FALLBACKS = ("utf-8", "cp1252", "latin-1")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec that produced `text`
    syntax_identifier: str | None  # as declared in UNB S001, upper case
    declared_encoding: str | None  # the codec the syntax identifier names, if known

    @property
    def is_fallback(self) -> bool:
        return self.declared_encoding is not None and self.encoding != self.declared_encoding


def encoding_for_syntax(syntax_identifier: str) -> str:
    """The codec a writer uses for a syntax identifier (UTF-8 for unknown ones)."""
    return SYNTAX_CODECS.get(syntax_identifier.upper(), "utf-8")


def decode_interchange(raw: bytes) -> Decoded:
    """Decode `raw` per its UNB syntax identifier, falling back as the module explains."""
    match = _SYNTAX_IDENTIFIER.search(raw, 0, 65536)
    syntax_identifier = match.group(1).decode("ascii").upper() if match else None
    declared = SYNTAX_CODECS.get(syntax_identifier or "")
    if raw.startswith(_BOM) and raw[len(_BOM) :].isascii():
        # a UTF-8 byte-order mark before ASCII data is envelope, not a charset problem
        return Decoded(raw.decode("utf-8"), "utf-8", syntax_identifier, "utf-8")
    if raw.isascii():
        # ASCII is a subset of every declared set: same text, one-byte offsets
        return Decoded(raw.decode("ascii"), declared or "ascii", syntax_identifier, declared)
    for codec in ((declared,) if declared else ()) + _FALLBACKS:
        try:
            return Decoded(raw.decode(codec), codec, syntax_identifier, declared)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def is_single_byte(encoding: str) -> bool:
    """True when one character is one byte, so text offsets are byte offsets."""
    return encoding not in ("utf-8", "utf-16", "utf-32")


__all__ = ["SYNTAX_CODECS", "Decoded", "decode_interchange", "encoding_for_syntax"]
