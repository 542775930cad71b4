"""Normalised keys used to find the same thing again: flights, documents, names.

These are deliberately simple and deterministic. Fuzzy name matching lives in
`paxscreen.screening.names`; the keys here are for exact lookups and indexes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_NOT_LETTER = re.compile(r"[^A-Z ]+")


def flight_key(
    carrier: str,
    number: str,
    suffix: str | None,
    departure_date: dt.date | None,
    origin: str | None,
) -> str:
    """Carrier + number without leading zeros + suffix + local departure date + origin.

    `LH0400` and `LH400` on the same day from FRA are the same flight.
    """
    number_digits = number.strip().lstrip("0") or "0"
    day = departure_date.isoformat() if departure_date else "?"
    designator = f"{carrier.strip().upper()}{number_digits}{(suffix or '').strip().upper()}"
    return f"{designator}/{day}/{(origin or '?').upper()}"


def split_flight_number(text: str) -> tuple[str, str | None]:
    """`0400A` -> ("400", "A"): an operational suffix is one trailing letter."""
    text = text.strip().upper()
    if text and text[-1].isalpha() and text[:-1].isdigit():
        return text[:-1].lstrip("0") or "0", text[-1]
    return text.lstrip("0") or text, None


def document_number_key(number: str) -> str:
    """Upper case, letters and digits only: `YY 347-8621g` -> `YY3478621G`."""
    return _NOT_ALNUM.sub("", number.upper())


def fold_to_ascii(text: str) -> str:
    """Strip diacritics the cheap way (NFKD); full transliteration is screening's job.

    ASCII text (most names) is its own fold: NFKD leaves every ASCII character as it
    is and none of them combines, so it is returned without the walk per character.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65_536)  # every push brings the same names again
def name_key(surname: str | None, given_names: str | None) -> str:
    """Order-free exact-match key: `Müller, Hans-Peter` -> `HANS MULLER PETER`."""
    text = fold_to_ascii(f"{given_names or ''} {surname or ''}").upper().replace("-", " ")
    tokens = _NOT_LETTER.sub(" ", text).split()
    return " ".join(sorted(tokens))


__all__ = ["document_number_key", "flight_key", "fold_to_ascii", "name_key", "split_flight_number"]
