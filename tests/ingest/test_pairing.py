"""API/PNR pairing runs again only when what it looks at changed, and then as a full one.

A check-in, a seat or a boarding close-out leaves the pairs as they are without
matching again; a changed name, date of birth or document, a traveller added to or
dropped from a PNR, a cancelled PNR or a cancelled API reservation re-pairs, and the
pairs are then exactly what pairing the flight from nothing gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Connection, Engine, delete, select, update

import paxscreen.ingest.loading
import paxscreen.ingest.pairing
from ingest.builders import Listed, Person, booking, paxlst, push, traveller
from ingest.conftest import Ingest
from paxscreen.ingest.merge import pairing_signature
from paxscreen.ingest.pairing import inputs_digest, refresh_pairs
from paxscreen.ingest.traveller_view import load_identities
from paxscreen.model import (
    Booking,
    PartialDate,
    PersonName,
    Seat,
    TravelDocument,
    Traveller,
    TravellerRole,
)
from paxscreen.store.ingest_tables import pairing_digests, traveller_pairs
from paxscreen.store.tables import flights, traveller_names, travellers

CHANGED = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
PUSHED = dt.datetime(2026, 2, 28, 10, 0)
CHECK_IN = dt.datetime(2026, 3, 1, 8, 0)
LATER = dt.timedelta(hours=1)

JOHN_PNR = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
JANE_PNR = Person("DOE", "JANE", dt.date(1982, 5, 6), "P456", "2", None, sex="F", title="MRS")
MAX_PNR = Person("MUSTERMANN", "MAX", None, None, "1", None)  # no SSR DOCS: no birth date
LISA_PNR = Person("ROSS", "LISA", None, None, "2", None, sex="F", title="MS")
API_LIST = [
    Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "ABC123", "U1"),
    Listed("DOE", "JANE", dt.date(1982, 5, 6), "P456", "ABC123", "U2", sex="F"),
    Listed("MUSTERMANN", "MAX", dt.date(1975, 7, 8), "P789", "DEF456"),
    Listed("ROSS", "LISA", dt.date(1990, 3, 4), "P321", "DEF456", sex="F"),
]
MAX_RENAMED = replace(API_LIST[2], surname="MUELLER")  # an API name correction (BGM CP)
# who pairs with whom before any change: API given name -> rule
FIRST_PAIRS = {"JOHN": "locator+reference", "JANE": "document", "MAX": "locator+name"}

Pairs = dict[str, str]


@pytest.fixture
def matching_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the matchings run (one entry, the number of API travellers, per run)."""
    runs: list[int] = []
    real = paxscreen.ingest.pairing.match_keys

    def counted(api: object, pnr: object) -> object:
        runs.append(len(api))  # type: ignore[arg-type]
        return real(api, pnr)  # type: ignore[arg-type]

    monkeypatch.setattr(paxscreen.ingest.pairing, "match_keys", counted)
    return runs


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the calls of refresh_pairs made by loading (one entry, the flight id, per call)."""
    calls: list[int] = []

    def counted(connection: Connection, flight_id: int, *, message_id: str | None) -> int:
        calls.append(flight_id)
        return refresh_pairs(connection, flight_id, message_id=message_id)

    monkeypatch.setattr(paxscreen.ingest.loading, "refresh_pairs", counted)
    return calls


@pytest.fixture
def paired_flight(engine: Engine, ingest: Ingest) -> Iterator[None]:
    """Two PNRs pushed, then the API list: JOHN, JANE and MAX pair, LISA has no PNR yet."""
    pnrs = [
        booking("ABC123", [JOHN_PNR, JANE_PNR], changed=CHANGED),
        booking("DEF456", [MAX_PNR], changed=CHANGED),
    ]
    ingest(push(pnrs, prepared=PUSHED)[0])
    ingest(paxlst(API_LIST, prepared=CHECK_IN))
    assert _pairs(engine) == FIRST_PAIRS
    yield


def _pairs(engine: Engine) -> Pairs:
    with engine.connect() as connection:
        return _pairs_in(connection)


def _pairs_in(connection: Connection) -> Pairs:
    """API given name -> rule, for each stored pair whose PNR row points at its API row."""
    rows = connection.execute(
        select(traveller_names.c.given_names, traveller_pairs.c.rule)
        .join(traveller_pairs, traveller_pairs.c.api_traveller_id == traveller_names.c.traveller_id)
        .join(travellers, travellers.c.id == traveller_pairs.c.pnr_traveller_id)
        .where(
            traveller_names.c.position == 0,
            travellers.c.merged_into == traveller_pairs.c.api_traveller_id,
        )
    ).all()
    return {given: rule for given, rule in rows}


def _full_refresh(engine: Engine) -> Pairs:
    """The pairs that pairing the flight from nothing gives (rolled back afterwards)."""
    with engine.connect() as connection, connection.begin() as transaction:
        flight_id = connection.execute(select(flights.c.id)).scalar_one()
        connection.execute(delete(pairing_digests))
        connection.execute(delete(traveller_pairs))
        connection.execute(update(travellers).values(merged_into=None))
        refresh_pairs(connection, flight_id, message_id=None)
        pairs = _pairs_in(connection)
        transaction.rollback()
    return pairs


def _push_later(ingest: Ingest, *pnrs: Booking) -> None:
    outcome = ingest(push(list(pnrs), prepared=PUSHED + LATER, control="2")[0])
    assert outcome.flights, "the new PNR versions were applied"


def _checked_in(person: Person, seat: str) -> Traveller:
    return replace(
        traveller(person),
        checkin_status="checked_in",
        seats=[Seat(flight="XX100", seat=seat, checked_in=True)],
    )


def test_pnr_check_in_and_seats_leave_pairs_without_matching_again(
    engine: Engine,
    ingest: Ingest,
    paired_flight: None,
    refreshes: list[int],
    matching_runs: list[int],
) -> None:
    checked_in = booking("ABC123", [JOHN_PNR, JANE_PNR], changed=CHANGED + LATER)
    checked_in = replace(
        checked_in, travellers=[_checked_in(JOHN_PNR, "12A"), _checked_in(JANE_PNR, "12B")]
    )
    _push_later(ingest, checked_in)
    with engine.connect() as connection:
        statuses = connection.execute(
            select(travellers.c.checkin_status).where(travellers.c.source == "pnr")
        ).scalars()
        assert sorted(statuses, key=str) == [None, "checked_in", "checked_in"]
    assert refreshes == [] and matching_runs == []  # the loader saw nothing pairing reads move
    assert _pairs(engine) == FIRST_PAIRS


def test_api_boarding_close_out_does_not_refresh_pairs(
    engine: Engine,
    ingest: Ingest,
    paired_flight: None,
    refreshes: list[int],
    matching_runs: list[int],
) -> None:
    on_board = [Listed("", "", None, None, "ABC123", "U1", close_out_only=True)]
    ingest(
        paxlst(on_board, prepared=CHECK_IN + LATER, document="266", modifier="CLOB", control="2")
    )
    with engine.connect() as connection:
        boarded = connection.execute(
            select(travellers.c.boarding_status).where(travellers.c.source == "api")
        ).scalars()
        assert sorted(boarded) == ["boarded", "not_boarded", "not_boarded", "not_boarded"]
    assert refreshes == [] and matching_runs == []
    assert _pairs(engine) == FIRST_PAIRS


def _renamed_max() -> list[Booking]:
    erika = replace(MAX_PNR, surname="MUSTERFRAU", given="ERIKA", sex="F")
    return [booking("DEF456", [erika], changed=CHANGED + LATER)]


def _jane_born_later() -> list[Booking]:
    jane = replace(JANE_PNR, dob=dt.date(1983, 1, 1))
    return [booking("ABC123", [JOHN_PNR, jane], changed=CHANGED + LATER)]


def _jane_new_passport() -> list[Booking]:
    jane = replace(JANE_PNR, document="P000")
    return [booking("ABC123", [JOHN_PNR, jane], changed=CHANGED + LATER)]


def _lisa_added() -> list[Booking]:
    return [booking("DEF456", [MAX_PNR, LISA_PNR], changed=CHANGED + LATER)]


def _jane_dropped() -> list[Booking]:
    return [booking("ABC123", [JOHN_PNR], changed=CHANGED + LATER)]


def _max_cancelled() -> list[Booking]:
    return [booking("DEF456", [], changed=CHANGED + LATER, cancelled=True)]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_renamed_max, {"JOHN": "locator+reference", "JANE": "document"}),
        (_jane_born_later, {"JOHN": "locator+reference", "MAX": "locator+name"}),
        (_jane_new_passport, {"JOHN": "locator+reference", "MAX": "locator+name"}),
        (_lisa_added, {**FIRST_PAIRS, "LISA": "locator+name"}),
        (_jane_dropped, {"JOHN": "locator+reference", "MAX": "locator+name"}),
        (_max_cancelled, {"JOHN": "locator+reference", "JANE": "document"}),
    ],
    ids=["name", "date-of-birth", "document", "traveller-added", "traveller-dropped", "cancel"],
)
def test_pnr_change_of_what_pairing_reads_re_pairs_as_from_nothing(
    engine: Engine,
    ingest: Ingest,
    paired_flight: None,
    matching_runs: list[int],
    change: Callable[[], list[Booking]],
    expected: Pairs,
) -> None:
    _push_later(ingest, *change())
    assert len(matching_runs) == 1
    assert _pairs(engine) == expected == _full_refresh(engine)


@pytest.mark.parametrize(
    ("listed", "modifier", "expected"),
    [
        (API_LIST[1], "XR", {"JOHN": "locator+reference", "MAX": "locator+name"}),
        (MAX_RENAMED, "CP", {"JOHN": "locator+reference", "JANE": "document"}),
    ],
    ids=["cancelled-reservation", "name-correction"],
)
def test_api_change_of_what_pairing_reads_re_pairs_as_from_nothing(
    engine: Engine,
    ingest: Ingest,
    paired_flight: None,
    matching_runs: list[int],
    listed: Listed,
    modifier: str,
    expected: Pairs,
) -> None:
    ingest(paxlst([listed], prepared=CHECK_IN + LATER, modifier=modifier, control="2"))
    assert len(matching_runs) == 1
    assert _pairs(engine) == expected == _full_refresh(engine)


def test_pnr_cancelled_then_reinstated_re_pairs_each_time(
    engine: Engine, ingest: Ingest, paired_flight: None, refreshes: list[int]
) -> None:
    """A reinstated PNR brings back the same travellers: their names, dates and documents
    are what is stored, yet the booking's status changes who pairing sees."""
    _push_later(ingest, *_max_cancelled())
    assert _pairs(engine) == {"JOHN": "locator+reference", "JANE": "document"}
    reinstated = booking("DEF456", [MAX_PNR], changed=CHANGED + dt.timedelta(days=30))
    outcome = ingest(push([reinstated], prepared=PUSHED + 2 * LATER, control="3")[0])
    assert outcome.flights, "the reinstated version was applied"
    assert len(refreshes) == 2
    assert _pairs(engine) == FIRST_PAIRS == _full_refresh(engine)


def test_keys_read_from_rows_are_the_stored_travellers_signatures(
    engine: Engine, paired_flight: None
) -> None:
    """Pairing works each traveller's keys out of its rows; they must be what
    `pairing_signature` gives the same traveller loaded as a record."""
    with engine.connect() as connection:
        flight_id = connection.execute(select(flights.c.id)).scalar_one()
        state = paxscreen.ingest.pairing._pairing_state(connection, flight_id)
        keyed = dict(state.api + state.pnr)
        loaded = load_identities(connection, list(keyed))
    assert (len(state.api), len(state.pnr)) == (4, 3)
    assert keyed == {traveller_id: pairing_signature(t) for traveller_id, t in loaded.items()}


def test_inputs_digest_is_the_one_stored_by_earlier_versions() -> None:
    """Digests already in `pairing_digests` were made from plain signature tuples: the
    same inputs must still digest the same, or every flight would be paired again."""
    john = Traveller(
        name=PersonName(surname="DOE", given_names="JOHN MR"),
        date_of_birth=PartialDate(1980, 1, 2),
        documents=[TravelDocument(type="P", number="p-123")],
        record_locator="abc123",
        passenger_reference="u1",
    )
    crew = Traveller(role=TravellerRole.CREW, name=PersonName(surname="ROSS", given_names="LISA"))
    api = [(1, pairing_signature(john)), (3, pairing_signature(crew))]
    digest = inputs_digest(api, [(2, pairing_signature(john))])
    assert digest == "ee65cabfe296bd139636e71a03f23e64b2189e36c91af44c2f346cf799c7ccb6"
