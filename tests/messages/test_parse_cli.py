"""`paxscreen parse`: summary, --json contract, stdin, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.messages.paxlst_fixtures import FIXTURES
from typer.testing import CliRunner

from paxscreen.cli import app

runner = CliRunner()
GOOD = FIXTURES / "34_all_traveller_fields.edi"


def test_summary_names_flights_travellers_and_findings() -> None:
    result = runner.invoke(app, ["parse", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert "PAXLST D:05B 745" in result.output
    assert "flight DL123 FRA" in result.output
    assert "1 travellers, 2 documents, 0 bookings" in result.output
    assert "paxlst.unknown-qualifier" in result.output


def test_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["parse", "--json", str(GOOD)])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["file"] == str(GOOD)
    message = document["messages"][0]
    for key in (
        "type",
        "version",
        "function",
        "sender",
        "recipient",
        "reference",
        "common_access_reference",
        "part",
        "last_part",
        "flights",
        "travellers",
        "bookings",
        "findings",
    ):
        assert key in message
    flight = message["flights"][0]
    assert {key: flight[key] for key in ("carrier", "number", "origin", "destination")} == {
        "carrier": "DL",
        "number": "123",
        "origin": "FRA",
        "destination": "IAD",
    }
    traveller = message["travellers"][0]
    assert traveller["date_of_birth"] == "1980-02-29"
    assert traveller["documents"][0] == {
        "type": "P",
        "number": "FR1234567",
        "issuing_state": "FRA",
        "expiry": "2030-01-01",
        "issue_date": "2015-01-01",
        "nationality": None,
        "place_of_issue": None,
        "surname": None,
        "given_names": None,
    }
    assert set(message["findings"][0]) >= {
        "severity",
        "code",
        "message",
        "segment_index",
        "line",
        "column",
    }


def test_one_json_document_per_file_and_partial_dates() -> None:
    dates = FIXTURES / "13_dates.edi"
    result = runner.invoke(app, ["parse", "--json", str(GOOD), str(dates)])
    documents = [json.loads(line) for line in result.output.splitlines()]
    assert [document["file"] for document in documents] == [str(GOOD), str(dates)]
    births = [t["date_of_birth"] for t in documents[1]["messages"][0]["travellers"]]
    assert "1965" in births


def test_stdin_is_read_when_no_file_or_dash() -> None:
    result = runner.invoke(app, ["parse", "--json"], input=GOOD.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.output)["file"] == "-"


def test_unreadable_input_exits_2_with_reason_on_stderr(tmp_path: Path) -> None:
    missing = tmp_path / "missing.edi"
    result = runner.invoke(app, ["parse", str(GOOD), str(missing)])
    assert result.exit_code == 2
    assert f"paxscreen parse: {missing}: No such file or directory" in result.stderr


def test_no_unh_exits_2() -> None:
    result = runner.invoke(app, ["parse", "--json", str(FIXTURES / "36_no_unh.edi")])
    assert result.exit_code == 2
    assert "no readable UNH" in result.stderr
    assert json.loads(result.stdout)["messages"] == []


def test_refused_dialect_exits_2() -> None:
    result = runner.invoke(app, ["parse", str(FIXTURES / "30_us_legacy_dialect.edi")])
    assert result.exit_code == 2
    assert "legacy US PAXLST dialect" in result.stderr
