"""Owner keys that ingestion keeps instead of the database, and the cascades that stand in.

Ingestion writes about fifteen rows per PNR record (travellers, their names,
documents, seats, bags; a booking's locators, segments, payments; versions,
pairs, trail events), each naming its owner. As a foreign key constraint, every
such row cost PostgreSQL a look-up of the owner and a lock on it: on the ingest
bench, 0.58-0.61 CPU-ms of the database server per PNR record with the
constraints against 0.40-0.46 without (three back-to-back pairs). The check
confirmed what the same transaction had just done: ingestion inserts an owner,
takes its id from the database and writes the owned rows with it, and nothing
else inserts into those tables (the repositories ingestion calls are the only
writers; retention and masking update and delete).

So for the keys marked here (`ingestion_key`) the schema has no constraint, and
what the constraint also did is kept by triggers generated from the same
metadata: deleting an owner (retention, an operator) deletes its rows, or sets
the key to NULL where the key says `SET NULL`, exactly as `ondelete` declares.
PostgreSQL runs one statement-level trigger per owner table (the deleted rows as
a transition table); SQLite, which has no statement triggers, one row trigger.
The keys stay in the metadata as `ForeignKey` objects: joins, the documentation
and `orphans` read them there.

What nothing checks any more is an insert naming an owner that does not exist.
`orphans` counts such rows per key; the tests run it after loading traffic and
after deleting owners, and an operator can run it through `paxscreen db check`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    ForeignKey,
    ForeignKeyConstraint,
    MetaData,
    and_,
    event,
    exists,
    func,
    select,
)

INFO_KEY = "kept_by"
KEPT_BY_INGESTION = "ingestion"


def ingestion_key(target: str, *, ondelete: str) -> ForeignKey:
    """A foreign key that ingestion keeps: in the metadata, not in the database."""
    return ForeignKey(target, ondelete=ondelete, info={INFO_KEY: KEPT_BY_INGESTION})


def kept_by_ingestion(key: ForeignKey) -> bool:
    return key.info.get(INFO_KEY) == KEPT_BY_INGESTION


def _never(*_args: Any, **_kwargs: Any) -> bool:
    return False


def is_ingestion_constraint(item: Any) -> bool:
    """Whether a schema item is the (never created) constraint of an ingestion key."""
    return isinstance(item, ForeignKeyConstraint) and any(
        kept_by_ingestion(key) for key in item.elements
    )


@event.listens_for(ForeignKeyConstraint, "after_parent_attach")
def _no_database_constraint(constraint: ForeignKeyConstraint, _table: Any) -> None:
    """CREATE TABLE leaves out the constraint of an ingestion key (see the module docstring)."""
    if is_ingestion_constraint(constraint):
        constraint.ddl_if(callable_=_never)


@dataclass(frozen=True, slots=True)
class OwnerKey:
    """`table.column` names a row of `owner.owner_column`; `ondelete` is CASCADE or SET NULL."""

    table: str
    column: str
    owner: str
    owner_column: str
    ondelete: str

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"


def owner_keys(metadata: MetaData) -> list[OwnerKey]:
    """Every ingestion key of the schema, in a stable order."""
    found = [
        OwnerKey(
            key.parent.table.name,
            key.parent.name,
            key.column.table.name,
            key.column.name,
            (key.ondelete or "").upper(),
        )
        for table in metadata.sorted_tables
        for key in table.foreign_keys
        if kept_by_ingestion(key)
    ]
    unsupported = [key.name for key in found if key.ondelete not in ("CASCADE", "SET NULL")]
    if unsupported:
        raise ValueError(f"ingestion keys must cascade or set null on delete: {unsupported}")
    return sorted(found, key=lambda key: (key.owner, key.table, key.column))


def _by_owner(metadata: MetaData) -> dict[str, list[OwnerKey]]:
    grouped: dict[str, list[OwnerKey]] = defaultdict(list)
    for key in owner_keys(metadata):
        grouped[key.owner].append(key)
    return dict(grouped)


def _action(key: OwnerKey, owned_by: str) -> str:
    """The statement that does `ondelete` for the rows whose key matches `owned_by`."""
    if key.ondelete == "CASCADE":
        return f"DELETE FROM {key.table} WHERE {key.column} {owned_by}"
    return f"UPDATE {key.table} SET {key.column} = NULL WHERE {key.column} {owned_by}"


def _trigger_name(owner: str) -> str:
    return f"trg_owner_keys_{owner}"


def _function_name(owner: str) -> str:
    """PostgreSQL's trigger function for `owner` (SQLite's triggers hold their body)."""
    return f"paxscreen_owner_keys_{owner}"


def install_statements(metadata: MetaData, dialect: str, tables: set[str]) -> list[str]:
    """CREATE statements of the cascade triggers, for the owner tables in `tables`."""
    statements: list[str] = []
    for owner, keys in _by_owner(metadata).items():
        present = [key for key in keys if key.table in tables]
        if owner not in tables or not present:
            continue
        name = _trigger_name(owner)
        if dialect == "postgresql":
            # `= ANY(ARRAY(...))`: an index scan of each owned table whatever the planner
            # guesses of the transition table's size (EXPLAIN ANALYZE with 1 M seats:
            # 0.1 ms). `travellers.merged_into` has no index: setting it to NULL scans
            # travellers once per DELETE statement, where the constraint did once per row.
            body = " ".join(
                f"{_action(key, f'= ANY(ARRAY(SELECT {key.owner_column} FROM gone))')};"
                for key in present
            )
            statements += [
                f"CREATE OR REPLACE FUNCTION {_function_name(owner)}() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$",
                f"CREATE TRIGGER {name} AFTER DELETE ON {owner} REFERENCING OLD TABLE AS gone "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_function_name(owner)}()",
            ]
        elif dialect == "sqlite":
            body = " ".join(f"{_action(key, f'= OLD.{key.owner_column}')};" for key in present)
            statements.append(f"CREATE TRIGGER {name} AFTER DELETE ON {owner} BEGIN {body} END")
        else:
            raise NotImplementedError(f"owner-key triggers are not written for {dialect}")
    return statements


def drop_statements(metadata: MetaData, dialect: str) -> list[str]:
    statements: list[str] = []
    for owner in _by_owner(metadata):
        if dialect == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {_trigger_name(owner)} ON {owner}",
                f"DROP FUNCTION IF EXISTS {_function_name(owner)}()",
            ]
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {_trigger_name(owner)}")
    return statements


def orphans(connection: Connection, metadata: MetaData) -> dict[str, int]:
    """Rows per ingestion key whose owner does not exist (all zero when the data is sound)."""
    counts: dict[str, int] = {}
    for key in owner_keys(metadata):
        # aliased: for a key to its own table (merged_into) the owner is another row
        table, owner = metadata.tables[key.table], metadata.tables[key.owner].alias("owner")
        column, owner_column = table.c[key.column], owner.c[key.owner_column]
        owned = select(owner_column).where(owner_column == column)
        statement = (
            select(func.count()).select_from(table).where(and_(column.is_not(None), ~exists(owned)))
        )
        counts[key.name] = int(connection.execute(statement).scalar_one())
    return counts


__all__ = [
    "OwnerKey",
    "drop_statements",
    "ingestion_key",
    "install_statements",
    "is_ingestion_constraint",
    "kept_by_ingestion",
    "orphans",
    "owner_keys",
]
