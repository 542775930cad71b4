"""Light traveller records: just what matching and version checks need.

Loading full travellers (seats, bags, tickets, contacts ...) for a whole flight
after every message would cost a dozen queries and most of the loading time;
pairing API with PNR and finding the same API traveller again need only the
names, date of birth, documents, references, role and statuses. Three queries
give exactly that for any number of travellers.

Pairing needs even less, and needs it for a whole flight after every change:
`pairing_keys_of` works each traveller's `merge.PairingKeys` out of the rows
directly (names and documents in one query), without building a `Traveller` first.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    bindparam,
    literal,
    null,
    select,
    union_all,
)

from paxscreen.ingest.merge import PairingKeys, name_keys, pairing_keys
from paxscreen.model import (
    NameSource,
    PersonName,
    TravelDocument,
    Traveller,
    document_number_key,
)
from paxscreen.store.bulk import any_of
from paxscreen.store.rows import IN_CHUNK
from paxscreen.store.tables import documents, traveller_names, travellers
from paxscreen.store.travellers_repo import stored_birth_date, stored_identity

_COLUMNS = (
    travellers.c.id,
    travellers.c.role,
    travellers.c.date_of_birth,
    travellers.c.record_locator,
    travellers.c.passenger_reference,
    travellers.c.reference_number,
    travellers.c.checkin_status,
    travellers.c.boarding_status,
)
_NAME_COLUMNS = (
    traveller_names.c.traveller_id,
    traveller_names.c.raw,
    traveller_names.c.surname,
    traveller_names.c.given_names,
    traveller_names.c.title,
    traveller_names.c.source,
)
# what `pairing_keys_of` reads of each traveller row, in this order
PAIRING_COLUMNS = (
    travellers.c.id,
    travellers.c.role,
    travellers.c.date_of_birth,
    travellers.c.record_locator,
    travellers.c.passenger_reference,
)
_NAME, _DOCUMENT = "name", "document"  # which table a row of `_name_and_document_rows` is from


_NAME_SOURCES = {str(source): source for source in NameSource}

# a condition on a column of traveller ids: "the travellers being loaded"
OwnerFilter = Callable[[ColumnElement[Any]], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class _Statements:
    """The two reads of `load_identities`, for the travellers an `OwnerFilter` accepts:
    the travellers, then their names and documents together (`_parts`)."""

    people: Select[Any]
    parts: CompoundSelect

    @classmethod
    def of(cls, owned_by: OwnerFilter) -> _Statements:
        return cls(
            select(*_COLUMNS).where(owned_by(travellers.c.id)).order_by(travellers.c.id),
            _parts(owned_by),
        )


def _parts(owned_by: OwnerFilter) -> CompoundSelect:
    """Names (not `sources`: JSON decoding per name row adds up) and documents in one
    statement, each traveller's in position order: (traveller id, `_NAME`, raw, surname,
    given names, title, source) and (traveller id, `_DOCUMENT`, type, number, ...) rows."""
    name_rows = select(
        traveller_names.c.traveller_id,
        literal(_NAME).label("part"),
        traveller_names.c.position,
        *_NAME_COLUMNS[1:],
    ).where(owned_by(traveller_names.c.traveller_id))
    padding = [null()] * (len(_NAME_COLUMNS) - 3)
    document_rows = select(
        documents.c.traveller_id,
        literal(_DOCUMENT),
        documents.c.position,
        documents.c.type,
        documents.c.number,
        *padding,
    ).where(owned_by(documents.c.traveller_id))
    both = union_all(name_rows, document_rows)
    columns = both.selected_columns
    return both.order_by(columns.traveller_id, columns.part, columns.position)


# a flight's travellers from one source, built once: `load_flight_identities` runs per message
_FLIGHT_SOURCE = select(travellers.c.id).where(
    travellers.c.flight_id == bindparam("flight_id"), travellers.c.source == bindparam("source")
)
_BY_FLIGHT = _Statements.of(lambda column: column.in_(_FLIGHT_SOURCE))


def load_identities(connection: Connection, traveller_ids: Sequence[int]) -> dict[int, Traveller]:
    """Travellers with names, date of birth, documents, references, role and statuses only.

    This runs for a whole flight after every message, so rows are read as plain
    tuples, all at once, code values looked up in a table, and each date of birth
    text parsed once.
    """
    ids = list(traveller_ids)
    found: dict[int, Traveller] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        statements = _Statements.of(functools.partial(any_of, connection, values=chunk))
        found.update(_load(connection, statements, {}))
    return found


def load_flight_identities(
    connection: Connection, flight_id: int, *, source: str
) -> dict[int, Traveller]:
    """`load_identities` of the flight's travellers from one source ("api" or "pnr"), in id order.

    Reads the travellers by their flight rather than by a list of ids read first:
    one query less, and no id list sent three times.
    """
    return _load(connection, _BY_FLIGHT, {"flight_id": flight_id, "source": source})


def _load(
    connection: Connection, statements: _Statements, parameters: dict[str, Any]
) -> dict[int, Traveller]:
    """The identities of the travellers the `statements` read, in id order.

    The travellers are read first: a flight's first API list finds none, and then
    their names and documents need no reading.
    """
    people = connection.execute(statements.people, parameters).all()
    if not people:
        return {}
    names: dict[int, list[PersonName]] = defaultdict(list)
    docs: dict[int, list[TravelDocument]] = defaultdict(list)
    sources = _NAME_SOURCES
    for traveller_id, part, _position, *values in connection.execute(statements.parts, parameters):
        if part == _NAME:
            raw, surname, given_names, title, source = values
            names[traveller_id].append(
                PersonName(
                    raw=raw,
                    surname=surname,
                    given_names=given_names,
                    title=title,
                    source=sources[source],
                )  # fmt: skip
            )
        else:
            kind, number = values[0], values[1]
            docs[traveller_id].append(TravelDocument(type=kind, number=number))
    return {
        person_id: stored_identity(values, names.get(person_id), docs.get(person_id, []))
        for person_id, *values in people
    }


def names_and_documents(owners: Select[Any]) -> CompoundSelect:
    """What `pairing_keys_of` reads of the names and documents of the travellers `owners`
    selects the ids of, in one statement: (traveller id, "name", surname, given names)
    and (traveller id, "document", number, None) rows, in no particular order."""
    name_rows = select(
        traveller_names.c.traveller_id,
        literal(_NAME).label("part"),
        traveller_names.c.surname,
        traveller_names.c.given_names,
    ).where(traveller_names.c.traveller_id.in_(owners))
    document_rows = select(
        documents.c.traveller_id, literal(_DOCUMENT), documents.c.number, null()
    ).where(documents.c.traveller_id.in_(owners))
    return union_all(name_rows, document_rows)


def pairing_keys_of(
    people: Iterable[Sequence[Any]], parts: Iterable[Sequence[Any]]
) -> dict[int, PairingKeys]:
    """The `PairingKeys` of travellers from their `PAIRING_COLUMNS` rows (`people`) and
    the rows of their names and documents (`parts`, read by `names_and_documents`).

    Pairing wants sets of keys, so the parts' order and other columns are not read,
    and each name's keys come from `merge.name_keys`'s cache.
    """
    names: dict[int, set[str]] = defaultdict(set)
    docs: dict[int, set[str]] = defaultdict(set)
    for traveller_id, part, first, second in parts:
        if part == _NAME:
            names[traveller_id].update(name_keys(first, second))
        elif first.strip():
            docs[traveller_id].add(document_number_key(first))
    empty: set[str] = set()
    return {
        traveller_id: pairing_keys(
            role=role,
            name_keys=names.get(traveller_id, empty),
            date_of_birth=stored_birth_date(birth) if birth else None,
            document_keys=docs.get(traveller_id, empty),
            record_locator=locator,
            passenger_reference=reference,
        )
        for traveller_id, role, birth, locator, reference in people
    }


__all__ = [
    "PAIRING_COLUMNS",
    "load_flight_identities",
    "load_identities",
    "names_and_documents",
    "pairing_keys_of",
]
