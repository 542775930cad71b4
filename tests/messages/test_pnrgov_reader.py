"""The PNR reader's shared helpers: free text joined from a segment's elements."""

from __future__ import annotations

import pytest

from paxscreen.messages.pnrgov_reader import joined_text


def _careful(elements: list[list[str]], start: int) -> str:
    """The join `joined_text` shortens for one element of one component."""
    parts = [":".join(filter(None, element)) for element in elements[start:]]
    return " ".join(filter(None, parts)).strip()


@pytest.mark.parametrize(
    "elements",
    [
        [["4", "28", "", "DE"], ["CTCE MOLLY//MAIL.COM"]],
        [["4", "28"], ["  PADDED TEXT  "]],
        [["4", "28"], [""]],
        [["4", "28"], []],
        [["4", "28"], ["HALF", "", "OTHER"]],
        [["4", "28"], ["ONE"], ["TWO", "THREE"]],
        [["4", "28"]],
        [],
        [["ONLY"]],
    ],
)
@pytest.mark.parametrize("start", [0, 1])
def test_joined_text_gives_the_careful_join(elements: list[list[str]], start: int) -> None:
    assert joined_text(elements, start) == _careful(elements, start)
