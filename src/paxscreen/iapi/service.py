"""The iAPI request handler: parse, screen within the deadline, answer, record.

Check-in cannot wait. `IapiService.answer` (and `handle`) always answers within the
configured deadline, counted from receipt (`deadline.Receipt`): a worker thread reads,
screens and records the request, and when it is not done in time the configured
fallback directive (default 2Z) goes out while the worker finishes in the background,
records the fallback answer and feeds the vetting queue. A normal answer is written
(request, decisions, audit event in one transaction) before it goes out. Garbled
requests, unknown carriers and unknown flights get a message-level error (ERP+1),
never silence.

Re-sent requests (same carrier, UNH reference and RFF+TN) get the very same reply.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from paxscreen.config import Settings
from paxscreen.errors import MessageError
from paxscreen.iapi.carrier_keys import CarrierKeys
from paxscreen.iapi.deadline import GUARD, GUARD_MARGIN_SECONDS, WORKER, Receipt
from paxscreen.iapi.decision import Decision, Reason, decide
from paxscreen.iapi.outbox import acknowledge
from paxscreen.iapi.records import (
    AnsweredRequest,
    answered_request,
    carrier_active,
    keep_decisions,
    keep_request,
)
from paxscreen.iapi.screening import CheckinScreen
from paxscreen.iapi.vetting import record_for_vetting
from paxscreen.long_lived import freeze_long_lived
from paxscreen.messages.cusres import (
    ACKNOWLEDGEMENT,
    CusresReply,
    Directive,
    MessageLevelError,
    write_cusres,
)
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.messages.iapi import IapiRequest, IapiRequestKind, answer_request, iapi_request_from
from paxscreen.model import MessageFormat, MessageType, ParsedMessage
from paxscreen.privacy.audit import record_event
from paxscreen.privacy.redaction import redact_raw
from paxscreen.store.iapi_tables import iapi_decisions
from paxscreen.store.tables import flights

logger = logging.getLogger(__name__)

# ERC codes of message-level errors (ERP+1)
ERROR_UNREADABLE, ERROR_UNKNOWN_CARRIER, ERROR_UNKNOWN_FLIGHT, ERROR_NOT_IAPI = (
    "118",
    "117",
    "119",
    "120",
)
CLOSE_KINDS = {
    IapiRequestKind.CLOSE_ON_BOARD: "on_board",
    IapiRequestKind.CLOSE_NOT_ON_BOARD: "not_on_board",
    IapiRequestKind.CLOSE: "closed",
}


@dataclass(slots=True)
class IapiAnswer:
    reply: bytes
    request_id: int | None
    directives: list[str] = field(default_factory=list)
    fallback: bool = False
    error: str | None = None
    latency_ms: float = 0.0
    repeated: bool = False


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class IapiService:
    """One per application; thread-safe: each request uses its own connection.

    Requests are worked on by a small pool of worker threads: screening is pure Python,
    so under the interpreter lock more threads only slow each request and the event
    loop down; two let one screen while the other waits for the database (at twice the
    saturation rate, 2 workers answered all in time, 4 sent up to 20% fallbacks).
    `answer` (async, for the web and AMQP front ends) and `handle` (blocking) both wait
    for the worker only until the deadline, counted from receipt; then the deadline
    guard answers with the fallback and the worker, when it gets to the request,
    screens it and records the fallback answer with what it found.
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        load_screen: Callable[[Engine], CheckinScreen],
        *,
        workers: int = 2,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._load_screen = load_screen
        self._screen: CheckinScreen | None = None
        self._lock = threading.Lock()
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="iapi"
        )
        self.background: list[concurrent.futures.Future[object]] = []
        self.carriers = CarrierKeys(engine)
        # writes take SQLite's write lock at BEGIN: a transaction that read first and then
        # writes fails at once ("database is locked") when another writer committed meanwhile
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")

    @property
    def screen(self) -> CheckinScreen:
        if self._screen is None:
            with self._lock:
                if self._screen is None:
                    self._screen = _kept_out_of_collections(
                        self._load_screen(self.engine).warm_up()
                    )
        return self._screen

    @property
    def screen_ready(self) -> bool:
        """Whether the check-in screen is built (until then every answer is the fallback)."""
        return self._screen is not None

    def reload(self) -> None:
        """Rebuild the check-in screen (after a list or rule changed); answers go on meanwhile."""
        self._screen = _kept_out_of_collections(self._load_screen(self.engine).warm_up())

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    @property
    def _deadline_seconds(self) -> float:
        return self.settings.iapi.deadline_ms / 1000

    # ------------------------------------------------------------------ entry points
    def handle(
        self,
        raw: bytes,
        *,
        carrier: str,
        now: dt.datetime | None = None,
        receipt: Receipt | None = None,
    ) -> IapiAnswer:
        """Answer one request, blocking the caller at most until the deadline."""
        receipt = receipt or Receipt(received=now or _utc_now())
        self._read_early(raw, receipt)
        future = self._executor.submit(self._work, raw, carrier, receipt)
        try:
            return future.result(timeout=receipt.guard_wait(self._deadline_seconds))
        except concurrent.futures.TimeoutError:
            fallback = self._guard(receipt, future)
            return fallback if fallback is not None else future.result()

    async def answer(self, raw: bytes, *, carrier: str, receipt: Receipt) -> IapiAnswer:
        """`handle` for an event loop: the loop never waits, the deadline still holds."""
        self._read_early(raw, receipt)
        future = self._executor.submit(self._work, raw, carrier, receipt)
        waiting = asyncio.wrap_future(future)
        waiting.add_done_callback(_retrieved)  # a late failure is logged once, by _log_failure
        try:
            return await asyncio.wait_for(
                asyncio.shield(waiting), receipt.guard_wait(self._deadline_seconds)
            )
        except TimeoutError:
            fallback = self._guard(receipt, future)
            return fallback if fallback is not None else await waiting

    def _guard(
        self, receipt: Receipt, future: concurrent.futures.Future[IapiAnswer]
    ) -> IapiAnswer | None:
        """The deadline passed: the fallback answer (or the worker's, when it is being
        recorded already), or None to wait for a worker that screens nothing anyway."""
        request = receipt.request  # read at receipt; None: an error or acknowledgement
        if request is None or request.kind not in (IapiRequestKind.CLEAR, IapiRequestKind.CHANGE):
            return None
        decisions = self._fallback_decisions(request)
        reply = self._reply(request, decisions, receipt.received)
        directives = [str(d.directive) for d in decisions]
        elapsed_ms = receipt.elapsed() * 1000
        self.background = [f for f in self.background if not f.done()]
        self.background.append(future)  # type: ignore[arg-type]
        future.add_done_callback(_log_failure)
        if receipt.claim(GUARD, reply, directives):
            return IapiAnswer(reply, None, directives, True, None, elapsed_ms)
        # the worker has its answer and is recording it: send that now, durable right after
        return IapiAnswer(receipt.sent or b"", None, receipt.directives, False, None, elapsed_ms)

    @staticmethod
    def _read_early(raw: bytes, receipt: Receipt) -> None:
        """Read the request at receipt, so the deadline guard can always answer it at
        once (without a parse competing with the workers); anything else that the
        request may be (garbled, an acknowledgement) is left for the worker to answer."""
        try:
            parsed = parse_interchange(raw)
            if parsed and parsed[0].message.type == MessageType.PAXLST:
                receipt.request = iapi_request_from(parsed[0])
        except MessageError:
            pass

    def _read(self, raw: bytes, carrier: str, receipt: Receipt) -> IapiRequest | IapiAnswer:
        """The request, or the answer to something that is not a readable iAPI request."""
        started, received = receipt.started, receipt.received
        try:
            parsed = parse_interchange(raw)
        except MessageError as error:
            return self._error(
                raw,
                carrier,
                "",
                "",
                ERROR_UNREADABLE,
                f"unreadable request: {error}",
                received,
                started,
            )
        if parsed and parsed[0].message.type == MessageType.CUSRES:
            return self._acknowledgement(raw, carrier, parsed[0], received, started)
        paxlst = [item for item in parsed if item.message.type == MessageType.PAXLST]
        if not paxlst:
            return self._error(
                raw, carrier, "", "", ERROR_NOT_IAPI, "not a PAXLST iAPI request", received, started
            )
        header = paxlst[0].message
        reference, transaction = header.message_reference or "", header.transaction_reference or ""
        try:
            return iapi_request_from(paxlst[0])
        except MessageError as error:
            return self._error(
                raw, carrier, reference, transaction, ERROR_NOT_IAPI, str(error), received, started
            )

    def _work(self, raw: bytes, carrier: str, receipt: Receipt) -> IapiAnswer:
        started, received = receipt.started, receipt.received
        request = receipt.request
        if request is None:
            read = self._read(raw, carrier, receipt)
            if isinstance(read, IapiAnswer):
                return read
            request = receipt.request = read
        reference = request.message_reference or ""
        transaction = request.transaction_reference or ""
        with self.engine.connect() as connection:
            answered = answered_request(connection, carrier, reference, transaction)
            known = answered is not None or carrier_active(connection, carrier)
        if answered is not None:
            return _repeat(answered)
        if not known:
            return self._error(
                raw,
                carrier,
                reference,
                transaction,
                ERROR_UNKNOWN_CARRIER,
                f"carrier {carrier} is not set up for iAPI",
                received,
                started,
            )
        if request.kind in (IapiRequestKind.CLEAR, IapiRequestKind.CHANGE):
            return self._clear(raw, carrier, request, receipt)
        return self._status_change(raw, carrier, request, received, started)

    # ------------------------------------------------------------------ requests
    def _screen_all(self, request: IapiRequest) -> list[list[Reason]]:
        screen = self.screen
        return [screen.screen(traveller, request.flight) for traveller in request.travellers]

    def _fallback_decisions(self, request: IapiRequest) -> list[Decision]:
        directive = Directive(self.settings.iapi.fallback_directive)
        reason = Reason("deadline", directive, "screening did not finish in time")
        return [Decision(directive, (reason,)) for _ in request.travellers]

    @staticmethod
    def _reply(request: IapiRequest, decisions: list[Decision], received: dt.datetime) -> bytes:
        by_traveller = {id(t): d for t, d in zip(request.travellers, decisions, strict=True)}
        reply = answer_request(
            request,
            lambda traveller: str(by_traveller[id(traveller)].directive),
            prepared_at=received.replace(tzinfo=None),
        )
        for answer, decision in zip(reply.answers, decisions, strict=True):
            answer.text = decision.text
        return write_cusres(reply)

    def _clear(
        self, raw: bytes, carrier: str, request: IapiRequest, receipt: Receipt
    ) -> IapiAnswer:
        reasons = self._screen_all(request)
        decisions = [decide(found) for found in reasons]
        payload = self._reply(request, decisions, receipt.received)
        latency = receipt.elapsed() * 1000
        directives = [str(d.directive) for d in decisions]
        in_time = receipt.guard_wait(self._deadline_seconds) > 0
        if not (in_time and receipt.claim(WORKER, payload, directives)):
            # past the guard's time the answer is the fallback, whoever gets there first
            fallback = self._fallback_decisions(request)
            receipt.claim(
                GUARD,
                self._reply(request, fallback, receipt.received),
                [str(d.directive) for d in fallback],
            )
            return self._record_late(raw, carrier, request, receipt, reasons)
        try:
            request_id = self._record(
                raw, payload, carrier, request, decisions, receipt.received, latency
            )
        except IntegrityError:  # the same request, answered meanwhile by a concurrent twin
            return self._repeated(
                carrier, request.message_reference, request.transaction_reference or ""
            ) or IapiAnswer(payload, None, directives, False, None, latency)
        return IapiAnswer(payload, request_id, directives, False, None, latency)

    def _record_late(
        self,
        raw: bytes,
        carrier: str,
        request: IapiRequest,
        receipt: Receipt,
        reasons: list[list[Reason]],
    ) -> IapiAnswer:
        """The guard sent the fallback: keep that answer, then what screening found."""
        decisions = self._fallback_decisions(request)
        directives = [str(d.directive) for d in decisions]
        reply = receipt.sent or b""
        latency = (self._deadline_seconds - GUARD_MARGIN_SECONDS) * 1000
        try:
            request_id = self._record(
                raw, reply, carrier, request, decisions, receipt.received, latency, fallback=True
            )
        except IntegrityError:  # a re-sent twin was recorded first: that answer stands
            return IapiAnswer(reply, None, directives, True, None, latency)
        self._finish_late(reasons, request_id, request)
        return IapiAnswer(reply, request_id, directives, True, None, latency)

    def _finish_late(
        self, reasons: list[list[Reason]], request_id: int, request: IapiRequest
    ) -> None:
        """Screening that missed the deadline: its findings go to the vetting queue."""
        now = _utc_now()
        with self._writer.begin() as connection:
            for traveller, found in zip(request.travellers, reasons, strict=True):
                late = decide(found)
                traveller_id = record_for_vetting(
                    connection,
                    request,
                    traveller,
                    late,
                    now=now,
                    fallback=True,
                    settings=self.settings,
                )
                connection.execute(
                    update(iapi_decisions)
                    .where(
                        iapi_decisions.c.request_id == request_id,
                        iapi_decisions.c.passenger_reference == traveller.passenger_reference,
                    )
                    .values(
                        final=True,
                        traveller_id=traveller_id,
                        reasons=[r.to_dict() for r in late.reasons]
                        + [
                            {
                                "code": "deadline",
                                "directive": self.settings.iapi.fallback_directive,
                                "text": "answered with the fallback; screening finished late",
                            }
                        ],
                    )
                )

    def _status_change(
        self, raw: bytes, carrier: str, request: IapiRequest, received: dt.datetime, started: float
    ) -> IapiAnswer:
        """Close-out (CLOB/CLNB/CL) and flight cancellation (XF): acknowledge and update."""
        flight_key = request.flight.key if request.flight else None
        with self._writer.begin() as connection:
            known = (
                flight_key is not None
                and connection.execute(
                    select(iapi_decisions.c.id)
                    .where(iapi_decisions.c.flight_key == flight_key)
                    .limit(1)
                ).first()
            )
            if known and request.kind in CLOSE_KINDS:
                status = CLOSE_KINDS[request.kind]
                references = [
                    t.passenger_reference for t in request.travellers if t.passenger_reference
                ]
                query = update(iapi_decisions).where(
                    iapi_decisions.c.flight_key == flight_key, iapi_decisions.c.current.is_(True)
                )
                if references:
                    query = query.where(iapi_decisions.c.passenger_reference.in_(references))
                connection.execute(query.values(boarding_status=status))
            elif known and request.kind is IapiRequestKind.CANCEL_FLIGHT:
                connection.execute(
                    update(flights).where(flights.c.flight_key == flight_key).values(cancelled=True)
                )
                connection.execute(
                    update(iapi_decisions)
                    .where(iapi_decisions.c.flight_key == flight_key)
                    .values(boarding_status="flight_cancelled")
                )
        if not known:  # answered outside the transaction above: it holds the write lock
            return self._error(
                raw,
                carrier,
                request.message_reference,
                request.transaction_reference or "",
                ERROR_UNKNOWN_FLIGHT,
                f"no iAPI traffic for flight {flight_key or '?'}",
                received,
                started,
            )
        payload = write_cusres(
            answer_request(
                request,
                lambda _: str(Directive.OK_TO_BOARD),
                prepared_at=received.replace(tzinfo=None),
            )
        )
        latency = (time.perf_counter() - started) * 1000
        try:
            request_id = self._record(raw, payload, carrier, request, [], received, latency)
        except IntegrityError:
            request_id = None
        return IapiAnswer(payload, request_id, [], False, None, latency)

    def _acknowledgement(
        self, raw: bytes, carrier: str, parsed: ParsedMessage, received: dt.datetime, started: float
    ) -> IapiAnswer:
        """A carrier's CUSRES 312 acknowledging our unsolicited 132."""
        message = parsed.message
        if message.function != ACKNOWLEDGEMENT:
            return self._error(
                raw,
                carrier,
                message.message_reference or "",
                "",
                ERROR_NOT_IAPI,
                f"CUSRES {message.function} is not an acknowledgement",
                received,
                started,
            )
        with self._writer.begin() as connection:
            count = acknowledge(
                connection,
                [message.transaction_reference or "", message.message_reference or ""],
                carrier=carrier,
                now=received,
            )
        return IapiAnswer(
            b"",
            None,
            [],
            False,
            None if count else "nothing to acknowledge",
            (time.perf_counter() - started) * 1000,
        )

    # ------------------------------------------------------------------ records
    def _repeated(self, carrier: str, reference: str, transaction: str) -> IapiAnswer | None:
        with self.engine.connect() as connection:
            answered = answered_request(connection, carrier, reference, transaction)
        return None if answered is None else _repeat(answered)

    def _record(
        self,
        raw: bytes,
        reply: bytes,
        carrier: str,
        request: IapiRequest | None,
        decisions: list[Decision],
        received: dt.datetime,
        latency: float,
        *,
        fallback: bool = False,
        error: str | None = None,
        reference: str = "",
        transaction: str = "",
    ) -> int:
        """Keep the request, its reply and decisions, and its audit event, in one transaction.

        Raises IntegrityError when a concurrent twin of the same request was kept first.
        """
        flight_key = request.flight.key if request and request.flight else None
        values = {
            "carrier": carrier,
            "message_reference": request.message_reference if request else reference,
            "transaction_reference": (request.transaction_reference or "")
            if request
            else transaction,
            "kind": str(request.kind) if request else "error",
            "flight_key": flight_key,
            "received_at": received,
            "answered_at": _utc_now(),
            "latency_ms": latency,
            "fallback": fallback,
            "error": error,
            # privacy (issue 11 item 7): a card number in free text never reaches the table
            "raw": redact_raw(raw, findings=(), format=MessageFormat.EDIFACT).raw,
            "reply": reply,
        }
        travellers = request.travellers if request else []
        with self._writer.begin() as connection:
            request_id = keep_request(connection, values)
            rows = []
            for traveller, decision in zip(travellers, decisions, strict=False):
                traveller_id = None
                if request is not None and decision.needs_vetting and not fallback:
                    traveller_id = record_for_vetting(
                        connection,
                        request,
                        traveller,
                        decision,
                        now=received,
                        fallback=False,
                        settings=self.settings,
                    )
                rows.append(
                    {
                        "carrier": carrier,
                        "traveller_id": traveller_id,
                        "record_locator": traveller.record_locator,
                        "passenger_reference": traveller.passenger_reference,
                        "directive": str(decision.directive),
                        "reasons": [r.to_dict() for r in decision.reasons],
                        "final": not fallback,
                        "current": True,
                    }
                )
            keep_decisions(connection, request_id, flight_key, rows, decided_at=received)
            # last: the audit chain's anchor row lock is held only until the commit below
            record_event(
                connection,
                actor=f"carrier:{carrier}",
                action="iapi-request",
                object_type="iapi_request",
                object_id=request_id,
                details={
                    "kind": values["kind"],
                    "answers": [str(d.directive) for d in decisions],
                    "fallback": fallback,
                    "error": error,
                },
                now=received,
            )
        return request_id

    def _error(
        self,
        raw: bytes,
        carrier: str,
        reference: str,
        transaction: str,
        code: str,
        text: str,
        received: dt.datetime,
        started: float,
    ) -> IapiAnswer:
        reply = write_cusres(
            CusresReply(
                message_reference=reference or "0",
                transaction_reference=transaction or None,
                errors=[MessageLevelError(code=code, text=text[:70].upper())],
                recipient=carrier,
                prepared_at=received.replace(tzinfo=None),
            )
        )
        latency = (time.perf_counter() - started) * 1000
        kept_as = reference or f"unreadable:{hashlib.sha256(raw).hexdigest()[:24]}"
        try:
            request_id: int | None = self._record(
                raw,
                reply,
                carrier,
                None,
                [],
                received,
                latency,
                error=text,
                reference=kept_as,
                transaction=transaction,
            )
        except IntegrityError:
            request_id = None  # the same bad request again: it is on record already
        return IapiAnswer(reply, request_id, [], False, text, latency)


def _kept_out_of_collections(screen: CheckinScreen) -> CheckinScreen:
    """Move the screen's objects (millions with a large watchlist) out of the cyclic
    garbage collector's sight: a full collection walks every tracked object and stopped
    all answers for over a second with 100,000 entries. The screen lives until the next
    reload; reference counting still frees it then."""
    freeze_long_lived()
    return screen


def _log_failure(future: concurrent.futures.Future[IapiAnswer]) -> None:
    """A request answered by the deadline guard whose late recording failed."""
    if not future.cancelled() and (error := future.exception()) is not None:
        logger.error("iAPI request answered with the fallback could not be recorded: %r", error)


def _retrieved(future: asyncio.Future[IapiAnswer]) -> None:
    if not future.cancelled():
        future.exception()


def _repeat(answered: AnsweredRequest) -> IapiAnswer:
    """A re-sent request gets the very reply its first copy got."""
    return IapiAnswer(
        answered.reply,
        answered.id,
        answered.directives,
        answered.fallback,
        answered.error,
        0.0,
        repeated=True,
    )


__all__ = ["IapiAnswer", "IapiService"]
