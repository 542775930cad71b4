"""The iAPI request handler: parse, screen within the deadline, answer, record.

Check-in cannot wait. `IapiService.handle` always answers within the configured
deadline: screening runs on a worker thread, and when it is not done in time the
configured fallback directive (default 2Z) goes out while screening finishes in the
background and feeds the vetting queue. Garbled requests, unknown carriers and
unknown flights get a message-level error (ERP+1), never silence.

Re-sent requests (same carrier, UNH reference and RFF+TN) get the very same reply.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from paxscreen.config import Settings
from paxscreen.errors import MessageError
from paxscreen.iapi.decision import Decision, Reason, decide
from paxscreen.iapi.outbox import acknowledge
from paxscreen.iapi.screening import CheckinScreen
from paxscreen.iapi.vetting import record_for_vetting
from paxscreen.messages.cusres import (
    ACKNOWLEDGEMENT,
    CusresReply,
    Directive,
    MessageLevelError,
    write_cusres,
)
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.messages.iapi import IapiRequest, IapiRequestKind, answer_request, iapi_request_from
from paxscreen.model import MessageFormat, MessageType, ParsedMessage, Traveller
from paxscreen.privacy.audit import record_event
from paxscreen.privacy.redaction import redact_raw
from paxscreen.store.iapi_tables import iapi_carriers, iapi_decisions, iapi_requests
from paxscreen.store.tables import flights

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
    """One per application; thread-safe: each request uses its own connection."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        load_screen: Callable[[Engine], CheckinScreen],
        *,
        workers: int = 4,
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

    @property
    def screen(self) -> CheckinScreen:
        if self._screen is None:
            with self._lock:
                if self._screen is None:
                    self._screen = self._load_screen(self.engine).warm_up()
        return self._screen

    def reload(self) -> None:
        """Rebuild the check-in screen (after a list or rule changed); answers go on meanwhile."""
        self._screen = self._load_screen(self.engine).warm_up()

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    # ------------------------------------------------------------------ entry point
    def handle(self, raw: bytes, *, carrier: str, now: dt.datetime | None = None) -> IapiAnswer:
        started = time.perf_counter()
        received = now or _utc_now()
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
            request = iapi_request_from(paxlst[0])
        except MessageError as error:
            return self._error(
                raw, carrier, reference, transaction, ERROR_NOT_IAPI, str(error), received, started
            )
        if (repeated := self._repeated(carrier, reference, transaction)) is not None:
            return repeated
        if not self._carrier_known(carrier):
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
            return self._clear(raw, carrier, request, received, started)
        return self._status_change(raw, carrier, request, received, started)

    # ------------------------------------------------------------------ requests
    def _screen_all(self, request: IapiRequest) -> list[list[Reason]]:
        screen = self.screen
        return [screen.screen(traveller, request.flight) for traveller in request.travellers]

    def _clear(
        self, raw: bytes, carrier: str, request: IapiRequest, received: dt.datetime, started: float
    ) -> IapiAnswer:
        deadline = self.settings.iapi.deadline_ms / 1000
        future = self._executor.submit(self._screen_all, request)
        remaining = max(0.0, deadline - (time.perf_counter() - started) - 0.01)
        try:
            reasons = future.result(timeout=remaining)
            fallback = False
        except concurrent.futures.TimeoutError:
            reasons, fallback = [], True
        fallback_directive = Directive(self.settings.iapi.fallback_directive)
        decisions = (
            [
                Decision(
                    fallback_directive,
                    (Reason("deadline", fallback_directive, "screening did not finish in time"),),
                )
                for _ in request.travellers
            ]
            if fallback
            else [decide(found) for found in reasons]
        )
        by_traveller = {id(t): d for t, d in zip(request.travellers, decisions, strict=True)}
        reply = answer_request(
            request,
            lambda traveller: str(by_traveller[id(traveller)].directive),
            prepared_at=received.replace(tzinfo=None),
        )
        for answer, decision in zip(reply.answers, decisions, strict=True):
            answer.text = decision.text
        payload = write_cusres(reply)
        latency = (time.perf_counter() - started) * 1000
        try:
            request_id = self._record(
                raw, payload, carrier, request, decisions, received, latency, fallback=fallback
            )
        except IntegrityError:  # the same request, answered meanwhile by a concurrent twin
            return self._repeated(
                carrier, request.message_reference, request.transaction_reference or ""
            ) or IapiAnswer(
                payload, None, [str(d.directive) for d in decisions], fallback, None, latency
            )
        if fallback:
            self.background.append(
                self._executor.submit(self._finish_late, future, request_id, request)
            )
        return IapiAnswer(
            payload, request_id, [str(d.directive) for d in decisions], fallback, None, latency
        )

    def _finish_late(
        self,
        future: concurrent.futures.Future[list[list[Reason]]],
        request_id: int | None,
        request: IapiRequest,
    ) -> object:
        """Screening that missed the deadline: its findings go to the vetting queue."""
        reasons = future.result()
        now = _utc_now()
        with self.engine.begin() as connection:
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
        return None

    def _status_change(
        self, raw: bytes, carrier: str, request: IapiRequest, received: dt.datetime, started: float
    ) -> IapiAnswer:
        """Close-out (CLOB/CLNB/CL) and flight cancellation (XF): acknowledge and update."""
        flight_key = request.flight.key if request.flight else None
        with self.engine.begin() as connection:
            known = (
                flight_key is not None
                and connection.execute(
                    select(iapi_decisions.c.id)
                    .where(iapi_decisions.c.flight_key == flight_key)
                    .limit(1)
                ).first()
            )
            if not known:
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
            if request.kind in CLOSE_KINDS:
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
            elif request.kind is IapiRequestKind.CANCEL_FLIGHT:
                connection.execute(
                    update(flights).where(flights.c.flight_key == flight_key).values(cancelled=True)
                )
                connection.execute(
                    update(iapi_decisions)
                    .where(iapi_decisions.c.flight_key == flight_key)
                    .values(boarding_status="flight_cancelled")
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
        with self.engine.begin() as connection:
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
    def _carrier_known(self, carrier: str) -> bool:
        with self.engine.connect() as connection:
            return (
                connection.execute(
                    select(iapi_carriers.c.code).where(
                        iapi_carriers.c.code == carrier, iapi_carriers.c.active.is_(True)
                    )
                ).first()
                is not None
            )

    def _repeated(self, carrier: str, reference: str, transaction: str) -> IapiAnswer | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(
                    iapi_requests.c.id,
                    iapi_requests.c.reply,
                    iapi_requests.c.fallback,
                    iapi_requests.c.error,
                ).where(
                    iapi_requests.c.carrier == carrier,
                    iapi_requests.c.message_reference == reference,
                    iapi_requests.c.transaction_reference == transaction,
                )
            ).first()
            if row is None:
                return None
            directives = list(
                connection.execute(
                    select(iapi_decisions.c.directive)
                    .where(iapi_decisions.c.request_id == row.id)
                    .order_by(iapi_decisions.c.id)
                ).scalars()
            )
        return IapiAnswer(
            row.reply, row.id, directives, row.fallback, row.error, 0.0, repeated=True
        )

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
        """Keep the request, its reply and decisions.

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
        with self.engine.begin() as connection:
            request_id = int(
                connection.execute(
                    iapi_requests.insert().values(**values).returning(iapi_requests.c.id)
                ).scalar_one()
            )
            for traveller, decision in zip(
                request.travellers if request else [], decisions, strict=False
            ):
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
                self._record_decision(
                    connection,
                    request_id,
                    carrier,
                    flight_key,
                    traveller,
                    decision,
                    traveller_id,
                    received,
                    final=not fallback,
                )
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

    @staticmethod
    def _record_decision(
        connection: Connection,
        request_id: int,
        carrier: str,
        flight_key: str | None,
        traveller: Traveller,
        decision: Decision,
        traveller_id: int | None,
        now: dt.datetime,
        *,
        final: bool,
    ) -> None:
        connection.execute(
            iapi_decisions.insert().values(
                request_id=request_id,
                carrier=carrier,
                flight_key=flight_key,
                traveller_id=traveller_id,
                record_locator=traveller.record_locator,
                passenger_reference=traveller.passenger_reference,
                directive=str(decision.directive),
                reasons=[r.to_dict() for r in decision.reasons],
                final=final,
                current=True,
                decided_at=now,
            )
        )
        if flight_key:
            connection.execute(
                update(iapi_decisions)
                .where(
                    iapi_decisions.c.flight_key == flight_key,
                    iapi_decisions.c.passenger_reference == traveller.passenger_reference,
                    iapi_decisions.c.request_id != request_id,
                    iapi_decisions.c.current.is_(True),
                )
                .values(current=False)
            )

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


__all__ = ["IapiAnswer", "IapiService"]
