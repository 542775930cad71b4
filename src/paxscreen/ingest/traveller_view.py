"""Light traveller records: just what matching and version checks need.

Loading full travellers (seats, bags, tickets, contacts ...) for a whole flight
after every message would cost a dozen queries and most of the loading time;
pairing API with PNR and finding the same API traveller again need only the
names, date of birth, documents, references, role and statuses. Three queries
give exactly that for any number of travellers.
"""

from __future__ import annotations

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


def load_identities(connection: Connection, traveller_ids: Sequence[int]) -> dict[int, Traveller]:
    """Travellers with names, date of birth, documents, references, role and statuses only."""
    ids = list(traveller_ids)
    names: dict[int, list[PersonName]] = defaultdict(list)
    docs: dict[int, list[TravelDocument]] = defaultdict(list)
    found: dict[int, Traveller] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        for row in connection.execute(
            select(*_NAME_COLUMNS)  # not `sources`: JSON decoding per name row adds up
            .where(any_of(connection, traveller_names.c.traveller_id, chunk))
            .order_by(traveller_names.c.traveller_id, traveller_names.c.position)
        ).all():
            names[row.traveller_id].append(
                PersonName(
                    raw=row.raw,
                    surname=row.surname,
                    given_names=row.given_names,
                    title=row.title,
                    source=NameSource(row.source),
                )  # fmt: skip
            )
        for doc in connection.execute(
            select(documents.c.traveller_id, documents.c.type, documents.c.number)
            .where(any_of(connection, documents.c.traveller_id, chunk))
            .order_by(documents.c.traveller_id, documents.c.position)
        ).all():
            docs[doc.traveller_id].append(TravelDocument(type=doc.type, number=doc.number))
        for person in connection.execute(
            select(*_COLUMNS).where(any_of(connection, travellers.c.id, chunk))
        ).all():
            person_names = names.get(person.id) or [PersonName()]
            found[person.id] = Traveller(
                role=TravellerRole(person.role),
                name=person_names[0],
                other_names=person_names[1:],
                date_of_birth=PartialDate.parse(person.date_of_birth)
                if person.date_of_birth
                else None,
                record_locator=person.record_locator,
                passenger_reference=person.passenger_reference,
                reference_number=person.reference_number,
                checkin_status=person.checkin_status,
                boarding_status=person.boarding_status,
                documents=docs.get(person.id, []),
            )
    return found


__all__ = ["load_identities"]
