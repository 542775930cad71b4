"""FollowTheMoney / OpenSanctions entities, one JSON object per line.

Each line is `{"id": ..., "schema": "Person", "properties": {"name": [...], ...}}`.
Person properties read: name, alias, weakAlias, previousName, firstName,
middleName, lastName, fatherName, birthDate, nationality, citizenship, gender,
passportNumber, idNumber, notes. Passport and Identification entities attach their
number and country to their holder (property `holder`), whether they come as their
own lines or nested inside the person (OpenSanctions "nested" exports). Other
schemata (Company, Vessel ...) count as skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from paxscreen.errors import ImportFormatError
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.dates import parse_date_spec
from paxscreen.screening.watchlists.model import (
    AliasQuality,
    EntryDocument,
    EntryName,
    Watchlist,
    WatchlistEntry,
)

DOCUMENT_SCHEMATA = {"Passport", "Identification"}


def _values(properties: dict[str, Any], name: str) -> list[Any]:
    value = properties.get(name, [])
    return value if isinstance(value, list) else [value]


def _strings(properties: dict[str, Any], name: str) -> list[str]:
    return [
        str(value).strip()
        for value in _values(properties, name)
        if isinstance(value, (str, int)) and str(value).strip()
    ]


def _document(entity: dict[str, Any]) -> EntryDocument | None:
    properties = entity.get("properties", {})
    numbers = _strings(properties, "number")
    if not numbers:
        return None
    country = next(iter(_strings(properties, "country")), None)
    kind = (
        "passport"
        if entity.get("schema") == "Passport"
        else next(iter(_strings(properties, "type")), None)
    )
    return EntryDocument(number=numbers[0], issuing_state=to_iso2(country), type=kind)


def _person(entity: dict[str, Any], *, source: str, line: int) -> WatchlistEntry:
    properties = entity.get("properties", {})
    if not isinstance(properties, dict):
        raise ImportFormatError("properties is not an object", source=source, line=line)
    names = [
        EntryName(full_name=name, primary=index == 0)
        for index, name in enumerate(_strings(properties, "name"))
    ]
    given = " ".join(_strings(properties, "firstName") + _strings(properties, "middleName"))
    surname = " ".join(_strings(properties, "lastName"))
    if given or surname:
        names.append(EntryName(given_names=given, surname=surname, primary=not names))
    names += [
        EntryName(full_name=alias)
        for key in ("alias", "previousName")
        for alias in _strings(properties, key)
    ]
    names += [
        EntryName(full_name=alias, quality=AliasQuality.WEAK)
        for alias in _strings(properties, "weakAlias")
    ]
    if not names:
        raise ImportFormatError(f"Person {entity.get('id')}: no name", source=source, line=line)
    try:
        dates = [parse_date_spec(text) for text in _strings(properties, "birthDate")]
    except ValueError as error:
        raise ImportFormatError(
            f"Person {entity.get('id')}: {error}", source=source, line=line
        ) from None
    countries = _strings(properties, "nationality") + _strings(properties, "citizenship")
    documents = [
        EntryDocument(number=number, type="passport")
        for number in _strings(properties, "passportNumber")
    ]
    documents += [
        EntryDocument(number=number, type="id") for number in _strings(properties, "idNumber")
    ]
    for key in ("identification", "passport", "identificationOf"):
        for nested in _values(properties, key):
            if isinstance(nested, dict) and (document := _document(nested)):
                documents.append(document)
    gender = next(iter(_strings(properties, "gender")), "").upper()[:1]
    return WatchlistEntry(
        entry_id=str(entity["id"]),
        names=names,
        dates_of_birth=dates,
        nationalities=list(dict.fromkeys(c for text in countries if (c := to_iso2(text)))),
        sex=gender if gender in ("M", "F") else None,
        documents=documents,
        remarks=" ".join(_strings(properties, "notes")),
        source_reference=", ".join(map(str, entity.get("datasets", []))),
    )


def read_ftm_json(path: Path, *, name: str | None = None) -> Watchlist:
    """Read line-delimited FollowTheMoney entities; raises ImportFormatError naming the line."""
    watchlist = Watchlist(name=name or path.stem, category="sanctions", source_format="ftm-json")
    entries: dict[str, WatchlistEntry] = {}
    held: list[tuple[str, EntryDocument]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFormatError(f"cannot read file: {error}", source=str(path)) from None
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            entity = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFormatError(
                f"not JSON: {error.msg} at column {error.colno}", source=str(path), line=line
            ) from None
        if not isinstance(entity, dict) or "id" not in entity or "schema" not in entity:
            raise ImportFormatError(
                "not an entity (needs id and schema)", source=str(path), line=line
            )
        schema = entity["schema"]
        if schema == "Person":
            entries[str(entity["id"])] = _person(entity, source=str(path), line=line)
        elif schema in DOCUMENT_SCHEMATA:
            holders = _values(entity.get("properties", {}), "holder")
            document = _document(entity)
            if document:
                held += [
                    (str(h.get("id") if isinstance(h, dict) else h), document) for h in holders
                ]
        else:
            watchlist.skipped += 1
    for holder, document in held:
        if holder in entries:
            entries[holder].documents.append(document)
    watchlist.entries = list(entries.values())
    return watchlist


__all__ = ["read_ftm_json"]
