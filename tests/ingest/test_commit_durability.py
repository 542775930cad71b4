"""Only the kept raw bytes wait for the disk; the loading transaction does not.

A sender is acknowledged on the commit of the raw bytes (`keep_committed`), so that
commit stays synchronous. The loading transaction commits without waiting for its
WAL flush: a crash that loses it leaves the message `received`, loaded again later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text

from ingest.builders import Person, booking, push
from ingest.conftest import NOW
from paxscreen.config import Settings
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.pipeline import process_message
from paxscreen.model import MessageStatus
from paxscreen.store.tables import messages
from store.databases import empty_database

JOHN = Person("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "1", "U1")
RELAXED_BY_CLAIM = "set_config(%(set_config_1)s::VARCHAR, %(set_config_2)s::VARCHAR"


@pytest.fixture
def postgres() -> Iterator[Engine]:
    with empty_database("postgres", prefix="commit_durability") as created:
        yield created


def _transactions(engine: Engine) -> list[list[str]]:
    """The statements of each transaction `engine` runs from now on, in order."""
    transactions: list[list[str]] = []

    def begin(_connection: Any) -> None:
        transactions.append([])

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        transactions[-1].append(sql)

    event.listen(engine, "begin", begin)
    event.listen(engine, "before_cursor_execute", statement)
    return transactions


@pytest.mark.postgres
def test_keep_waits_for_the_disk_and_loading_does_not(postgres: Engine, settings: Settings) -> None:
    raw = push([booking("ABC123", [JOHN], changed=NOW)], prepared=NOW)[0]
    transactions = _transactions(postgres)
    message_id = keep_committed(postgres, Arrival(raw=raw, transport="file"), now=NOW)
    outcome = process_message(postgres, message_id, settings=settings, now=NOW)
    assert outcome.status == MessageStatus.LOADED
    keep, load = transactions[0], transactions[1]
    assert any("INSERT INTO messages" in sql for sql in keep)
    assert not any("synchronous_commit" in sql for sql in keep)
    # the claim, first, so the whole transaction is covered
    assert load[0].startswith("UPDATE messages") and RELAXED_BY_CLAIM in load[0]
    with postgres.connect() as connection:
        status = connection.execute(select(messages.c.status)).scalar()
    assert status == str(MessageStatus.LOADED)


@pytest.mark.postgres
def test_the_claim_relaxes_its_transaction_only(postgres: Engine, settings: Settings) -> None:
    raw = push([booking("ABC123", [JOHN], changed=NOW)], prepared=NOW)[0]
    message_id = keep_committed(postgres, Arrival(raw=raw, transport="file"), now=NOW)
    seen: list[str] = []

    def show_after_claim(connection: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if sql.startswith("UPDATE messages") and RELAXED_BY_CLAIM in sql:
            seen.append(connection.exec_driver_sql("SHOW synchronous_commit").scalar())

    event.listen(postgres, "after_cursor_execute", show_after_claim)
    process_message(postgres, message_id, settings=settings, now=NOW)
    event.remove(postgres, "after_cursor_execute", show_after_claim)
    assert seen == ["off"]
    with postgres.connect() as connection:
        assert connection.execute(text("SHOW synchronous_commit")).scalar() != "off"


def test_sqlite_is_left_as_it_is(engine: Engine, settings: Settings) -> None:
    raw = push([booking("ABC123", [JOHN], changed=NOW)], prepared=NOW)[0]
    statements: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", statement)
    message_id = keep_committed(engine, Arrival(raw=raw, transport="file"), now=NOW)
    assert process_message(engine, message_id, settings=settings, now=NOW).status == "loaded"
    assert any(sql.startswith("INSERT INTO messages") for sql in statements)
    assert not any("synchronous_commit" in sql for sql in statements)
    assert not any("set_config" in sql for sql in statements)
