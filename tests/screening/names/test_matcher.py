from __future__ import annotations

from paxscreen.model.dates import PartialDate
from paxscreen.screening.names import DateSpec, Document, Subject, normalise_name
from paxscreen.screening.names.index import NameIndex
from paxscreen.screening.names.matcher import Matcher
from paxscreen.screening.names.score import Band

LIST = [
    Subject(
        names=[normalise_name("AYMAN MUHAMMAD RABI AL-ZAWAHIRI")],
        dates_of_birth=[DateSpec(PartialDate(1951, 6, 19))],
    ),
    Subject(names=[normalise_name("XI JIN PING")]),
    Subject(names=[normalise_name("HAQQANI")]),
    Subject(names=[normalise_name("JOHN ROBERT SMITH")], documents=[Document("X1234567", "GB")]),
] + [Subject(names=[normalise_name(f"MOHAMMED ALI NUMBER{i:05d}")]) for i in range(2000)]


def matcher() -> Matcher:
    return Matcher.from_subjects(LIST, review_threshold=0.70, alert_threshold=0.88)


def screen(name: str, **kw: object) -> list[tuple[int, Band]]:
    query = Subject(names=[normalise_name(name)], **kw)  # type: ignore[arg-type]
    return [(m.entry, m.band) for m in matcher().screen(query, top=3)]


def test_typos_and_dropped_middle_names_are_found() -> None:
    entry, band = screen("AIMAN ZAWAHRI")[0]
    assert entry == 0 and band in (Band.REVIEW, Band.ALERT)


def test_merged_syllables_are_found() -> None:
    assert screen("XI JINPING")[0][0] == 1


def test_single_name_list_entry_is_found_but_only_reviewed() -> None:
    assert screen("SIRAJUDDIN HAQQANI")[0][0] == 2
    assert all(band is not Band.ALERT for _, band in screen("HAQQANI"))


def test_document_number_finds_entry_whatever_the_name() -> None:
    found = screen("NOBODY ELSE", documents=[Document("X1234567", "GB")])
    assert found[0] == (3, Band.ALERT)


def test_very_common_pair_is_capped_per_key() -> None:
    index = NameIndex(per_key_cap=50, budget=100, max_entries=5).build(
        (entry, 0, subject.names[0]) for entry, subject in enumerate(LIST)
    )
    found = index.candidates([normalise_name("MOHAMMED ALI")])
    assert 0 < len(found) <= 5


def test_innocent_traveller_gets_no_candidates() -> None:
    assert screen("PIERRE DUBOIS") == []
