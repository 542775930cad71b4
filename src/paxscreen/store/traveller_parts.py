"""A traveller's parts as rows: inserting them, and rewriting only the ones that changed.

Names, documents, seats, frequent flyers, tickets, bags (with their tags) and
PAXLST contacts each have their own table. When a newer version of a stored
traveller arrives (a changed PNR version, a PAXLST change), most of it is what
is stored already: on the ingest bench's traffic names, documents, frequent
flyers and contacts were the same for every carried traveller and tickets for
99 %, while seats, bags and check-in changed. Deleting and inserting every part
cost 20-30 us of database CPU per row, so `replace_parts` reads what is stored
(one query per table, only the columns it compares) and writes a table only for
the travellers whose rows there differ.

Provenance rule. A part table's rows of a traveller are "the same" when every
content column is equal, position included: the id, the owner, `message_id`,
`sources` and timestamps are left out of the comparison. Rows that stayed the
same are left alone, so they keep the message id and sources of the message that
first sent them as they are now. Rows that changed are rewritten whole for that
traveller and name the new message. The `travellers` row itself always names the
latest message (see `travellers_repo.replace_travellers`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ARRAY,
    Column,
    Connection,
    Integer,
    Select,
    Table,
    any_,
    bindparam,
    delete,
    select,
)
from sqlalchemy.engine import Dialect

from paxscreen.model import (
    FrequentFlyer,
    PersonName,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
    document_number_key,
    name_key,
)
from paxscreen.store.bulk import python_default
from paxscreen.store.rows import IN_CHUNK, insert_returning_ids, insert_rows, to_row
from paxscreen.store.tables import (
    addresses,
    bag_tags,
    bags,
    documents,
    emails,
    frequent_flyers,
    phones,
    seats,
    tickets,
    traveller_names,
)

# element tables saved with to_row/from_row as they are: (table, model class, Traveller field)
SIMPLE_ELEMENTS = (
    (documents, TravelDocument, "documents"),
    (seats, Seat, "seats"),
    (frequent_flyers, FrequentFlyer, "frequent_flyers"),
    (tickets, Ticket, "tickets"),
)
# every table with a traveller_id; bag tags belong to a bag (and go with it)
PART_TABLES = (traveller_names, bags, phones, emails, addresses) + tuple(
    table for table, _cls, _attribute in SIMPLE_ELEMENTS
)

Owned = Sequence[tuple[int, str | None, Traveller]]  # (traveller id, message id, traveller)
_Signature = list[tuple[Any, ...]]  # a traveller's rows in one table, as compared


@dataclass(slots=True)
class PartRows:
    """The rows a batch of travellers' parts would be inserted as, by table.

    `tags[i]` are the tags of `by_table[bags][i]` (they need the bag's id first).
    """

    by_table: dict[Table, list[dict[str, Any]]]
    tags: list[list[str]]

    @classmethod
    def of(cls, owned: Owned) -> PartRows:
        by_table: dict[Table, list[dict[str, Any]]] = {traveller_names: _name_rows(owned)}
        for table, _cls, attribute in SIMPLE_ELEMENTS:
            by_table[table] = _element_rows(table, owned, attribute)
        by_table[bags] = [
            to_row(bag, bags, traveller_id=traveller_id, position=position, message_id=message_id)
            for traveller_id, message_id, traveller in owned
            for position, bag in enumerate(traveller.bags)
        ]
        by_table.update(_contact_rows(owned))
        tags = [list(bag.tags) for _tid, _mid, traveller in owned for bag in traveller.bags]
        return cls(by_table, tags)

    def of_travellers(self, changed: dict[Table, set[int]]) -> PartRows:
        """Only the rows of the travellers whose rows of that table changed."""
        by_table = {
            table: [row for row in rows if row["traveller_id"] in changed[table]]
            for table, rows in self.by_table.items()
        }
        rewritten_bags = changed[bags]
        tags = [
            tags
            for row, tags in zip(self.by_table[bags], self.tags, strict=True)
            if row["traveller_id"] in rewritten_bags
        ]
        return PartRows(by_table, tags)


def insert_parts(connection: Connection, owned: Owned) -> None:
    """Every part of these new travellers, one statement per table."""
    _insert(connection, PartRows.of(owned))


def replace_parts(connection: Connection, owned: Owned) -> None:
    """Rewrite, per table, the parts of the travellers whose stored rows differ.

    See the module docstring for what "differ" leaves out and why.
    """
    new = PartRows.of(owned)
    traveller_ids = [traveller_id for traveller_id, _message_id, _traveller in owned]
    changed = {
        table: _differing(_stored(connection, table, traveller_ids), _new(table, new), owned)
        for table in PART_TABLES
    }
    _delete(connection, changed)
    _insert(connection, new.of_travellers(changed))


def _insert(connection: Connection, rows: PartRows) -> None:
    for table, table_rows in rows.by_table.items():
        if table is bags:
            bag_ids = insert_returning_ids(connection, bags, table_rows)
            tag_rows = [
                {"bag_id": bag_id, "position": position, "tag": tag}
                for bag_id, tags in zip(bag_ids, rows.tags, strict=True)
                for position, tag in enumerate(tags)
            ]
            insert_rows(connection, bag_tags, tag_rows)
        else:
            insert_rows(connection, table, table_rows)


def _name_rows(owned: Owned) -> list[dict[str, Any]]:
    return [
        _name_row(name, traveller_id, position)
        for traveller_id, _message_id, traveller in owned
        for position, name in enumerate([traveller.name, *traveller.other_names])
    ]


def _name_row(name: PersonName, traveller_id: int, position: int) -> dict[str, Any]:
    return {
        "traveller_id": traveller_id,
        "position": position,
        "raw": name.raw,
        "surname": name.surname,
        "given_names": name.given_names,
        "title": name.title,
        "source": str(name.source),
        "name_key": name_key(name.surname, name.given_names),  # = name.key
    }


def _element_rows(table: Table, owned: Owned, attribute: str) -> list[dict[str, Any]]:
    rows = []
    for traveller_id, message_id, traveller in owned:
        for position, element in enumerate(getattr(traveller, attribute)):
            extra: dict[str, Any] = {"traveller_id": traveller_id, "position": position}
            if isinstance(element, TravelDocument):
                extra["number_key"] = document_number_key(element.number)
            rows.append(to_row(element, table, message_id=message_id, **extra))
    return rows


def _contact_rows(owned: Owned) -> dict[Table, list[dict[str, Any]]]:
    """PAXLST contact details (COM / address) are plain strings on the traveller."""
    found: dict[Table, list[dict[str, Any]]] = {phones: [], emails: [], addresses: []}
    for traveller_id, _message_id, traveller in owned:
        for position, raw in enumerate(traveller.phones):
            found[phones].append({"traveller_id": traveller_id, "position": position, "raw": raw})
        for position, raw in enumerate(traveller.emails):
            found[emails].append(
                {
                    "traveller_id": traveller_id,
                    "position": position,
                    "raw": raw,
                    "normalised": raw.strip().lower(),
                }
            )
        for position, raw in enumerate(traveller.addresses):
            found[addresses].append(
                {"traveller_id": traveller_id, "position": position, "raw": raw}
            )
    return found


_PROVENANCE = frozenset({"message_id", "sources", "created_at", "updated_at"})


def compared_columns(table: Table) -> list[Column[Any]]:
    """What makes two rows of a part table the same: not the id, owner or provenance.

    Owners are foreign keys; `message_id`, `sources` and the timestamps say where
    from and when, not what.
    """
    return [
        column
        for column in table.columns
        if not column.primary_key and not column.foreign_keys and column.name not in _PROVENANCE
    ]


def _as_stored(column: Column[Any]) -> Any:
    """The value an insert that leaves `column` out stores (None where only SQL knows)."""
    default = python_default(column)
    return default() if default is not None else None


def _new(table: Table, rows: PartRows) -> dict[int, _Signature]:
    """The rows about to be written, per traveller, as `_stored` reads them back."""
    table_rows = rows.by_table[table]
    found: dict[int, _Signature] = defaultdict(list)
    if not table_rows:
        return found
    names = [column.name for column in compared_columns(table)]
    if all(name in table_rows[0] for name in names):  # a table's rows all have one shape
        values_of = itemgetter(*names)
        keys = [values_of(row) for row in table_rows]
    else:
        missing = [_as_stored(column) for column in compared_columns(table)]
        keys = [tuple(map(row.get, names, missing)) for row in table_rows]
    if table is bags:
        keys = [(*key, tuple(tags)) for key, tags in zip(keys, rows.tags, strict=True)]
    for row, key in zip(table_rows, keys, strict=True):
        found[row["traveller_id"]].append(key)
    return found


def _stored(
    connection: Connection, table: Table, traveller_ids: list[int]
) -> dict[int, _Signature]:
    """The stored rows of these travellers, per traveller, in position order."""
    if table is bags:
        return _stored_bags(connection, traveller_ids)
    found: dict[int, _Signature] = defaultdict(list)
    for row in _fetch(connection, table, traveller_ids):
        found[row[0]].append(tuple(row[1:]))
    return found


def _stored_bags(connection: Connection, traveller_ids: list[int]) -> dict[int, _Signature]:
    """Bags with their tags in one query: a bag is the same only if its tags are."""
    by_bag: dict[int, tuple[int, tuple[Any, ...], list[str]]] = {}
    for traveller_id, bag_id, tag, *content in _fetch(connection, bags, traveller_ids):
        if bag_id not in by_bag:
            by_bag[bag_id] = (traveller_id, tuple(content), [])
        if tag is not None:
            by_bag[bag_id][2].append(tag)
    found: dict[int, _Signature] = defaultdict(list)
    for owner, values, tags in by_bag.values():  # insertion order: query order
        found[owner].append((*values, tuple(tags)))
    return found


@cache
def _read_statement(table: Table) -> Select[Any]:
    """A part table's compared columns, by owner and position (bags: with their tags)."""
    if table is bags:
        return (
            select(bags.c.traveller_id, bags.c.id, bag_tags.c.tag, *compared_columns(bags))
            .outerjoin(bag_tags, bag_tags.c.bag_id == bags.c.id)
            .order_by(bags.c.traveller_id, bags.c.position, bags.c.id, bag_tags.c.position)
        )
    return select(table.c.traveller_id, *compared_columns(table)).order_by(
        table.c.traveller_id, table.c.position, table.c.id
    )


_POSTGRESQL_READS: dict[tuple[Table, str], str] = {}  # (table, driver) -> SQL


def _postgresql_read(table: Table, dialect: Dialect) -> str:
    """`_read_statement(table)` for an array of owner ids, compiled once per driver."""
    sql = _POSTGRESQL_READS.get((table, dialect.driver))
    if sql is None:
        owner_ids = bindparam("owner_ids", type_=ARRAY(Integer))
        statement = _read_statement(table).where(table.c.traveller_id == any_(owner_ids))
        sql = _POSTGRESQL_READS[(table, dialect.driver)] = str(statement.compile(dialect=dialect))
    return sql


def _fetch(connection: Connection, table: Table, ids: list[int]) -> list[Sequence[Any]]:
    """`_read_statement(table)`'s rows for these travellers.

    On PostgreSQL straight from the driver (psycopg returns these columns' types
    as SQLAlchemy would): this read runs for every carried traveller, and going
    through SQLAlchemy's execution and result rows cost more than the reading
    itself. Elsewhere an IN list per chunk.
    """
    statement = _read_statement(table)
    if connection.dialect.name != "postgresql":
        owner = table.c.traveller_id
        return [
            row
            for chunk in _chunks(ids)
            for row in connection.execute(statement.where(owner.in_(chunk)))
        ]
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_postgresql_read(table, connection.dialect), {"owner_ids": ids})
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _differing(stored: dict[int, _Signature], new: dict[int, _Signature], owned: Owned) -> set[int]:
    return {
        traveller_id
        for traveller_id, _message_id, _traveller in owned
        if stored.get(traveller_id, []) != new.get(traveller_id, [])
    }


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]


def _delete(connection: Connection, changed: dict[Table, set[int]]) -> None:
    """Delete the rows of each table's changed travellers (bag tags go with their bags).

    On PostgreSQL one statement does it, each table's DELETE a data-modifying WITH
    query beside the last, instead of a round trip per table.
    """
    targets = [(table, sorted(ids)) for table, ids in changed.items() if ids]
    if not targets:
        return
    if connection.dialect.name != "postgresql":
        for table, ids in targets:
            for chunk in _chunks(ids):
                connection.execute(delete(table).where(table.c.traveller_id.in_(chunk)))
        return
    preparer = connection.dialect.identifier_preparer
    deletes = [
        f"DELETE FROM {preparer.format_table(table)}"
        f" WHERE traveller_id = ANY(%(ids_{index})s::integer[])"
        for index, (table, _ids) in enumerate(targets)
    ]
    withs = ", ".join(f"part_{index} AS ({sql})" for index, sql in enumerate(deletes[:-1]))
    sql = f"WITH {withs} {deletes[-1]}" if withs else deletes[-1]
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, {f"ids_{index}": ids for index, (_table, ids) in enumerate(targets)})
    finally:
        cursor.close()


__all__ = [
    "PART_TABLES",
    "SIMPLE_ELEMENTS",
    "Owned",
    "PartRows",
    "compared_columns",
    "insert_parts",
    "replace_parts",
]
