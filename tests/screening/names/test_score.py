from __future__ import annotations

from paxscreen.model.dates import PartialDate
from paxscreen.screening.names import DateSpec, Document, Subject, normalise_name, score_subjects
from paxscreen.screening.names.dob import DobAgreement
from paxscreen.screening.names.score import Band, DocumentAgreement, band_for
from paxscreen.screening.names.similarity import Agreement, compare_texts

ENTRY = Subject(
    names=[normalise_name("Mohammed bin Salman Al Saud"), normalise_name("محمد بن سلمان")],
    dates_of_birth=[DateSpec(PartialDate(1985, 8, 3))],
    nationalities=frozenset({"SA"}),
    documents=[Document(number="K1234567", issuing_state="SA")],
)


def traveller(
    name: str, dob: PartialDate | None = PartialDate(1985, 8, 3), **kw: object
) -> Subject:
    return Subject(
        names=[normalise_name(name)],
        dates_of_birth=[DateSpec(dob)] if dob else [],
        nationalities=frozenset({"SA"}),
        **kw,  # type: ignore[arg-type]
    )


def score(name: str, **kw: object) -> float:
    return score_subjects(traveller(name, **kw), ENTRY).score  # type: ignore[arg-type]


def band(value: float) -> Band:
    return band_for(value, review_threshold=0.70, alert_threshold=0.88)


def test_token_agreement_levels() -> None:
    assert compare_texts("MOHAMMED", "MUHAMMAD") is Agreement.VARIANT
    assert compare_texts("ZAWAHIRI", "ZAWAHRI") is Agreement.TYPO
    assert compare_texts("QADHAFI", "GADDAFI") is Agreement.VARIANT
    assert compare_texts("HUSAYN", "HUSEYN") is Agreement.TYPO
    assert compare_texts("J", "JOHN") is Agreement.INITIAL
    assert compare_texts("SMITH", "JONES") is Agreement.NONE


def test_transliteration_variants_and_original_script_alert() -> None:
    assert band(score("MUHAMMAD IBN SALMAN AL SAUD")) is Band.ALERT
    assert band(score("محمد بن سلمان")) is Band.ALERT


def test_swapped_father_and_son_do_not_alert() -> None:
    assert band(score("SALMAN BIN MOHAMMED AL SAUD")) is not Band.ALERT


def test_dob_conflict_lowers_but_day_month_swap_does_not() -> None:
    assert score("Mohammed bin Salman Al Saud", dob=PartialDate(1970, 1, 5)) < 0.85
    swapped = score_subjects(traveller("Mohammed bin Salman", dob=PartialDate(1985, 3, 8)), ENTRY)
    assert swapped.dob is DobAgreement.DAY_MONTH_SWAPPED
    assert band(swapped.score) is Band.ALERT


def test_one_word_match_never_reaches_review_even_with_same_dob() -> None:
    result = score_subjects(traveller("SALMAN KHAN"), ENTRY)
    assert band(result.score) is Band.CLEAR


def test_document_and_issuing_state_are_decisive() -> None:
    result = score_subjects(traveller("X YZ", documents=[Document("K1234567", "SA")]), ENTRY)
    assert result.document is DocumentAgreement.EXACT
    assert band(result.score) is Band.ALERT


def test_ocr_lookalike_document_needs_a_plausible_name() -> None:
    near = score_subjects(traveller("M SALMAN", documents=[Document("K12345G7", "SA")]), ENTRY)
    assert near.document is DocumentAgreement.OCR
    assert band(near.score) is Band.ALERT


def test_every_score_has_an_explanation_naming_the_parts() -> None:
    text = score_subjects(traveller("MUHAMMAD SAUD"), ENTRY).to_text()
    assert "MUHAMMAD=MOHAMMED variant" in text
    assert "SALMAN only in list" in text
    assert "dob exact" in text


def test_unrelated_person_is_clear() -> None:
    assert band(score("MOHAMMED BIN RASHID AL MAKTOUM", dob=PartialDate(1949, 7, 15))) is Band.CLEAR
