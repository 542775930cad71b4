"""Segment building: the bulk path for messages with release characters agrees with
building each segment on its own (the path wrapped lines take)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.edifact import DEFAULT_DELIMITERS, Interchange
from paxscreen.edifact.building import build_segments

PIECES = ["NAD", "SSR", "IFT", "SRC", "FOO", "x1", "+", ":", "?", "??", "?+", "?:", "A", "12", " "]


def _build(texts: list[str], *, one_by_one: bool, strict: bool) -> tuple[object, list[object]]:
    interchange = Interchange(raw=b"", text="".join(texts), encoding="ascii",
                              delimiters=DEFAULT_DELIMITERS)  # fmt: skip
    offsets = [sum(len(text) + 1 for text in texts[:number]) for number in range(len(texts))]
    # has_wraps with texts free of line breaks only sends every text down the
    # one-by-one loop, which is the reference here
    segments = build_segments(
        interchange, texts, offsets, has_release=True, has_wraps=one_by_one, strict=strict
    )
    # a strict build that fails is thrown away with its findings (the careful cut follows)
    return segments, interchange.findings if segments is not None else []


@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize(
    "texts",
    [
        ["NAD+FL+++O?'NEAL:JOHN", "SSR+DOCS:HK", "SRC"],
        ["IFT+4:28+MAIL??HOME", "xyz+1", "TIF+A?", "FOO"],
        ["nad+1", "SSR+A?:B", "s?R+1", "RCI+KL:ABC"],
    ],
)
def test_release_messages_build_as_one_by_one(texts: list[str], strict: bool) -> None:
    assert _build(texts, one_by_one=False, strict=strict) == _build(
        texts, one_by_one=True, strict=strict
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join), max_size=8),
    st.booleans(),
)
def test_any_texts_build_as_one_by_one(texts: list[str], strict: bool) -> None:
    assert _build(texts, one_by_one=False, strict=strict) == _build(
        texts, one_by_one=True, strict=strict
    )
