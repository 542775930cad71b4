"""The status machine every message walks through, kept in `messages.status`.

    received ─┬─> parsed ─┬─> loaded ─┬─> screened
              │           │           └─> failed_screen
              │           ├─> waiting_parts ─> loaded (set complete or timed out)
              │           ├─> duplicate       (same payload as a loaded message)
              │           └─> failed_load
              ├─> failed_parse
              └─> failed_load   (loading rolled back, `parsed` with it)

`reprocess` may send any message back to `received`. A failed message keeps
its reason and, when the parser said where, the position. A duplicate is never
declared against a message that failed (GTAS issue #2021: a retry after a failed
load was swallowed as a duplicate).
"""

from __future__ import annotations

from paxscreen.errors import PaxscreenError
from paxscreen.model import MessageStatus

S = MessageStatus

TRANSITIONS: dict[MessageStatus, frozenset[MessageStatus]] = {
    S.RECEIVED: frozenset({S.PARSED, S.FAILED_PARSE, S.DUPLICATE, S.FAILED_LOAD}),
    S.PARSED: frozenset({S.LOADED, S.WAITING_PARTS, S.DUPLICATE, S.FAILED_LOAD}),
    S.WAITING_PARTS: frozenset({S.LOADED, S.FAILED_LOAD}),
    S.LOADED: frozenset({S.SCREENED, S.FAILED_SCREEN}),
    S.SCREENED: frozenset(),
    S.DUPLICATE: frozenset(),
    S.FAILED_PARSE: frozenset(),
    S.FAILED_LOAD: frozenset(),
    S.FAILED_SCREEN: frozenset({S.SCREENED}),
}

FAILED = frozenset({S.FAILED_PARSE, S.FAILED_LOAD, S.FAILED_SCREEN})
DONE = frozenset({S.LOADED, S.SCREENED, S.DUPLICATE, S.FAILED_SCREEN})


class StatusTransitionError(PaxscreenError):
    """A step tried to move a message along an edge the machine does not have."""


def predecessors(target: MessageStatus) -> list[str]:
    """The statuses from which a message may move to `target` (for a guarded UPDATE)."""
    if target == S.RECEIVED:
        return [str(status) for status in S]
    return [str(status) for status, targets in TRANSITIONS.items() if target in targets]


def check_transition(current: MessageStatus, target: MessageStatus) -> MessageStatus:
    """Return `target` when the move is allowed; any status may go back to received."""
    if target == S.RECEIVED or target in TRANSITIONS[current]:
        return target
    raise StatusTransitionError(f"message status cannot go from {current} to {target}")


__all__ = [
    "DONE",
    "FAILED",
    "TRANSITIONS",
    "StatusTransitionError",
    "check_transition",
    "predecessors",
]
