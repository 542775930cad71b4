"""Which messages a flight causes, when, and with what content.

PNRGOV: full pushes (MSG 22) at T-72h and T-24h carry every live PNR; update
pushes (MSG 141) at T-2h and T-0 carry the PNRs changed since the previous push
(new, changed, checked in) and the cancelled ones as locator only. Times are
relative to scheduled departure (UTC). PAXLST goes at check-in close (T-30 min)
with the checked-in passengers, and a crew list with it; cargo and ferry
flights send crew lists only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from paxscreen.demo.bookings import PlannedBooking
from paxscreen.demo.versions import booking_at
from paxscreen.model import Booking

FULL, UPDATE = "22", "141"
# (label, hours before departure, MSG function)
PNR_PUSHES = (
    ("T-72h", 72.0, FULL),
    ("T-24h", 24.0, FULL),
    ("T-2h", 2.0, UPDATE),
    ("T-0", 0.0, UPDATE),
)
CHECKIN_CLOSE = dt.timedelta(minutes=30)


@dataclass(slots=True, kw_only=True)
class PushContent:
    label: str
    function: str
    prepared_at: dt.datetime
    bookings: list[Booking] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    cancelled: int = 0


def _changed_in(plan: PlannedBooking, start: dt.datetime, end: dt.datetime) -> bool:
    return any(start < moment <= end for moment in plan.event_times())


def pnr_pushes(plans: list[PlannedBooking], departure: dt.datetime) -> list[PushContent]:
    """The four pushes of a flight, each with the booking versions it carries."""
    ordered = sorted(plans, key=lambda plan: plan.locator)  # carriers push in locator order
    pushes, previous = [], None
    for label, hours, function in PNR_PUSHES:
        moment = departure - dt.timedelta(hours=hours)
        push = PushContent(label=label, function=function, prepared_at=moment)
        for plan in ordered:
            if plan.created > moment:
                continue
            cancelled = plan.cancelled is not None and plan.cancelled <= moment
            if function == FULL:
                if not cancelled:
                    push.bookings.append(_version(plan, moment))
                continue
            assert previous is not None
            if not _changed_in(plan, previous, moment):
                continue
            if cancelled and plan.created > previous:
                continue  # created and cancelled between two pushes: never seen
            push.bookings.append(_version(plan, moment))
            if cancelled:
                push.cancelled += 1
            elif plan.created > previous:
                push.added += 1
            else:
                push.changed += 1
        pushes.append(push)
        previous = moment
    return pushes


def _version(plan: PlannedBooking, moment: dt.datetime) -> Booking:
    booking = booking_at(plan, moment)
    assert booking is not None
    return booking


__all__ = ["CHECKIN_CLOSE", "FULL", "PNR_PUSHES", "UPDATE", "PushContent", "pnr_pushes"]
