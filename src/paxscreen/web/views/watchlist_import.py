"""Watchlist import for the web screens: the screening package reads and reports.

Kept as the web layer's name for `paxscreen.screening.watchlists.importing`, where
the reading lives so the CLI and the demo loader import lists the same way.
"""

from paxscreen.screening.watchlists.importing import (
    ImportReport,
    Rejected,
    document_records,
    entry_record,
    read_with_report,
)

__all__ = ["ImportReport", "Rejected", "document_records", "entry_record", "read_with_report"]
