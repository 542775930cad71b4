"""`in_order_by`: the readers' one-pass lookup of segments by tag and groups by name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paxscreen.messages.grouping import in_order_by


def test_items_are_filed_under_their_key_in_arrival_order() -> None:
    segments = [("RCI", 1), ("SSR", 2), ("RCI", 3), ("DAT", 4), ("SSR", 5)]
    found = in_order_by(segments, lambda segment: segment[0])
    assert found == {"RCI": [("RCI", 1), ("RCI", 3)], "SSR": [("SSR", 2), ("SSR", 5)],
                     "DAT": [("DAT", 4)]}  # fmt: skip
    assert list(found) == ["RCI", "SSR", "DAT"]  # keys in order of first sight


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.integers())))
def test_same_as_filtering_once_per_key(items: list[tuple[str, int]]) -> None:
    found = in_order_by(items, lambda item: item[0])
    keys = dict.fromkeys(key for key, _value in items)
    assert found == {key: [item for item in items if item[0] == key] for key in keys}
