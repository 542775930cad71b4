"""The EDIFACT redaction's two ways to find component spans must agree.

`_plain_components` counts the spans from the tokenizer's elements and falls back
to `_walked_components` (a walk over the text, separator by separator) whenever
the text does not show the elements as sent. Whatever the service characters,
release characters, wraps or terminator twins, the spans must be the walk's.
Likewise `_may_hold_card`, which lets payments and remarks go unwalked, must never
pass over a segment in which the walk would find a card number to mask.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.edifact import tokenize
from paxscreen.privacy.redaction_edifact import (
    CARD_COMPONENT,
    FREE_TEXT_TAGS,
    _components,
    _fop_cards,
    _may_hold_card,
    _syntax,
    _text_cards,
    _walked_components,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
EDIFACT = (FIXTURES / "pnr" / "full_push_13_1.edi").read_text()
SERVICE_CHARACTERS = ":+?'*|!~#^@\\"


def _assert_spans_as_walked(raw: bytes) -> None:
    interchange = tokenize(raw)
    syntax, text = _syntax(interchange.delimiters), interchange.text
    for segment in interchange.segments:
        element_at = segment.offset + len(segment.tag)
        has_data = element_at < len(text) and text[element_at] == syntax.element
        walked = _walked_components(text, element_at + 1, syntax) if has_data else []
        assert _components(text, segment, syntax) == walked, str(segment)
        card_only = _components(text, segment, syntax, only=CARD_COMPONENT)
        assert [part for part in card_only if part.component == CARD_COMPONENT] == [
            part for part in walked if part.component == CARD_COMPONENT
        ], str(segment)


@pytest.mark.parametrize(
    "path",
    sorted(path for path in FIXTURES.rglob("*.edi")),
    ids=lambda path: path.name,
)
def test_counted_spans_are_the_walked_ones_in_every_fixture(path: Path) -> None:
    _assert_spans_as_walked(path.read_bytes())


@pytest.mark.parametrize(
    "change",
    [
        ("PAX NEEDS WHEELCHAIR", "PAX NEEDS?+WHEEL?:CHAIR"),  # released separators
        ("PAX NEEDS WHEELCHAIR", "PAX NEEDS\nWHEELCHAIR"),  # a Type-B line wrap
        ("PAX NEEDS WHEELCHAIR", "PAX O\u2019NEEDS WHEELCHAIR"),  # the terminator's twin
        ("PAX NEEDS WHEELCHAIR", "PAX NEEDS*WHEELCHAIR"),  # a repetition character
    ],
)
def test_counted_spans_are_the_walked_ones_around_odd_characters(change: tuple[str, str]) -> None:
    assert change[0] in EDIFACT
    raw = EDIFACT.replace("UNA:+.? '", "UNA:+.?*'").replace(*change).encode("utf-8")
    _assert_spans_as_walked(raw)


@settings(max_examples=30, deadline=None)
@given(
    st.permutations(list(SERVICE_CHARACTERS)).map(lambda chars: "".join(chars[:4])),
    st.sampled_from(["", "\n", "\r\n"]),
)
def test_counted_spans_are_the_walked_ones_for_any_service_characters(
    service: str, line_end: str
) -> None:
    source = EDIFACT.replace("PAX NEEDS WHEELCHAIR", "PAX NEEDS?+ WHEELCHAIR")
    custom = source.translate(str.maketrans(":+?'", service))
    _assert_spans_as_walked(custom.replace(service[3] + "\n", service[3] + line_end).encode())


def _assert_no_card_passed_over(raw: bytes) -> None:
    interchange = tokenize(raw)
    syntax, text, segments = _syntax(interchange.delimiters), interchange.text, interchange.segments
    for place, segment in enumerate(segments):
        if segment.tag != "FOP" and segment.tag not in FREE_TEXT_TAGS:
            continue
        if _may_hold_card(text, segments, place, syntax):
            continue
        element_at = segment.offset + len(segment.tag)
        has_data = element_at < len(text) and text[element_at] == syntax.element
        walked = _walked_components(text, element_at + 1, syntax) if has_data else []
        found = _fop_cards(text, walked) if segment.tag == "FOP" else _text_cards(text, walked)
        assert found == [], str(segment)


@pytest.mark.parametrize(
    "path",
    sorted(path for path in FIXTURES.rglob("*.edi")),
    ids=lambda path: path.name,
)
def test_no_card_is_passed_over_in_any_fixture(path: Path) -> None:
    _assert_no_card_passed_over(path.read_bytes())


_CARDS = ["4111111111111111", "5500 0055 5555 5559", "340000000000009", "XXXX1111"]
_NOISE = st.text(alphabet="0123 -X:+?'*\n\u2019\u00b2", max_size=6)  # separators, wraps...


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["FOP+CC::10.00:VI:", "IFT+4:28::LH+", "FTX+BAG+++"]),
    st.sampled_from(_CARDS),
    st.integers(min_value=0, max_value=19),
    _NOISE,
    _NOISE,
)
def test_no_card_is_passed_over_whatever_the_text(
    head: str, card: str, cut: int, inside: str, after: str
) -> None:
    """Cards standing whole, split by (released) separators, wrapped or with odd digits."""
    body = f"{head}{card[:cut]}{inside}{card[cut:]}:{after}'"
    raw = "UNA:+.?*'UNB+UNOC:4+LH+USCBP+260301:0900+1'" + body + "UNZ+1+1'"
    _assert_no_card_passed_over(raw.encode("utf-8"))
