"""PNR pushes: duplicates, update and cancel pushes, pushes out of order, sensitive data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from ingest.builders import CHANGED_1, CHANGED_2, JANE, JOHN, T24, T72, booking, push
from ingest.conftest import NOW, Ingest
from ingest.snapshot import snapshot
from paxscreen.config import Settings
from paxscreen.ingest.catalogue import reprocess
from paxscreen.model import MessageStatus, Remark
from paxscreen.privacy.audit import search_events
from paxscreen.store.ingest_tables import ingest_events, ingest_versions
from paxscreen.store.tables import bookings, messages, remarks, travellers


def _current(engine: Engine) -> list[tuple[str, str, int]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(bookings.c.record_locator, bookings.c.status, bookings.c.version_number)
            .where(bookings.c.superseded.is_(False))
            .order_by(bookings.c.record_locator)
        )
        return [tuple(row) for row in rows]


def _traveller_ids(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        query = select(travellers.c.id).where(travellers.c.flight_id.isnot(None))
        return sorted(connection.execute(query).scalars())


def test_resent_push_with_new_envelope_is_a_duplicate(engine: Engine, ingest: Ingest) -> None:
    first = ingest(
        push([booking("ABC123", [JOHN], changed=CHANGED_1)], prepared=T72, control="1")[0]
    )
    before = snapshot(engine)
    again = push([booking("ABC123", [JOHN], changed=CHANGED_1)], prepared=T24, control="77")[0]
    second = ingest(again)
    assert first.status == MessageStatus.LOADED
    assert second.status == MessageStatus.DUPLICATE
    assert second.reason == f"duplicate of {first.message_id}"
    assert snapshot(engine) == before
    with engine.connect() as connection:
        kinds = connection.execute(
            select(ingest_events.c.status).where(ingest_events.c.message_id == second.message_id)
        ).scalars()
        assert list(kinds) == ["received", "parsed", "duplicate"]
        assert connection.execute(select(func.count()).select_from(messages)).scalar() == 2


def test_retry_after_failed_load_is_loaded_not_swallowed_as_duplicate(
    engine: Engine, ingest: Ingest
) -> None:
    raw = push([booking("ABC123", [JOHN], changed=CHANGED_1)], prepared=T72)[0]
    broken = raw.replace(b"TVL+010326:1000:010326:1300+FRA+JFK+XX+100'", b"")
    first = ingest(broken)
    second = ingest(broken)
    assert first.status == second.status == MessageStatus.FAILED_LOAD
    assert "names no flight" in (second.reason or "")


def test_update_push_replaces_version_keeps_history_and_traveller_ids(
    engine: Engine, ingest: Ingest
) -> None:
    ingest(push([booking("ABC123", [JOHN], changed=CHANGED_1)], prepared=T72)[0])
    ids_before = _traveller_ids(engine)
    update = push(
        [booking("ABC123", [JOHN, JANE], changed=CHANGED_2)], prepared=T24, function="141"
    )
    assert ingest(update[0]).status == MessageStatus.LOADED
    assert _current(engine) == [("ABC123", "active", 2)]
    with engine.connect() as connection:
        versions = connection.execute(
            select(bookings.c.version_number, bookings.c.superseded).order_by(
                bookings.c.version_number
            )
        ).all()
    assert [tuple(v) for v in versions] == [(1, True), (2, False)]
    ids_after = _traveller_ids(engine)
    assert len(ids_after) == 2 and ids_before[0] in ids_after  # John kept his row (and hits)


def test_cancelled_pnr_is_marked_not_deleted(engine: Engine, ingest: Ingest) -> None:
    ingest(push([booking("ABC123", [JOHN, JANE], changed=CHANGED_1)], prepared=T72)[0])
    cancel = push(
        [booking("ABC123", [], changed=CHANGED_2, cancelled=True)], prepared=T24, function="141"
    )
    ingest(cancel[0])
    assert _current(engine) == [("ABC123", "cancelled", 2)]
    with engine.connect() as connection:
        count = connection.execute(
            select(func.count())
            .select_from(travellers)
            .join(bookings, bookings.c.id == travellers.c.booking_id)
            .where(bookings.c.status == "cancelled")
        ).scalar()  # fmt: skip
    assert count == 2  # both travellers still visible, on the cancelled version


def test_older_push_arriving_late_never_overwrites_newer(engine: Engine, ingest: Ingest) -> None:
    newer = push([booking("ABC123", [JOHN, JANE], changed=CHANGED_2)], prepared=T24, control="2")[0]
    older = push([booking("ABC123", [JOHN], changed=CHANGED_1)], prepared=T72, control="1")[0]
    ingest(newer)
    picture = snapshot(engine)
    assert ingest(older, now=NOW + dt.timedelta(hours=1)).status == MessageStatus.LOADED
    assert snapshot(engine) == picture
    with engine.connect() as connection:
        decisions = connection.execute(
            select(ingest_versions.c.decision).order_by(ingest_versions.c.id)
        ).scalars()
        assert list(decisions) == ["apply", "history"]


def test_same_pnr_unchanged_in_next_push_is_only_recorded(engine: Engine, ingest: Ingest) -> None:
    ingest(push([booking("ABC123", [JOHN], changed=CHANGED_1)], prepared=T72)[0])
    both = [
        booking("ABC123", [JOHN], changed=CHANGED_1),
        booking("XYZ999", [JANE], changed=CHANGED_2),
    ]
    second = ingest(push(both, prepared=T24)[0])
    assert _current(engine) == [("ABC123", "active", 1), ("XYZ999", "active", 1)]
    with engine.connect() as connection:
        decisions = connection.execute(
            select(ingest_versions.c.entity_key, ingest_versions.c.decision)
            .where(ingest_versions.c.message_id == second.message_id)
            .order_by(ingest_versions.c.entity_key)
        ).all()
        findings = connection.execute(
            select(messages.c.findings).where(messages.c.id == second.message_id)
        ).scalar_one()
    assert [(key.split("/")[0], decision) for key, decision in decisions] == [
        ("ABC123", "same"),
        ("XYZ999", "apply"),
    ]
    codes = {finding["code"] for finding in findings}
    assert "ingest.pnr-unchanged" in codes  # not re-read
    # the PNR left out is still in the message: EQN's count of 2 holds
    assert "pnrgov.pnr-count-mismatch" not in codes


def test_sensitive_codes_removed_before_storage_and_audited(engine: Engine, ingest: Ingest) -> None:
    meal = Remark(kind="SSR", code="MOML", text="", traveller_index=0)
    outcome = ingest(
        push([booking("ABC123", [JOHN], changed=CHANGED_1, remarks=[meal])], prepared=T72)[0]
    )
    assert outcome.status == MessageStatus.LOADED
    with engine.connect() as connection:
        row = connection.execute(
            select(bookings.c.sensitive_removed, bookings.c.sensitive_codes)
        ).one()
        assert row.sensitive_removed == 1 and row.sensitive_codes
        assert not connection.execute(select(remarks).where(remarks.c.code == "MOML")).first()
        event = connection.execute(
            select(ingest_events.c.detail).where(ingest_events.c.kind == "sensitive")
        ).scalar_one()
        assert event["removed"] == 1
        audited = search_events(connection, action="sensitive-data-removed")
        assert [item.object_id for item in audited] == [outcome.message_id]
        assert audited[0].details["removed"] == 1  # the count and codes, never any text


def test_reprocessing_a_redacted_message_changes_nothing(
    engine: Engine, ingest: Ingest, settings: Settings
) -> None:
    meal = Remark(kind="SSR", code="MOML", text="", traveller_index=0)
    raw = push([booking("ABC123", [JOHN], changed=CHANGED_1, remarks=[meal])], prepared=T72)[0]
    outcome = ingest(raw)
    picture = snapshot(engine)
    reprocess(engine, [outcome.message_id], settings=settings, now=NOW + dt.timedelta(days=1))
    assert snapshot(engine) == picture
    with engine.connect() as connection:
        row = connection.execute(select(bookings.c.sensitive_removed)).scalar_one()
    assert row == 1
