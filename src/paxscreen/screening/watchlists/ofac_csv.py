"""US Treasury OFAC SDN list in its legacy CSV form (sdn.csv + alt.csv).

sdn.csv has no header: ent_num, SDN_Name ("LAST, First"), SDN_Type, Program,
Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks; `-0-`
means empty. Only `individual` rows are people; the rest count as skipped. Date of
birth, nationality, citizenship, gender, passports and national ids live inside
Remarks as `;`-separated phrases ("DOB 19 Jun 1951; alt. DOB 1952; Passport
1084010 (Egypt); nationality Iraq; Gender Male"), which are read here; phrases we
do not understand stay in `remarks`. Aliases come from the alt file (ent_num,
alt_num, alt_type aka/fka/nka, alt_name, alt_remarks).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from paxscreen.errors import ImportFormatError
from paxscreen.screening.names.dob import DateKind, DateSpec
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.dates import parse_date_spec
from paxscreen.screening.watchlists.model import EntryDocument, EntryName, Watchlist, WatchlistEntry

SDN_COLUMNS = 12
EMPTY = "-0-"
_DOB = re.compile(r"^(?:alt\.\s+)?DOB\s+(.+?)\.?$", re.I)
_COUNTRY = re.compile(r"^(?:alt\.\s+)?(?:nationality|citizen)\s+(.+?)\.?$", re.I)
_GENDER = re.compile(r"^Gender\s+(Male|Female)", re.I)
_DOCUMENT = re.compile(
    r"^(?:alt\.\s+)?(Passport|National ID No\.)\s+([A-Z0-9][A-Z0-9 /-]*?)"
    r"\s*(?:\(([^)]*)\))?\s*(?:issued.*|expires.*)?\.?$",
    re.I,
)
_RANGE = re.compile(r"^(.+?\d{4})\s+to\s+(.+?\d{4})$", re.I)


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


def _date(text: str) -> DateSpec | None:
    if match := _RANGE.match(text):
        low, high = (parse_date_spec(part).date.year for part in match.groups())
        return DateSpec(parse_date_spec(str(low)).date, DateKind.RANGE, year_to=high)
    return parse_date_spec(text)


def _read_remarks(entry: WatchlistEntry, remarks: str) -> None:
    """Pull DOB, nationality, gender and documents out of the Remarks phrases."""
    kept = []
    for phrase in (part.strip() for part in remarks.split(";")):
        if not phrase:
            continue
        try:
            if match := _DOB.match(phrase):
                if spec := _date(match.group(1)):
                    entry.dates_of_birth.append(spec)
                continue
        except ValueError:
            pass  # an odd DOB phrase stays in the remarks text
        match = _COUNTRY.match(phrase)
        if match and (code := to_iso2(match.group(1))):
            entry.nationalities.append(code)
            continue
        if match := _GENDER.match(phrase):
            entry.sex = match.group(1)[0].upper()
            continue
        if match := _DOCUMENT.match(phrase):
            kind, number, country = match.groups()
            entry.documents.append(
                EntryDocument(
                    number=number.strip(),
                    issuing_state=to_iso2(country),
                    type="passport" if kind.lower() == "passport" else "national id",
                )
            )
            continue
        kept.append(phrase)
    entry.remarks = "; ".join(kept)
    entry.nationalities = list(dict.fromkeys(entry.nationalities))


def _open_rows(path: Path) -> list[list[str]]:
    """All rows at once: the files are a few MB, and a bad byte should fail before any row."""
    try:
        return list(csv.reader(path.read_text(encoding="utf-8-sig", errors="strict").splitlines()))
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFormatError(f"cannot read file: {error}", source=str(path)) from None


def _read_aliases(path: Path, entries: dict[str, WatchlistEntry]) -> None:
    for line, row in enumerate(_open_rows(path), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("\x1a"):
            continue
        if len(row) < 4:
            raise ImportFormatError(
                f"{len(row)} fields, an alias row has 5", source=str(path), line=line
            )
        entry = entries.get(row[0].strip())
        if entry is not None and (alias := _cell(row[3])):
            entry.names.append(EntryName(full_name=alias))


def alias_file_for(path: Path) -> Path | None:
    """ofac_sdn.csv -> ofac_alt.csv, sdn.csv -> alt.csv, when that file exists."""
    candidate = path.with_name(path.name.replace("sdn", "alt").replace("SDN", "ALT"))
    return candidate if candidate != path and candidate.exists() else None


def read_ofac_csv(
    path: Path, *, name: str | None = None, alias_path: Path | None = None
) -> Watchlist:
    """Read sdn.csv (and its alias file, found beside it unless given)."""
    watchlist = Watchlist(name=name or "OFAC SDN", category="sanctions", source_format="ofac-csv")
    entries: dict[str, WatchlistEntry] = {}
    for line, row in enumerate(_open_rows(path), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("\x1a"):
            continue
        if len(row) != SDN_COLUMNS:
            raise ImportFormatError(
                f"{len(row)} fields, an SDN row has {SDN_COLUMNS}", source=str(path), line=line
            )
        ent_num, sdn_name, sdn_type = row[0].strip(), _cell(row[1]), _cell(row[2]).lower()
        if not ent_num.isdigit():
            raise ImportFormatError(
                f"ent_num {ent_num!r} is not a number", source=str(path), line=line
            )
        if sdn_type != "individual":
            watchlist.skipped += 1
            continue
        if not sdn_name:
            raise ImportFormatError(f"ent_num {ent_num}: empty name", source=str(path), line=line)
        entry = WatchlistEntry(
            entry_id=ent_num,
            names=[EntryName(full_name=sdn_name, primary=True)],
            category=_cell(row[3]) or None,
            source_reference=_cell(row[3]),
        )
        _read_remarks(entry, _cell(row[11]))
        entries[ent_num] = entry
    alias_path = alias_path or alias_file_for(path)
    if alias_path is not None:
        _read_aliases(alias_path, entries)
    watchlist.entries = list(entries.values())
    return watchlist


__all__ = ["alias_file_for", "read_ofac_csv"]
