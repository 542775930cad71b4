"""The generated set: determinism, volumes and shares, ground truth completeness."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from tests.demo.conftest import START

from paxscreen.demo.defects import DEFECT_CODES
from paxscreen.demo.generator import GenerateOptions, generate
from paxscreen.demo.manifest import read_manifest
from paxscreen.demo.pushes import PNR_PUSHES
from paxscreen.demo.scenarios import SCENARIO_KINDS


def _tiny(out: Path, seed: int, defect_share: float = 0.05) -> dict[str, int]:
    return generate(
        GenerateOptions(out=out, flights=1, seed=seed, start=START, defect_share=defect_share)
    )


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    _tiny(tmp_path / "a", 5)
    _tiny(tmp_path / "b", 5)
    for name in (
        "manifest.json",
        "ground_truth.json",
        "watchlists/demo-watchlist.csv",
        "rules/demo-rules.json",
    ):
        first = (tmp_path / "a" / name).read_text().replace(str(tmp_path / "a"), "")
        second = (tmp_path / "b" / name).read_text().replace(str(tmp_path / "b"), "")
        assert first == second, name
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "messages").rglob("*.*")
    )
    assert files
    for path in files:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()


def test_other_seed_gives_other_traffic(tmp_path: Path) -> None:
    _tiny(tmp_path / "a", 5)
    _tiny(tmp_path / "b", 6)
    first = {
        entry["sha256"] for entry in read_manifest(tmp_path / "a" / "manifest.json")["messages"]
    }
    second = {
        entry["sha256"] for entry in read_manifest(tmp_path / "b" / "manifest.json")["messages"]
    }
    assert not first & second


def test_volumes_match_the_options(small_set: tuple[GenerateOptions, dict[str, int]]) -> None:
    options, totals = small_set
    manifest = read_manifest(options.out / "manifest.json")
    entries = manifest["messages"]
    assert totals["flights"] == options.total_flights == 6
    assert totals["messages"] == len(entries)
    assert totals["pnr_records"] == sum(e["pnr_count"] for e in entries if e["type"] == "PNRGOV")
    originals = [e for e in entries if e["type"] == "PNRGOV" and e["duplicate_of"] is None]
    pushes = Counter((e["flight_key"], e["push"]) for e in originals)
    per_flight = Counter(flight for flight, _ in pushes)
    assert set(per_flight.values()) == {len(PNR_PUSHES)}
    for entry in entries:
        assert (options.out / "messages" / entry["file"]).is_file()
        assert entry["deliver_at"] >= entry["prepared_at"] or entry["out_of_order"]


def test_full_and_update_pushes_carry_the_right_function(
    small_set: tuple[GenerateOptions, dict[str, int]],
) -> None:
    options, _ = small_set
    for entry in read_manifest(options.out / "manifest.json")["messages"]:
        if entry["type"] == "PNRGOV":
            expected = "22" if entry["push"] in ("T-72h", "T-24h") else "141"
            assert entry["function"] == expected


def test_defect_share_is_respected(
    tmp_path: Path, small_set: tuple[GenerateOptions, dict[str, int]]
) -> None:
    _tiny(tmp_path / "none", 5, defect_share=0.0)
    entries = read_manifest(tmp_path / "none" / "manifest.json")["messages"]
    assert not any(entry["defects"] for entry in entries)
    options, totals = small_set
    edifact = [
        e
        for e in read_manifest(options.out / "manifest.json")["messages"]
        if e["format"] == "edifact"
    ]
    share = sum(bool(e["defects"]) for e in edifact) / len(edifact)
    assert 0.15 < share < 0.45  # asked for 0.3
    assert all(d["code"] in DEFECT_CODES for e in edifact for d in e["defects"])


def test_ground_truth_is_complete(small_set: tuple[GenerateOptions, dict[str, int]]) -> None:
    options, _ = small_set
    truth = json.loads((options.out / "ground_truth.json").read_text())
    scenarios = truth["scenarios"]
    assert {s["kind"] for s in scenarios} == set(SCENARIO_KINDS)
    with (options.out / "watchlists" / "demo-watchlist.csv").open() as handle:
        listed = {row["id"]: row for row in csv.DictReader(handle)}
    lost = (options.out / "watchlists" / "lost-stolen-documents.csv").read_text()
    files = {e["flight_key"]: [] for e in read_manifest(options.out / "manifest.json")["messages"]}
    for entry in read_manifest(options.out / "manifest.json")["messages"]:
        files[entry["flight_key"]].append(options.out / "messages" / entry["file"])
    for scenario in scenarios:
        assert scenario["visits_placed"] == scenario["visits_planned"], scenario["id"]
        assert scenario["expected"], scenario["id"]
        assert len(scenario["travellers"]) >= scenario["visits_planned"]
        for row in scenario["watchlist_entries"]:
            assert row["id"] in listed
        for number in scenario["lost_documents"]:
            assert number in lost
        for traveller in scenario["travellers"]:
            texts = [path.read_text(encoding="utf-8") for path in files[traveller["flight_key"]]]
            assert any(traveller["record_locator"] in text for text in texts), traveller


def test_watchlist_variants_differ_from_what_is_sent(
    small_set: tuple[GenerateOptions, dict[str, int]],
) -> None:
    options, _ = small_set
    scenarios = json.loads((options.out / "ground_truth.json").read_text())["scenarios"]
    by_kind = {s["kind"]: s for s in scenarios}
    swap = by_kind["watchlist-order-swap"]
    assert swap["watchlist_entries"][0]["surname"] == swap["travellers"][0]["booked_given_names"]
    dob = by_kind["watchlist-dob-day-month-swap"]
    listed, sent = (
        dob["watchlist_entries"][0]["date_of_birth"],
        dob["travellers"][0]["date_of_birth"],
    )
    assert listed != sent and listed[5:7] == sent[8:10] and listed[8:10] == sent[5:7]
    returning = by_kind["returning-watchlisted"]["travellers"]
    assert (
        len(returning) == 2
        and returning[0]["booked_given_names"] != returning[1]["booked_given_names"]
    )
    innocent = by_kind["innocent-look-alike"]
    assert (
        innocent["innocent"]
        and innocent["watchlist_entries"][0]["date_of_birth"]
        != innocent["travellers"][0]["date_of_birth"]
    )


def test_rules_named_by_the_ground_truth_are_in_the_demo_rules(
    small_set: tuple[GenerateOptions, dict[str, int]],
) -> None:
    options, _ = small_set
    scenarios = json.loads((options.out / "ground_truth.json").read_text())["scenarios"]
    rules = json.loads((options.out / "rules" / "demo-rules.json").read_text())["rules"]
    codes = {rule["code"] for rule in rules}
    named = {e["rule"] for s in scenarios for e in s["expected"] if e["by"] == "rule"}
    assert named and named <= codes
