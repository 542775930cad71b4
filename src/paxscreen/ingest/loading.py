"""Load one parsed unit (a PAXLST or a PNRGOV message) into the store.

The unit's flight is found or created under its operating identity, then the
API travellers (`api_loader`) or the PNRs (`pnr_loader`) are applied, and the
flight's API/PNR pairs are refreshed (a newly paired PNR row's hits then go to its
API row, `vetting.paired_hits`): after an API list only when it changed what pairing
looks at (the loader knows exactly), after a push when a PNR version brought or
dropped a traveller, a new PNR, a cancel or its reversal, or changed what pairing reads
of a traveller (`pnr_loader`; `refresh_pairs` then matches only when the flight's
pairing inputs changed).
Returns the flights that changed, so that only they are screened again.

Which flight an API list is about: a PAXLST names one flight per TDT; when it
names several (the legs of a progressive flight sent as separate TDTs), the
travellers belong to the last one, the leg that crosses into the reporting
country (LOC 125 -> 87), as the IG's examples order them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection

from paxscreen.errors import MessageError
from paxscreen.findings import Finding
from paxscreen.ingest.api_loader import load_manifest
from paxscreen.ingest.flight_rows import upsert_flight
from paxscreen.ingest.flights import lookup_keys, resolve_operating
from paxscreen.ingest.pairing import refresh_pairs
from paxscreen.ingest.parsing import UnitDigest
from paxscreen.ingest.pnr_loader import load_push
from paxscreen.ingest.sensitive import Removal, summarise, withhold_flagged
from paxscreen.model import Flight, MessageType, ParsedMessage
from paxscreen.vetting.paired_hits import carry_paired_hits


class NothingToLoadError(MessageError):
    """The message was read but names nothing that can be stored (e.g. no flight)."""


@dataclass(slots=True)
class UnitResult:
    changed_flights: set[int] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    removal: Removal = field(default_factory=Removal)


def unit_flight(unit: ParsedMessage) -> Flight | None:
    """The flight this unit's data belongs to, under its operating identity."""
    if not unit.flights:
        return None
    if unit.message.type == MessageType.PNRGOV:
        return resolve_operating(unit.flights[0], unit.bookings)
    return resolve_operating(unit.flights[-1], [])


def unit_flight_keys(unit: ParsedMessage) -> list[str]:
    """Keys to lock before loading the unit."""
    flight = unit_flight(unit)
    return lookup_keys(flight) if flight is not None else []


def load_unit(
    connection: Connection,
    unit: ParsedMessage,
    *,
    message_id: str,
    complete: bool = True,
    digest: UnitDigest | None = None,
) -> UnitResult:
    """Store one unit; raises NothingToLoadError when it names no flight or no type we load."""
    message = unit.message
    if message.type not in (MessageType.PAXLST, MessageType.PNRGOV):
        raise NothingToLoadError(f"{message.type} messages are not loaded by ingestion")
    flight = unit_flight(unit)
    if flight is None:
        what = "no level-0 TVL" if message.type == MessageType.PNRGOV else "no TDT flight"
        raise NothingToLoadError(f"the {message.type} message names no flight ({what})")
    modifier = (message.function_modifier or "").upper()
    flight_id, flight_changed = upsert_flight(
        connection, flight, message_id=message_id, replace_schedule=modifier == "CF"
    )
    result = UnitResult()
    if flight_changed:
        result.changed_flights.add(flight_id)
    if message.type == MessageType.PAXLST:
        manifest = load_manifest(
            connection,
            unit.travellers,
            message=message,
            message_id=message_id,
            flight_id=flight_id,
            complete=complete,
        )
        result.findings += manifest.findings
        travellers_changed = manifest.changed
        pairing_inputs_changed = manifest.pairing_changed
    else:
        bookings = [withhold_flagged(booking) for booking in unit.bookings]
        result.removal = summarise(bookings)
        push = load_push(
            connection,
            bookings,
            message=message,
            message_id=message_id,
            flight_id=flight_id,
            flight_key=f"flight:{flight_id}",
            fingerprints=digest.fingerprints if digest else None,
            unchanged=digest.unchanged if digest else (),
            unchanged_times=digest.unchanged_times if digest else (),
        )
        result.findings += push.findings
        travellers_changed = push.changed
        pairing_inputs_changed = push.pairing_changed
    if travellers_changed:
        result.changed_flights.add(flight_id)
    if pairing_inputs_changed and refresh_pairs(connection, flight_id, message_id=message_id):
        carry_paired_hits(connection, flight_id)  # one hit per person: see its docstring
    return result


__all__ = ["NothingToLoadError", "UnitResult", "load_unit", "unit_flight", "unit_flight_keys"]
