"""Every generated message parses: no error-level finding unless a defect was injected."""

from __future__ import annotations

import pytest
from tests.demo.conftest import START

from paxscreen.demo.generator import GenerateOptions
from paxscreen.demo.manifest import read_manifest
from paxscreen.findings import Severity

dispatch = pytest.importorskip("paxscreen.messages.dispatch")


def test_every_message_parses_cleanly_unless_a_defect_was_injected(
    small_set: tuple[GenerateOptions, dict[str, int]],
) -> None:
    options, _ = small_set
    checked = 0
    for entry in read_manifest(options.out / "manifest.json")["messages"]:
        raw = (options.out / "messages" / entry["file"]).read_bytes()
        parsed = dispatch.parse_interchange(raw, today=START)
        errors = [f for message in parsed for f in message.findings if f.severity is Severity.ERROR]
        if entry["defects"]:
            continue
        assert not errors, (entry["file"], errors[:3])
        if entry["type"] == "PNRGOV":
            assert sum(len(message.bookings) for message in parsed) == entry["pnr_count"], entry[
                "file"
            ]
        else:
            assert sum(len(message.travellers) for message in parsed) == entry["traveller_count"], (
                entry["file"]
            )
        checked += 1
    assert checked > 12


def test_defective_messages_still_yield_their_bookings(
    small_set: tuple[GenerateOptions, dict[str, int]],
) -> None:
    options, _ = small_set
    defective = [
        e for e in read_manifest(options.out / "manifest.json")["messages"] if e["defects"]
    ]
    assert defective
    for entry in defective:
        raw = (options.out / "messages" / entry["file"]).read_bytes()
        parsed = dispatch.parse_interchange(raw, today=START)
        if entry["type"] == "PNRGOV" and entry["defects"][0]["code"] != "wrapped-lines":
            assert sum(len(message.bookings) for message in parsed) == entry["pnr_count"], entry
