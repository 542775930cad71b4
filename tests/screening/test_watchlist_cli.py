# ruff: noqa: E501  (fixture lines are CSV/XML records, kept whole)
"""The stable CLI contracts: `screen names` and `screen pairs`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paxscreen.cli import app

WATCHLIST = """id,full_name,given_names,surname,date_of_birth,sex,nationality,document_number,document_country,aliases
E1,,Ayman,AL-ZAWAHIRI,1951-06-19,M,EG,1084010,EG,Aiman Muhammad Rabi al-Zawahiri
E2,Ivan Petrov,,,1970,M,RU,,,
"""
QUERIES = """id,full_name,given_names,surname,date_of_birth,sex,nationality,document_number,document_country
Q1,,AIMAN,ZAWAHRI,1951-06-19,M,EGY,,
Q2,,PIERRE,DUBOIS,1980-01-02,M,FRA,,
Q3,,NOBODY,ELSE,,,,1084010,EGY
"""


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_screen_names_writes_results_best_first(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text(WATCHLIST)
    (tmp_path / "q.csv").write_text(QUERIES)
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(
        app,
        [
            "screen",
            "names",
            "--watchlist",
            str(tmp_path / "list.csv"),
            "--queries",
            str(tmp_path / "q.csv"),
            "--out",
            str(out),
            "--top",
            "1",
            "--min-score",
            "0.5",
        ],
    )
    assert result.exit_code == 0, result.output
    found = rows(out)
    assert list(found[0]) == ["query_id", "entry_id", "entry_name", "score", "band", "explanation"]
    by_query = {row["query_id"]: row for row in found}
    assert by_query["Q1"]["entry_id"] == "E1" and by_query["Q1"]["band"] == "alert"
    assert "dob exact" in by_query["Q1"]["explanation"]
    assert "Q2" not in by_query
    assert by_query["Q3"]["entry_id"] == "E1" and "document exact" in by_query["Q3"]["explanation"]


def test_screen_pairs_prints_the_scorer_number(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text(
        "id,name_a,name_b,dob_a,dob_b\n"
        "p1,Mohammed bin Salman,MUHAMMAD IBN SALMAN,1985-08-03,1985-08-03\n"
        "p2,John Smith,Maria Garcia,,\n"
    )
    out = tmp_path / "s.csv"
    result = CliRunner().invoke(
        app, ["screen", "pairs", "--pairs", str(tmp_path / "p.csv"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    scores = {row["id"]: row for row in rows(out)}
    assert scores["p1"]["band"] == "alert" and float(scores["p1"]["score"]) > 0.9
    assert scores["p2"]["band"] == "clear"


def test_malformed_watchlist_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("id,full_name,date_of_birth\nE1,Someone,not-a-date\n")
    (tmp_path / "q.csv").write_text(QUERIES)
    result = CliRunner().invoke(
        app,
        [
            "screen",
            "names",
            "--watchlist",
            str(tmp_path / "list.csv"),
            "--queries",
            str(tmp_path / "q.csv"),
            "--out",
            str(tmp_path / "r.csv"),
        ],
    )
    assert result.exit_code != 0
    assert "list.csv:2" in str(result.exception)


def test_import_list_stores_a_version_and_reports_rejected_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "p.db"
    monkeypatch.setenv("PAXSCREEN_DATABASE_URL", f"sqlite:///{database}")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    listing = tmp_path / "list.csv"
    listing.write_text(
        "id,full_name,date_of_birth\nE1,Ayman al-Zawahiri,1951-06-19\nE2,Bad,31/31/1999\n"
    )
    result = runner.invoke(
        app,
        [
            "screen",
            "import-list",
            str(listing),
            "--name",
            "Test",
            "--category",
            "terrorism",
            "--severity",
            "high",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "version 1, 1 entries, 1 rejected" in result.output
    assert "list.csv:3" in result.output
    again = runner.invoke(app, ["screen", "import-list", str(listing), "--name", "Test"])
    assert "version 2" in again.output
