"""Check-in requests are API data: retention seals and deletes their raw bytes too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iapi_support import database_url, make_service, passenger, request
from sqlalchemy import func, select

from paxscreen.privacy.profiles import load_profile
from paxscreen.privacy.retention import run_retention
from paxscreen.store.iapi_tables import iapi_decisions, iapi_requests

KEYS = {"pseudonym_key": b"p" * 32, "seal_key": b"s" * 32}


def test_iapi_requests_are_sealed_then_deleted(tmp_path: Path) -> None:
    service = make_service(database_url(tmp_path))
    service.handle(request(passenger("JANSEN", "PIETER", reference="P1")), carrier="XQ")
    received = dt.datetime.now(dt.UTC)
    with service.engine.begin() as connection:
        run_retention(
            connection, load_profile("icao"), now=received + dt.timedelta(days=800), **KEYS
        )
        raw, reply = connection.execute(select(iapi_requests.c.raw, iapi_requests.c.reply)).one()
        assert (raw, reply) == (b"", b"")  # sealed: no name left in the stored request
        run_retention(connection, load_profile("eu"), now=received + dt.timedelta(days=2), **KEYS)
        assert connection.execute(select(func.count()).select_from(iapi_requests)).scalar_one() == 0
        assert (
            connection.execute(select(func.count()).select_from(iapi_decisions)).scalar_one() == 0
        )
    service.close()
