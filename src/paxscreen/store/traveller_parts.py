"""A traveller's parts as rows: inserting them, and rewriting only the ones that changed.

Names, documents, seats, frequent flyers, tickets, bags (with their tags) and
PAXLST contacts each have their own table. When a newer version of a stored
traveller arrives (a changed PNR version, a PAXLST change), most of it is what
is stored already: on the ingest bench's traffic names, documents, frequent
flyers and contacts were the same for every carried traveller and tickets for
99 %, while seats, bags and check-in changed. Deleting and inserting every part
cost 20-30 us of database CPU per row, so `replace_parts` reads what is stored
(one query per table, only the columns it compares) and writes a table only for
the travellers whose rows there differ. What it compares them with is worked out
from the model (`_Layout`: each table's compared values, as `_stored` reads them
back); rows, with their `sources` JSON, are built only for the tables and
travellers that are rewritten. A PNR push reads its carried travellers' parts once
(`read_parts`, through `travellers_repo.load_booking_travellers`) for pairing them
and for this comparison.

Provenance rule. A part table's rows of a traveller are "the same" when every
content column is equal, position included: the id, the owner, `message_id`,
`sources` and timestamps are left out of the comparison. Rows that stayed the
same are left alone, so they keep the message id and sources of the message that
first sent them as they are now. Rows that changed are rewritten whole for that
traveller and name the new message. The `travellers` row itself always names the
latest message (see `travellers_repo.replace_travellers`).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
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
    Bag,
    FrequentFlyer,
    NameSource,
    PersonName,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
    document_number_key,
    name_key,
)
from paxscreen.store.bulk import python_default
from paxscreen.store.rows import (
    IN_CHUNK,
    ElementRows,
    column_fields,
    element_rows,
    insert_element_rows,
    insert_element_rows_returning_ids,
    insert_rows,
)
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
StoredParts = dict[Table, dict[int, _Signature]]  # `read_parts`: table -> traveller -> rows


def insert_parts(connection: Connection, owned: Owned) -> None:
    """Every part of these new travellers, one statement per table."""
    _insert(connection, {table: owned for table in PART_TABLES})


def replace_parts(
    connection: Connection, owned: Owned, *, stored: StoredParts | None = None
) -> None:
    """Rewrite, per table, the parts of the travellers whose stored rows differ.

    `stored` (from `read_parts`, for these travellers or more) saves reading them
    again. See the module docstring for what "differ" leaves out and why.
    """
    if stored is None:
        stored = read_parts(connection, [traveller_id for traveller_id, _m, _t in owned])
    changed = {table: _differing(table, stored[table], owned) for table in PART_TABLES}
    _delete(connection, {table: {entry[0] for entry in rows} for table, rows in changed.items()})
    _insert(connection, changed)


def read_parts(connection: Connection, traveller_ids: list[int]) -> StoredParts:
    """What is stored of these travellers' parts, per table, as `replace_parts` compares it."""
    if not traveller_ids:
        return {table: {} for table in PART_TABLES}
    return {table: _stored(connection, table, traveller_ids) for table in PART_TABLES}


def stored_names(parts: StoredParts) -> dict[int, list[PersonName]]:
    """The names `read_parts` read, per traveller, in position order."""
    at = {column.name: index for index, column in enumerate(_columns(traveller_names))}
    raw, surname, given, title, source = (
        at[name] for name in ("raw", "surname", "given_names", "title", "source")
    )
    sources = _NAME_SOURCES
    return {
        traveller_id: [
            PersonName(
                raw=row[raw],
                surname=row[surname],
                given_names=row[given],
                title=row[title],
                source=sources[row[source]],
            )
            for row in rows
        ]
        for traveller_id, rows in parts[traveller_names].items()
    }


def stored_documents(parts: StoredParts) -> dict[int, list[TravelDocument]]:
    """The documents `read_parts` read, per traveller: their type and number only."""
    at = {column.name: index for index, column in enumerate(_columns(documents))}
    kind, number = at["type"], at["number"]
    return {
        traveller_id: [TravelDocument(type=row[kind], number=row[number]) for row in rows]
        for traveller_id, rows in parts[documents].items()
    }


_NAME_SOURCES = {str(source): source for source in NameSource}


def _insert(connection: Connection, owned_by_table: dict[Table, Owned]) -> None:
    """Each table's rows of its travellers (a table with none is left alone)."""
    for table, owned in owned_by_table.items():
        if not owned:
            continue
        if table is bags:
            _insert_bags(connection, owned)
        elif table in _ELEMENTS:
            insert_element_rows(connection, *_element_rows(table, owned))
        else:
            insert_rows(connection, table, _ROW_BUILDERS[table](owned))


def _insert_bags(connection: Connection, owned: Owned) -> None:
    """Bags, then their tags (which need the bags' ids)."""
    bag_ids = insert_element_rows_returning_ids(connection, *_element_rows(bags, owned))
    tags = [bag.tags for _tid, _mid, traveller in owned for bag in traveller.bags]
    tag_rows = [
        {"bag_id": bag_id, "position": position, "tag": tag}
        for bag_id, bag_tags_of in zip(bag_ids, tags, strict=True)
        for position, tag in enumerate(bag_tags_of)
    ]
    insert_rows(connection, bag_tags, tag_rows)


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


# the owner columns of an element row, in this order; a document's row adds its number key
_OWNER = ("traveller_id", "position", "message_id")
_DOCUMENT_OWNER = (*_OWNER, "number_key")
# element tables -> the element class and the Traveller field holding the elements
# (bags too: their rows are built alike, and their tags go in after them)
_ELEMENTS = {table: (cls, attribute) for table, cls, attribute in SIMPLE_ELEMENTS} | {
    bags: (Bag, "bags")
}


def _element_rows(table: Table, owned: Owned) -> tuple[ElementRows, list[tuple[Any, ...]]]:
    """The rows of one element table for these travellers, as value tuples.

    The element's fields are read in one call (`rows.element_rows`) and the
    `sources` go to COPY as provenance: a dict per row (`to_row`) with its JSON
    built in Python cost more than writing the rows.
    """
    element_class, attribute = _ELEMENTS[table]
    elements_of = attrgetter(attribute)
    if table is documents:
        layout = element_rows(TravelDocument, table, _DOCUMENT_OWNER)
        read = layout.read
        return layout, [
            (traveller_id, position, message_id, document_number_key(document.number))
            + read(document)
            for traveller_id, message_id, traveller in owned
            for position, document in enumerate(traveller.documents)
        ]
    layout = element_rows(element_class, table, _OWNER)
    read = layout.read
    return layout, [
        (traveller_id, position, message_id, *read(element))
        for traveller_id, message_id, traveller in owned
        for position, element in enumerate(elements_of(traveller))
    ]


def _plain_text_rows(owned: Owned, field: str) -> list[dict[str, Any]]:
    """PAXLST contact details (COM / address) are plain strings on the traveller."""
    return [
        {"traveller_id": traveller_id, "position": position, "raw": raw}
        for traveller_id, _message_id, traveller in owned
        for position, raw in enumerate(getattr(traveller, field))
    ]


def _email_rows(owned: Owned) -> list[dict[str, Any]]:
    return [
        {
            "traveller_id": traveller_id,
            "position": position,
            "raw": raw,
            "normalised": raw.strip().lower(),
        }
        for traveller_id, _message_id, traveller in owned
        for position, raw in enumerate(traveller.emails)
    ]


# how each table's rows are built from travellers (bags, with their tags: `_insert_bags`)
_ROW_BUILDERS: dict[Table, Callable[[Owned], list[dict[str, Any]]]] = {
    traveller_names: _name_rows,
    phones: functools.partial(_plain_text_rows, field="phones"),
    emails: _email_rows,
    addresses: functools.partial(_plain_text_rows, field="addresses"),
}

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


@dataclass(frozen=True, slots=True)
class _Layout:
    """A part table's compared columns, in the order its signatures list them.

    `signatures` gives a traveller's rows of the table as `_stored` reads them back,
    straight from the model: most carried travellers' parts did not change, and
    building their rows (with the `sources` JSON) only to compare them cost more
    than the comparison. `_row_signatures` is the careful way, from the rows.
    """

    columns: tuple[Column[Any], ...]
    signatures: Callable[[Traveller], _Signature]


def _name_signatures(traveller: Traveller) -> _Signature:
    """`_name_row`'s compared values, in `compared_columns(traveller_names)` order."""
    return [
        (
            position,
            name.raw,
            name.surname,
            name.given_names,
            name.title,
            str(name.source),
            name_key(name.surname, name.given_names),
        )
        for position, name in enumerate([traveller.name, *traveller.other_names])
    ]


def _element_layout(table: Table, cls: type[Any], attribute: str) -> _Layout:
    """Position, the model's fields, what the row adds (a document's number key), the rest.

    The rest are compared columns the row leaves out: they are stored as their default.
    """
    compared = compared_columns(table)
    names = {column.name for column in compared}
    fields = [name for name in column_fields(cls, table) if name in names]
    added = ["number_key"] if table is documents else []
    rest = [column for column in compared if column.name not in {"position", *fields, *added}]
    defaults = tuple(_as_stored(column) for column in rest)
    values_of: Callable[[Any], tuple[Any, ...]] = attrgetter(*fields)
    if len(fields) == 1:
        values_of = _one_value(values_of)
    elements_of = attrgetter(attribute)

    def signatures(traveller: Traveller) -> _Signature:
        found = []
        for position, element in enumerate(elements_of(traveller)):
            key = (position, *values_of(element))
            if added:
                key += (document_number_key(element.number),)
            if table is bags:
                key += (*defaults, tuple(element.tags))
            else:
                key += defaults
            found.append(key)
        return found

    columns = (table.c.position, *(table.c[name] for name in (*fields, *added)), *rest)
    return _Layout(columns, signatures)


def _one_value(getter: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda element: (getter(element),)


def _row_layout(table: Table) -> _Layout:
    """Signatures from the rows themselves, for the PAXLST contacts: plain strings, rarely any.

    A traveller without any (every PNR traveller: a PNR's contacts are the
    booking's) has no rows: said at once, without building an empty list of rows.
    """
    build = _ROW_BUILDERS[table]
    contacts_of = attrgetter(table.name)  # the Traveller field is named as its table

    def signatures(traveller: Traveller) -> _Signature:
        if not contacts_of(traveller):
            return []
        return _row_signatures(table, build([(0, None, traveller)]))

    return _Layout(tuple(compared_columns(table)), signatures)


_LAYOUTS: dict[Table, _Layout] = {
    traveller_names: _Layout(tuple(compared_columns(traveller_names)), _name_signatures),
    bags: _element_layout(bags, Bag, "bags"),
    **{table: _element_layout(table, cls, attribute) for table, cls, attribute in SIMPLE_ELEMENTS},
    **{table: _row_layout(table) for table in (phones, emails, addresses)},
}


def _columns(table: Table) -> tuple[Column[Any], ...]:
    """The compared columns as `_stored` reads them: in the order of the table's signatures."""
    return _LAYOUTS[table].columns


def _signatures(table: Table, traveller: Traveller) -> _Signature:
    return _LAYOUTS[table].signatures(traveller)


def _row_signatures(table: Table, rows: list[dict[str, Any]]) -> _Signature:
    """The careful way: the rows' compared values as `_stored` reads them (bags: no tags)."""
    names, missing = _names_and_defaults(table)
    return [tuple(map(row.get, names, missing)) for row in rows]


@cache
def _names_and_defaults(table: Table) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """`_columns(table)`'s names, and what each stores when a row leaves it out."""
    columns = _columns(table)
    return tuple(column.name for column in columns), tuple(map(_as_stored, columns))


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
            select(bags.c.traveller_id, bags.c.id, bag_tags.c.tag, *_columns(bags))
            .outerjoin(bag_tags, bag_tags.c.bag_id == bags.c.id)
            .order_by(bags.c.traveller_id, bags.c.position, bags.c.id, bag_tags.c.position)
        )
    return select(table.c.traveller_id, *_columns(table)).order_by(
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
        sql = _postgresql_read(table, connection.dialect)
        cursor.execute(sql, {"owner_ids": _array_text(ids)})
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _differing(table: Table, stored: dict[int, _Signature], owned: Owned) -> Owned:
    """The travellers whose rows in `table` would differ from the stored ones."""
    empty: _Signature = []
    return [entry for entry in owned if stored.get(entry[0], empty) != _signatures(table, entry[2])]


def _array_text(ids: Iterable[int]) -> str:
    """Integer ids as PostgreSQL's array text, for a parameter cast to `integer[]`.

    psycopg turns a list into that text (or its binary form) element by element in
    Python; one join in C sends the same ids at a sixth of the worker's cost for a
    push's ~80 travellers, and every carried traveller's ids go out ten times.
    """
    return "{" + ",".join(map(str, ids)) + "}"


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
        cursor.execute(
            sql, {f"ids_{index}": _array_text(ids) for index, (_table, ids) in enumerate(targets)}
        )
    finally:
        cursor.close()


__all__ = [
    "PART_TABLES",
    "SIMPLE_ELEMENTS",
    "Owned",
    "StoredParts",
    "compared_columns",
    "insert_parts",
    "read_parts",
    "replace_parts",
    "stored_documents",
    "stored_names",
]
