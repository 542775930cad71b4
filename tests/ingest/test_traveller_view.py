"""Light traveller records: the identity fields of the full record, in fewer statements.

`load_identities` reads the travellers, then their names and documents in one
statement; it must give what the full loader gives for those fields, on SQLite
and, when it answers, PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine

from paxscreen.ingest.traveller_view import load_flight_identities, load_identities
from paxscreen.model import PersonName, TravelDocument, Traveller
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.travellers_repo import load_travellers, save_travellers
from store.databases import empty_database
from store.factories import make_flight, make_traveller


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    with empty_database(request.param, prefix="t_ingest") as engine:
        yield engine


def _identity(traveller: Traveller) -> Traveller:
    """The fields `load_identities` reads, from a full record."""
    return Traveller(
        role=traveller.role,
        name=traveller.name,
        other_names=traveller.other_names,
        date_of_birth=traveller.date_of_birth,
        record_locator=traveller.record_locator,
        passenger_reference=traveller.passenger_reference,
        reference_number=traveller.reference_number,
        checkin_status=traveller.checkin_status,
        boarding_status=traveller.boarding_status,
        documents=[
            TravelDocument(type=document.type, number=document.number)
            for document in traveller.documents
        ],
    )


def test_identities_are_the_full_records_identity_fields(engine: Engine) -> None:
    """Names and documents come from one statement: each goes to its traveller, in order."""
    second = replace(
        make_traveller(),
        name=PersonName(surname="ROSS", given_names="LISA"),
        other_names=[],
        documents=[
            TravelDocument(type="I", number="ID2"),
            TravelDocument(type="P", number="P1"),
            TravelDocument(type="V", number="V0"),
        ],
        checkin_status="cancelled",
    )
    nameless = Traveller(documents=[TravelDocument(type="P", number="X9")])
    with engine.begin() as connection:
        flight_id = save_flight(connection, make_flight())
        ids = save_travellers(
            connection, [make_traveller(), second, nameless], flight_id=flight_id, source="api"
        )
        full = load_travellers(connection, ids)
        identities = load_identities(connection, ids)
        on_flight = load_flight_identities(connection, flight_id, source="api")
    assert identities == {traveller_id: _identity(full[traveller_id]) for traveller_id in ids}
    assert list(on_flight) == ids
    assert on_flight == identities


def test_a_flight_without_travellers_of_the_source_has_no_identities(engine: Engine) -> None:
    with engine.begin() as connection:
        flight_id = save_flight(connection, make_flight())
        save_travellers(connection, [make_traveller()], flight_id=flight_id, source="pnr")
        assert load_flight_identities(connection, flight_id, source="api") == {}
        assert load_identities(connection, []) == {}
