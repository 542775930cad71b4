"""SSR free-text grammars (AIRIMP §3.13): DOCS, DOCO, DOCA, FQTV, INFT, TKNE.

The SSR composite itself is EDIFACT (`SSR+DOCS:HK:1:SQ:::ICN:SIN:<free text>+::1`);
the free text after it follows AIRIMP slashes. Real senders shift fields by one
(`//P/...`), leave fields empty, mix 2- and 3-letter country codes (`/P/CO/` and
`/P/COL/` in one PNR), append the traveller's name (`-1PARK/SEJOONMR`) and split
long DOCS over two SSRs. Readers here never raise: they return what they could
read plus a list of `Problem`s (code and message) that the caller turns into
findings at the SSR's position.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from paxscreen.messages.pnrgov_contacts import strip_name_association
from paxscreen.messages.pnrgov_dates import (
    DateKind,
    parse_ddmmmyy,
    parse_partial_birth_date,
)
from paxscreen.model import PartialDate

INFANT_SEXES = {"MI": "M", "FI": "F"}
SEXES = {"M", "F", "U", "X"}
DOCUMENT_TYPES = {"P", "PT", "IP", "I", "A", "AC", "C", "F", "M", "V", "T", "L", "N", "IN", "ID"}
_DATE_DDMMMYY = re.compile(r"^\d{2}[A-Z]{3}\d{2}(?:\d{2})?$")
_TRAVELLER_NAME = re.compile(r"-(\d+)([A-Z][A-Z .'-]*/[A-Z .'-]*)$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something odd in SSR text: a stable code and a message for a person."""

    code: str
    message: str


@dataclass(slots=True, kw_only=True)
class Docs:
    """SSR DOCS: the travel document and the name printed on it."""

    document_type: str | None = None
    issuing_state: str | None = None
    number: str | None = None
    nationality: str | None = None
    date_of_birth: PartialDate | None = None
    sex: str | None = None
    is_infant: bool = False  # MI / FI: the DOCS describes the infant of this adult
    expiry: dt.date | None = None
    surname: str | None = None
    given_names: str | None = None
    multi_passenger_holder: bool = False  # H: the holder of a family passport
    named_traveller: str | None = None  # `-1SURNAME/GIVEN` after the text
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Doco:
    """SSR DOCO: another document, usually a visa, and the place of birth."""

    place_of_birth: str | None = None
    document_type: str | None = None
    number: str | None = None
    place_of_issue: str | None = None
    issue_date: dt.date | None = None
    applicable_state: str | None = None
    is_infant: bool = False
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Doca:
    """SSR DOCA: destination (D) or residence (R) address."""

    address_type: str | None = None
    country: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postcode: str | None = None
    is_infant: bool = False


def _fields(text: str) -> list[str]:
    """Slash-separated fields without the leading slash."""
    text = text.strip()
    if text.startswith("/"):
        text = text[1:]
    return [part.strip() for part in text.split("/")]


def _get(fields: list[str], index: int) -> str | None:
    return (fields[index] or None) if index < len(fields) else None


def _is_date(value: str | None) -> bool:
    return bool(value) and bool(_DATE_DDMMMYY.match(value or ""))


def _realign_docs(fields: list[str], problems: list[Problem]) -> list[str]:
    """Undo a one-field shift (`//P/...`): the date of birth belongs at index 4."""
    # the empty first field first: it is the cheap test, and the rare one
    if not fields[0] and not _is_date(_get(fields, 4)) and _is_date(_get(fields, 5)):
        problems.append(Problem("ssr.docs-shifted", "DOCS fields shifted by one; realigned"))
        return fields[1:]
    return fields


def _read_date(
    value: str | None, *, kind: DateKind, today: dt.date, problems: list[Problem], what: str
) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_ddmmmyy(value, today=today, kind=kind)
    except ValueError as error:
        problems.append(Problem("ssr.bad-date", f"{what}: {error}"))
        return None


# A flight's pushes repeat each DOCS and DOCO several times: the results are kept
# per (text, reference date) and shared, so readers treat them as read-only.
@functools.lru_cache(maxsize=16384)
def parse_docs(text: str, *, today: dt.date) -> Docs:
    """Read DOCS free text `/P/GBR/123/GBR/12JUL64/M/23AUG19/SMITH/JOHN/ROBERT[/H]`."""
    problems: list[Problem] = []
    named = _TRAVELLER_NAME.search(text)
    if named:
        text = text[: named.start()]
    fields = _realign_docs(_fields(text), problems)
    # every field the DOCS may have, "" when absent: read below without bounds checks
    field = fields + [""] * (DOCS_FIELDS - len(fields))
    document_type = field[0] or None
    if document_type and document_type not in DOCUMENT_TYPES:
        problems.append(Problem("ssr.docs-unknown-type", f"DOCS document type {document_type!r}"))
    date_of_birth = None
    if field[4]:
        try:
            date_of_birth = parse_partial_birth_date(field[4], today=today)
        except ValueError as error:
            problems.append(Problem("ssr.bad-date", f"DOCS date of birth: {error}"))
    sex, is_infant = _docs_sex(field[5].upper(), problems)
    expiry = _read_date(
        field[6] or None, kind=DateKind.EXPIRY, today=today, problems=problems, what="DOCS expiry"
    )
    given = [part for part in fields[8:10] if part]
    return Docs(
        document_type=document_type,
        issuing_state=field[1] or None,
        number=field[2] or None,
        nationality=field[3] or None,
        date_of_birth=date_of_birth,
        sex=sex,
        is_infant=is_infant,
        expiry=expiry,
        surname=field[7] or None,
        given_names=" ".join(given) or None,
        multi_passenger_holder=field[10] == "H",
        named_traveller=named.group(2) if named else None,
        problems=problems,
    )


DOCS_FIELDS = 11  # type, state, number, nationality, birth, sex, expiry, 3 names, holder


def _docs_sex(sex: str, problems: list[Problem]) -> tuple[str | None, bool]:
    """DOCS gender: (sex, whether the DOCS is the infant's); MI and FI mean an infant."""
    if sex in INFANT_SEXES:
        return INFANT_SEXES[sex], True
    if sex in SEXES:
        return sex, False
    if sex:
        problems.append(Problem("ssr.docs-bad-sex", f"DOCS gender {sex!r} is not M/F/MI/FI/U/X"))
    return None, False


@functools.lru_cache(maxsize=4096)
def parse_doco(text: str, *, today: dt.date) -> Doco:
    """Read DOCO free text `/<birthplace>/V/<number>/<place of issue>/<DDMMMYY>/<state>[/I]`."""
    fields = _fields(strip_name_association(text))
    doco = Doco()
    doco.place_of_birth = _get(fields, 0)
    doco.document_type = _get(fields, 1)
    doco.number = _get(fields, 2)
    doco.place_of_issue = _get(fields, 3)
    doco.issue_date = _read_date(
        _get(fields, 4),
        kind=DateKind.ISSUE,
        today=today,
        problems=doco.problems,
        what="DOCO issue date",
    )
    doco.applicable_state = _get(fields, 5)
    doco.is_infant = _get(fields, 6) == "I"
    return doco


def parse_doca(text: str) -> Doca:
    """Read DOCA free text `/<D|R>/<country>/<street>/<city>/<state>/<postcode>[/I]`."""
    fields = _fields(strip_name_association(text))
    return Doca(
        address_type=_get(fields, 0),
        country=_get(fields, 1),
        street=_get(fields, 2),
        city=_get(fields, 3),
        state=_get(fields, 4),
        postcode=_get(fields, 5),
        is_infant=_get(fields, 6) == "I",
    )


def parse_fqtv(text: str, default_airline: str | None) -> tuple[str, str, str | None] | None:
    """FQTV text `/DL1234567890/GOLD` or `DL 1234567890` -> (airline, number, tier)."""
    fields = _fields(strip_name_association(text))
    head = fields[0].replace(" ", "") if fields else ""
    if not head:
        return None
    airline, number = default_airline, head
    if len(head) > 2 and not head[:2].isdigit() and head[2:].isalnum():
        airline, number = head[:2], head[2:]
    if not airline:
        return None
    return airline, number, _get(fields, 1)


def parse_inft(text: str, *, today: dt.date) -> tuple[str | None, str | None, PartialDate | None]:
    """INFT text `SURNAME/GIVEN/10AUG11` -> (surname, given names, date of birth)."""
    fields = _fields(strip_name_association(text))
    surname, given = _get(fields, 0), _get(fields, 1)
    birth: PartialDate | None = None
    for value in fields[2:]:
        try:
            birth = parse_partial_birth_date(value, today=today)
            break
        except ValueError:
            continue
    return surname, given, birth


def parse_tkne(text: str) -> str | None:
    """TKNE text `1392178947000C2` or `TKT NBR 0062120234533 ...` -> ticket number.

    The number is the whole digit run (13 digits, or as the TKT segment wrote it),
    so that it matches the traveller's TKT instead of becoming a second ticket.
    """
    match = re.search(r"\d{13,16}", text) or re.search(r"\d[\d.]{3,}", text)
    return match.group(0) if match else None


__all__ = [
    "Doca",
    "Doco",
    "Docs",
    "Problem",
    "parse_doca",
    "parse_doco",
    "parse_docs",
    "parse_fqtv",
    "parse_inft",
    "parse_tkne",
]
