"""Issue 11 item 7: no full card number (and no withheld sensitive text) survives ingestion.

Messages in each of our formats carry full card numbers in forms of payment and
in free text, and sensitive SSRs and remarks. They go through the real
ingestion entry point (keep, then process), a resend and an update push
included; then every text, JSON and binary column of every table, and the
`paxscreen parse --json` output, is searched for each number and each text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from iapi.iapi_support import make_service as make_iapi_service
from iapi.iapi_support import passenger as iapi_passenger
from iapi.iapi_support import request as iapi_request
from ingest.builders import Person, booking, push
from paxscreen.cli import app
from paxscreen.config import Settings, load_settings
from paxscreen.ingest.catalogue import reprocess
from paxscreen.ingest.keep import Arrival, keep_committed
from paxscreen.ingest.pipeline import process_message
from paxscreen.model import Payment, Remark, Ticket
from paxscreen.store.booking_tables import payments
from paxscreen.store.iapi_tables import iapi_requests
from paxscreen.store.ingest_tables import ingest_events
from paxscreen.store.privacy_tables import audit_events
from paxscreen.store.schema import load_metadata
from paxscreen.store.tables import messages
from store.databases import empty_database

FIXTURES = Path(__file__).parents[1] / "fixtures"
NOW = dt.datetime(2026, 3, 13, 22, 30, tzinfo=dt.UTC)

# card number as written in a message -> its digits
CARDS = {
    "4111111111111111": "4111111111111111",  # FOP and PaymentInfo/@AccountNbr
    "3782-822463-10005": "378282246310005",  # a history line
    "5555 5555 5555 4444": "5555555555554444",  # LTS free text
    "4012 8888 8888 1881": "4012888888881881",  # an XML OSI remark
    "6011000990139424": "6011000990139424",  # PAXLST free text (FTX)
}
SENSITIVE_TEXT = ["WHEELCHAIR", "NO PORK"]
LOADED = {"loaded", "screened"}  # screened when a screener is registered


def _replace(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _messages() -> dict[str, bytes]:
    edifact = _replace(
        (FIXTURES / "pnr" / "full_push_13_1.edi").read_text(),
        ("NAME CORRECTION DEVRIES TO DE VRIES", "FOP CHANGED FROM 3782-822463-10005"),
        ("LTS+0/O/SS/KL 641 Y 14MAR 2 AMSJFK HK2 0940 1155'", "LTS+CARD 5555 5555 5555 4444'"),
    )
    # the next push: only the group PNR changed, so the carded PNR is left unparsed
    update = _replace(edifact, ("+4711++PNRGOV", "+4712++PNRGOV"), ("UNZ+1+4711", "UNZ+1+4712"))
    update = _replace(update, ("DAT+700:120326:0900'", "DAT+700:120326:0930'"))
    resend = _replace(edifact, ("+4711++PNRGOV", "+4799++PNRGOV"), ("UNZ+1+4711", "UNZ+1+4799"))
    xml = _replace(
        (FIXTURES / "pnr" / "xml_two_pnrs.xml").read_text(),
        ("CTCE ANNE..DEVRIES//EXAMPLE.NL", "PAID BY CARD 4012 8888 8888 1881"),
    )
    paxlst = _replace(
        (FIXTURES / "api" / "11_missing_and_empty_values.edi").read_text(),
        ("ATT+2++M'", "ATT+2++M'\nFTX+AAI+++PAID WITH CARD 6011000990139424'"),
    )
    return {
        "pnrgov.edi": edifact.encode("ascii"),
        "pnrgov-update.edi": update.encode("ascii"),
        "pnrgov-resend.edi": resend.encode("ascii"),
        "pnrgov.xml": xml.encode("utf-8"),
        "paxlst.edi": paxlst.encode("ascii"),
    }


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty database per test (ingestion commits, so no shared session database)."""
    with empty_database(request.param, prefix="t_redact") as engine:
        yield engine


@pytest.fixture
def settings() -> Settings:
    return load_settings(database_url="sqlite://", secret_key="test-secret-key-0123456789")


def _as_text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return str(value)


def _found_in_database(engine: Engine, needles: list[str]) -> list[str]:
    """Every (table.column, needle) where a needle occurs in any stored value."""
    found = []
    with engine.connect() as connection:
        for table in load_metadata().sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    text = _as_text(value)
                    found += [f"{table.name}.{column}: {n}" for n in needles if n in text]
    return found


def _needles() -> list[str]:
    return sorted({*CARDS, *CARDS.values(), *SENSITIVE_TEXT})


def test_no_full_card_number_or_sensitive_text_survives_ingestion(
    fresh_engine: Engine, settings: Settings
) -> None:
    arrived = _messages()
    outcomes = {}
    for name, raw in arrived.items():
        message_id = keep_committed(fresh_engine, Arrival(raw=raw, transport="file"), now=NOW)
        outcomes[name] = process_message(fresh_engine, message_id, settings=settings, now=NOW)
    statuses = {name: str(outcome.status) for name, outcome in outcomes.items()}
    assert statuses.pop("pnrgov-resend.edi") == "duplicate"
    assert set(statuses.values()) <= LOADED, statuses
    assert _found_in_database(fresh_engine, _needles()) == []
    with fresh_engine.connect() as connection:
        stored = {row.id: row for row in connection.execute(select(messages))}
        redactions = connection.execute(
            select(ingest_events.c.detail).where(ingest_events.c.kind == "redaction")
        ).scalars()
        audited = connection.execute(
            select(audit_events.c.details).where(audit_events.c.action == "redaction")
        ).scalars()
        redaction_counts, audit_counts = list(redactions), list(audited)
    for name, outcome in outcomes.items():
        row = stored[outcome.message_id]
        # evidence: the digest of what arrived; the copy: same length, masked
        assert row.sha256 == hashlib.sha256(arrived[name]).hexdigest()
        assert len(row.raw) == len(arrived[name])
    assert len(redaction_counts) == len(arrived)  # every message carried something to mask
    assert len(audit_counts) == len(arrived)
    assert {key for counts in audit_counts for key in counts} == {
        "card_numbers_masked",
        "sensitive_segments_masked",
        "bytes_masked",
    }


def test_reprocess_reads_the_redacted_copy_and_stores_nothing_new(
    fresh_engine: Engine, settings: Settings
) -> None:
    raw = _messages()["pnrgov.edi"]
    message_id = keep_committed(fresh_engine, Arrival(raw=raw, transport="file"), now=NOW)
    first = process_message(fresh_engine, message_id, settings=settings, now=NOW)
    [again] = reprocess(fresh_engine, [message_id], settings=settings, now=NOW)
    assert {str(first.status), str(again.status)} <= LOADED
    assert _found_in_database(fresh_engine, _needles()) == []
    with fresh_engine.connect() as connection:
        count = len(
            list(
                connection.execute(
                    select(ingest_events.c.id).where(ingest_events.c.kind == "redaction")
                )
            )
        )
    assert count == 1  # the redacted copy needed nothing more


def test_parse_json_output_carries_no_card_number_or_sensitive_text(tmp_path: Path) -> None:
    paths = []
    for name, raw in _messages().items():
        path = tmp_path / name
        path.write_bytes(raw)
        paths.append(str(path))
    result = CliRunner().invoke(app, ["parse", *paths, "--json"])
    assert result.exit_code == 0, result.output
    assert '"bookings"' in result.output
    assert [needle for needle in _needles() if needle in result.output] == []


def _carded_parts() -> list[bytes]:
    """A push in three parts; each PNR paid by card, with a sensitive SSR."""
    pnrs = []
    for number in range(6):
        person = Person(f"PASSENGER{number}", "ALEX", dt.date(1970, 1, number + 1), "P1", "1")
        pnr = booking(f"LOC00{number}", [person], changed=NOW - dt.timedelta(days=20))
        pnr.travellers[0].tickets.append(Ticket(number=f"220123456789{number}"))
        pnr.payments.append(Payment(type="CC", card_brand="VI", masked_number="4111111111111111"))
        pnr.remarks.append(Remark(kind="SSR", code="OTHS", text="WHEELCHAIR", traveller_index=0))
        pnrs.append(pnr)
    return push(pnrs, prepared=dt.datetime(2026, 3, 13, 10), per_part=2)


def test_multi_part_pieces_are_redacted_once_their_set_is_loaded_with_card_hashes(
    fresh_engine: Engine, settings: Settings
) -> None:
    first, second, third = _carded_parts()
    statuses = []
    for raw in (third, first, second):
        message_id = keep_committed(fresh_engine, Arrival(raw=raw, transport="file"), now=NOW)
        statuses.append(
            str(process_message(fresh_engine, message_id, settings=settings, now=NOW).status)
        )
    assert statuses[:2] == ["waiting_parts"] * 2 and statuses[2] in LOADED
    assert _found_in_database(fresh_engine, _needles()) == []
    with fresh_engine.connect() as connection:
        hashes = connection.execute(select(payments.c.card_hash, payments.c.masked_number)).all()
    assert len(hashes) == 6
    assert {masked for _hash, masked in hashes} == {"XXXXXXXXXXXX1111"}
    # every piece was read from its full bytes: one card, one keyed hash, on every PNR
    [card_hash] = {card_hash for card_hash, _masked in hashes}
    assert card_hash is not None


def test_interactive_api_request_keeps_no_card_number(tmp_path: Path) -> None:
    raw = iapi_request(iapi_passenger("JANSEN", "PIETER", reference="P1"))
    assert b"ATT+2++M'" in raw
    raw = raw.replace(b"ATT+2++M'", b"ATT+2++M'FTX+AAI+++PAID WITH CARD 6011000990139424'", 1)
    service = make_iapi_service(f"sqlite:///{tmp_path / 'iapi.db'}")
    try:
        service.handle(raw, carrier="XQ")
        assert _found_in_database(service.engine, _needles()) == []
        with service.engine.connect() as connection:
            [stored] = connection.execute(select(iapi_requests.c.raw)).scalars()
        assert b"PAID WITH CARD XXXXXXXXXXXX9424'" in stored
    finally:
        service.close()
