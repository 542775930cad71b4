from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paxscreen.screening.names.normalise import Role, normalise_name


def texts(name: str) -> list[str]:
    return list(normalise_name(name).texts)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Владимир Путин", ["VLADIMIR", "PUTIN"]),
        ("Hans-Peter Müller", ["HANS", "PETER", "MULLER"]),
        ("O'Brien, Dr. Sean", ["OBRIEN", "SEAN"]),
        ("M0HAMED ALI", ["MOHAMED", "ALI"]),
        ("ABD AL-RAHMAN", ["ABDRAHMAN"]),
        ("Abdurrahman", ["ABDRAHMAN"]),
        ("ABDUL RAHMAN", ["ABDRAHMAN"]),
        ("ABU BAKR AL-BAGHDADI", ["ABUBAKR", "BAGHDADI"]),
        ("김정은", ["GIM", "JEONG", "EUN"]),
        ("LE VAN AN", ["LE", "VAN", "AN"]),
    ],
)
def test_names_from_any_script_become_comparable_tokens(raw: str, expected: list[str]) -> None:
    assert texts(raw) == expected


def test_particle_is_kept_on_the_following_token_for_merged_comparison() -> None:
    name = normalise_name("Ludwig van der Bilt")
    assert [t.text for t in name.tokens] == ["LUDWIG", "BILT"]
    assert name.tokens[1].merged == "VANDERBILT"


def test_name_after_bin_is_the_fathers_name() -> None:
    name = normalise_name("Mohammed bin Salman Al Saud")
    assert [t.role for t in name.tokens] == [Role.UNKNOWN, Role.NASAB, Role.UNKNOWN]


def test_structured_name_keeps_given_and_family_roles() -> None:
    name = normalise_name(given_names="JOHN PAUL", surname="SMITH")
    assert name.structured
    assert [t.role for t in name.tokens] == [Role.GIVEN, Role.GIVEN, Role.FAMILY]


def test_arabic_script_tokens_are_marked_abjad() -> None:
    assert all(token.abjad for token in normalise_name("محمد علي").tokens)


@given(st.text(max_size=40))
def test_normalisation_is_idempotent(raw: str) -> None:
    once = " ".join(normalise_name(raw).texts)
    assert " ".join(normalise_name(once).texts) == once
