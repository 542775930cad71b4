"""Building iAPI requests and a service over a fresh database for the iAPI tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from paxscreen.config import Settings, load_settings
from paxscreen.iapi.loader import load_checkin_screen
from paxscreen.iapi.screening import CheckinScreen
from paxscreen.iapi.service import IapiService
from paxscreen.messages.paxlst_writer import write_paxlst
from paxscreen.model import Flight, Message, PartialDate, PersonName, TravelDocument, Traveller
from paxscreen.screening.documents import DocumentList, ListedDocument
from paxscreen.screening.names.dob import DateSpec
from paxscreen.screening.watchlists.model import (
    DocumentStatus,
    EntryName,
    Watchlist,
    WatchlistEntry,
)
from paxscreen.store.engine import create_engine_for
from paxscreen.store.iapi_tables import iapi_carriers
from paxscreen.store.schema import load_metadata

DEPARTURE = dt.datetime(2026, 7, 1, 9, 30)
FLIGHT = Flight(
    carrier="XQ",
    number="881",
    origin="IST",
    destination="AMS",
    departure_local=DEPARTURE,
    arrival_local=DEPARTURE + dt.timedelta(hours=4),
)


def passenger(
    surname: str,
    given: str,
    *,
    reference: str,
    document: str | None = "U12345678",
    state: str = "TUR",
    dob: PartialDate | None = PartialDate(1985, 4, 12),
    expiry: dt.date | None = dt.date(2030, 1, 1),
    nationality: str = "TUR",
) -> Traveller:
    return Traveller(
        name=PersonName(surname=surname, given_names=given),
        sex="M",
        date_of_birth=dob,
        nationality=nationality,
        record_locator="ABC123",
        passenger_reference=reference,
        documents=[TravelDocument(type="P", number=document, issuing_state=state, expiry=expiry)]
        if document
        else [],
    )


def request(
    *travellers: Traveller,
    function: str = "745",
    modifier: str | None = None,
    reference: str = "R1",
    transaction: str = "TN1",
    flight: Flight = FLIGHT,
) -> bytes:
    header = Message(
        raw=b"",
        sender="XQ",
        recipient="NLGOV",
        message_reference=reference,
        transaction_reference=transaction,
        function=function,
        function_modifier=modifier,
        prepared_at=dt.datetime(2026, 7, 1, 7, 0),
        part_number=1,
        last_part=True,
    )
    return write_paxlst(header, [flight], list(travellers))


def numbered_requests(count: int) -> list[bytes]:
    """`count` one-traveller check-ins on the same flight, each with its own references."""
    return [
        request(
            passenger(f"PAX{n:03d}", "TEST", reference=f"P{n}", document=f"U{n:08d}"),
            reference=f"R{n}",
            transaction=f"TN{n}",
        )
        for n in range(count)
    ]


WATCHLIST = Watchlist(
    name="national security list",
    category="no-board",
    entries=[
        WatchlistEntry(
            entry_id="NSL-7",
            names=[EntryName(given_names="ABU BAKR", surname="AL-MASRI")],
            dates_of_birth=[DateSpec(PartialDate(1979, 3, 3))],
            nationalities=["EG"],
            category="no-board",
        ),
    ],
)
STOLEN = DocumentList([ListedDocument("SLTD-1", "Z9988776", "TR", "P", DocumentStatus.STOLEN)])


def listed_suspect(reference: str = "P3") -> Traveller:
    """A traveller whose name is a spelling variant of WATCHLIST's NSL-7, with its date
    of birth and nationality: a fuzzy match, never a confirmed identity on its own."""
    return passenger(
        "ALMASRI",
        "ABUBAKR",
        reference=reference,
        dob=PartialDate(1979, 3, 3),
        nationality="EGY",
        state="EGY",
        document="A0000001",
    )


def fixed_source(_connection: object) -> tuple[list[Watchlist], DocumentList | None]:
    return [WATCHLIST], STOLEN


def make_service(
    url: str,
    *,
    settings: Settings | None = None,
    load_screen: Callable[[Engine], CheckinScreen] | None = None,
    workers: int = 4,
) -> IapiService:
    engine = create_engine_for(url)
    load_metadata().create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            iapi_carriers.insert().values(code="XQ", name="Example Air", active=True)
        )
    settings = settings or load_settings(database_url=url)
    loader = load_screen or (lambda e: load_checkin_screen(e, settings, source=fixed_source))
    service = IapiService(engine, settings, loader, workers=workers)
    service.screen  # noqa: B018  (built before the first request, as the app does at start)
    return service


def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'iapi.db'}"
