"""The traveller page: API and PNR side by side, booking, history, hits, notes, lookouts.

A person on a flight usually exists twice, as an API row (PAXLST) and a PNR row
(booking), paired by ingestion in `traveller_pairs`. The page shows both columns with
the message and segment each value came from, so an analyst can see which source
says what before acting on a hit.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from paxscreen.errors import NotFoundError
from paxscreen.model import Booking, Traveller
from paxscreen.model.provenance import Provenance
from paxscreen.store.bookings_repo import load_booking
from paxscreen.store.hit_tables import hits
from paxscreen.store.ingest_tables import traveller_pairs
from paxscreen.store.tables import flights, traveller_names, travellers
from paxscreen.store.travellers_repo import load_traveller
from paxscreen.store.vetting_tables import lookouts
from paxscreen.vetting.dispositions import disposition_history
from paxscreen.vetting.notes import notes_for
from paxscreen.web.i18n import N_
from paxscreen.web.views.filters import visible_hits

# (label, attribute) of the facts compared side by side
FACTS: tuple[tuple[str, str], ...] = (
    (N_("Name"), "name"),
    (N_("Sex"), "sex"),
    (N_("Date of birth"), "date_of_birth"),
    (N_("Nationality"), "nationality"),
    (N_("Residence"), "residence_country"),
    (N_("Place of birth"), "place_of_birth"),
    (N_("Embarkation"), "embarkation"),
    (N_("Debarkation"), "debarkation"),
    (N_("Role"), "role"),
    (N_("Record locator"), "record_locator"),
    (N_("Seat"), "seat"),
    (N_("Check-in"), "checkin_status"),
)


def display_name(traveller: Traveller) -> str:
    """SURNAME/GIVEN NAMES from the parsed parts; the raw text only when they are empty."""
    name = traveller.name
    if name.surname:
        return f"{name.surname}/{name.given_names}" if name.given_names else name.surname
    return name.raw or name.full_name


def _source(provenance: Provenance | None) -> str:
    if provenance is None:
        return ""
    parts = [
        provenance.segment_tag or "",
        f"#{provenance.segment_index}" if provenance.segment_index is not None else "",
    ]
    where = " ".join(part for part in parts if part)
    message = (provenance.message_id or "")[:8]
    return f"{where} · msg {message}" if message else where


def _value(traveller: Traveller | None, attribute: str) -> str:
    if traveller is None:
        return ""
    if attribute == "name":
        return traveller.name.raw or traveller.name.full_name
    value = getattr(traveller, attribute)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def side_by_side(api: Traveller | None, pnr: Traveller | None) -> list[dict[str, object]]:
    rows = []
    for label, attribute in FACTS:
        api_value, pnr_value = _value(api, attribute), _value(pnr, attribute)
        if not api_value and not pnr_value:
            continue
        rows.append(
            {
                "label": label,
                "api": api_value,
                "pnr": pnr_value,
                "api_source": _source(api.sources.get(attribute)) if api else "",
                "pnr_source": _source(pnr.sources.get(attribute)) if pnr else "",
                "differs": bool(api_value and pnr_value and api_value != pnr_value),
            }
        )
    return rows


def _counterpart(connection: Connection, traveller_id: int, source: str) -> int | None:
    mine, other = (
        (traveller_pairs.c.api_traveller_id, traveller_pairs.c.pnr_traveller_id)
        if source == "api"
        else (traveller_pairs.c.pnr_traveller_id, traveller_pairs.c.api_traveller_id)
    )
    return connection.execute(select(other).where(mine == traveller_id)).scalar()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items() if key != "sources"}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _model(value: Traveller | Booking | None) -> dict[str, Any] | None:
    return _jsonable(asdict(value)) if value is not None else None


def travel_history(
    connection: Connection, ids: list[int], person_id: str | None
) -> list[dict[str, Any]]:
    """Other flights of the same identity (same person id from link analysis)."""
    if not person_id:
        return []
    name = (
        select(traveller_names.c.raw)
        .where(traveller_names.c.traveller_id == travellers.c.id, traveller_names.c.position == 0)
        .limit(1)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            travellers.c.id,
            travellers.c.source,
            name.label("name"),
            flights.c.id.label("flight_id"),
            flights.c.carrier,
            flights.c.number,
            flights.c.origin,
            flights.c.destination,
            flights.c.departure_local,
        )
        .join(flights, flights.c.id == travellers.c.flight_id)
        .where(travellers.c.person_id == person_id, travellers.c.id.not_in(ids))
        .order_by(flights.c.departure_utc.desc())
        .limit(50)
    )
    return [
        {
            "traveller_id": row.id,
            "source": row.source,
            "name": row.name,
            "flight_id": row.flight_id,
            "flight": f"{row.carrier}{row.number}",
            "route": f"{row.origin} → {row.destination}",
            "departure_local": row.departure_local,
        }
        for row in rows
    ]


def traveller_hits(
    connection: Connection, ids: list[int], categories: frozenset[str] | None
) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(hits)
        .where(hits.c.traveller_id.in_(ids), visible_hits(categories))
        .order_by(hits.c.severity.desc(), hits.c.score.desc())
    ).all()
    history = disposition_history(connection, [row.id for row in rows])
    return [
        {
            "id": row.id,
            "traveller_id": row.traveller_id,
            "source": row.source,
            "source_id": row.source_id,
            "source_version": row.source_version,
            "score": row.score,
            "band": row.band,
            "severity": row.severity,
            "category": row.category,
            "status": row.status,
            "explanation": row.explanation or {},
            "created_at": row.created_at,
            "dispositions": [asdict(item) for item in history[row.id]],
        }
        for row in rows
    ]


def traveller_detail(
    connection: Connection, traveller_id: int, *, categories: frozenset[str] | None
) -> dict[str, Any]:
    row = connection.execute(select(travellers).where(travellers.c.id == traveller_id)).first()
    if row is None:
        raise NotFoundError(f"no traveller with id {traveller_id}")
    other_id = _counterpart(connection, traveller_id, row.source)
    api_id, pnr_id = (traveller_id, other_id) if row.source == "api" else (other_id, traveller_id)
    api = load_traveller(connection, api_id) if api_id else None
    pnr = load_traveller(connection, pnr_id) if pnr_id else None
    booking_id = (
        connection.execute(
            select(travellers.c.booking_id).where(travellers.c.id == pnr_id)
        ).scalar()
        if pnr_id
        else None
    )
    booking = load_booking(connection, booking_id) if booking_id else None
    ids = [item for item in (api_id, pnr_id) if item]
    flight = connection.execute(select(flights).where(flights.c.id == row.flight_id)).first()
    subject = api or pnr
    assert subject is not None  # the row itself exists
    lookout_rows = connection.execute(
        select(lookouts)
        .where(lookouts.c.traveller_id.in_(ids))
        .order_by(lookouts.c.created_at.desc())
    ).all()
    return {
        "id": traveller_id,
        "api_id": api_id,
        "pnr_id": pnr_id,
        "name": display_name(subject),
        "flight": (
            {
                "id": flight.id,
                "flight": f"{flight.carrier}{flight.number}",
                "origin": flight.origin,
                "destination": flight.destination,
                "departure_local": flight.departure_local,
                "arrival_local": flight.arrival_local,
                "direction": flight.direction,
            }
            if flight
            else None
        ),
        "facts": side_by_side(api, pnr),
        "documents": [
            {"source": source, **_jsonable(asdict(document))}
            for source, person in (("API", api), ("PNR", pnr))
            if person is not None
            for document in person.documents
        ],
        "api": _model(api),
        "pnr": _model(pnr),
        "booking": _model(booking),
        "record_locator": booking.record_locator if booking else None,
        "history": travel_history(connection, ids, row.person_id),
        "hits": traveller_hits(connection, ids, categories),
        "notes": [asdict(note) for note in notes_for(connection, ids)],
        "lookouts": [dict(item._mapping) for item in lookout_rows],
    }
