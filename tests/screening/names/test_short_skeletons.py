"""Latin names against Arabic-script ones: short consonant skeletons identify no one."""

from paxscreen.screening.names.similarity import Agreement, compare_texts


def test_a_long_skeleton_still_agrees() -> None:
    assert compare_texts("AHMAD", "AHMD", True) is Agreement.SKELETON
    assert compare_texts("OTHMAN", "THMN", True) is Agreement.SKELETON


def test_a_two_consonant_skeleton_is_only_weak() -> None:
    # MEHDI and MHMD (Mohammed) both reduce to M-D; LEILA and LLH (Allah) to L.
    assert compare_texts("MEHDI", "MHMD", True) is Agreement.WEAK
    assert compare_texts("LEILA", "LLH", True) is Agreement.WEAK


def test_one_consonant_off_needs_long_skeletons_that_begin_alike() -> None:
    assert compare_texts("RAHUL", "LLH", True) is Agreement.NONE  # R-L against L
    assert compare_texts("USMAN", "NMNA", True) is Agreement.NONE  # S-M-N against N-M-N
    assert compare_texts("YASSIN", "HSN", True) is Agreement.NONE
