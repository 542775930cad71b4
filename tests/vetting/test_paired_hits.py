"""A paired PNR row's hits are carried to its API row: one hit per person and entry,
no decision lost."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, select, update
from vetting_support import MONDAY, TUESDAY, stored_flight, watchlist_hit

from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import travellers
from paxscreen.store.vetting_tables import hit_dispositions, traveller_notes
from paxscreen.vetting.dispositions import record_disposition
from paxscreen.vetting.hits import record_hit
from paxscreen.vetting.notes import add_note
from paxscreen.vetting.paired_hits import CarriedHits, carry_paired_hits
from store.databases import *  # noqa: F403  (fixtures: each test runs on SQLite and PostgreSQL)
from store.factories import make_traveller


@pytest.fixture
def pair(connection: Connection) -> tuple[int, ...]:
    """(flight id, API row, PNR row) of a stored flight; the rows are not paired yet."""
    return stored_flight(connection, make_traveller(), make_traveller())


def rule_hit(connection: Connection, traveller_id: int, flight_id: int, rule: str = "7") -> int:
    hit = watchlist_hit(traveller_id, flight_id, source="rule", source_id=rule)
    return record_hit(connection, hit, now=MONDAY)


def paired(connection: Connection, api: int, pnr: int) -> None:
    connection.execute(update(travellers).where(travellers.c.id == pnr).values(merged_into=api))


def hits_by_row(connection: Connection) -> dict[tuple[int, str], tuple[int, str]]:
    rows = connection.execute(
        select(hits.c.traveller_id, hits.c.source_id, hits.c.id, hits.c.status)
    )
    return {(row.traveller_id, row.source_id): (row.id, row.status) for row in rows}


def test_hit_of_a_pnr_row_moves_to_its_api_row_with_its_decision(
    connection: Connection, pair: tuple[int, ...]
) -> None:
    flight_id, api, pnr = pair
    hit_id = rule_hit(connection, pnr, flight_id)
    record_disposition(connection, hit_id, disposition="needs_info", reason="ask the carrier",
                       user="analyst", now=MONDAY)  # fmt: skip
    assert carry_paired_hits(connection, flight_id) == CarriedHits(0, 0)  # not paired yet
    paired(connection, api, pnr)
    assert carry_paired_hits(connection, flight_id) == CarriedHits(1, 0)
    assert hits_by_row(connection) == {(api, "7"): (hit_id, "needs_info")}
    assert carry_paired_hits(connection, flight_id) == CarriedHits(0, 0)  # nothing left


def test_duplicate_hits_become_one_keeping_the_latest_decision_and_every_record(
    connection: Connection, pair: tuple[int, ...]
) -> None:
    """Both rows were hit by the same rule before pairing; the PNR row's hit was decided
    on last: it stays (on the API row), and the API row's hit's decision and note now
    refer to it."""
    flight_id, api, pnr = pair
    on_api, on_pnr = rule_hit(connection, api, flight_id), rule_hit(connection, pnr, flight_id)
    other_rule = rule_hit(connection, pnr, flight_id, rule="8")
    record_disposition(connection, on_api, disposition="needs_info", reason="ask the carrier",
                       user="analyst", now=MONDAY)  # fmt: skip
    add_note(connection, api, text="carrier asked", author="analyst", now=MONDAY, hit_id=on_api)
    record_disposition(connection, on_pnr, disposition="false_positive", reason="other person",
                       user="analyst", now=TUESDAY)  # fmt: skip
    paired(connection, api, pnr)
    assert carry_paired_hits(connection, flight_id) == CarriedHits(2, 1)
    assert hits_by_row(connection) == {
        (api, "7"): (on_pnr, "false_positive"),
        (api, "8"): (other_rule, "open"),
    }
    decisions = connection.execute(
        select(hit_dispositions.c.hit_id, hit_dispositions.c.disposition).order_by(
            hit_dispositions.c.decided_at
        )
    ).all()
    assert [tuple(row) for row in decisions] == [
        (on_pnr, "needs_info"),
        (on_pnr, "false_positive"),
    ]
    assert connection.execute(select(traveller_notes.c.hit_id)).scalars().all() == [on_pnr]


def test_duplicate_hits_with_no_decision_keep_the_listed_rows_hit(
    connection: Connection, pair: tuple[int, ...]
) -> None:
    flight_id, api, pnr = pair
    on_api = rule_hit(connection, api, flight_id)
    rule_hit(connection, pnr, flight_id)
    paired(connection, api, pnr)
    assert carry_paired_hits(connection, flight_id) == CarriedHits(0, 1)
    assert hits_by_row(connection) == {(api, "7"): (on_api, "open")}
