"""One flight's messages as bytes, with the transport habits of real senders.

Per flight: the four PNRGOV pushes (XML for carriers that send XML), parts of
at most N PNRs for carriers that split, PAXLST at check-in close with a crew
list; then some files are duplicated, some parts or pushes delivered out of
order, and a share of EDIFACT files carries one injected defect. All draws come
from `rng_for(seed, "messages", flight key)`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from paxscreen.demo.bookings import PlannedBooking
from paxscreen.demo.defects import CUSTOM_DELIMITERS, Defect, inject
from paxscreen.demo.manifest import ManifestEntry
from paxscreen.demo.pushes import pnr_pushes
from paxscreen.demo.schedule import ScheduledFlight
from paxscreen.demo.seeding import rng_for
from paxscreen.edifact import DEFAULT_DELIMITERS, Delimiters
from paxscreen.messages.pnrgov_writer import PnrgovPush, write_pnrgov
from paxscreen.messages.pnrgov_xml_writer import write_pnrgov_xml

RECIPIENT = "DEPIU"


@dataclass(slots=True)
class OutgoingFile:
    entry: ManifestEntry
    payload: bytes


def _reference(rng: random.Random) -> str:
    return str(rng.randrange(10**9, 10**10))


def _file_name(
    scheduled: ScheduledFlight, kind: str, label: str, part: int | None, suffix: str
) -> str:
    flight = scheduled.flight
    day = flight.departure_local.strftime("%Y%m%d") if flight.departure_local else "00000000"
    part_text = f"_p{part:02d}" if part else ""
    push = label.replace("-", "")
    return f"{day}/{kind}_{flight.designator}_{day}_{flight.origin}_{push}{part_text}.{suffix}"


def _entry(
    scheduled: ScheduledFlight,
    *,
    name: str,
    payload: bytes,
    kind: str,
    fmt: str,
    label: str,
    function: str,
    prepared: dt.datetime,
    deliver: dt.datetime,
    part: int | None,
    parts: int | None,
    pnrs: int,
    travellers: int,
) -> ManifestEntry:
    return ManifestEntry(
        file=name,
        sha256=hashlib.sha256(payload).hexdigest(),
        type=kind,
        format=fmt,
        flight_key=scheduled.key,
        flight=scheduled.flight.designator,
        push=label,
        function=function,
        prepared_at=prepared,
        deliver_at=deliver,
        part=part,
        parts=parts,
        pnr_count=pnrs,
        traveller_count=travellers,
    )


def pnrgov_files(
    rng: random.Random,
    scheduled: ScheduledFlight,
    plans: list[PlannedBooking],
    *,
    defect_share: float,
) -> list[OutgoingFile]:
    departure = scheduled.flight.departure_utc
    assert departure is not None
    carrier = scheduled.carrier
    split_at = 40 if rng_for(0, "splits", carrier.code).random() < 0.35 else 0
    files: list[OutgoingFile] = []
    for push in pnr_pushes(plans, departure):
        prepared = push.prepared_at + dt.timedelta(seconds=rng.randrange(0, 240))
        deliver = prepared + dt.timedelta(seconds=rng.randrange(5, 120))
        travellers = sum(len(booking.travellers) for booking in push.bookings)
        if carrier.sends_xml:
            payload = write_pnrgov_xml(
                push.bookings,
                flight=scheduled.flight,
                function=push.function,
                sender=carrier.code,
                system=carrier.system,
                prepared_at=prepared,
            )
            name = _file_name(scheduled, "PNRGOV", push.label, None, "xml")
            files.append(
                OutgoingFile(
                    _entry(
                        scheduled,
                        name=name,
                        payload=payload,
                        kind="PNRGOV",
                        fmt="xml",
                        label=push.label,
                        function=push.function,
                        prepared=prepared,
                        deliver=deliver,
                        part=None,
                        parts=None,
                        pnrs=len(push.bookings),
                        travellers=travellers,
                    ),
                    payload,
                )
            )
            continue
        defect_wanted = rng.random() < defect_share
        delimiters = DEFAULT_DELIMITERS
        if defect_wanted and rng.random() < 0.15:
            delimiters = rng.choice(CUSTOM_DELIMITERS)
        texts = write_pnrgov(
            PnrgovPush(
                flight=scheduled.flight,
                function=push.function,
                sender=carrier.code,
                recipient=RECIPIENT,
                prepared_at=prepared,
                control_reference=_reference(rng),
                version=carrier.pnrgov_version,
                system=carrier.system,
                max_pnrs_per_part=split_at,
                codeshare_tra=carrier.uses_tra,
                delimiters=delimiters,
            ),
            push.bookings,
            equipment=scheduled.aircraft,
        )
        parts = len(texts) if len(texts) > 1 else None
        size = split_at or max(1, len(push.bookings))
        chunks = [
            push.bookings[start : start + size] for start in range(0, len(push.bookings), size)
        ] or [[]]
        for number, text in enumerate(texts, 1):
            files.append(
                edifact_file(
                    rng,
                    scheduled,
                    text,
                    delimiters=delimiters,
                    defect_wanted=defect_wanted,
                    label=push.label,
                    function=push.function,
                    prepared=prepared,
                    deliver=deliver + dt.timedelta(seconds=number),
                    part=number if parts else None,
                    parts=parts,
                    pnrs=len(chunks[number - 1]),
                    travellers=sum(len(b.travellers) for b in chunks[number - 1]),
                )
            )
    return files


def edifact_file(
    rng: random.Random,
    scheduled: ScheduledFlight,
    text: str,
    *,
    delimiters: Delimiters,
    defect_wanted: bool,
    label: str,
    function: str,
    prepared: dt.datetime,
    deliver: dt.datetime,
    part: int | None,
    parts: int | None,
    pnrs: int,
    travellers: int,
    kind: str = "PNRGOV",
) -> OutgoingFile:
    defects: list[Defect] = []
    if delimiters != DEFAULT_DELIMITERS:
        defects.append(Defect("custom-una", f"UNA declares {delimiters.una[3:]!r}"))
    elif defect_wanted:
        injected = inject(rng, text)
        if injected is not None:
            text, defect = injected
            defects.append(defect)
    payload = text.encode("utf-8")
    name = _file_name(scheduled, kind, label, part, "edi")
    entry = _entry(
        scheduled,
        name=name,
        payload=payload,
        kind=kind,
        fmt="edifact",
        label=label,
        function=function,
        prepared=prepared,
        deliver=deliver,
        part=part,
        parts=parts,
        pnrs=pnrs,
        travellers=travellers,
    )
    entry.defects = [{"code": defect.code, "detail": defect.detail} for defect in defects]
    return OutgoingFile(entry, payload)


def transport_effects(rng: random.Random, files: list[OutgoingFile]) -> list[OutgoingFile]:
    """Duplicates (2 %), shuffled parts (30 % of split pushes), late update pushes (3 %)."""
    by_push: dict[str, list[OutgoingFile]] = {}
    for item in files:
        by_push.setdefault(f"{item.entry.type}{item.entry.push}", []).append(item)
    for group in by_push.values():
        if len(group) > 1 and rng.random() < 0.3:
            times = [item.entry.deliver_at for item in group]
            rng.shuffle(times)
            for item, moment in zip(group, times, strict=True):
                item.entry.deliver_at, item.entry.out_of_order = moment, True
    for item in files:
        if item.entry.function == "141" and item.entry.push == "T-2h" and rng.random() < 0.03:
            item.entry.deliver_at += dt.timedelta(hours=2, minutes=30)  # arrives after the T-0 push
            item.entry.out_of_order = True
    duplicates = []
    for item in files:
        if rng.random() < 0.02:
            copy = ManifestEntry(
                **{name: getattr(item.entry, name) for name in ManifestEntry.__slots__}
            )
            stem, _, suffix = item.entry.file.rpartition(".")
            copy.file = f"{stem}_dup.{suffix}"
            copy.deliver_at = item.entry.deliver_at + dt.timedelta(minutes=rng.randrange(5, 45))
            copy.duplicate_of = item.entry.file
            copy.defects = list(item.entry.defects)
            duplicates.append(OutgoingFile(copy, item.payload))
    return files + duplicates


__all__ = ["RECIPIENT", "OutgoingFile", "edifact_file", "pnrgov_files", "transport_effects"]
