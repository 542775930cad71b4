"""Traveller records as identity resolution sees them, read in batches.

A record gathers what says who a person is: names (booking and document names),
date of birth, sex, nationality, documents and frequent flyer numbers. Its
fingerprint (a keyed hash of those values) lets decisions about "this record"
survive re-ingestion, which may give the same person a new traveller row.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from paxscreen.model import PartialDate
from paxscreen.screening.names.dob import DateSpec
from paxscreen.screening.names.normalise import normalise_name
from paxscreen.screening.names.score import Document, Subject
from paxscreen.store.tables import documents, frequent_flyers, traveller_names, travellers


@dataclass(slots=True)
class TravellerRecord:
    traveller_id: int
    flight_id: int | None
    booking_id: int | None
    names: list[tuple[str, str]] = field(default_factory=list)  # (given names, surname)
    name_keys: list[str] = field(default_factory=list)
    date_of_birth: PartialDate | None = None
    sex: str | None = None
    nationality: str | None = None
    documents: list[tuple[str, str | None]] = field(default_factory=list)  # (number key, state)
    frequent_flyers: list[tuple[str, str]] = field(default_factory=list)  # (airline, number)

    def fingerprint(self, key: bytes) -> str:
        """Keyed hash of the identifying values: equal records give equal fingerprints."""
        parts = [
            "|".join(sorted(set(self.name_keys))),
            self.date_of_birth.isoformat() if self.date_of_birth else "",
            "|".join(sorted(f"{number}/{state or ''}" for number, state in self.documents)),
        ]
        return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()

    def subject(self) -> Subject:
        return Subject(
            names=[
                normalise_name(given_names=given, surname=surname) for given, surname in self.names
            ],
            dates_of_birth=[DateSpec(self.date_of_birth)] if self.date_of_birth else [],
            nationalities=frozenset({self.nationality}) if self.nationality else frozenset(),
            sex=self.sex,
            documents=[
                Document(number=number, issuing_state=state) for number, state in self.documents
            ],
        )


def _partial_date(text: str | None) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None  # a depersonalised or unreadable date links nothing


def load_records(
    connection: Connection, traveller_ids: Iterable[int]
) -> dict[int, TravellerRecord]:
    """The records of these travellers (names, documents, frequent flyers), in four queries."""
    ids = sorted(set(traveller_ids))
    records: dict[int, TravellerRecord] = {}
    for chunk_start in range(0, len(ids), 5_000):
        chunk = ids[chunk_start : chunk_start + 5_000]
        records.update(_load_chunk(connection, chunk))
    return records


def _load_chunk(connection: Connection, ids: Sequence[int]) -> dict[int, TravellerRecord]:
    query = select(
        travellers.c.id,
        travellers.c.flight_id,
        travellers.c.booking_id,
        travellers.c.date_of_birth,
        travellers.c.sex,
        travellers.c.nationality,
    ).where(travellers.c.id.in_(ids))
    records = {
        row.id: TravellerRecord(
            traveller_id=row.id,
            flight_id=row.flight_id,
            booking_id=row.booking_id,
            date_of_birth=_partial_date(row.date_of_birth),
            sex=row.sex,
            nationality=row.nationality,
        )
        for row in connection.execute(query)
    }
    name_rows = connection.execute(
        select(
            traveller_names.c.traveller_id,
            traveller_names.c.given_names,
            traveller_names.c.surname,
            traveller_names.c.name_key,
        )
        .where(traveller_names.c.traveller_id.in_(ids))
        .order_by(traveller_names.c.traveller_id, traveller_names.c.position)
    )
    for row in name_rows:
        record = records[row.traveller_id]
        if row.surname or row.given_names:
            record.names.append((row.given_names or "", row.surname or ""))
            record.name_keys.append(row.name_key)
    seen_documents: dict[int, set[tuple[str, str | None]]] = defaultdict(set)
    for document_row in connection.execute(
        select(documents.c.traveller_id, documents.c.number_key, documents.c.issuing_state).where(
            documents.c.traveller_id.in_(ids)
        )
    ):
        document = (document_row.number_key, document_row.issuing_state)
        owner = document_row.traveller_id
        if document_row.number_key and document not in seen_documents[owner]:
            seen_documents[owner].add(document)
            records[owner].documents.append(document)
    for account in connection.execute(
        select(
            frequent_flyers.c.traveller_id, frequent_flyers.c.airline, frequent_flyers.c.number
        ).where(frequent_flyers.c.traveller_id.in_(ids))
    ):
        records[account.traveller_id].frequent_flyers.append((account.airline, account.number))
    return records


__all__ = ["TravellerRecord", "load_records"]
