"""Light traveller records: just what matching and version checks need.

Loading full travellers (seats, bags, tickets, contacts ...) for a whole flight
after every message would cost a dozen queries and most of the loading time;
pairing API with PNR and finding the same API traveller again need only the
names, date of birth, documents, references, role and statuses. Three queries
give exactly that for any number of travellers.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection, select

from paxscreen.model import (
    NameSource,
    PartialDate,
    PersonName,
    TravelDocument,
    Traveller,
    TravellerRole,
)
from paxscreen.store.bulk import any_of
from paxscreen.store.rows import IN_CHUNK
from paxscreen.store.tables import documents, traveller_names, travellers

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


_ROLES = {str(role): role for role in TravellerRole}
_NAME_SOURCES = {str(source): source for source in NameSource}


def load_identities(connection: Connection, traveller_ids: Sequence[int]) -> dict[int, Traveller]:
    """Travellers with names, date of birth, documents, references, role and statuses only.

    This runs for a whole flight after every message, so rows are read as plain
    tuples, code values looked up in a table, and each date of birth text parsed once.
    """
    ids = list(traveller_ids)
    names: dict[int, list[PersonName]] = defaultdict(list)
    docs: dict[int, list[TravelDocument]] = defaultdict(list)
    found: dict[int, Traveller] = {}
    sources = _NAME_SOURCES
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        name_rows = connection.execute(
            select(*_NAME_COLUMNS)  # not `sources`: JSON decoding per name row adds up
            .where(any_of(connection, traveller_names.c.traveller_id, chunk))
            .order_by(traveller_names.c.traveller_id, traveller_names.c.position)
        )
        for traveller_id, raw, surname, given_names, title, source in name_rows:
            names[traveller_id].append(
                PersonName(
                    raw=raw,
                    surname=surname,
                    given_names=given_names,
                    title=title,
                    source=sources[source],
                )  # fmt: skip
            )
        doc_rows = connection.execute(
            select(documents.c.traveller_id, documents.c.type, documents.c.number)
            .where(any_of(connection, documents.c.traveller_id, chunk))
            .order_by(documents.c.traveller_id, documents.c.position)
        )
        for traveller_id, kind, number in doc_rows:
            docs[traveller_id].append(TravelDocument(type=kind, number=number))
        people = connection.execute(
            select(*_COLUMNS).where(any_of(connection, travellers.c.id, chunk))
        )
        for person in people:
            person_id, role, birth, locator, reference, number, checkin, boarding = person
            person_names = names.get(person_id) or [PersonName()]
            found[person_id] = Traveller(
                role=_ROLES[role],
                name=person_names[0],
                other_names=person_names[1:],
                date_of_birth=_birth_date(birth) if birth else None,
                record_locator=locator,
                passenger_reference=reference,
                reference_number=number,
                checkin_status=checkin,
                boarding_status=boarding,
                documents=docs.get(person_id, []),
            )
    return found


@functools.lru_cache(maxsize=65_536)
def _birth_date(text: str) -> PartialDate:
    """A stored date of birth (PartialDate is immutable: one object per text will do)."""
    return PartialDate.parse(text)


__all__ = ["load_identities"]
