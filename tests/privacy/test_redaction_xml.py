"""The XML redaction's quick test for card numbers must never pass over one.

`_may_hold_card` lets a payment tag go without reading its attributes when no
value can hold the 11 digits a masked card number needs; whatever the quoting,
spacing, entities or mask characters, `card_digit_ranges` must then find nothing
in any of its attributes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.privacy.redaction import card_digit_ranges
from paxscreen.privacy.redaction_xml import _TAG, _attributes, _may_hold_card

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _assert_no_card_passed_over(raw: bytes) -> None:
    for tag in _TAG.finditer(raw):
        if tag.group(1) or _may_hold_card(tag.group()):
            continue
        for _name, start, end in _attributes(tag):
            value = raw[start:end].decode("ascii", "replace")
            assert card_digit_ranges(value, range(start, end), in_text=False) == [], tag.group()


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.xml")), ids=lambda path: path.name)
def test_no_card_is_passed_over_in_any_fixture(path: Path) -> None:
    _assert_no_card_passed_over(path.read_bytes())


_CARDS = [
    "4111111111111111",
    "5500 0055 5555 5559",
    "3400-0000-0000-009",
    "XXXX1111",
    "12345678901",
]
_NOISE = st.text(alphabet="0123 -X\"'&#;=\u00b2\n", max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(['"', "'"]),
    st.sampled_from(_CARDS),
    st.integers(min_value=0, max_value=19),
    _NOISE,
    _NOISE,
)
def test_no_card_is_passed_over_whatever_the_value(
    quote: str, card: str, cut: int, inside: str, other: str
) -> None:
    """Numbers whole, split by blanks, quotes, entities or odd digits, beside other values."""
    value = f"{card[:cut]}{inside}{card[cut:]}".replace(quote, "")
    other = other.replace('"', "")
    tag = f'<PaymentInfo Amount="{other}" AccountNbr={quote}{value}{quote} ExpiryDate="0731"/>'
    _assert_no_card_passed_over(tag.encode("utf-8"))
