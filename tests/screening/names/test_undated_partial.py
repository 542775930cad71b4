"""An undated list entry: part of its name is a namesake, a dropped middle name is not."""

from __future__ import annotations

from paxscreen.model.dates import PartialDate
from paxscreen.screening.names import DateSpec, Subject, normalise_name, score_subjects
from paxscreen.screening.names.dob import DobAgreement

REVIEW = 0.70


def undated(name: str = "", *, given: str = "", surname: str = "") -> Subject:
    listed = normalise_name(name) if name else normalise_name(given_names=given, surname=surname)
    return Subject(names=[listed])


def passenger(given: str, surname: str) -> Subject:
    return Subject(
        names=[normalise_name(given_names=given, surname=surname)],
        dates_of_birth=[DateSpec(PartialDate(1971, 8, 23))],
    )


def test_a_missing_last_part_of_an_undated_entry_stays_below_review() -> None:
    explanation = score_subjects(passenger("AHMED", "HAMDAN"), undated("AHMED HAMDAN GEDO"))
    assert explanation.dob is DobAgreement.NOT_LISTED
    assert explanation.score < REVIEW
    assert "capped: part of the name of an entry without a date" in explanation.caps


def test_an_extra_traveller_part_against_an_undated_entry_stays_below_review() -> None:
    explanation = score_subjects(passenger("AMIR MEHDI", "RAHIMI"), undated("AMIR RAHIMI"))
    assert explanation.score < REVIEW


def test_a_dropped_middle_name_of_an_undated_entry_is_still_reviewed() -> None:
    structured = undated(given="RUTH CECILIA", surname="VELASQUEZ RODRIGUEZ")
    assert score_subjects(passenger("RUTH", "VELASQUEZ RODRIGUEZ"), structured).score >= REVIEW
    unstructured = undated("ABBAS REZAEE ASHTIANI")
    assert score_subjects(passenger("ABBAS", "ASHTIANI"), unstructured).score >= REVIEW


def test_the_whole_name_of_an_undated_entry_is_still_reviewed() -> None:
    assert score_subjects(passenger("AMIR", "RAHIMI"), undated("AMIR RAHIMI")).score >= REVIEW


def test_a_short_part_with_a_typo_is_no_missing_part() -> None:
    explanation = score_subjects(passenger("CHOE CHUN", "YOG"), undated("CHOE CHUN YONG"))
    assert "capped: part of the name of an entry without a date" not in explanation.caps
    assert explanation.score >= REVIEW
