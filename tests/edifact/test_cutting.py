"""Segment cutting: bodies with released terminators are cut as the piece-by-piece
loop cuts them, without running it over every segment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.edifact import DEFAULT_DELIMITERS, Interchange
from paxscreen.edifact.cutting import cut_segments

PIECES = ["NAD+", "SRC", "SRC ", "FOO", "1AB+", "TIF +", "O", "?", "??", "?'", "'", "'\n", " ", "A"]


def _cut(body: str, *, careful: bool) -> tuple[object, list[object]]:
    interchange = Interchange(raw=b"", text=body, encoding="ascii", delimiters=DEFAULT_DELIMITERS)
    cut = cut_segments(interchange, body, 0, careful=careful)
    return cut, interchange.findings


@pytest.mark.parametrize(
    "body",
    [
        "UNH+1'NAD+FL+++O?'NEAL:JOHN'SRC'TIF+D?'ORE?'?'X'UNT+4+1'",
        "UNH+1'NAD+FL+++O??'SRC'TIF+D?'ORE'",  # an even run ends the segment
        "UNH+1'NAD+FL+++O?'NEAL'BRIEN'UNT+3+1'",  # an unreleased one too: the loop runs
        "  UNH+1'\n  TIF+A?'B'\nSRC'tail",  # blanks before tags, junk at the end
    ],
)
def test_released_terminators_cut_as_the_careful_loop_cuts(body: str) -> None:
    assert _cut(body, careful=False) == _cut(body, careful=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24))
def test_any_body_with_released_terminators_cuts_as_the_careful_loop(pieces: list[str]) -> None:
    body = "UNH+1?'" + "".join(pieces)
    assert _cut(body, careful=False) == _cut(body, careful=True)
