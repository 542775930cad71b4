from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from paxscreen.demo.cli import app
from paxscreen.demo.load import delivery_order
from paxscreen.demo.manifest import read_manifest


def test_generate_writes_a_data_set_and_reports_totals(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["generate", "--out", str(tmp_path), "--flights", "1", "--start", "2026-11-27"]
    )
    assert result.exit_code == 0, result.output
    assert "1 flights" in result.output
    manifest = read_manifest(tmp_path / "manifest.json")
    assert manifest["options"]["flights"] == 1
    assert (tmp_path / "ground_truth.json").is_file()
    order = delivery_order(tmp_path)
    times = {e["file"]: e["deliver_at"] for e in manifest["messages"]}
    delivered = [times[str(path.relative_to(tmp_path / "messages"))] for path in order]
    assert delivered == sorted(delivered)


def test_generate_refuses_a_bad_start_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "--out", str(tmp_path), "--start", "27.11.2026"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output
