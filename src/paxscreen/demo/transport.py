"""Files as senders deliver them: names, manifest entries, defects, duplicates, late parts.

Every message file of a push shares a `Delivery` (flight, type, push, times);
`edifact_file` turns written text into bytes plus a manifest entry, injecting a
real-world defect when one was drawn, and `transport_effects` then duplicates
some files (2 %), shuffles the delivery of split pushes (30 %) and delays some
T-2h update pushes past T-0 (3 %), as feeds do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, replace

from paxscreen.demo.defects import CUSTOM_DELIMITERS, Defect, inject
from paxscreen.demo.manifest import ManifestEntry
from paxscreen.demo.schedule import ScheduledFlight
from paxscreen.edifact import DEFAULT_DELIMITERS, Delimiters

RECIPIENT = "DEPIU"
CUSTOM_UNA_SHARE = 0.15  # of the files drawn for a defect, those sent with a custom UNA instead


@dataclass(slots=True)
class OutgoingFile:
    entry: ManifestEntry
    payload: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """What every file of one push (or one list) shares."""

    scheduled: ScheduledFlight
    kind: str  # PNRGOV, PAXLST
    label: str  # T-72h ... T-0, check-in-close, crew
    function: str  # 22, 141, 745, 250
    prepared: dt.datetime
    deliver: dt.datetime


def choose_delimiters(rng: random.Random, defect_share: float) -> tuple[bool, Delimiters]:
    """Whether this push gets a defect, and the delimiters it is written with."""
    defect_wanted = rng.random() < defect_share
    if defect_wanted and rng.random() < CUSTOM_UNA_SHARE:
        return defect_wanted, rng.choice(CUSTOM_DELIMITERS)
    return defect_wanted, DEFAULT_DELIMITERS


def file_name(delivery: Delivery, part: int | None, suffix: str) -> str:
    flight = delivery.scheduled.flight
    day = flight.departure_local.strftime("%Y%m%d") if flight.departure_local else "00000000"
    part_text = f"_p{part:02d}" if part else ""
    push = delivery.label.replace("-", "")
    kind = delivery.kind
    return f"{day}/{kind}_{flight.designator}_{day}_{flight.origin}_{push}{part_text}.{suffix}"


def outgoing_file(
    delivery: Delivery,
    payload: bytes,
    *,
    fmt: str,
    part: int | None = None,
    parts: int | None = None,
    pnrs: int = 0,
    travellers: int = 0,
) -> OutgoingFile:
    """The bytes and their manifest entry (delivered a second after each earlier part)."""
    entry = ManifestEntry(
        file=file_name(delivery, part, "xml" if fmt == "xml" else "edi"),
        sha256=hashlib.sha256(payload).hexdigest(),
        type=delivery.kind,
        format=fmt,
        flight_key=delivery.scheduled.key,
        flight=delivery.scheduled.flight.designator,
        push=delivery.label,
        function=delivery.function,
        prepared_at=delivery.prepared,
        deliver_at=delivery.deliver + dt.timedelta(seconds=part or 0),
        part=part,
        parts=parts,
        pnr_count=pnrs,
        traveller_count=travellers,
    )
    return OutgoingFile(entry, payload)


def edifact_file(
    rng: random.Random,
    delivery: Delivery,
    text: str,
    *,
    delimiters: Delimiters,
    defect_wanted: bool,
    part: int | None,
    parts: int | None,
    pnrs: int = 0,
    travellers: int = 0,
) -> OutgoingFile:
    """Written EDIFACT text as delivered, with its defect (if drawn) applied and recorded."""
    defects: list[Defect] = []
    if delimiters != DEFAULT_DELIMITERS:
        defects.append(Defect("custom-una", f"UNA declares {delimiters.una[3:]!r}"))
    elif defect_wanted:
        injected = inject(rng, text)
        if injected is not None:
            text, defect = injected
            defects.append(defect)
    item = outgoing_file(
        delivery, text.encode("utf-8"), fmt="edifact", part=part, parts=parts, pnrs=pnrs,
        travellers=travellers,
    )  # fmt: skip
    item.entry.defects = [{"code": defect.code, "detail": defect.detail} for defect in defects]
    return item


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
            item.entry.deliver_at += dt.timedelta(hours=2, minutes=30)  # arrives after T-0
            item.entry.out_of_order = True
    duplicates = []
    for item in files:
        if rng.random() < 0.02:
            stem, _, suffix = item.entry.file.rpartition(".")
            copy = replace(
                item.entry,
                file=f"{stem}_dup.{suffix}",
                deliver_at=item.entry.deliver_at + dt.timedelta(minutes=rng.randrange(5, 45)),
                duplicate_of=item.entry.file,
                defects=list(item.entry.defects),
            )
            duplicates.append(OutgoingFile(copy, item.payload))
    return files + duplicates


__all__ = [
    "RECIPIENT",
    "Delivery",
    "OutgoingFile",
    "choose_delimiters",
    "edifact_file",
    "outgoing_file",
    "transport_effects",
]
