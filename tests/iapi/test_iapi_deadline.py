"""The deadline runs from receipt: requests queued behind others are answered in time too."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from pathlib import Path

from iapi_support import database_url, fixed_source, make_service, numbered_requests
from sqlalchemy import select

from paxscreen.config import load_settings
from paxscreen.iapi.deadline import Receipt
from paxscreen.iapi.loader import load_checkin_screen
from paxscreen.iapi.screening import CheckinScreen
from paxscreen.store.iapi_tables import iapi_decisions, iapi_requests

SCREENING_SECONDS = 0.2
DEADLINE_MS = 600


class SlowScreen(CheckinScreen):
    def screen(self, traveller, flight):  # type: ignore[no-untyped-def]
        time.sleep(SCREENING_SECONDS)
        return super().screen(traveller, flight)


def test_requests_waiting_for_a_worker_get_the_fallback_within_the_deadline(
    tmp_path: Path,
) -> None:
    url = database_url(tmp_path)
    settings = load_settings(database_url=url, iapi={"deadline_ms": DEADLINE_MS})

    def slow_loader(engine):  # type: ignore[no-untyped-def]
        built = load_checkin_screen(engine, settings, source=fixed_source)
        return SlowScreen(**{name: getattr(built, name) for name in built.__dataclass_fields__})

    # one worker: the fourth request waits for three screenings (0.6 s) before its own
    service = make_service(url, settings=settings, load_screen=slow_loader, workers=1)
    raws = numbered_requests(4)

    async def check_in_all() -> list[object]:
        receipts = [Receipt() for _ in raws]  # all four arrive now
        return await asyncio.gather(
            *(
                service.answer(raw, carrier="XQ", receipt=receipt)
                for raw, receipt in zip(raws, receipts, strict=True)
            )
        )

    started = time.perf_counter()
    answered = asyncio.run(check_in_all())
    elapsed = time.perf_counter() - started
    # counted from the handler, the last one would have taken 0.6 s + its own deadline (1.2 s);
    # the margin allows for a loaded test machine
    assert elapsed < (DEADLINE_MS / 1000) + 0.4
    assert [a.fallback for a in answered][0] is False  # type: ignore[attr-defined]
    assert answered[-1].fallback  # type: ignore[attr-defined]
    latencies = [round(a.latency_ms) for a in answered]  # type: ignore[attr-defined]
    assert max(latencies) <= DEADLINE_MS, latencies

    concurrent.futures.wait(service.background, timeout=10)
    with service.engine.connect() as connection:
        kept = {
            row.message_reference: row
            for row in connection.execute(
                select(
                    iapi_requests.c.message_reference,
                    iapi_requests.c.reply,
                    iapi_requests.c.fallback,
                    iapi_requests.c.id,
                )
            )
        }
        finals = dict(
            connection.execute(select(iapi_decisions.c.request_id, iapi_decisions.c.final)).all()
        )
    assert sorted(kept) == ["R0", "R1", "R2", "R3"]  # each kept once, the late ones too
    for number, answer in enumerate(answered):
        row = kept[f"R{number}"]
        assert row.reply == answer.reply  # type: ignore[attr-defined]  # what the carrier got
        assert row.fallback == answer.fallback  # type: ignore[attr-defined]
        assert finals[row.id]  # late screening finished and was recorded
    service.close()
