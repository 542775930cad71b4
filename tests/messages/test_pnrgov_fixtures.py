"""Our own PNRGOV fixtures against the JSON contract stored beside each one.

`tests/fixtures/pnr/<name>.{edi,xml}` is read with a fixed card-hash key and its
contract compared with `<name>.json` (findings by code). When a deliberate
change alters the output, regenerate the JSON, read the diff, and commit both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paxscreen.messages import to_contract
from paxscreen.messages.pnrgov import parse_pnrgov

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pnr"
CASES = sorted(path for path in FIXTURES.iterdir() if path.suffix in (".edi", ".xml"))


def contract_of(path: Path) -> dict[str, object]:
    (parsed,) = parse_pnrgov(path.read_bytes(), message_id=path.stem, card_hash_key=b"fixture-key")
    document = to_contract(parsed)
    document["findings"] = sorted({finding["code"] for finding in document["findings"]})
    return document


@pytest.mark.parametrize("path", CASES, ids=[path.name for path in CASES])
def test_fixture_matches_its_expected_contract(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert contract_of(path) == expected


def test_every_fixture_has_its_expected_json() -> None:
    assert CASES and all(path.with_suffix(".json").exists() for path in CASES)


def test_full_push_fixture_covers_what_analysts_need() -> None:
    document = contract_of(FIXTURES / "full_push_13_1.edi")
    active, cancelled, group = document["bookings"]  # type: ignore[misc]
    assert (active["status"], cancelled["status"]) == ("active", "cancelled")
    assert active["sensitive_codes"] == ["KSML", "OSI:health"]
    assert [t["type"] for t in active["travellers"]] == ["A", "IN"]
    assert active["travellers"][1]["infant_of"] == 0
    assert active["split_locators"] == ["QX7T2Q"]
    assert group["group_name"] == "SEETHE WORLD"
    assert "4111111111111111" not in json.dumps(document)
    assert "WHEELCHAIR" not in json.dumps(document)
