from __future__ import annotations

from pathlib import Path

import pytest

from paxscreen.errors import ImportFormatError
from paxscreen.screening.documents import DocumentMatch, read_document_list
from paxscreen.screening.watchlists.model import DocumentStatus


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "docs.csv"
    path.write_text(text)
    return path


def test_exact_number_and_state_hit_and_ocr_lookalike_is_weaker(tmp_path: Path) -> None:
    listed = read_document_list(
        write(tmp_path, "type,number,issuing_state,status\nP,X1234O67,FRA,stolen\n")
    )
    (exact,) = listed.check("x1234o67", "FR")
    assert exact.match is DocumentMatch.EXACT and exact.listed.status is DocumentStatus.STOLEN
    (ocr,) = listed.check("X1234067", "FRA")
    assert ocr.match is DocumentMatch.OCR and ocr.score < exact.score
    assert listed.check("X1234O67", "DE") == []


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("type,issuing_state\nP,FR\n", "lacks column number", 1),
        ("type,number,issuing_state\nP,,FR\n", "empty document number", 2),
        ("type,number,issuing_state,status\nP,AB123456,FR,misplaced\n", "unknown status", 2),
        ("type,number,issuing_state\nP,AB123456,ATLANTIS\n", "unknown issuing state", 2),
    ],
)
def test_malformed_document_list_names_line(
    tmp_path: Path, text: str, reason: str, line: int
) -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_document_list(write(tmp_path, text))
    assert reason in caught.value.reason and caught.value.line == line
