"""PNRs skipped as unchanged are redacted at the same places, remembered or read again."""

from __future__ import annotations

from pathlib import Path

from paxscreen.findings import Finding
from paxscreen.ingest.parsing import parse_units, unchanged_findings
from paxscreen.ingest.redaction_marks import REDACTION_CODES, forget_all
from paxscreen.privacy.redaction import redact_raw

RAW = (Path(__file__).parents[1] / "fixtures" / "pnr" / "full_push_13_1.edi").read_bytes()
KEY = "redaction-marks-test-key-0123456789"


def _places(findings: list[Finding]) -> set[tuple[str, int]]:
    return {
        (finding.code, finding.position.segment)
        for finding in findings
        if finding.code in REDACTION_CODES and finding.position is not None
    }


def test_remembered_marks_equal_a_fresh_read_and_redact_alike() -> None:
    forget_all()
    first = parse_units(RAW, message_id="m1", secret_key=KEY)  # every PNR read: remembered
    expected = _places([finding for unit in first.units for finding in unit.findings])
    assert expected, "the fixture holds sensitive items or cards to redact"

    repeat = parse_units(RAW, message_id="m2", secret_key=KEY, unchanged=set)
    assert all(digest.fingerprints is None for digest in repeat.digests)  # nothing read
    assert sum(len(digest.unchanged) for digest in repeat.digests) > 1
    remembered = unchanged_findings(RAW, repeat, message_id="m2", secret_key=KEY)
    forget_all()
    read_again = unchanged_findings(RAW, repeat, message_id="m2", secret_key=KEY)

    assert _places(remembered) == _places(read_again) == expected
    redacted = [
        redact_raw(RAW, findings=found, format="edifact", interchange=repeat.interchange).raw
        for found in (remembered, read_again)
    ]
    assert redacted[0] == redacted[1] != RAW
