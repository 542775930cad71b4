"""The lenient tokenizer: separators, releases, envelopes, wraps, charsets, positions."""

from __future__ import annotations

import pytest

from paxscreen.edifact import Segment, tokenize

HEADER = b"UNA:+.? 'UNB+UNOA:4+AIRX+GOV+170127:1200+5'"


def codes(raw: bytes) -> set[str]:
    return {finding.code for finding in tokenize(raw).findings}


def tags(raw: bytes) -> list[str]:
    return [segment.tag for segment in tokenize(raw).segments]


def body(*segments: str) -> bytes:
    """A one-message interchange around `segments` (UNT count right)."""
    inner = "".join(segments)
    text = f"UNH+1+PAXLST:D:05B:UN:IATA'{inner}UNT+{len(segments) + 2}+1'UNZ+1+5'"
    return HEADER + text.encode()


def test_segments_elements_and_components_are_split() -> None:
    interchange = tokenize(body("NAD+FL+++DOE:JOHN:WAYNE'"))
    nad = interchange.segments[2]
    assert nad.tag == "NAD"
    assert nad.elements == [["FL"], [""], [""], ["DOE", "JOHN", "WAYNE"]]
    assert nad.value(3, 1) == "JOHN"
    assert nad.value(9) == "" and nad.value(3, 7) == ""
    assert interchange.findings == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("O?'NEAL", "O'NEAL"),
        ("WHY??", "WHY?"),
        ("A???'B", "A?'B"),
        ("C?+D", "C+D"),
        ("E?:F", "E:F"),
    ],
)
def test_release_character_parity(value: str, expected: str) -> None:
    interchange = tokenize(body(f"NAD+FL+++{value}'", "ATT+2++M'"))
    assert interchange.segments[2].value(3) == expected
    assert tags(body(f"NAD+FL+++{value}'", "ATT+2++M'"))[3] == "ATT"


def test_double_release_before_terminator_ends_the_segment() -> None:
    interchange = tokenize(body("FTX+AAA+++WHY??'", "ATT+2++M'"))
    assert [s.tag for s in interchange.segments][2:4] == ["FTX", "ATT"]
    assert interchange.segments[2].value(3) == "WHY?"


def test_unreleased_apostrophe_in_name_is_rejoined_with_warning() -> None:
    interchange = tokenize(body("NAD+FL+++O'NEAL:JOHN'", "ATT+2++M'"))
    assert interchange.segments[2].value(3) == "O'NEAL"
    assert interchange.segments[2].value(3, 1) == "JOHN"
    finding = next(f for f in interchange.findings if f.code == "edifact.unreleased-terminator")
    assert finding.position is not None and finding.position.segment == 2


def test_una_is_not_searched_inside_data() -> None:
    raw = body("NAD+FL+++OZUNA:UNA:+.? *'")
    assert tokenize(raw).segments[2].value(3) == "OZUNA"
    assert tokenize(raw).delimiters.terminator == "'"


@pytest.mark.parametrize(
    ("una", "element", "terminator"),
    [(b"UNA:*.? $", "*", "$"), (b"UNA:-.? *", "-", "*"), (b"UNA:(.) -", "(", "-")],
)
def test_custom_una_separators(una: bytes, element: str, terminator: str) -> None:
    text = "UNB+UNOA:4+A+B+170127:1200+1'UNH+1+PAXLST:D:05B'NAD+FL+++X:Y'UNT+3+1'UNZ+1+1'"
    raw = una + text.replace("+", element).replace("'", terminator).encode()
    interchange = tokenize(raw)
    assert [s.tag for s in interchange.segments] == ["UNB", "UNH", "NAD", "UNT", "UNZ"]
    assert interchange.segments[2].value(3, 1) == "Y"
    assert interchange.findings == []


def test_separators_sniffed_from_unb_without_una() -> None:
    interchange = tokenize(b"UNB*UNOA:4*A*B*170127:1200*1'UNH*1*PAXLST:D:05B'UNT*2*1'UNZ*1*1'")
    assert interchange.delimiters.element == "*"
    assert len(interchange.messages) == 1
    assert "edifact.separators-detected" in {f.code for f in interchange.findings}


def test_broken_five_character_una_takes_terminator_from_unb() -> None:
    raw = "UNA:+.\\*\nUNB+UNOA:4+A+B+170127:1200+1\u2019UNH+1+PAXLST:D:05B'UNT+2+1\u2019UNZ+1+1'"
    interchange = tokenize(raw.encode())
    assert [s.tag for s in interchange.segments] == ["UNB", "UNH", "UNT", "UNZ"]
    assert interchange.delimiters.release == "\\"
    assert {"edifact.una-incomplete", "edifact.terminator-variant"} <= {
        f.code for f in interchange.findings
    }


def test_curly_terminator_inside_a_name_is_data() -> None:
    raw = body("NAD+FL+++O\u2019NEAL:JOHN\u2019", "ATT+2++M'")
    interchange = tokenize(raw)
    assert interchange.segments[2].value(3) == "O\u2019NEAL"
    assert interchange.segments[3].tag == "ATT"


def test_type_b_envelope_and_trailer_are_kept() -> None:
    raw = b"\x01QK LONPPXS\r\n.MUCKMTS 250521\r\n\x02" + body() + b"\r\n\x03"
    interchange = tokenize(raw)
    assert interchange.envelope.startswith("\x01QK LONPPXS")
    assert interchange.trailer.strip() == "\x03"
    assert interchange.segments[0].tag == "UNB"
    assert "edifact.junk-after-unz" not in {f.code for f in interchange.findings}


def test_junk_after_unz_is_ignored_with_a_warning() -> None:
    interchange = tokenize(body() + b"\n13Nov09")
    assert interchange.trailer.strip() == "13Nov09"
    assert "edifact.junk-after-unz" in {f.code for f in interchange.findings}


def test_line_wrap_inside_an_element_is_removed() -> None:
    interchange = tokenize(body("NAD+FL+++VANDENBE\r\nRG:PIETER'\r\n", "ATT+2++M'"))
    assert interchange.segments[2].value(3) == "VANDENBERG"
    assert "edifact.line-wrapped" in {f.code for f in interchange.findings}


def test_line_breaks_after_terminators_and_leading_blanks_are_not_data() -> None:
    raw = b" UNA:+.? '\n UNB+UNOA:4+A+B+170127:1200+1'\n UNH+1+PAXLST:D:05B'\n UNT+2+1'\n UNZ+1+1'"
    interchange = tokenize(raw)
    assert [s.tag for s in interchange.segments] == ["UNB", "UNH", "UNT", "UNZ"]
    assert "edifact.line-wrapped" not in {f.code for f in interchange.findings}


def test_truncated_message_keeps_complete_segments() -> None:
    raw = body("NAD+FL+++DOE:JOHN'", "ATT+2++M'")[:-30]
    interchange = tokenize(raw)
    assert interchange.messages[0].truncated
    assert interchange.messages[0].body[-1].tag in ("ATT", "NAD")
    assert {"edifact.truncated-message", "edifact.missing-unz"} <= {
        f.code for f in interchange.findings
    }


def test_missing_final_terminator_is_tolerated() -> None:
    interchange = tokenize(body()[:-1])
    assert interchange.segments[-1].tag == "UNZ"
    assert interchange.segments[-1].value(1) == "5"


@pytest.mark.parametrize(
    ("unt", "code"),
    [
        ("UNT+0000003+1'", None),
        ("UNT+99+1'", "edifact.unt-count"),
        ("UNT+3'", "edifact.unt-reference"),
    ],
)
def test_unt_counts_and_references(unt: str, code: str | None) -> None:
    raw = HEADER + f"UNH+1+PAXLST:D:05B'BGM+745'{unt}UNZ+1+5'".encode()
    found = codes(raw)
    if code is None:
        assert not any(item.startswith("edifact.unt") for item in found)
    else:
        assert code in found


def test_unoc_is_decoded_as_latin_1() -> None:
    raw = (
        body("NAD+FL+++M\u00dcLLER'")
        .replace(b"UNOA", b"UNOC")
        .replace("\u00dc".encode(), "\u00dc".encode("latin-1"))
    )
    interchange = tokenize(raw)
    assert interchange.encoding == "latin-1"
    assert interchange.segments[2].value(3) == "M\u00dcLLER"
    assert "edifact.charset-fallback" not in {f.code for f in interchange.findings}


@pytest.mark.parametrize(
    ("data", "encoding"), [("GAR\u00c7ON".encode(), "utf-8"), (b"FRAN\x87OIS", "cp1252")]
)
def test_unoa_with_8_bit_bytes_falls_back_and_says_so(data: bytes, encoding: str) -> None:
    raw = body("NAD+FL+++@'").replace(b"@", data)
    interchange = tokenize(raw)
    assert interchange.encoding == encoding
    assert "edifact.charset-fallback" in {f.code for f in interchange.findings}


def test_positions_give_line_column_and_byte_offset() -> None:
    raw = "UNB+UNOW:4+A+B+170127:1200+1'\nUNH+1+PAXLST:D:05B'\nNAD+FL+++\u00c9'\n  ATT+2++M'"
    interchange = tokenize(raw.encode())
    att = interchange.segments[3]
    position = interchange.position_of(att)
    assert (position.line, position.column, position.segment) == (4, 3, 3)
    assert raw.encode()[position.offset : position.offset + 3] == b"ATT"


def test_positions_from_the_line_index_match_counted_lines() -> None:
    raw = "UNB+UNOA:4+A+B+170127:1200+1'\n\nUNH+1+PAXLST:D:05B'\r\nBGM+745'  \nUNT+3+1'\n"
    interchange = tokenize(raw.encode())
    interchange.line_starts()  # built up front, as the PNRGOV reader does
    text = interchange.text
    for offset in range(len(text) + 1):
        position = interchange.position(offset)
        counted_line = text.count("\n", 0, offset) + 1
        counted_column = offset - text.rfind("\n", 0, offset)
        assert (position.line, position.column) == (counted_line, counted_column)


def test_messages_and_groups_are_separated() -> None:
    raw = HEADER + (
        b"UNG+PAXLST+A+B+170127:1200+1+UN+D:05B'UNH+1+PAXLST:D:05B'BGM+745'UNT+3+1'"
        b"UNH+2+PAXLST:D:05B'BGM+745'UNT+3+2'UNE+2+1'UNZ+1+5'"
    )
    interchange = tokenize(raw)
    assert [message.reference for message in interchange.messages] == ["1", "2"]
    assert interchange.messages[1].group_header is not None
    assert codes(raw) == set()


def test_segment_outside_a_message_is_reported() -> None:
    raw = HEADER + b"BGM+745'UNH+1+PAXLST:D:05B'UNT+2+1'UNZ+1+5'"
    assert "edifact.segment-outside-message" in codes(raw)


def test_blank_after_tag_is_repaired() -> None:
    interchange = tokenize(
        b"UNB+UNOA:4+A+B+170127:1200+1'UNG +PAXLST'UNH+1+X'UNT+2+1'UNE+1+1'UNZ+1+1'"
    )
    assert interchange.segments[1].tag == "UNG"
    assert "edifact.malformed-tag" in {f.code for f in interchange.findings}


def test_segment_value_on_constructed_segment() -> None:
    segment = Segment("RFF", [["AVF", "ABC"]])
    assert segment.value(0, 1) == "ABC"
    assert str(segment) == "RFF+AVF:ABC"
    assert segment == Segment("RFF", [["AVF", "ABC"]])


def test_garbage_gives_an_interchange_without_messages() -> None:
    interchange = tokenize(b"\x00\xff hello world")
    assert interchange.messages == []


def test_release_character_before_line_break_is_flagged() -> None:
    interchange = tokenize(body("FTX+AAA+++LINE ONE?\nLINE TWO'"))
    assert "edifact.release-before-line-break" in {f.code for f in interchange.findings}


def test_release_character_at_end_of_data_is_flagged_and_dropped() -> None:
    interchange = tokenize(HEADER + b"UNH+1+PAXLST:D:05B'NAD+FL+++DOE?")
    assert interchange.segments[-1].value(3) == "DOE"
    assert "edifact.dangling-release" in {f.code for f in interchange.findings}


def test_double_quote_terminator_sniffed_without_una() -> None:
    raw = (
        b'UNB+SIRE:4+CA+NIAC+170102:1000+4++IAPI+O"UNH+1+PAXLST:D:05B"'
        b'NAD+FL+++ONE:Q"UNT+3+1"UNZ+1+4"'
    )
    interchange = tokenize(raw)
    assert interchange.delimiters.terminator == '"'
    assert [s.tag for s in interchange.segments] == ["UNB", "UNH", "NAD", "UNT", "UNZ"]
    assert interchange.segments[2].value(3, 1) == "Q"


def test_line_breaks_as_terminators() -> None:
    raw = (
        b"UNB+UNOA:4+A+B+170102:1000+4\nUNH+1+PAXLST:D:05B\r\nNAD+FL+++ONE:Q\nUNT+3+1\nUNZ+1+4\nEND"
    )
    interchange = tokenize(raw)
    assert interchange.delimiters.terminator == "\n"
    assert [s.tag for s in interchange.segments] == ["UNB", "UNH", "NAD", "UNT", "UNZ"]
    assert interchange.segments[1].value(1, 2) == "05B"
    assert interchange.trailer == "END"


def test_byte_offsets_in_utf8_are_right_in_any_order() -> None:
    raw = (
        "UNB+UNOW:4+A+B+170127:1200+1'UNH+1+X'NAD+FL+++\u00c9\u00c9'ATT+2++M'"
        "NAD+FL+++\u00d6'UNT+5+1'"
    )
    interchange = tokenize(raw.encode())
    data = raw.encode()
    for index in (5, 2, 4, 3, 5):
        segment = interchange.segments[index]
        offset = interchange.position_of(segment).offset
        assert data[offset : offset + 3] == segment.tag.encode()
