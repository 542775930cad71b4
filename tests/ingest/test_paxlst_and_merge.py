"""PAXLST functions (close-out, cancel, change) and the API/PNR merge on one flight."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import Engine, select

from ingest.builders import FLIGHT, Listed, Person, booking, paxlst, push
from ingest.conftest import NOW, Ingest
from ingest.snapshot import snapshot
from paxscreen.model import MessageStatus
from paxscreen.store.ingest_tables import traveller_pairs
from paxscreen.store.tables import flights, traveller_names, travellers

CHECK_IN = dt.datetime(2026, 3, 1, 8, 0)
CLOSE = dt.datetime(2026, 3, 1, 9, 50)
JOHN = Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "ABC123", "U1")
JANE = Listed("DOE", "JANE", dt.date(1982, 5, 6), "P456", "ABC123", "U2", sex="F")
MAX = Listed("MUSTERMANN", "MAX", dt.date(1975, 7, 8), "P789", "DEF456", "U3")


def _statuses(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                traveller_names.c.given_names,
                travellers.c.checkin_status,
                travellers.c.boarding_status,
            )
            .join(travellers, travellers.c.id == traveller_names.c.traveller_id)
            .where(travellers.c.source == "api", traveller_names.c.position == 0)
        )  # fmt: skip
        return {row.given_names: (row.checkin_status, row.boarding_status) for row in rows}


def _closed_out(who: list[Listed]) -> list[Listed]:
    return [Listed("", "", None, None, p.locator, p.upi, close_out_only=True) for p in who]


def test_close_out_on_board_marks_listed_boarded_and_others_not(
    engine: Engine, ingest: Ingest
) -> None:
    ingest(paxlst([JOHN, JANE, MAX], prepared=CHECK_IN))
    outcome = ingest(
        paxlst(
            _closed_out([JOHN, MAX]), prepared=CLOSE, document="266", modifier="CLOB", control="2"
        )
    )
    assert outcome.status == MessageStatus.LOADED
    assert _statuses(engine) == {
        "JOHN": (None, "boarded"), "JANE": (None, "not_boarded"), "MAX": (None, "boarded"),
    }  # fmt: skip


def test_close_out_not_on_board_lists_the_absent(engine: Engine, ingest: Ingest) -> None:
    ingest(paxlst([JOHN, JANE, MAX], prepared=CHECK_IN))
    ingest(
        paxlst(_closed_out([JANE]), prepared=CLOSE, document="266", modifier="CLNB", control="2")
    )
    assert _statuses(engine)["JANE"] == (None, "not_boarded")
    assert _statuses(engine)["MAX"] == (None, "boarded")


def test_cancel_reservation_marks_and_keeps_the_traveller(engine: Engine, ingest: Ingest) -> None:
    ingest(paxlst([JOHN, JANE], prepared=CHECK_IN))
    ingest(paxlst([JANE], prepared=CHECK_IN + dt.timedelta(minutes=5), modifier="XR", control="2"))
    assert _statuses(engine) == {"JOHN": (None, None), "JANE": ("cancelled", None)}


def test_cancel_flight_marks_the_flight(engine: Engine, ingest: Ingest) -> None:
    ingest(paxlst([JOHN], prepared=CHECK_IN))
    ingest(paxlst([], prepared=CLOSE, document="266", modifier="XF", control="2"))
    with engine.connect() as connection:
        assert connection.execute(select(flights.c.cancelled)).scalar_one() is True


def test_change_passenger_replaces_in_place_and_older_list_cannot_undo_it(
    engine: Engine, ingest: Ingest
) -> None:
    ingest(paxlst([JOHN], prepared=CHECK_IN))
    corrected = Listed("DOE", "JOHN", dt.date(1980, 2, 1), "P123", "ABC123", "U1")
    ingest(
        paxlst(
            [corrected], prepared=CHECK_IN + dt.timedelta(minutes=30), modifier="CP", control="2"
        )
    )
    picture = snapshot(engine)
    assert [t[4] for t in picture["travellers"]] == ["1980-02-01"]
    resent_old = paxlst([JOHN], prepared=CHECK_IN, control="9").replace(b"XX OPERATIONS", b"XX OPS")
    ingest(resent_old, now=NOW + dt.timedelta(hours=1))
    assert snapshot(engine) == picture


def test_api_and_pnr_travellers_merge_with_infant_and_without_docs(
    engine: Engine, ingest: Ingest
) -> None:
    changed = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
    adult = Person("DOE", "JANE", dt.date(1982, 5, 6), "P456", "1", "U2", sex="F", title="MRS")
    infant = Person("DOE", "LILY", dt.date(2025, 6, 1), None, "2", None, sex="F", infant_of=0)
    no_docs = Person("MUSTERMANN", "MAX", None, None, "1", None)
    john = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
    pnrs = [
        booking("ABC123", [john], changed=changed),
        booking("GHI789", [adult, infant], changed=changed),
        booking("DEF456", [no_docs], changed=changed),
    ]
    ingest(push(pnrs, prepared=dt.datetime(2026, 2, 28, 10, 0))[0])
    lily = Listed("DOE", "LILY", dt.date(2025, 6, 1), "P999", None, None, sex="F")
    jane = Listed("DOE", "JANE MARIA", dt.date(1982, 5, 6), "P456", None, None, sex="F")
    max_api = Listed("MUSTERMANN", "MAX", dt.date(1975, 7, 8), "P789", "DEF456", None)
    ingest(paxlst([JOHN, jane, lily, max_api], prepared=CHECK_IN))
    with engine.connect() as connection:
        pairs = connection.execute(
            select(traveller_names.c.given_names, traveller_pairs.c.rule)
            .join(
                traveller_pairs,
                traveller_pairs.c.api_traveller_id == traveller_names.c.traveller_id,
            )
            .where(traveller_names.c.position == 0)
        ).all()  # fmt: skip
        merged = connection.execute(
            select(travellers.c.id).where(
                travellers.c.source == "pnr", travellers.c.merged_into.isnot(None)
            )
        ).all()
    assert sorted(tuple(pair) for pair in pairs) == [
        ("JANE MARIA", "document"),
        ("JOHN", "locator+reference"),
        ("LILY", "name+dob"),
        ("MAX", "locator+name"),
    ]
    assert len(merged) == 4  # each PNR row points at its API row; both rows stay


def test_flight_from_pnr_and_paxlst_is_one_flight(engine: Engine, ingest: Ingest) -> None:
    changed = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
    john = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
    ingest(
        push([booking("ABC123", [john], changed=changed)], prepared=dt.datetime(2026, 2, 28, 10))[0]
    )
    ingest(paxlst([JOHN], prepared=CHECK_IN))
    assert [row[0] for row in snapshot(engine)["flights"]] == ["XX100/2026-03-01/FRA"]


def test_codeshare_push_and_operating_paxlst_land_on_one_flight(
    engine: Engine, ingest: Ingest
) -> None:
    changed = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
    marketing = replace(FLIGHT, carrier="DL", number="123")
    john = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
    pnr = booking("ABC123", [john], changed=changed, flight=marketing, operated_by=("KL", "456"))
    ingest(push([pnr], prepared=dt.datetime(2026, 2, 28, 10), flight=marketing)[0])
    ingest(paxlst([JOHN], prepared=CHECK_IN, carrier="KL", number="456"))
    picture = snapshot(engine)
    assert [row[0] for row in picture["flights"]] == ["KL456/2026-03-01/FRA"]
    assert picture["aliases"] == [("KL456/2026-03-01/FRA", "DL", "123")]
    assert [rule for _api, _pnr, rule in picture["pairs"]] == ["locator+reference"]
