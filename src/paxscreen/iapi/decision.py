"""From check-in findings to one directive per traveller.

ICAO's iAPI answers: 0Z OK to board; 1Z do not board; 2Z advisory (contact the
authorities); 4Z insufficient data. A fuzzy name match never yields 1Z on its own:
only results configured as decisive do (an exact document number and issuing state on
a lost/stolen/revoked list; an identity an analyst already confirmed on a no-board
list; a check configured as decisive). Everything that needs a person yields 2Z and
an urgent hit in the vetting queue.

Precedence, strongest first: 1Z, 4Z, 2Z, 0Z. Every reason is kept, so the vetting
queue and the audit trail show all of them, not only the one that won.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from paxscreen.messages.cusres import Directive

PRECEDENCE = (
    Directive.NO_BOARD,
    Directive.INSUFFICIENT_DATA,
    Directive.ADVISORY,
    Directive.OK_TO_BOARD,
)


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding and the directive it calls for."""

    code: str  # watchlist, document-list, checkin-rule, document-expired, no-document ...
    directive: Directive
    text: str
    source_id: str | None = None  # list entry, listed document or rule behind it
    score: float | None = None
    category: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "directive": str(self.directive),
            "text": self.text,
            "source_id": self.source_id,
            "score": self.score,
            "category": self.category,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    directive: Directive
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def needs_vetting(self) -> bool:
        """2Z (and 1Z) answers go to the vetting queue, marked urgent."""
        return self.directive in (Directive.NO_BOARD, Directive.ADVISORY)

    @property
    def text(self) -> str:
        """The FTX text for the carrier: short, no list or rule names."""
        return {
            Directive.NO_BOARD: "DO NOT BOARD - CONTACT AUTHORITIES",
            Directive.INSUFFICIENT_DATA: "INSUFFICIENT DATA - RESEND WITH DOCUMENT AND BIRTH DATE",
            Directive.ADVISORY: "CONTACT AUTHORITIES BEFORE BOARDING",
            Directive.OK_TO_BOARD: "OK TO BOARD",
        }[self.directive]


def decide(reasons: list[Reason]) -> Decision:
    """The strongest directive any reason calls for; 0Z when there is none."""
    if not reasons:
        return Decision(Directive.OK_TO_BOARD)
    chosen = min(reasons, key=lambda reason: PRECEDENCE.index(reason.directive)).directive
    ordered = sorted(reasons, key=lambda reason: (PRECEDENCE.index(reason.directive), reason.code))
    return Decision(chosen, tuple(ordered))


__all__ = ["Decision", "PRECEDENCE", "Reason", "decide"]
