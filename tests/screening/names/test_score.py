from __future__ import annotations

from paxscreen.model.dates import PartialDate
from paxscreen.screening.names import DateSpec, Document, Subject, normalise_name, score_subjects
from paxscreen.screening.names.dob import DobAgreement
from paxscreen.screening.names.score import Band, DocumentAgreement, band_for
from paxscreen.screening.names.similarity import Agreement, compare_texts, compare_tokens

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


def test_weak_token_levels_support_but_do_not_make_a_match() -> None:
    assert compare_texts("ABU", "ABUMOHAMED") is Agreement.HEAD
    assert compare_texts("PETR", "PGTR") is Agreement.WEAK  # one letter off, short name
    assert compare_texts("KANG", "WANG") is Agreement.NONE  # another first letter: another name


ZAWAHIRI = Subject(
    names=[normalise_name(given_names="AYMAN", surname="AL-ZAWAHIRI")],
    dates_of_birth=[DateSpec(PartialDate(1951, 6, 19))],
)


def test_surname_and_fitting_initial_need_the_same_date_of_birth_for_review() -> None:
    def initial(dob: PartialDate | None) -> Band:
        query = Subject(
            names=[normalise_name(given_names="A", surname="AL ZAWAHIRI")],
            dates_of_birth=[DateSpec(dob)] if dob else [],
        )
        return band(score_subjects(query, ZAWAHIRI).score)

    assert initial(PartialDate(1951, 6, 19)) is Band.REVIEW  # never an alert on one name part
    assert initial(PartialDate(1951, 2, 3)) is Band.CLEAR
    assert initial(None) is Band.CLEAR


def test_moderate_name_with_the_same_date_of_birth_is_reviewed_not_alerted() -> None:
    def typo(dob: PartialDate) -> Band:
        query = Subject(
            names=[normalise_name(given_names="AIMEN", surname="ZAWAHARI")],
            dates_of_birth=[DateSpec(dob)],
        )
        return band(score_subjects(query, ZAWAHIRI).score)

    assert typo(PartialDate(1951, 6, 19)) in (Band.REVIEW, Band.ALERT)
    assert typo(PartialDate(1977, 6, 19)) is Band.CLEAR


def test_exact_name_without_a_listed_date_is_a_namesake_to_review() -> None:
    undated = Subject(names=[normalise_name("AMIR RAHIMI")])
    query = traveller("AMIR RAHIMI", dob=PartialDate(1978, 12, 13))
    result = score_subjects(query, undated)
    assert band(result.score) is Band.REVIEW
    assert any("no agreeing date of birth" in cap for cap in result.caps)


def test_common_partial_name_with_only_the_same_year_is_clear() -> None:
    listed = Subject(
        names=[normalise_name("ALI SADDAM HUSSEIN AL-TIKRITI")],
        dates_of_birth=[DateSpec(PartialDate(1983))],
    )
    query = Subject(
        names=[normalise_name(given_names="ALI", surname="HOSSEINI")],
        dates_of_birth=[DateSpec(PartialDate(1983, 11, 25))],
    )
    assert band(score_subjects(query, listed).score) is Band.CLEAR


def test_mistyped_compound_head_still_meets_the_compound() -> None:
    listed = Subject(names=[normalise_name(given_names="Abdul Kader Ibrahim", surname="MOHAMED")])
    for given in ("ADUL KADER IBRAHIM", "BADEL KADER IBRAHIM"):
        query = Subject(names=[normalise_name(given_names=given, surname="MOHAMED")])
        assert band(score_subjects(query, listed).score) is not Band.CLEAR, given


def test_compound_half_alone_agrees_with_the_compound() -> None:
    (compound,) = normalise_name("ABDUL MANAN").tokens
    (half,) = normalise_name("MANAN").tokens
    assert compare_tokens(half, compound) is Agreement.HALF
    assert compare_tokens(normalise_name("SATAR").tokens[0], compound) is Agreement.NONE


def test_an_undated_list_entry_needs_a_stronger_name_than_an_undated_traveller() -> None:
    listed = Subject(names=[normalise_name(given_names="Camilo", surname="TORRES MARTINEZ")])
    query = Subject(
        names=[normalise_name(given_names="CAMILA", surname="MARTINEZ")],
        dates_of_birth=[DateSpec(PartialDate(1975, 7, 12))],
    )
    without_list_date = score_subjects(query, listed)
    assert without_list_date.dob is DobAgreement.NOT_LISTED
    pnr_only = score_subjects(Subject(names=query.names), listed)
    assert pnr_only.dob is DobAgreement.UNKNOWN
    assert without_list_date.score < pnr_only.score


def test_same_year_only_alerts_on_a_near_exact_name_alone() -> None:
    listed = Subject(
        names=[normalise_name(given_names="Muhammad Yusuf Ahmad", surname="MANSUR")],
        dates_of_birth=[DateSpec(PartialDate(1980))],
    )

    def result(given: str, surname: str) -> Band:
        query = Subject(
            names=[normalise_name(given_names=given, surname=surname)],
            dates_of_birth=[DateSpec(PartialDate(1980, 7, 20))],
        )
        return band(score_subjects(query, listed).score)

    assert result("YOUSSEF", "MANSOUR") is Band.REVIEW  # two of four parts, the year: a namesake
    assert result("MUHAMMAD YUSUF AHMAD", "MANSUR") is Band.ALERT
