"""A statistics export of the demo data holds no name, document number, contact or locator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from paxscreen.config import load_settings
from paxscreen.demo.load import load_demo
from paxscreen.privacy.statistics import compute_statistics, to_csv, to_json
from paxscreen.store.booking_tables import record_locators
from paxscreen.store.engine import create_engine_for
from paxscreen.store.tables import documents, emails, phones, traveller_names, travellers

IDENTIFYING = (
    traveller_names.c.surname,
    traveller_names.c.given_names,
    documents.c.number,
    documents.c.number_key,
    phones.c.raw,
    phones.c.e164,
    emails.c.raw,
    emails.c.normalised,
    record_locators.c.locator,
    travellers.c.record_locator,
    travellers.c.passenger_reference,
)


@pytest.mark.slow
def test_statistics_of_the_demo_data_contain_no_personal_data(tmp_path: Path) -> None:
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", data_dir=tmp_path)
    load_demo(settings, flights=2)
    engine = create_engine_for(settings.database_url)
    now = dt.datetime.now(dt.UTC)
    period = {"since": now - dt.timedelta(days=30), "until": now + dt.timedelta(days=30)}
    with engine.connect() as connection:
        rows = compute_statistics(connection, **period)
        values: set[str] = set()
        for column in IDENTIFYING:
            values |= {
                str(v)
                for v in connection.execute(select(column)).scalars()
                if v and len(str(v)) >= 4
            }
    assert len(values) > 50 and sum(row.value for row in rows) > 0
    export = (to_csv(rows) + json.dumps(to_json(rows, **period))).upper()
    # only whole values count: a 4-letter surname may be part of a metric name ("SCREENED")
    tokens = set(
        export.replace(",", " ").replace("=", " ").replace('"', " ").replace(":", " ").split()
    )
    assert {value for value in values if value.upper() in tokens} == set()
