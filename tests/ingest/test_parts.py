"""Multi-part sets: any order, completion by final part or EQN total, named gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from paxscreen.ingest.parts import (
    Part,
    PartSet,
    add_part,
    incomplete_finding,
    is_expired,
    is_multipart,
    missing_parts,
)
from paxscreen.model import Message

NOW = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)


def _collect(parts: list[Part]) -> PartSet:
    part_set = None
    for part in parts:
        part_set = add_part(part_set, part, key="k", now=NOW)
    assert part_set is not None
    return part_set


def test_parts_out_of_order_complete_when_final_and_all_before_are_in() -> None:
    part_set = _collect([Part("c", 3, True), Part("a", 1, False)])
    assert not part_set.is_complete
    part_set = add_part(part_set, Part("b", 2, False), key="k", now=NOW)
    assert part_set.is_complete
    assert part_set.ordered_message_ids() == ["a", "b", "c"]


def test_pnr_count_reaching_eqn_completes_without_final_flag() -> None:
    part_set = _collect([Part("b", 2, False, 3, 5), Part("a", 1, False, 2, 5)])
    assert part_set.is_complete


def test_resent_part_number_is_ignored() -> None:
    part_set = _collect([Part("a", 1, False), Part("a2", 1, False)])
    assert part_set.ordered_message_ids() == ["a"]


def test_missing_parts_are_named() -> None:
    part_set = _collect([Part("a", 1, False), Part("d", 4, True)])
    assert missing_parts(part_set) == ["2", "3"]
    finding = incomplete_finding(part_set)
    assert finding.code == "ingest.missing-parts"
    assert "missing 2, 3" in finding.message


def test_missing_final_part_is_named() -> None:
    part_set = _collect([Part("a", 1, False), Part("b", 2, False)])
    assert missing_parts(part_set) == ["after 2 (final part not received)"]


def test_expiry_uses_first_arrival() -> None:
    part_set = _collect([Part("a", 1, False)])
    timeout = dt.timedelta(minutes=5)
    assert not is_expired(part_set, now=NOW + dt.timedelta(minutes=4), timeout=timeout)
    assert is_expired(part_set, now=NOW + dt.timedelta(minutes=5), timeout=timeout)


@pytest.mark.parametrize(
    ("number", "last", "expected"),
    [
        (None, None, False),
        (1, True, False),
        (1, None, False),
        (1, False, True),
        (2, None, True),
        (3, True, True),
    ],
)
def test_is_multipart(number: int | None, last: bool | None, expected: bool) -> None:
    assert is_multipart(Message(raw=b"", part_number=number, last_part=last)) is expected
