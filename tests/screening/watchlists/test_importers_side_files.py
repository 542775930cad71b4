"""The files that travel with the importers refuse malformed input too, naming file + line:
OFAC's alias file read beside sdn.csv, and the QUERIES / PAIRS files of `paxscreen screen`."""

from __future__ import annotations

from pathlib import Path

import pytest

from paxscreen.errors import ImportFormatError
from paxscreen.screening.watchlists import read_watchlist
from paxscreen.screening.watchlists.queries import read_pairs, read_queries

SDN_ROW = (
    '2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 19 Jun 1951."\n'
)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_ofac_alias_file_with_a_short_row_names_its_own_line(tmp_path: Path) -> None:
    alias = write(tmp_path, "ofac_alt.csv", '2676,1,"aka","SALIM, Ahmad Fuad",-0-\n2676,2\n')
    with pytest.raises(ImportFormatError, match="2 fields, an alias row has 5") as caught:
        read_watchlist(write(tmp_path, "ofac_sdn.csv", SDN_ROW), format="ofac-csv")
    assert caught.value.source == str(alias) and caught.value.line == 2


def test_ofac_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "sdn.csv", SDN_ROW.encode() + b"99,\xff\xfe broken\n")
    with pytest.raises(ImportFormatError, match="cannot read file"):
        read_watchlist(path, format="ofac-csv")


def test_ofac_row_whose_number_is_not_a_number_names_the_line(tmp_path: Path) -> None:
    text = SDN_ROW + SDN_ROW.replace("2676", "X12", 1)
    with pytest.raises(ImportFormatError, match="ent_num 'X12' is not a number") as caught:
        read_watchlist(write(tmp_path, "sdn.csv", text), format="ofac-csv")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("id,full_name,date_of_birth\nQ1,Someone,1990-13-45\n", "not a date of birth", 2),
        ("id,full_name\nQ1,Someone\nQ2,'\n", "name has no letters", 3),
        ("full_name\nSomeone\n", "header lacks", 1),
    ],
)
def test_malformed_queries_file_names_line_and_reason(
    tmp_path: Path, text: str, reason: str, line: int
) -> None:
    path = write(tmp_path, "queries.csv", text)
    with pytest.raises(ImportFormatError) as caught:
        list(read_queries(path))
    assert reason in caught.value.reason and caught.value.line == line
    assert caught.value.source == str(path)


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("id,name_a\np1,Someone\n", "header needs id,name_a,name_b", 1),
        ("id,name_a,name_b\np1,Someone,Other\np2,,Other\n", "empty name_a", 3),
        ("id,name_a,name_b,dob_a\np1,Someone,Other,31/31/1990\n", "", 2),
    ],
)
def test_malformed_pairs_file_names_line_and_reason(
    tmp_path: Path, text: str, reason: str, line: int
) -> None:
    path = write(tmp_path, "pairs.csv", text)
    with pytest.raises(ImportFormatError) as caught:
        list(read_pairs(path))
    assert reason in caught.value.reason and caught.value.line == line
