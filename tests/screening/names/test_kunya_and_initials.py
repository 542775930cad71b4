"""A traveller who writes only the kunya's head, or initials, is found when the date agrees."""

from __future__ import annotations

from paxscreen.model.dates import PartialDate
from paxscreen.screening.names import DateKind, DateSpec, Subject, normalise_name
from paxscreen.screening.names.matcher import Matcher
from paxscreen.screening.names.score import Band

BORN = PartialDate(1981, 4, 2)
LIST = [
    Subject(names=[normalise_name("ABOU MOHAMED AL ADNANI")], dates_of_birth=[DateSpec(BORN)]),
    Subject(names=[normalise_name("ABDUL RAUF ZAKIR")], dates_of_birth=[DateSpec(BORN)]),
    Subject(names=[normalise_name("ABU ZUBAYDAH")], dates_of_birth=[DateSpec(BORN)]),
]


def best(given: str, surname: str, born: PartialDate) -> tuple[int, Band] | None:
    matcher = Matcher.from_subjects(LIST, review_threshold=0.70, alert_threshold=0.88)
    query = Subject(
        names=[normalise_name(given_names=given, surname=surname)],
        dates_of_birth=[DateSpec(born)],
    )
    found = matcher.screen(query, top=1)
    return (found[0].entry, found[0].band) if found else None


def test_bare_kunya_head_normalises_to_one_spelling() -> None:
    token = normalise_name(given_names="ABOU", surname="AL ADNANI").tokens[0]
    assert (token.text, token.is_head) == ("ABU", True)


def test_kunya_head_and_surname_with_the_same_date_are_reviewed() -> None:
    assert best("ABOU", "AL ADNANI", BORN) == (0, Band.REVIEW)
    found = best("ABOU", "AL ADNANI", PartialDate(1960, 9, 9))
    assert found is None or found[1] is Band.CLEAR


def test_compound_head_and_initial_are_reviewed_with_the_same_date() -> None:
    assert best("ABDUL R", "ZAKIR", BORN) == (1, Band.REVIEW)


def test_kunya_split_across_given_name_and_surname_still_meets_its_compound() -> None:
    entry, band = best("ABU", "ZUBAYDAH", BORN) or (-1, Band.CLEAR)
    assert entry == 2 and band is not Band.CLEAR


def test_head_before_a_nisba_is_not_fused_across_the_surname() -> None:
    texts = normalise_name(given_names="ABD", surname="AL-MUTAYRI").texts
    assert texts == ("ABD", "MUTAYRI")


def test_head_and_rare_surname_inside_a_listed_range_are_reviewed() -> None:
    listed = Subject(
        names=[normalise_name("ABDUL RAUF ZAKIR")],
        dates_of_birth=[DateSpec(PartialDate(1969), DateKind.RANGE, year_to=1971)],
    )
    matcher = Matcher.from_subjects([listed], review_threshold=0.70, alert_threshold=0.88)

    def band(born: PartialDate) -> Band:
        query = Subject(
            names=[normalise_name(given_names="ABDUL", surname="ZAKIR")],
            dates_of_birth=[DateSpec(born)],
        )
        found = matcher.screen(query, top=1)
        return found[0].band if found else Band.CLEAR

    assert band(PartialDate(1970, 3, 3)) is Band.REVIEW
    assert band(PartialDate(1985, 3, 3)) is Band.CLEAR
