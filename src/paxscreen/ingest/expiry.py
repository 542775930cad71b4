"""Multi-part sets that never complete are processed anyway, after a timeout.

A carrier's part 3 of 5 may never come. After `timeout` from the first part's
arrival, the parts that did arrive are loaded (a close-out then marks only the
travellers it lists) and every one of their messages gets a finding naming the
missing parts. Workers call `expire_part_sets` between messages; `paxscreen
ingest` calls it when it has read everything.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from paxscreen.config import Settings
from paxscreen.ingest.locks import lock_flights
from paxscreen.ingest.part_rows import expired_part_set_keys, read_part_set
from paxscreen.ingest.parts import incomplete_finding
from paxscreen.ingest.pipeline import Outcome, _Work, load_part_set
from paxscreen.ingest.sensitive import audit_removals
from paxscreen.metrics import get_logger
from paxscreen.model import MessageStatus

logger = get_logger(__name__)


def expire_part_sets(
    engine: Engine, *, settings: Settings, now: dt.datetime, timeout: dt.timedelta
) -> list[Outcome]:
    """Load every waiting set older than `timeout`; one transaction per set."""
    with engine.connect() as connection:
        keys = expired_part_set_keys(connection, now=now, timeout=timeout)
    outcomes = []
    for key in keys:
        with engine.begin() as connection:
            lock_flights(connection, [key.rsplit("|", 1)[-1]])
            part_set, completed_at, _units = read_part_set(connection, key)
            if completed_at is not None:  # another worker got there first
                continue
            finding = incomplete_finding(part_set)
            work = _Work(message_id="")  # no part is "in hand": each is re-read from its raw
            load_part_set(
                connection,
                work,
                key,
                settings=settings,
                now=now,
                complete=False,
                extra_finding=finding,
            )
            first = part_set.ordered_message_ids()[0]
            audit_removals(connection, first, work.removal, now=now)
        logger.warning("multi-part set processed incomplete", key=key, finding=finding.message)
        outcomes += [
            Outcome(message_id, MessageStatus.LOADED, finding.message, set(work.flights))
            for message_id in part_set.ordered_message_ids()
        ]
    return outcomes


__all__ = ["expire_part_sets"]
