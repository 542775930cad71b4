# ruff: noqa: E501  (fixture lines are CSV/XML records, kept whole)
"""Every importer reads a small, retyped sample and refuses a malformed file with file + line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paxscreen.errors import ImportFormatError
from paxscreen.screening.names.dob import DateKind
from paxscreen.screening.watchlists import (
    AliasQuality,
    DocumentStatus,
    guess_format,
    read_watchlist,
)

SAMPLES = Path(__file__).parents[3].parent / "shared" / "samples" / "watchlists"

OUR_CSV = """id,full_name,given_names,surname,date_of_birth,sex,nationality,document_number,document_country,aliases,category,remarks
W1,,Ayman,AL-ZAWAHIRI,1951-06-19,M,EGY,1084010,EG,Aiman Muhammad Rabi al-Zawahiri|~The Doctor,terrorism,leader
W2,"HAQQANI, Sirajuddin",,,circa 1978,M,AF,,,,,
"""

UN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09Z"><INDIVIDUALS><INDIVIDUAL>
<DATAID>42</DATAID><FIRST_NAME>ABDUL</FIRST_NAME><SECOND_NAME>RAZIQ</SECOND_NAME>
<REFERENCE_NUMBER>TAi.001</REFERENCE_NUMBER><UN_LIST_TYPE>Taliban</UN_LIST_TYPE><GENDER>Male</GENDER>
<NAME_ORIGINAL_SCRIPT>عبد الرازق</NAME_ORIGINAL_SCRIPT>
<NATIONALITY><VALUE>Afghanistan</VALUE></NATIONALITY>
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abdul Rasiq</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1958</FROM_YEAR><TO_YEAR>1963</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1960</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>OA 123456</NUMBER><ISSUING_COUNTRY>Afghanistan</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
</INDIVIDUAL></INDIVIDUALS><ENTITIES><ENTITY><DATAID>7</DATAID></ENTITY></ENTITIES></CONSOLIDATED_LIST>
"""

OFAC_SDN = """2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 19 Jun 1951; alt. DOB 1952; POB Giza, Egypt; Passport 1084010 (Egypt); nationality Egypt; Gender Male."
306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-
"""
OFAC_ALT = """2676,1,"aka","SALIM, Ahmad Fuad",-0-
"""

EU_CSV = (
    "fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;Entity_SubjectType;"
    "NameAlias_LastName;NameAlias_FirstName;NameAlias_WholeName;NameAlias_Gender;"
    "BirthDate_BirthDate;BirthDate_Year;BirthDate_Circa;Identification_Number;"
    "Identification_ReportedLost;Identification_CountryIso2Code;Citizenship_CountryIso2Code\n"
    "2026-01-01;13;EU.1.2;P;PETROV;Ivan;Ivan PETROV;M;1970-02-03;;;;;;RU\n"
    "2026-01-01;13;EU.1.2;P;;;Иван Петров;;;;;7512345;true;RU;\n"
    "2026-01-01;14;EU.9.9;E;;;ACME LTD;;;;;;;;\n"
)

FTM = [
    {
        "id": "p1",
        "schema": "Person",
        "properties": {
            "name": ["Viktor Bout"],
            "weakAlias": ["Merchant of Death"],
            "birthDate": ["1967-01-13"],
            "nationality": ["ru"],
            "gender": ["male"],
        },
        "datasets": ["us_ofac_sdn"],
    },
    {
        "id": "pp1",
        "schema": "Passport",
        "properties": {"holder": ["p1"], "number": ["21N0588"], "country": ["ru"]},
    },
    {"id": "c1", "schema": "Company", "properties": {"name": ["ACME"]}},
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_our_csv_reads_names_aliases_dates_and_documents(tmp_path: Path) -> None:
    watchlist = read_watchlist(write(tmp_path, "list.csv", OUR_CSV), format="csv")
    first, second = watchlist.entries
    assert first.entry_id == "W1" and first.nationalities == ["EG"]
    assert [n.quality for n in first.names] == [
        AliasQuality.STRONG,
        AliasQuality.STRONG,
        AliasQuality.WEAK,
    ]
    assert first.documents[0].number == "1084010" and first.documents[0].issuing_state == "EG"
    assert second.dates_of_birth[0].kind is DateKind.APPROXIMATE
    assert [t.text for t in second.to_subject().names[0].tokens] == ["SIRAJUDDIN", "HAQQANI"]


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("id,full_name\nA1,Someone\nA1,Other\n", "already on line 2", 3),
        ("id,full_name,date_of_birth\nA1,Someone,31/31/1990\n", "not a date of birth", 2),
        ("id,full_name\n,Someone\n", "empty id", 2),
        ("id,nationality\nA1,FR\n", "header lacks", 1),
        ("id,full_name\nA1,Someone,extra,cells\n", "fields, header has", 2),
    ],
)
def test_our_csv_malformed_names_line_and_reason(
    tmp_path: Path, text: str, reason: str, line: int
) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(ImportFormatError) as caught:
        read_watchlist(path, format="csv")
    assert reason in caught.value.reason and caught.value.line == line
    assert caught.value.source == str(path)


def test_un_xml_reads_individuals_and_counts_entities(tmp_path: Path) -> None:
    watchlist = read_watchlist(write(tmp_path, "un.xml", UN_XML))
    (entry,) = watchlist.entries
    assert watchlist.skipped == 1 and entry.entry_id == "42" and entry.sex == "M"
    assert entry.names[1].original_script and entry.names[2].quality is AliasQuality.WEAK
    assert [d.kind for d in entry.dates_of_birth] == [DateKind.RANGE, DateKind.APPROXIMATE]
    assert entry.documents[0].issuing_state == "AF" and entry.nationalities == ["AF"]


def test_un_xml_malformed_is_refused_with_line(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="not well-formed XML") as caught:
        read_watchlist(write(tmp_path, "un.xml", UN_XML.replace("</DATAID>", "")), format="un-xml")
    assert caught.value.line is not None


def test_un_xml_record_without_name_names_the_record(tmp_path: Path) -> None:
    text = UN_XML.replace("<FIRST_NAME>ABDUL</FIRST_NAME><SECOND_NAME>RAZIQ</SECOND_NAME>", "")
    with pytest.raises(ImportFormatError, match="INDIVIDUAL 42: no name parts"):
        read_watchlist(write(tmp_path, "un.xml", text), format="un-xml")


def test_ofac_csv_reads_remarks_and_alias_file_beside_it(tmp_path: Path) -> None:
    write(tmp_path, "ofac_alt.csv", OFAC_ALT)
    watchlist = read_watchlist(write(tmp_path, "ofac_sdn.csv", OFAC_SDN))
    (entry,) = watchlist.entries
    assert watchlist.skipped == 1 and entry.entry_id == "2676"
    assert [n.full_name for n in entry.names] == ["AL ZAWAHIRI, Dr. Ayman", "SALIM, Ahmad Fuad"]
    assert [str(d.date) for d in entry.dates_of_birth] == ["1951-06-19", "1952"]
    assert entry.documents[0].number == "1084010" and entry.documents[0].issuing_state == "EG"
    assert entry.nationalities == ["EG"] and entry.sex == "M"
    assert "POB Giza" in entry.remarks


def test_ofac_csv_row_with_wrong_field_count_names_the_line(tmp_path: Path) -> None:
    text = OFAC_SDN + '99,"BROKEN, Row","individual"\n'
    with pytest.raises(ImportFormatError, match="3 fields, an SDN row has 12") as caught:
        read_watchlist(write(tmp_path, "sdn.csv", text), format="ofac-csv")
    assert caught.value.line == 3


def test_eu_csv_groups_rows_by_entity_and_reads_document_status(tmp_path: Path) -> None:
    watchlist = read_watchlist(write(tmp_path, "eu.csv", EU_CSV))
    (entry,) = watchlist.entries
    assert watchlist.skipped == 1 and entry.entry_id == "13" and entry.sex == "M"
    assert [n.full_name for n in entry.names] == ["Ivan PETROV", "Иван Петров"]
    assert entry.documents[0].status is DocumentStatus.LOST
    assert entry.nationalities == ["RU"]


def test_eu_csv_malformed_row_names_line(tmp_path: Path) -> None:
    text = EU_CSV + "2026-01-01;15;EU.3;P\n"
    with pytest.raises(ImportFormatError, match="4 fields") as caught:
        read_watchlist(write(tmp_path, "eu.csv", text), format="eu-csv")
    assert caught.value.line == 5


def test_ftm_json_attaches_passports_to_holders(tmp_path: Path) -> None:
    text = "\n".join(json.dumps(entity) for entity in FTM)
    watchlist = read_watchlist(write(tmp_path, "entities.ftm.json", text))
    (entry,) = watchlist.entries
    assert watchlist.skipped == 1 and entry.nationalities == ["RU"] and entry.sex == "M"
    assert entry.names[1].quality is AliasQuality.WEAK
    assert entry.documents[0].number == "21N0588" and entry.documents[0].issuing_state == "RU"


def test_ftm_json_bad_line_is_named(tmp_path: Path) -> None:
    text = json.dumps(FTM[0]) + "\n{not json\n"
    with pytest.raises(ImportFormatError, match="not JSON") as caught:
        read_watchlist(write(tmp_path, "entities.json", text), format="ftm-json")
    assert caught.value.line == 2


def test_format_is_guessed_from_content(tmp_path: Path) -> None:
    assert guess_format(write(tmp_path, "a.xml", UN_XML)) == "un-xml"
    assert guess_format(write(tmp_path, "b.csv", EU_CSV)) == "eu-csv"
    assert guess_format(write(tmp_path, "c.csv", OUR_CSV)) == "csv"


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared samples not present")
def test_shared_sample_lists_import_completely() -> None:
    un = read_watchlist(SAMPLES / "un_consolidated.xml")
    ofac = read_watchlist(SAMPLES / "ofac_sdn.csv")
    assert len(un.entries) > 700 and len(ofac.entries) > 4000
    assert sum(len(e.names) for e in ofac.entries) > len(ofac.entries)  # aliases attached
