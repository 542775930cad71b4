"""Every fixture of tests/fixtures/api parses to its expectation file (see paxlst_fixtures)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.messages.paxlst_fixtures import fixture_paths, project

REGENERATE = os.environ.get("PAXSCREEN_REGENERATE_FIXTURES") == "1"


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda path: path.stem)
def test_fixture_parses_to_its_expectation(path: Path) -> None:
    expected_path = path.with_suffix(".expected.json")
    actual = project(path.read_bytes())
    if REGENERATE:
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n")
    assert expected_path.exists(), f"no expectation beside {path.name}"
    assert actual == json.loads(expected_path.read_text())


def test_every_fixture_has_an_expectation_and_no_parser_failure() -> None:
    paths = fixture_paths()
    assert len(paths) >= 38
    for path in paths:
        for message in project(path.read_bytes()).get("messages", []):
            assert "messages.parser-failed" not in message["finding_codes"], path.name
