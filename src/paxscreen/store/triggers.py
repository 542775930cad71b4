"""Database triggers: the raw message may be erased, never rewritten; owners' rows follow them.

The raw bytes are the record every stored value and every hit is traced back
to, so the database itself refuses to change them; the repositories never try.
Retention may still erase them (set `raw` to empty bytes) or delete the row, and
ingestion may redact them (`paxscreen.privacy.redaction`: same length, bytes only
ever overwritten with the mask `X`, card numbers and sensitive text gone).
PostgreSQL checks a redaction byte by byte (where chunks differ); SQLite's trigger language cannot
loop, so there a rewrite must keep the length and add mask bytes.
The other triggers delete (or set to NULL) the rows of a deleted owner for the
keys ingestion keeps instead of the database (`owner_keys`).
Alembic's autogenerate cannot see triggers, so the initial migration calls
`install_triggers` explicitly, and `create_all` installs them through a DDL event.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, inspect

from paxscreen.store import owner_keys
from paxscreen.store.metadata import metadata

REFUSAL = "messages.raw is immutable: it may be erased, never rewritten"

# A redaction changes a few short runs of a large value (a card number every few KB):
# the PostgreSQL trigger compares chunks of these sizes, each inside a differing
# chunk of the size before, and only the bytes of differing 16-byte chunks one by
# one. Over the bench traffic's 78 redactions (7.1 MB) the check takes about 55 ms
# of server CPU beside the UPDATE's own 65; comparing 512-byte slices, then every
# byte of a differing one, took 140 ms.
_CHUNK_SIZES = (8192, 256, 16)


def _redaction_check(level: int, start: str) -> str:
    """PL/pgSQL that raises unless each byte of `new_raw` from `start` on (to the end
    of the enclosing chunk) equals that of `old_raw` or is the mask X (88)."""
    position = f"at{level}"
    if level == len(_CHUNK_SIZES):
        return (
            f"FOR {position} IN {start} .. least({start} + {_CHUNK_SIZES[-1]}, size) - 1 LOOP "
            f"IF get_byte(new_raw, {position}) <> get_byte(old_raw, {position}) "
            f"AND get_byte(new_raw, {position}) <> 88 THEN "
            f"RAISE EXCEPTION '{REFUSAL}'; END IF; END LOOP; "
        )
    size = _CHUNK_SIZES[level]
    end = "size" if level == 0 else f"least({start} + {_CHUNK_SIZES[level - 1]}, size)"
    return (
        f"{position} := {start}; WHILE {position} < {end} LOOP "
        f"IF substring(new_raw FROM {position} + 1 FOR {size}) "
        f"<> substring(old_raw FROM {position} + 1 FOR {size}) THEN "
        + _redaction_check(level + 1, position)
        + f"END IF; {position} := {position} + {size}; END LOOP; "
    )


_INSTALL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS trg_messages_raw_immutable "
        "BEFORE UPDATE OF raw ON messages "
        "WHEN length(NEW.raw) > 0 AND NEW.raw IS NOT OLD.raw AND NOT ("
        "length(NEW.raw) = length(OLD.raw) "
        "AND length(CAST(replace(NEW.raw, X'58', X'') AS BLOB)) "
        "< length(CAST(replace(OLD.raw, X'58', X'') AS BLOB))) "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    ],
    "postgresql": [
        # a redaction keeps the length and only writes X (88); see `_redaction_check`.
        # Both values are copied out of TOAST once (`|| ''`): a slice of the stored,
        # compressed value would decompress it again for every slice (0.06 s for a
        # 340 KB XML push)
        "CREATE OR REPLACE FUNCTION paxscreen_messages_raw_immutable() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ DECLARE size int := length(NEW.raw); "
        "new_raw bytea; old_raw bytea; "
        + " ".join(f"at{level} int;" for level in range(len(_CHUNK_SIZES) + 1))
        + " BEGIN IF NEW.raw IS DISTINCT FROM OLD.raw AND size > 0 THEN "
        "IF size <> length(OLD.raw) THEN "
        f"RAISE EXCEPTION '{REFUSAL}'; END IF; "
        "new_raw := NEW.raw || ''::bytea; old_raw := OLD.raw || ''::bytea; "
        + _redaction_check(0, "0")
        + "END IF; RETURN NEW; END $$",
        "CREATE TRIGGER trg_messages_raw_immutable BEFORE UPDATE OF raw ON messages "
        "FOR EACH ROW EXECUTE FUNCTION paxscreen_messages_raw_immutable()",
        # Not a trigger, but like them unseen by autogenerate: the raw bytes (90 KB a
        # message on average) are written twice, received and redacted, and TOAST
        # compresses them each time; lz4 takes a third of the CPU of the default pglz
        # (7.1 MB of bench traffic: 0.03 s against 0.09 s) for about the same size
        # (2.2 MB against 2.1). Servers built without lz4 (or before 14) keep pglz.
        "DO $$ BEGIN EXECUTE 'ALTER TABLE messages ALTER COLUMN raw SET COMPRESSION lz4'; "
        "EXCEPTION WHEN syntax_error OR feature_not_supported OR invalid_parameter_value "
        "THEN NULL; END $$",
    ],
}
_DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS trg_messages_raw_immutable"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS trg_messages_raw_immutable ON messages",
        "DROP FUNCTION IF EXISTS paxscreen_messages_raw_immutable()",
    ],
}


def _run(connection: Connection, statements: dict[str, list[str]]) -> None:
    name = connection.dialect.name
    if name not in statements:
        raise NotImplementedError(f"message triggers are not written for the {name} dialect")
    for statement in statements[name]:
        connection.exec_driver_sql(statement)


def install_triggers(connection: Connection) -> None:
    """Create (or replace) the triggers of the tables that exist."""
    tables = set(inspect(connection).get_table_names())
    drop_triggers(connection)  # a database made by an older release gets today's rules
    if "messages" in tables:
        _run(connection, _INSTALL)
    for statement in owner_keys.install_statements(metadata, connection.dialect.name, tables):
        connection.exec_driver_sql(statement)


def drop_triggers(connection: Connection) -> None:
    _run(connection, _DROP)
    for statement in owner_keys.drop_statements(metadata, connection.dialect.name):
        connection.exec_driver_sql(statement)


@event.listens_for(metadata, "after_create")
def _after_create(_target: Any, connection: Connection, **_options: Any) -> None:
    """After `create_all`: every table it made exists now, owners and owned alike."""
    install_triggers(connection)


__all__ = ["REFUSAL", "drop_triggers", "install_triggers"]
