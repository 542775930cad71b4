"""The database lets ingestion redact the raw copy, and still refuses any other rewrite."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, update
from sqlalchemy.exc import DBAPIError

from paxscreen.store.engine import create_engine_for
from paxscreen.store.messages_repo import load_message, save_message
from paxscreen.store.migrate import upgrade
from paxscreen.store.tables import messages
from store.factories import make_message


def _rewrite(connection: Connection, message_id: str, raw: bytes) -> None:
    connection.execute(update(messages).where(messages.c.id == message_id).values(raw=raw))


def test_same_length_redaction_is_stored(connection: Connection) -> None:
    message = make_message()
    save_message(connection, message)
    redacted = message.raw[:10] + b"X" * 4 + message.raw[14:]
    _rewrite(connection, message.id or "", redacted)
    assert load_message(connection, message.id or "").raw == redacted


@pytest.mark.parametrize("change", ["other bytes", "longer", "shorter"])
def test_anything_but_a_redaction_is_refused(connection: Connection, change: str) -> None:
    message = make_message()
    save_message(connection, message)
    forged = {
        "other bytes": message.raw[:10] + b"1234" + message.raw[14:],
        "longer": message.raw + b"X",
        "shorter": message.raw[:-1],
    }[change]
    with pytest.raises(DBAPIError, match="immutable"), connection.begin_nested():
        _rewrite(connection, message.id or "", forged)


def _large_message_raw() -> bytes:
    """20 KB of digits: chunks of every size the PostgreSQL check compares (8192, 256, 16)."""
    return b"".join(b"%05d" % number for number in range(4000))


@pytest.mark.parametrize(
    "masked",
    [
        [(0, 20_000)],  # everything
        [(8180, 8200), (255, 257), (19_990, 20_000)],  # across chunk boundaries, the tail
        [(number, number + 1) for number in range(0, 20_000, 997)],  # single bytes
    ],
)
def test_redaction_of_a_large_value_is_stored(
    connection: Connection, masked: list[tuple[int, int]]
) -> None:
    message = replace(make_message(), raw=_large_message_raw())
    save_message(connection, message)
    redacted = bytearray(message.raw)
    for start, end in masked:
        redacted[start:end] = b"X" * (end - start)
    _rewrite(connection, message.id or "", bytes(redacted))
    assert load_message(connection, message.id or "").raw == redacted


@pytest.mark.postgres
@pytest.mark.parametrize("place", [0, 15, 16, 255, 8191, 8192, 12_345, 19_999])
def test_one_forged_byte_in_a_large_redaction_is_refused(
    postgres_engine: Engine, place: int
) -> None:
    """PostgreSQL checks every byte (SQLite only that mask bytes were added)."""
    message = replace(make_message(), raw=_large_message_raw())
    forged = bytearray(message.raw)
    forged[100:120] = b"X" * 20  # a redaction, and beside it a byte that is not the mask
    forged[place] = ord("Y")
    with postgres_engine.connect() as connection, connection.begin():
        save_message(connection, message)
        with pytest.raises(DBAPIError, match="immutable"), connection.begin_nested():
            _rewrite(connection, message.id or "", bytes(forged))
        connection.rollback()


def test_upgrade_brings_an_older_raw_trigger_up_to_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/paxscreen.db"
    upgrade(url)
    engine = create_engine_for(url)
    with engine.begin() as connection:  # the trigger of an older release: no redaction
        connection.exec_driver_sql("DROP TRIGGER trg_messages_raw_immutable")
        connection.exec_driver_sql(
            "CREATE TRIGGER trg_messages_raw_immutable BEFORE UPDATE OF raw ON messages "
            "WHEN length(NEW.raw) > 0 AND NEW.raw IS NOT OLD.raw "
            "BEGIN SELECT RAISE(ABORT, 'immutable'); END"
        )
        message = make_message()
        save_message(connection, message)
    upgrade(url)
    with engine.begin() as connection:
        _rewrite(connection, message.id or "", b"X" * 4 + message.raw[4:])
    engine.dispose()
