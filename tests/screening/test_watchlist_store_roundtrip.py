"""Lists kept by the watchlist store come back as the model screening uses."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Connection

from paxscreen.model import PartialDate
from paxscreen.screening.names.dob import DateKind, DateSpec
from paxscreen.screening.watchlists.importing import entry_record
from paxscreen.screening.watchlists.model import (
    DocumentStatus,
    EntryDocument,
    EntryName,
    WatchlistEntry,
)
from paxscreen.screening.watchlists.store import (
    active_document_list,
    active_watchlists,
    date_spec_from_text,
)
from paxscreen.store.watchlists_repo import create_watchlist, import_version
from store.databases import *  # noqa: F403  (the shared two-database fixtures)

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
ENTRY = WatchlistEntry(
    entry_id="QDi.123",
    names=[
        EntryName(
            full_name="ABU BAKR AL-MASRI", given_names="ABU BAKR", surname="AL-MASRI", primary=True
        )
    ],
    dates_of_birth=[
        DateSpec(PartialDate(1979, 3, 3)),
        DateSpec(PartialDate(1975), DateKind.APPROXIMATE),
        DateSpec(PartialDate(1970), DateKind.RANGE, 1972),
    ],
    nationalities=["EG"],
    sex="M",
    documents=[EntryDocument(number="A1234567", issuing_state="EG", type="passport")],
    category="terrorism",
    remarks="listed 2004",
    source_reference="UN 123",
)


@pytest.mark.parametrize("text", ["1970", "1970-05", "1970-05-02", "approx. 1970", "1965-1970"])
def test_dates_read_back_what_describe_wrote(text: str) -> None:
    spec = date_spec_from_text(text)
    assert spec is not None and spec.describe() == text


def test_person_and_document_lists_round_trip(connection: Connection) -> None:
    person_list = create_watchlist(
        connection, "UN consolidated", category="terrorism", user="lena", now=NOW
    )
    import_version(
        connection,
        person_list,
        [entry_record(ENTRY)],
        user="lena",
        now=NOW,
        source_name="un.xml",
        source_format="un-xml",
    )
    document_list = create_watchlist(
        connection, "SLTD extract", category="document", kind="document", user="lena", now=NOW
    )
    import_version(
        connection,
        document_list,
        [
            {
                "entry_id": "D1",
                "primary_name": "",
                "documents": [
                    {"number": "Z9988776", "issuing_state": "TR", "type": "P", "status": "stolen"}
                ],
            }
        ],
        user="lena",
        now=NOW,
        source_name="sltd.csv",
        source_format="document-csv",
    )
    [watchlist] = active_watchlists(connection)
    assert watchlist.name == "UN consolidated" and watchlist.category == "terrorism"
    assert watchlist.entries == [ENTRY]
    documents = active_document_list(connection)
    assert documents is not None
    [hit] = documents.check("Z9988776", "TR")
    assert hit.listed.status is DocumentStatus.STOLEN
