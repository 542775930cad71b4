"""One flight's PNRGOV files: four pushes, EDIFACT (in parts for some carriers) or XML.

All draws come from the flight's `rng_for(seed, "messages", flight key)`; whether a
carrier splits its pushes is a property of the carrier, drawn once from its code.
"""

from __future__ import annotations

import datetime as dt
import random

from paxscreen.demo.bookings import PlannedBooking
from paxscreen.demo.pushes import PushContent, pnr_pushes
from paxscreen.demo.schedule import ScheduledFlight
from paxscreen.demo.seeding import rng_for
from paxscreen.demo.transport import (
    RECIPIENT,
    Delivery,
    OutgoingFile,
    choose_delimiters,
    edifact_file,
    outgoing_file,
)
from paxscreen.messages.pnrgov_writer import PnrgovPush, write_pnrgov
from paxscreen.messages.pnrgov_xml_writer import write_pnrgov_xml

PNRS_PER_PART = 40


def _edifact_push(
    rng: random.Random, delivery: Delivery, push: PushContent, *, defect_share: float
) -> list[OutgoingFile]:
    scheduled, carrier = delivery.scheduled, delivery.scheduled.carrier
    splits = rng_for(0, "splits", carrier.code).random() < 0.35
    size = PNRS_PER_PART if splits else max(1, len(push.bookings))
    defect_wanted, delimiters = choose_delimiters(rng, defect_share)
    texts = write_pnrgov(
        PnrgovPush(
            flight=scheduled.flight, function=push.function, sender=carrier.code,
            recipient=RECIPIENT, prepared_at=delivery.prepared,
            control_reference=str(rng.randrange(10**9, 10**10)), version=carrier.pnrgov_version,
            system=carrier.system, max_pnrs_per_part=size, codeshare_tra=carrier.uses_tra,
            delimiters=delimiters,
        ),
        push.bookings,
        equipment=scheduled.aircraft,
    )  # fmt: skip
    chunks = [push.bookings[start : start + size] for start in range(0, len(push.bookings), size)]
    chunks = chunks or [[]]
    parts = len(texts) if len(texts) > 1 else None
    return [
        edifact_file(
            rng,
            delivery,
            text,
            delimiters=delimiters,
            defect_wanted=defect_wanted,
            part=number if parts else None,
            parts=parts,
            pnrs=len(chunk),
            travellers=sum(len(booking.travellers) for booking in chunk),
        )  # fmt: skip
        for number, (text, chunk) in enumerate(zip(texts, chunks, strict=True), 1)
    ]


def pnrgov_files(
    rng: random.Random,
    scheduled: ScheduledFlight,
    plans: list[PlannedBooking],
    *,
    defect_share: float,
) -> list[OutgoingFile]:
    """The four pushes of a passenger flight as files."""
    departure = scheduled.flight.departure_utc
    assert departure is not None
    carrier = scheduled.carrier
    files: list[OutgoingFile] = []
    for push in pnr_pushes(plans, departure):
        prepared = push.prepared_at + dt.timedelta(seconds=rng.randrange(0, 240))
        delivery = Delivery(
            scheduled=scheduled, kind="PNRGOV", label=push.label, function=push.function,
            prepared=prepared, deliver=prepared + dt.timedelta(seconds=rng.randrange(5, 120)),
        )  # fmt: skip
        if not carrier.sends_xml:
            files += _edifact_push(rng, delivery, push, defect_share=defect_share)
            continue
        payload = write_pnrgov_xml(
            push.bookings, flight=scheduled.flight, function=push.function, sender=carrier.code,
            system=carrier.system, prepared_at=prepared, equipment=scheduled.aircraft,
        )  # fmt: skip
        travellers = sum(len(booking.travellers) for booking in push.bookings)
        files.append(
            outgoing_file(
                delivery, payload, fmt="xml", pnrs=len(push.bookings), travellers=travellers
            )
        )
    return files


__all__ = ["PNRS_PER_PART", "pnrgov_files"]
