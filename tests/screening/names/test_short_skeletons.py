"""Latin names against Arabic-script ones: one consonant off a one-letter skeleton is any name."""

from paxscreen.screening.names.similarity import Agreement, compare_texts


def test_a_long_skeleton_still_agrees() -> None:
    assert compare_texts("AHMAD", "AHMD", True) is Agreement.SKELETON
    assert compare_texts("OTHMAN", "THMN", True) is Agreement.SKELETON


def test_an_equal_short_skeleton_still_agrees() -> None:
    assert compare_texts("ALI", "ELY", True) is Agreement.SKELETON  # cross-script pairs need it


def test_one_consonant_off_a_one_consonant_skeleton_is_no_agreement() -> None:
    assert compare_texts("RAHUL", "LLH", True) is Agreement.NONE  # R-L against L
    assert compare_texts("RAO", "KK", True) is Agreement.NONE  # R against K
    assert compare_texts("USMAN", "NMNA", True) is Agreement.FUZZY  # S-M-N against N-M-N
