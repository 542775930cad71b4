"""Booking names: titles glued to given names, doubled single-letter surnames, groups.

Reservation systems write the title after the given name, often without a space
(`MOLLYMRS`, `PETERMR`, `MOANMISS`). A one-letter surname arrives doubled
(`TIF+YY+MOANMISS`) and is kept as sent: a real surname `YY` looks the same.
GTAS cut titles with suffix lists and broke real names (#245 read MRS as "S",
#505 cut VAISHNAVI to VAISHNA). We split only known titles, only at the end,
only when at least two letters of name remain, and always keep the raw text,
so a wrong guess never destroys data.
"""

from __future__ import annotations

import functools

from paxscreen.model import NameSource, PersonName

# Longest first, so MRS wins over MS and MSTR over MS.
TITLES = ("MSTR", "MISS", "PROF", "CAPT", "MRS", "DR", "MR", "MS", "REV", "SIR")
# A title glued without a space is only split off these (the common AIRIMP ones);
# DR, PROF, CAPT, REV and SIR need a space, because names end in them (ALEXANDR).
GLUED_TITLES = ("MSTR", "MISS", "MRS", "MR", "MS")
# A child or infant marker may follow the title (`JOHNMSTR CHD`).
AGE_MARKERS = ("CHD", "INF")
MIN_NAME_LETTERS = 2


@functools.lru_cache(maxsize=16384)  # the same names come back in every push of a flight
def split_title(given: str) -> tuple[str, str | None]:
    """`MOLLYMRS` -> ("MOLLY", "MRS"); `NINA MS` -> ("NINA", "MS"); `LI` -> ("LI", None).

    Titles are recognised in any case (`Jurgenmr`), returned upper case; the name
    keeps the case it was sent in.
    """
    words = given.split()
    if not words:
        return "", None
    if len(words) > 1 and words[-1].upper() in AGE_MARKERS:
        words = words[:-1]
    if len(words) > 1 and words[-1].upper() in TITLES:
        return " ".join(words[:-1]), words[-1].upper()
    last = words[-1]
    upper = last.upper()
    for title in GLUED_TITLES:
        stem = last[: -len(title)]
        if upper.endswith(title) and len(stem) >= MIN_NAME_LETTERS and stem.isalpha():
            return " ".join([*words[:-1], stem]), title
    return " ".join(words), None


def booking_name(surname: str, given: str, *, source: NameSource) -> PersonName:
    """A PersonName from a surname and a given-name field that may carry a title."""
    surname = " ".join(surname.split())
    given_names, title = split_title(given) if given else ("", None)
    raw = f"{surname}/{given}" if given else surname
    return PersonName(raw=raw, surname=surname, given_names=given_names, title=title, source=source)


__all__ = ["TITLES", "booking_name", "split_title"]
