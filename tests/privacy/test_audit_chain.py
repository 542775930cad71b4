import datetime as dt

import pytest
from sqlalchemy import Connection, delete, update

from paxscreen.privacy.audit import (
    GENESIS_HASH,
    NewAuditEvent,
    count_events,
    record_event,
    record_events,
    search_events,
    verify_chain,
)
from paxscreen.store.privacy_tables import audit_events

START = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


def _fill(connection: Connection, count: int = 5) -> None:
    for index in range(count):
        record_event(
            connection,
            actor="analyst1" if index % 2 else "dpo",
            action="view",
            object_type="traveller",
            object_id=100 + index,
            purpose="vetting",
            details={"fields": ["name", "documents"], "index": index},
            now=START + dt.timedelta(minutes=index),
        )


def test_an_untouched_chain_verifies(connection: Connection) -> None:
    _fill(connection)
    report = verify_chain(connection)
    assert report.ok, report.problems
    assert report.events_checked == count_events(connection) == 5


def test_a_modified_row_is_detected(connection: Connection) -> None:
    _fill(connection)
    connection.execute(
        update(audit_events).where(audit_events.c.sequence == 3).values(actor="someone-else")
    )
    report = verify_chain(connection)
    assert not report.ok
    assert any("sequence 3" in problem and "modified" in problem for problem in report.problems)


def test_a_deleted_row_is_detected(connection: Connection) -> None:
    _fill(connection)
    connection.execute(delete(audit_events).where(audit_events.c.sequence == 2))
    problems = verify_chain(connection).problems
    assert any("sequence 2: missing" in problem for problem in problems)


def test_deleting_the_newest_rows_is_detected_through_the_anchor(connection: Connection) -> None:
    _fill(connection)
    connection.execute(delete(audit_events).where(audit_events.c.sequence >= 4))
    problems = verify_chain(connection).problems
    assert any("anchor" in problem for problem in problems)


def test_reordered_rows_are_detected(connection: Connection) -> None:
    _fill(connection)
    rows = {
        row.sequence: row
        for row in connection.execute(
            audit_events.select().where(audit_events.c.sequence.in_([2, 3]))
        )
    }
    # swap the content of two events but keep each in its place in the sequence
    for here, there in ((2, 3), (3, 2)):
        other = rows[there]
        connection.execute(
            update(audit_events)
            .where(audit_events.c.id == rows[here].id)
            .values(
                object_id=other.object_id,
                actor=other.actor,
                details=other.details,
                occurred_at=other.occurred_at,
            )
        )
    assert not verify_chain(connection).ok


def test_search_by_user_and_object(connection: Connection) -> None:
    _fill(connection)
    by_user = search_events(connection, actor="dpo")
    assert [event.object_id for event in by_user] == ["104", "102", "100"]
    by_object = search_events(connection, object_type="traveller", object_id="103")
    assert len(by_object) == 1 and by_object[0].actor == "analyst1"
    window = search_events(connection, since=START + dt.timedelta(minutes=3))
    assert {event.sequence for event in window} == {4, 5}


@pytest.mark.parametrize("details", [{"criteria": {"surname": "DOE", "dob": dt.date(1970, 1, 2)}}])
def test_details_that_json_cannot_hold_natively_still_verify(
    connection: Connection, details: dict[str, object]
) -> None:
    record_event(connection, actor="a", action="search", object_type="query", details=details)
    assert verify_chain(connection).ok


def _new_events(count: int) -> list[NewAuditEvent]:
    return [
        NewAuditEvent(
            actor="system:ingest",
            action="redaction" if index % 2 else "sensitive-data-removed",
            object_type="message",
            object_id=f"m{index}",
            details={"removed": index},
            now=START + dt.timedelta(seconds=index),
        )
        for index in range(count)
    ]


def test_events_appended_together_chain_as_appended_one_by_one(connection: Connection) -> None:
    _fill(connection, 1)
    events = _new_events(3)
    with connection.begin_nested() as one_by_one:
        single = [
            record_event(
                connection,
                actor=event.actor,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                details=event.details,
                now=event.now,
            )
            for event in events
        ]
        one_by_one.rollback()
    together = record_events(connection, events)
    assert [event.sequence for event in together] == [2, 3, 4]
    assert together == single  # same places, same hashes
    report = verify_chain(connection)
    assert report.ok and report.events_checked == 4, report.problems
    assert record_events(connection, []) == [] and count_events(connection) == 4


def test_events_appended_together_on_an_empty_trail_start_the_chain(
    connection: Connection,
) -> None:
    together = record_events(connection, _new_events(2))
    assert [event.sequence for event in together] == [1, 2]
    assert together[0].previous_hash == GENESIS_HASH
    assert verify_chain(connection).ok
