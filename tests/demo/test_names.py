from __future__ import annotations

import random

import pytest

from paxscreen.demo.names import name_tables, to_booking_form, to_mrz_form
from paxscreen.demo.variants import swap_day_month, with_typo


@pytest.mark.parametrize(
    ("native", "mrz"),
    [
        ("MÜLLER", "MUELLER"),
        ("SCHRÖDER", "SCHROEDER"),
        ("GROSSMANN", "GROSSMANN"),
        ("STRAUß", "STRAUSS"),
        ("O'BRIEN", "OBRIEN"),
        ("HANS-PETER", "HANS PETER"),
        ("ŁUKASZ", "LUKASZ"),
        ("ŞİMŞEK", "SIMSEK"),
        ("GONÇALVES", "GONCALVES"),
        ("ÅSA", "AASA"),
    ],
)
def test_mrz_form_follows_icao_9303(native: str, mrz: str) -> None:
    assert to_mrz_form(native) == mrz


def test_booking_form_drops_diacritics_without_icao_expansion() -> None:
    assert to_booking_form("MÜLLER") == "MULLER"
    assert to_booking_form("O'NEILL") == "O'NEILL"
    assert to_booking_form("O'NEILL", keep_apostrophe=False) == "ONEILL"


def test_common_surnames_dominate_each_region() -> None:
    rng = random.Random(5)
    german = name_tables()["german"]
    draws = [german.surname(rng) for _ in range(5000)]
    assert draws.count("MÜLLER") > draws.count("GRUBER") * 5
    assert draws.count("MÜLLER") / len(draws) > 0.08


def test_every_region_has_surnames_and_given_names_for_both_sexes() -> None:
    for region in name_tables().values():
        rng = random.Random(1)
        assert region.surname(rng) and region.given(rng, "M") and region.given(rng, "F")


def test_typo_changes_the_surname_by_one_edit() -> None:
    rng = random.Random(3)
    for surname in ("KOWALSKI", "ABDULLAH", "SMITH"):
        typo = with_typo(rng, surname)
        assert typo != surname
        assert abs(len(typo) - len(surname)) <= 1


def test_day_month_swap() -> None:
    import datetime as dt

    assert swap_day_month(dt.date(1980, 4, 7)) == dt.date(1980, 7, 4)
