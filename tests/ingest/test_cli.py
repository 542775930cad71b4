"""`paxscreen ingest | messages | reprocess | sender add` as an operator runs them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from ingest.builders import Listed, paxlst
from paxscreen.cli import app


def test_ingest_list_and_reprocess_from_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    listed = [Listed("DOE", "JOHN", dt.date(1980, 1, 2), "P123", "ABC123", "U1")]
    (folder / "api.edi").write_bytes(paxlst(listed, prepared=dt.datetime(2026, 3, 1, 8)))
    (folder / "broken.edi").write_bytes(b"UNB+UNOA:4+XX+PIU'garbage")
    env = {"PAXSCREEN_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "COLUMNS": "200"}
    runner = CliRunner()

    ingested = runner.invoke(app, ["ingest", str(folder)], env=env)
    assert ingested.exit_code == 1, ingested.output  # one file failed: the exit code says so
    assert "failed_parse" in ingested.output and "broken.edi" in ingested.output

    listing = runner.invoke(app, ["messages", "--json"], env=env)
    assert listing.exit_code == 0, listing.output
    payload = json.loads(listing.output)
    assert payload["counts"] == {"failed_parse": 1, "loaded": 1}
    loaded = next(m for m in payload["messages"] if m["status"] == "loaded")

    trail = runner.invoke(app, ["messages", "--trail", loaded["id"]], env=env)
    assert [event["status"] for event in json.loads(trail.output)] == [
        "received",
        "parsed",
        "loaded",
    ]

    again = runner.invoke(app, ["reprocess", "--all"], env=env)
    assert again.exit_code == 0, again.output
    assert "loaded" in again.output and "failed_parse" in again.output

    key = runner.invoke(app, ["sender", "add", "XX"], env=env)
    assert key.exit_code == 0 and len(key.output.strip()) >= 40
