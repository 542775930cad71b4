"""Watchlists: the data model and one importer per list format.

`read_watchlist(path, format=...)` picks the importer; every importer raises
`ImportFormatError` naming the file, the line or record, and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paxscreen.errors import ImportFormatError
from paxscreen.screening.watchlists.csv_format import read_csv_watchlist
from paxscreen.screening.watchlists.eu_csv import read_eu_csv
from paxscreen.screening.watchlists.ftm_json import read_ftm_json
from paxscreen.screening.watchlists.model import (
    AliasQuality,
    DocumentStatus,
    EntryDocument,
    EntryName,
    Severity,
    Watchlist,
    WatchlistEntry,
)
from paxscreen.screening.watchlists.ofac_csv import read_ofac_csv
from paxscreen.screening.watchlists.un_xml import read_un_xml

READERS: dict[str, Callable[..., Watchlist]] = {
    "csv": read_csv_watchlist,
    "un-xml": read_un_xml,
    "ofac-csv": read_ofac_csv,
    "eu-csv": read_eu_csv,
    "ftm-json": read_ftm_json,
}
FORMATS = tuple(READERS)


def guess_format(path: Path) -> str:
    """The format a file most likely has, from its name and first bytes."""
    head = path.read_bytes()[:2048].decode("utf-8", errors="replace").lstrip("\ufeff \n")
    if head.startswith("<") and "CONSOLIDATED_LIST" in head:
        return "un-xml"
    if head.startswith("{"):
        return "ftm-json"
    lower = head.lower()
    if "entity_logicalid" in lower:
        return "eu-csv"
    if "sdn" in path.name.lower() or (
        head[:1].isdigit() and '"individual"' in lower or "-0-" in head
    ):
        return "ofac-csv"
    return "csv"


def read_watchlist(path: Path, *, format: str | None = None, name: str | None = None) -> Watchlist:
    """Read a watchlist file in one of `FORMATS` (guessed when not given)."""
    chosen = format or guess_format(path)
    if chosen not in READERS:
        raise ImportFormatError(
            f"unknown format {chosen!r}; use one of {', '.join(FORMATS)}", source=str(path)
        )
    return READERS[chosen](path, name=name)


__all__ = [
    "FORMATS",
    "AliasQuality",
    "DocumentStatus",
    "EntryDocument",
    "EntryName",
    "Severity",
    "Watchlist",
    "WatchlistEntry",
    "guess_format",
    "read_watchlist",
]
