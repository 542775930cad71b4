"""Re-identification: clear data of a depersonalised traveller, only with an approval.

EU PNR Directive art. 12(3): after depersonalisation, full data is disclosed only
when a judicial or other competent authority approves it for a stated purpose,
and the data-protection officer is informed. Here an analyst asks with a
justification, a user holding the approving role decides (never the requester),
the DPO is told through the audit trail and an in-app notification, and the
approved access lasts a limited time. Every step and every reading is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from paxscreen.errors import NotFoundError, PermissionDeniedError
from paxscreen.privacy.audit import record_event
from paxscreen.privacy.sealing import unseal
from paxscreen.store.privacy_tables import reidentification_requests, sealed_values
from paxscreen.store.tables import travellers

MIN_JUSTIFICATION_LENGTH = 20


@dataclass(frozen=True, slots=True)
class ReidentificationRequest:
    id: int
    traveller_id: int
    requested_by: str
    justification: str
    requested_at: dt.datetime
    status: str
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str | None
    access_until: dt.datetime | None


def _load(connection: Connection, request_id: int) -> ReidentificationRequest:
    row = connection.execute(
        select(reidentification_requests).where(reidentification_requests.c.id == request_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no re-identification request {request_id}")
    return ReidentificationRequest(**row._asdict())


def request_reidentification(
    connection: Connection,
    *,
    traveller_id: int,
    requested_by: str,
    justification: str,
    now: dt.datetime,
) -> int:
    if len(justification.strip()) < MIN_JUSTIFICATION_LENGTH:
        raise PermissionDeniedError(
            f"a justification of at least {MIN_JUSTIFICATION_LENGTH} characters is required"
        )
    exists = connection.execute(select(travellers.c.id).where(travellers.c.id == traveller_id))
    if exists.first() is None:
        raise NotFoundError(f"no traveller {traveller_id}")
    request_id = connection.execute(
        reidentification_requests.insert()
        .values(
            traveller_id=traveller_id,
            requested_by=requested_by,
            justification=justification.strip(),
            requested_at=now,
            status="pending",
        )
        .returning(reidentification_requests.c.id)
    ).scalar_one()
    record_event(
        connection,
        actor=requested_by,
        action="reidentification-request",
        object_type="traveller",
        object_id=traveller_id,
        purpose=justification.strip(),
        details={"request_id": request_id},
        now=now,
    )
    return int(request_id)


def decide_reidentification(
    connection: Connection,
    request_id: int,
    *,
    decided_by: str,
    approve: bool,
    reason: str,
    now: dt.datetime,
    access_hours: int,
) -> ReidentificationRequest:
    """Approve or refuse. The caller checks the approving role; four eyes are checked here."""
    request = _load(connection, request_id)
    if request.status != "pending":
        raise PermissionDeniedError(f"request {request_id} was already {request.status}")
    if decided_by == request.requested_by:
        raise PermissionDeniedError("the requester cannot decide on their own request")
    if not reason.strip():
        raise PermissionDeniedError("a decision needs a reason")
    values: dict[str, Any] = {
        "status": "approved" if approve else "refused",
        "decided_by": decided_by,
        "decided_at": now,
        "decision_reason": reason.strip(),
        "access_until": now + dt.timedelta(hours=access_hours) if approve else None,
    }
    connection.execute(
        update(reidentification_requests)
        .where(reidentification_requests.c.id == request_id)
        .values(**values)
    )
    record_event(
        connection,
        actor=decided_by,
        action="reidentification-" + ("approved" if approve else "refused"),
        object_type="traveller",
        object_id=request.traveller_id,
        purpose=reason.strip(),
        details={"request_id": request_id, "notify": "data_protection_officer"},
        now=now,
    )
    return _load(connection, request_id)


def _sealed_for(connection: Connection, traveller_id: int) -> list[tuple[str, str, bytes]]:
    """Sealed payloads that concern the traveller: its own and its booking's."""
    booking_id = connection.execute(
        select(travellers.c.booking_id).where(travellers.c.id == traveller_id)
    ).scalar()
    owners = [("traveller", str(traveller_id))]
    if booking_id is not None:
        owners.append(("booking", str(booking_id)))
    found = []
    for object_type, object_id in owners:
        for row in connection.execute(
            select(sealed_values.c.payload).where(
                sealed_values.c.object_type == object_type, sealed_values.c.object_id == object_id
            )
        ):
            found.append((object_type, object_id, row.payload))
    return found


def _concerns(item: dict[str, Any], traveller_id: int) -> bool:
    """Booking-level values (payment, contacts) and the traveller's own rows, never
    a co-traveller's."""
    return item.get("owner") != "traveller" or item.get("owner_id") == traveller_id


def reveal(
    connection: Connection, request_id: int, *, user: str, seal_key: bytes, now: dt.datetime
) -> list[dict[str, Any]]:
    """The clear values masked for this traveller, for the requester, while access lasts."""
    request = _load(connection, request_id)
    if request.status != "approved":
        raise PermissionDeniedError(f"request {request_id} is {request.status}, not approved")
    if user != request.requested_by:
        raise PermissionDeniedError("only the requester may use an approved re-identification")
    if request.access_until is None or now >= request.access_until:
        raise PermissionDeniedError(f"access under request {request_id} has expired")
    revealed: list[dict[str, Any]] = []
    for object_type, object_id, payload in _sealed_for(connection, request.traveller_id):
        for item in unseal(payload, key=seal_key, bound_to=f"{object_type}:{object_id}"):
            if isinstance(item, dict) and _concerns(item, request.traveller_id):
                revealed.append(item)
    record_event(
        connection,
        actor=user,
        action="reidentification-view",
        object_type="traveller",
        object_id=request.traveller_id,
        purpose=request.justification,
        details={"request_id": request_id, "items": len(revealed)},
        now=now,
    )
    return revealed


def list_requests(
    connection: Connection, *, status: str | None = None
) -> list[ReidentificationRequest]:
    query = select(reidentification_requests).order_by(reidentification_requests.c.id.desc())
    if status:
        query = query.where(reidentification_requests.c.status == status)
    return [ReidentificationRequest(**row._asdict()) for row in connection.execute(query)]


__all__ = [
    "ReidentificationRequest",
    "decide_reidentification",
    "list_requests",
    "request_reidentification",
    "reveal",
]
