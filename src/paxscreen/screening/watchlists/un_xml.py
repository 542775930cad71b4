"""UN Security Council Consolidated List (XML, schema sc-sanctions.xsd).

Reads `CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL`; entities (companies) are counted
in `Watchlist.skipped`, since travellers are people. Names come in numbered parts
(FIRST_NAME .. FOURTH_NAME) that are not given/family names, so the joined name
is unstructured. Alias quality "Low" becomes a weak alias; NAME_ORIGINAL_SCRIPT
becomes an original-script name. Dates keep their TYPE_OF_DATE (EXACT,
APPROXIMATELY, BETWEEN). XML is parsed with defusedxml (no entity expansion).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from paxscreen.errors import ImportFormatError
from paxscreen.model.dates import PartialDate
from paxscreen.screening.names.dob import DateKind, DateSpec
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.dates import parse_date_spec
from paxscreen.screening.watchlists.model import (
    AliasQuality,
    EntryDocument,
    EntryName,
    Watchlist,
    WatchlistEntry,
)

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _date_of_birth(element: Element, *, source: str, record: str) -> DateSpec | None:
    kind = _text(element, "TYPE_OF_DATE").upper()
    date, year = _text(element, "DATE"), _text(element, "YEAR")
    low, high = _text(element, "FROM_YEAR"), _text(element, "TO_YEAR")
    try:
        if kind == "BETWEEN" and low and high:
            return DateSpec(PartialDate(int(low)), DateKind.RANGE, year_to=int(high))
        spec = parse_date_spec(date or year) if (date or year) else None
    except ValueError as error:
        raise ImportFormatError(f"INDIVIDUAL {record}: {error}", source=source) from None
    if spec is not None and kind == "APPROXIMATELY":
        return DateSpec(spec.date, DateKind.APPROXIMATE)
    return spec


def _entry(individual: Element, *, source: str) -> WatchlistEntry:
    record = _text(individual, "DATAID")
    if not record:
        raise ImportFormatError("INDIVIDUAL without DATAID", source=source)
    full = " ".join(part for tag in NAME_PARTS if (part := _text(individual, tag)))
    if not full:
        raise ImportFormatError(f"INDIVIDUAL {record}: no name parts", source=source)
    names = [EntryName(full_name=full, primary=True)]
    if original := _text(individual, "NAME_ORIGINAL_SCRIPT"):
        names.append(EntryName(full_name=original, original_script=True))
    for alias in individual.findall("INDIVIDUAL_ALIAS"):
        if alias_name := _text(alias, "ALIAS_NAME"):
            weak = _text(alias, "QUALITY").lower() == "low"
            names.append(
                EntryName(
                    full_name=alias_name, quality=AliasQuality.WEAK if weak else AliasQuality.STRONG
                )
            )
    dates = [
        spec
        for element in individual.findall("INDIVIDUAL_DATE_OF_BIRTH")
        if (spec := _date_of_birth(element, source=source, record=record))
    ]
    documents = [
        EntryDocument(
            number=number,
            issuing_state=to_iso2(_text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")),
            type=_text(doc, "TYPE_OF_DOCUMENT") or None,
        )
        for doc in individual.findall("INDIVIDUAL_DOCUMENT")
        if (number := _text(doc, "NUMBER"))
    ]
    nationalities = [
        code for value in individual.findall("NATIONALITY/VALUE") if (code := to_iso2(value.text))
    ]
    gender = _text(individual, "GENDER").upper()[:1]
    return WatchlistEntry(
        entry_id=record,
        names=names,
        dates_of_birth=dates,
        nationalities=nationalities,
        sex=gender if gender in ("M", "F") else None,
        documents=documents,
        category=_text(individual, "UN_LIST_TYPE") or None,
        remarks=_text(individual, "COMMENTS1"),
        source_reference=_text(individual, "REFERENCE_NUMBER"),
    )


def read_un_xml(path: Path, *, name: str | None = None) -> Watchlist:
    """Read the UN consolidated list; raises ImportFormatError with the record at fault."""
    try:
        root = ElementTree.parse(str(path)).getroot()
    except (ElementTree.ParseError, DefusedXmlException) as error:
        position = getattr(error, "position", None)
        line = position[0] if position else None
        raise ImportFormatError(
            f"not well-formed XML: {error}", source=str(path), line=line
        ) from None
    except OSError as error:
        raise ImportFormatError(f"cannot read file: {error.strerror}", source=str(path)) from None
    if root.tag != "CONSOLIDATED_LIST":
        raise ImportFormatError(
            f"root element is <{root.tag}>, expected <CONSOLIDATED_LIST>", source=str(path)
        )
    watchlist = Watchlist(
        name=name or "UN Security Council Consolidated List",
        category="sanctions",
        source_format="un-xml",
    )
    watchlist.entries = [
        _entry(element, source=str(path)) for element in root.findall("INDIVIDUALS/INDIVIDUAL")
    ]
    watchlist.skipped = len(root.findall("ENTITIES/ENTITY"))
    return watchlist


__all__ = ["read_un_xml"]
