"""Take one stored message from `received` to `loaded` (or a failure), then screen.

One transaction per message: claim the message (a write first, which takes the
row lock on PostgreSQL and the write lock on SQLite), parse, record what it is,
lock its flights, de-duplicate against loaded messages, register multi-part
pieces, load, and set the status. If loading fails the transaction rolls back
and a second, small transaction records `failed_load` with the reason, so the
data never holds half a message and the message never silently disappears.
Screening runs afterwards in its own transaction, on the flights that changed.

Running the same message again is harmless: a message that is not `received`
is skipped (at-least-once delivery), and loading the same content twice changes
nothing (versions compare equal, flights merge to themselves).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, func, select, update
from sqlalchemy.exc import DBAPIError

from paxscreen.config import Settings
from paxscreen.errors import EdifactSyntaxError
from paxscreen.findings import Finding
from paxscreen.ingest.fingerprint import payload_hash
from paxscreen.ingest.keep import PendingTrail, event_row, record_events
from paxscreen.ingest.loading import load_unit, unit_flight, unit_flight_keys
from paxscreen.ingest.locks import hold_writer, lock_flights
from paxscreen.ingest.parsing import (
    Parsed,
    header_values,
    parse_units,
    syntax_failure,
    unreadable_reason,
)
from paxscreen.ingest.part_parses import keep_parse, take_parse
from paxscreen.ingest.part_rows import complete_part_set, read_part_set, register_part
from paxscreen.ingest.parts import Part, is_multipart, part_set_key
from paxscreen.ingest.sensitive import Removal, audit_removals
from paxscreen.ingest.status import StatusTransitionError, check_transition, predecessors
from paxscreen.ingest.status_rows import move_status
from paxscreen.ingest.version_rows import current_by_fingerprint
from paxscreen.metrics import MESSAGES_PROCESSED, PROCESSING_SECONDS, get_logger
from paxscreen.model import MessageStatus, MessageType
from paxscreen.privacy.audit import record_events as record_audit_events
from paxscreen.privacy.raw_redaction import (
    redact_stored_duplicate,
    redact_stored_part,
    redact_stored_raw,
)
from paxscreen.screening.interface import screen_flights
from paxscreen.store.rows import findings_to_json
from paxscreen.store.tables import messages

S = MessageStatus
LOADED_LIKE = [str(s) for s in (S.LOADED, S.SCREENED, S.FAILED_SCREEN, S.WAITING_PARTS)]
logger = get_logger(__name__)

# Built once: these run for every message, and building and hashing a statement per
# call (SQLAlchemy derives its compiled-cache key from the statement object) cost
# more CPU than the worker spent running them. Columns go in as parameters.
_MESSAGE_COLUMNS = frozenset(messages.c.keys())
_CLAIM_KEPT = (
    update(messages)
    .where(messages.c.id == bindparam("b_message_id"), messages.c.status == str(S.RECEIVED))
    .values(status=str(S.RECEIVED))
    .returning(messages.c.sender, messages.c.received_at)
)
# the raw bytes only when the caller does not hold them: sent back as hex text they
# cost the server 0.5 ms and the worker as much per message (90 KB on average)
_CLAIM = _CLAIM_KEPT.returning(messages.c.raw)
# `SET LOCAL synchronous_commit = off` as a value the claim returns (PostgreSQL)
_NO_DISK_WAIT = func.set_config("synchronous_commit", "off", True).label("no_disk_wait")
_CLAIMS = {  # by (raw bytes wanted, asynchronous commit)
    (False, False): _CLAIM_KEPT,
    (True, False): _CLAIM,
    (False, True): _CLAIM_KEPT.returning(_NO_DISK_WAIT),
    (True, True): _CLAIM.returning(_NO_DISK_WAIT),
}
_LOADED_ORIGINAL = (
    select(messages.c.id)
    .where(
        messages.c.payload_sha256 == bindparam("b_payload"),
        messages.c.id != bindparam("b_message_id"),
        messages.c.status.in_(LOADED_LIKE),
    )
    .order_by(messages.c.received_at, messages.c.id)
    .limit(1)
)


@dataclass(slots=True)
class Outcome:
    """Where one message ended up, and which flights it changed."""

    message_id: str
    status: MessageStatus
    reason: str | None = None
    flights: set[int] = field(default_factory=set)
    skipped: bool = False  # it was not `received`: someone already processed it


@dataclass(slots=True)
class _Work:
    """What one loading transaction found out, kept to report a failure after rollback."""

    message_id: str
    row: Any = None
    header: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    flights: set[int] = field(default_factory=set)
    removal: Removal = field(default_factory=Removal)
    type: str = str(MessageType.UNKNOWN)
    raw: bytes | None = None  # the bytes the caller kept for this message, if it holds them
    pending: PendingTrail = field(default_factory=PendingTrail)  # go in with the last status

    def forget(self) -> None:
        """Forget what a rolled-back transaction found out (the id and bytes stay)."""
        fresh = _Work(self.message_id, raw=self.raw)
        for name in self.__slots__:
            setattr(self, name, getattr(fresh, name))


def set_status(
    connection: Connection,
    message_id: str,
    status: MessageStatus,
    *,
    now: dt.datetime,
    reason: str | None = None,
    extra: dict[str, Any] | None = None,
    pending: PendingTrail | None = None,
    **detail: Any,
) -> None:
    """Write the status (and header columns) and append the event to the trail.

    The UPDATE only matches a message in a status the machine allows to move to
    `status` (`ingest.status`); anything else is a bug and raises. What `pending`
    holds goes in with it: its columns in the same UPDATE, its trail rows before
    this status's in the same INSERT, its audit events in one append. When the
    message went through a status earlier in this transaction (`pending.passed`, its
    trail row written already or first in `pending`), this UPDATE is also that one's:
    it matches the statuses that may move to `passed`, and `passed` must be allowed to
    move to `status`.
    """
    writes = pending if pending is not None else PendingTrail()
    if writes.passed is not None:
        check_transition(writes.passed, status)
    values = {
        **writes.message_values, "status": str(status), "status_reason": reason, **(extra or {}),
    }  # fmt: skip
    if not_columns := values.keys() - _MESSAGE_COLUMNS:
        # execution parameters that name no column would be dropped without a word
        raise ValueError(f"not columns of messages: {', '.join(sorted(not_columns))}")
    if reason is not None:
        detail["reason"] = reason
    writes.events.append(event_row(message_id, "status", now=now, status=status, detail=detail))
    allowed_from = predecessors(writes.passed or status)
    if not move_status(
        connection, message_id, values, allowed_from=allowed_from, events=writes.events
    ):
        raise StatusTransitionError(f"message {message_id} cannot move to {status}")
    record_audit_events(connection, writes.audit)
    writes.clear()


def process_message(
    engine: Engine,
    message_id: str,
    *,
    settings: Settings,
    now: dt.datetime,
    raw: bytes | None = None,
) -> Outcome:
    """Parse, de-duplicate, reassemble, load and screen one stored message.

    `raw`: the bytes the caller has just kept as this message (`ingest_file`), which
    the database then need not send back; without it they are read from the row.
    """
    with engine.connect() as connection:
        return process_on(connection, message_id, settings=settings, now=now, raw=raw)


def process_on(
    connection: Connection,
    message_id: str,
    *,
    settings: Settings,
    now: dt.datetime,
    raw: bytes | None = None,
) -> Outcome:
    """`process_message` on a connection outside any transaction: its transactions
    (loading, a failure's status, screening) share one checkout of the pool, and so
    one pre-ping, with whatever the caller ran on it before (`keep_and_commit`)."""
    started = time.perf_counter()
    work = _Work(message_id, raw=raw)
    try:
        outcome = _load_once_more_if_disconnected(connection, work, settings=settings, now=now)
    except Exception as error:  # noqa: BLE001 - any load failure is recorded, never lost
        reason = f"{type(error).__name__}: {error}"
        logger.warning("load failed", message_id=message_id, reason=reason)
        with connection.begin():
            set_status(
                connection, message_id, S.FAILED_LOAD, now=now, reason=reason, extra=work.header
            )
        outcome = Outcome(message_id, S.FAILED_LOAD, reason)
    PROCESSING_SECONDS.labels("load").observe(time.perf_counter() - started)
    if outcome.status == S.LOADED and outcome.flights:
        try:
            outcome = _screen(connection, outcome, settings=settings, now=now)
        except Exception as error:  # noqa: BLE001 - the message is loaded; say screening failed
            reason = f"{type(error).__name__}: {error}"
            with connection.begin():
                set_status(connection, message_id, S.FAILED_SCREEN, now=now, reason=reason)
            outcome = Outcome(message_id, S.FAILED_SCREEN, reason, outcome.flights)
    if not outcome.skipped:
        MESSAGES_PROCESSED.labels(work.type, str(outcome.status)).inc()
        PROCESSING_SECONDS.labels("total").observe(time.perf_counter() - started)
    return outcome


def _load_once_more_if_disconnected(
    connection: Connection, work: _Work, *, settings: Settings, now: dt.datetime
) -> Outcome:
    """The loading transaction; run again, once, on a new connection when the one it
    ran on was lost (the database restarted, or dropped it while it sat idle).

    The pool's pre-ping checks a connection only when it is checked out, and this one
    was checked out before the keep. A lost connection's transaction is rolled back
    whole, so the message is still `received`, unless the loss came after its COMMIT
    went through: then the claim finds it processed and the retry is skipped.
    """
    try:
        with connection.begin():
            return _load(connection, work, settings=settings, now=now)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    logger.warning("connection lost while loading: loading again", message_id=work.message_id)
    work.forget()
    with connection.begin():  # reconnects: SQLAlchemy invalidated the lost connection
        return _load(connection, work, settings=settings, now=now)


def _current_pnrs(connection: Connection) -> Callable[[list[str]], set[str]]:
    """Which PNR fingerprints are already the current version (they need no parsing)."""
    return lambda fingerprints: set(current_by_fingerprint(connection, "booking", fingerprints))


def _claim(connection: Connection, work: _Work) -> Row[Any] | None:
    """Lock the message if it is still `received`; None when it is not (or unknown).

    The row holds the raw bytes unless `work` came with them.

    On PostgreSQL the same statement makes the loading transaction's COMMIT return
    before its WAL is on disk (`SET LOCAL synchronous_commit = off`, as a value the
    claim returns: the setting counts at COMMIT, so it covers every write of the
    transaction, and it saves one WAL flush wait per message). Safe for this
    transaction, and only for it: nothing outside the database is acknowledged on
    the strength of its commit. The raw bytes were committed durably before (the
    keep, synchronous) and only that commit is acknowledged to a sender: the AMQP
    ack, the HTTP 202 and the drop folder. A crash that loses this commit (up to
    three `wal_writer_delay`s, 0.6 s by default) loses a suffix of the WAL, never a
    hole: the message is `received` again with nothing of its load stored, and
    `process_pending` loads it again at the next start (at-least-once, issue #6). A
    later synchronous commit (the next message's keep) flushes this one too. SQLite
    (synchronous=NORMAL in WAL mode already) is left as it is. A claim that matches
    nothing writes nothing.
    """
    asynchronous = connection.dialect.name == "postgresql"
    statement = _CLAIMS[work.raw is None, asynchronous]
    return connection.execute(statement, {"b_message_id": work.message_id}).one_or_none()


def _load(connection: Connection, work: _Work, *, settings: Settings, now: dt.datetime) -> Outcome:
    message_id = work.message_id
    row = _claim(connection, work)
    if row is None:
        status = connection.execute(
            select(messages.c.status).where(messages.c.id == message_id)
        ).scalar()
        return Outcome(message_id, S(status) if status else S.FAILED_PARSE, skipped=True)
    raw = bytes(row.raw) if work.raw is None else work.raw
    parsed = _parse(connection, work, row, raw, settings=settings, now=now)
    if isinstance(parsed, Outcome):
        return parsed
    units = parsed.units
    lock_flights(connection, [key for unit in units for key in unit_flight_keys(unit)])
    original = _loaded_original(connection, message_id, parsed.payload_sha256)
    if original is not None:
        reason = f"duplicate of {original}"
        set_status(
            connection, message_id, S.DUPLICATE, now=now, reason=reason, pending=work.pending,
            of=original,
        )  # fmt: skip
        # privacy: a duplicate piece of a multi-part set is never read again, redact it now
        redact_stored_duplicate(
            connection, message_id, raw=raw, parsed=parsed,
            secret_key=settings.secret_key, now=now,
        )  # fmt: skip
        return Outcome(message_id, S.DUPLICATE, reason)
    waiting = False
    for index, unit in enumerate(units):
        digest = parsed.digests[index]
        if is_multipart(unit.message):
            loaded = _load_part(
                connection, work, parsed, index, raw=raw, settings=settings, now=now
            )
            waiting |= not loaded
        else:
            result = load_unit(connection, unit, message_id=message_id, digest=digest)
            _absorb(work, result)
    audit_removals(connection, message_id, work.removal, now=now, pending=work.pending)
    status = S.WAITING_PARTS if waiting and not work.flights else S.LOADED
    all_findings = [f for unit in units for f in unit.findings] + work.findings
    extra = {"findings": findings_to_json(all_findings)}
    set_status(
        connection, message_id, status, now=now, extra=extra, pending=work.pending,
        flights=sorted(work.flights),
    )  # fmt: skip
    return Outcome(message_id, status, flights=set(work.flights))


def _parse(
    connection: Connection,
    work: _Work,
    row: Row[Any],
    raw: bytes,
    *,
    settings: Settings,
    now: dt.datetime,
) -> Parsed | Outcome:
    """Parse the raw bytes and record what they are; an Outcome when they cannot be read."""
    message_id = work.message_id
    try:
        parsed = parse_units(
            raw,
            message_id=message_id,
            secret_key=settings.secret_key,
            unchanged=_current_pnrs(connection),
        )
    except EdifactSyntaxError as error:
        reason, findings = syntax_failure(error)
        extra = {"findings": findings, "payload_sha256": payload_hash(raw)}
        set_status(connection, message_id, S.FAILED_PARSE, now=now, reason=reason, extra=extra)
        return Outcome(message_id, S.FAILED_PARSE, reason)
    work.header = header_values(parsed.units) | {"payload_sha256": parsed.payload_sha256}
    work.type = work.header["type"]
    if row.sender:  # an authenticated transport sender wins over the UNB's claim
        work.header.pop("sender")
    failure = unreadable_reason(parsed.units)
    if failure is not None:
        set_status(
            connection, message_id, S.FAILED_PARSE, now=now, reason=failure, extra=work.header
        )
        return Outcome(message_id, S.FAILED_PARSE, failure)
    # `parsed` goes on the trail first, the row takes it (and the header columns, and
    # the redacted raw copy below) with the status this transaction ends in. Its trail
    # row waits for that status's INSERT too, unless the message holds a part of a set:
    # loading the set writes trail rows of its own on the way (`redact_stored_part`)
    parsed_event = event_row(message_id, "status", now=now, status=S.PARSED)
    if any(is_multipart(unit.message) for unit in parsed.units):
        record_events(connection, [parsed_event])
    else:
        work.pending.events.append(parsed_event)
    work.pending.passed = S.PARSED
    work.pending.message_values.update(work.header)
    # privacy (issue 11 item 7): now that the parse says where they stand, the stored
    # raw copy loses its full card numbers and withheld sensitive text (same length;
    # sha256 and payload_sha256 stay those of the bytes received)
    redact_stored_raw(
        connection, message_id, raw=raw, parsed=parsed, secret_key=settings.secret_key, now=now,
        pending=work.pending,
    )  # fmt: skip
    for unit in parsed.units:
        unit.message.received_at = row.received_at
    return parsed


def _absorb(work: _Work, result: Any) -> None:
    work.flights |= result.changed_flights
    work.findings += result.findings
    if result.removal.count:
        codes = dict(work.removal.codes)
        for code, count in result.removal.codes.items():
            codes[code] = codes.get(code, 0) + count
        work.removal = Removal(work.removal.count + result.removal.count, codes)


def _loaded_original(connection: Connection, message_id: str, payload: str) -> str | None:
    """The earliest message with the same payload that was loaded (never a failed one)."""
    parameters = {"b_payload": payload, "b_message_id": message_id}
    return connection.execute(_LOADED_ORIGINAL, parameters).scalar()


def _load_part(
    connection: Connection,
    work: _Work,
    parsed: Parsed,
    index: int,
    *,
    raw: bytes,
    settings: Settings,
    now: dt.datetime,
) -> bool:
    """Register unit `index` of `parsed` (the parse of `raw`), one part; load the set
    when it is complete, else keep the parse for then (`part_parses`).

    Returns whether anything loaded.
    """
    unit, digest = parsed.units[index], parsed.digests[index]
    flight = unit_flight(unit)
    key = part_set_key(unit.message, flight_key=flight.key if flight else None)
    records = unit.bookings if unit.message.type == MessageType.PNRGOV else unit.travellers
    part = Part(
        work.message_id,
        unit.message.part_number or 1,
        bool(unit.message.last_part),
        len(records) + len(digest.unchanged),
        unit.message.total_parts if unit.message.type == MessageType.PNRGOV else None,
    )
    register_part(connection, key, part, unit=index, now=now)
    part_set, completed_at, units_by_number = read_part_set(connection, key)
    if completed_at is not None:  # a late part of a set already processed
        result = load_unit(
            connection, unit, message_id=work.message_id, complete=False, digest=digest
        )
        _absorb(work, result)
        # privacy: the late piece is loaded, its stored copy can lose cards and sensitive text
        redact_stored_part(
            connection, work.message_id, unit=unit, digest=digest,
            secret_key=settings.secret_key, now=now, source=parsed,
        )  # fmt: skip
        return True
    if not part_set.is_complete:
        if work.message_id in part_set.ordered_message_ids():  # not a resent part number
            keep_parse(work.message_id, raw=raw, secret_key=settings.secret_key, parsed=parsed)
        return False
    in_hand = {index: parsed}
    load_part_set(connection, work, key, settings=settings, now=now, in_hand=in_hand)
    return True


def load_part_set(
    connection: Connection,
    work: _Work,
    key: str,
    *,
    settings: Settings,
    now: dt.datetime,
    in_hand: dict[int, Parsed] | None = None,
    complete: bool = True,
    extra_finding: Finding | None = None,
) -> None:
    """Load every part of a set in part order and mark the other parts' messages loaded.

    `in_hand` holds the parse of `work`'s message by the unit index of its part
    (read again from the stored bytes for the other parts).
    """
    part_set, _completed, units_by_number = read_part_set(connection, key)
    for part in sorted(part_set.parts, key=lambda part: part.number):
        unit_index = units_by_number[part.number]
        if part.message_id == work.message_id and in_hand and unit_index in in_hand:
            parsed = in_hand[unit_index]
        else:
            parsed = _reparse(connection, part.message_id, settings=settings)
        unit, digest = parsed.units[unit_index], parsed.digests[unit_index]
        result = load_unit(
            connection,
            unit,
            message_id=part.message_id,
            complete=complete,
            digest=digest,
        )
        _absorb(work, result)
        # privacy: each piece is redacted once loaded from its full bytes (cards hashed)
        redact_stored_part(
            connection, part.message_id, unit=unit, digest=digest,
            secret_key=settings.secret_key, now=now, source=parsed,
        )  # fmt: skip
        if part.message_id != work.message_id:
            _finish_waiting_part(connection, part.message_id, now=now, extra_finding=extra_finding)
    complete_part_set(connection, key, now=now, timed_out=not complete)


def _reparse(connection: Connection, message_id: str, *, settings: Settings) -> Parsed:
    """Parse a stored message again (a part of a set loaded with a later part), or
    take the parse made on its arrival when it still holds (`part_parses`)."""
    row = connection.execute(
        select(messages.c.raw, messages.c.received_at).where(messages.c.id == message_id)
    ).one()
    raw, unchanged = bytes(row.raw), _current_pnrs(connection)
    secret_key = settings.secret_key
    parsed = take_parse(message_id, raw=raw, secret_key=secret_key, unchanged=unchanged)
    if parsed is None:
        parsed = parse_units(raw, message_id=message_id, secret_key=secret_key, unchanged=unchanged)
    for unit in parsed.units:
        unit.message.received_at = row.received_at
    return parsed


def _finish_waiting_part(
    connection: Connection, message_id: str, *, now: dt.datetime, extra_finding: Finding | None
) -> None:
    status = connection.execute(
        select(messages.c.status, messages.c.findings).where(messages.c.id == message_id)
    ).one()
    if status.status != str(S.WAITING_PARTS):
        return
    extra: dict[str, Any] = {}
    if extra_finding is not None:
        extra["findings"] = list(status.findings or []) + findings_to_json([extra_finding])
    set_status(connection, message_id, S.LOADED, now=now, extra=extra)


def _screen(
    connection: Connection, outcome: Outcome, *, settings: Settings, now: dt.datetime
) -> Outcome:
    started = time.perf_counter()
    with connection.begin():
        hold_writer(connection)
        report = screen_flights(connection, sorted(outcome.flights), settings=settings, now=now)
        if not report.hits and report.ok:
            PROCESSING_SECONDS.labels("screen").observe(time.perf_counter() - started)
            return outcome  # no screener registered: the message stays `loaded`
        if report.ok:
            set_status(connection, outcome.message_id, S.SCREENED, now=now, hits=report.hits)
            outcome.status = S.SCREENED
        else:
            reason = "; ".join(f"{name}: {error}" for name, error in sorted(report.errors.items()))
            set_status(connection, outcome.message_id, S.FAILED_SCREEN, now=now, reason=reason)
            outcome.status, outcome.reason = S.FAILED_SCREEN, reason
    PROCESSING_SECONDS.labels("screen").observe(time.perf_counter() - started)
    return outcome


__all__ = [
    "LOADED_LIKE",
    "Outcome",
    "load_part_set",
    "process_message",
    "process_on",
    "set_status",
]
