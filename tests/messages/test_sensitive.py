"""Sensitive PNR data: the table, the detector, withholding on read, and the JSON output."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fixtures.pnr.builder import pnr, push
from typer.testing import CliRunner

from paxscreen.messages import to_contract
from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.messages.sensitive import SensitiveTable

SENSITIVE_WORDS = (
    "MOML",
    "WCHR",
    "DIABETIC",
    "INSULIN",
    "KSML",
    "AVML",
    "MEDA",
    "HALAL",
    "PREGNANT",
)


def sensitive_push() -> bytes:
    return push(
        pnr(
            "SSR+OTHS:::::::: PAX IS DIABETIC NEEDS INSULIN",
            "IFT+4:28::KL+PLEASE SERVE HALAL FOOD",
            "IFT+4:28::KL+THIS PASSENGER IS A VIP",
            "TIF+LOBB+MOLLYMRS:A:1",
            "SSR+MOML:HK:1:KL+::1",
            "TIF+LOBB+PETERMR:A:2",
            "TVL+140326:0940::1155+AMS+JFK+KL+641:Y",
            "SSR+WCHR:HK:1:KL:::AMS:JFK+::2",
            "SSR+SEAT:HK:1:KL:::AMS:JFK+12A::1",
            "ABI+1+:AMSKL++KL",
            "DAT+ZT:010226:1010",
            "SAC+++X",
            "SSR+AVML:HK:1:KL",
            "SAC+++A",
            "IFT+4:19+MEDA CASE PREGNANT 30 WEEKS",
            "SAC+++A",
            "IFT+4:19+NAME CHANGE LOBB",
            "LTS+0/O/SR/SSR KSML KL HK1",
        )
    )


def test_default_table_flags_meal_medical_and_free_text() -> None:
    table = SensitiveTable.default()
    assert table.ssr_category("MOML") == "religion"
    assert table.ssr_category("wchr") == "health"
    assert table.ssr_category("SEAT") is None
    assert table.text_category("PAX NEEDS A WHEELCHAIR") == "health"
    assert table.text_category("ISLAMIC RELIEF PAYS") == "religion"
    assert table.text_category("12 CHURCH ROAD LONDON") is None
    assert table.text_category("THIS PASSENGER IS A VIP") is None


def test_a_deployment_table_replaces_the_packaged_one(tmp_path: Path) -> None:
    path = tmp_path / "table.yaml"
    path.write_text("ssr_codes:\n  VIPS: status\ntext_patterns:\n  status: [VIP]\n")
    table = SensitiveTable.from_file(path)
    assert table.ssr_category("VIPS") == "status" and table.ssr_category("MOML") is None
    assert table.text_category("THIS PASSENGER IS A VIP") == "status"
    booking = parse_pnrgov(sensitive_push(), sensitive_table=table)[0].bookings[0]
    assert booking.sensitive_codes == ["OSI:status"]


def test_sensitive_items_are_withheld_counted_and_coded() -> None:
    parsed = parse_pnrgov(sensitive_push())[0]
    booking = parsed.bookings[0]
    assert booking.sensitive_removed == 7
    # SSR codes are listed as sent; free text by where it stood and its category
    assert sorted(booking.sensitive_codes) == sorted(
        ["MOML", "SSR:health", "OSI:religion", "LTS:religion", "WCHR", "AVML", "HISTORY:health"]
    )
    assert [remark.text for remark in booking.remarks] == ["THIS PASSENGER IS A VIP"]
    assert [entry.description for entry in booking.history] == ["NAME CHANGE LOBB"]
    withheld = [f for f in parsed.findings if f.code == "pnrgov.sensitive-withheld"]
    assert len(withheld) == 7 and all(f.position is not None for f in withheld)


def test_withheld_text_appears_nowhere_in_the_contract() -> None:
    parsed = parse_pnrgov(sensitive_push())[0]
    text = json.dumps(to_contract(parsed))
    for word in SENSITIVE_WORDS:
        if word in ("MOML", "WCHR", "AVML"):  # codes are listed, free text never
            continue
        assert word not in text, word
    assert "HALAL" not in text and "KSML KL HK1" not in text


def test_keeping_sensitive_items_flags_them_and_the_contract_hides_their_text() -> None:
    parsed = parse_pnrgov(sensitive_push(), withhold_sensitive=False)[0]
    booking = parsed.bookings[0]
    assert booking.sensitive_removed == 0
    flagged = {
        remark.code: remark.sensitive_category
        for remark in booking.remarks
        if remark.sensitive_category
    }
    assert flagged["MOML"] == "religion" and flagged["WCHR"] == "health"
    contract = json.dumps(to_contract(parsed))
    assert "INSULIN" not in contract and "HALAL" not in contract


def test_no_sensitive_text_reaches_paxscreen_parse_json(tmp_path: Path) -> None:
    from paxscreen.cli import app

    path = tmp_path / "push.edi"
    path.write_bytes(sensitive_push())
    result = CliRunner().invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"sensitive_removed": 7' in result.output
    for word in ("DIABETIC", "INSULIN", "HALAL", "PREGNANT", "KSML KL HK1", "MEDA CASE"):
        assert word not in result.output


def test_tokenizer_findings_on_withheld_segments_do_not_quote_them() -> None:
    raw = push(pnr("TIF+LOBB+MOLLYMRS:A:1", "IFT+4:28::KL+WHEELCHAIR FOR PAX'S MOTHER"))
    (parsed,) = parse_pnrgov(raw)
    assert parsed.bookings[0].sensitive_removed == 1
    (rejoined,) = [f for f in parsed.findings if f.code == "edifact.unreleased-terminator"]
    assert "withheld as sensitive" in rejoined.message
    assert "WHEELCHAIR" not in json.dumps(to_contract(parsed))
