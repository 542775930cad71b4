"""The writer escapes every special character and counts segments right."""

from __future__ import annotations

import datetime as dt

from paxscreen.edifact import (
    Delimiters,
    MessageHeader,
    escape,
    tokenize,
    write_interchange,
    write_message,
    write_segment,
)


def test_release_character_escapes_separators_terminator_and_itself() -> None:
    assert escape("O'NEAL+SON:JR?") == "O?'NEAL?+SON?:JR??"


def test_write_segment_drops_trailing_empty_elements_and_components() -> None:
    text = write_segment("NAD", ["FL", None, None, ["DOE", "JOHN", None], None, ""])
    assert text == "NAD+FL+++DOE:JOHN'"


def test_write_segment_with_custom_delimiters() -> None:
    delimiters = Delimiters(component=":", element="*", release="\\", terminator="$")
    assert write_segment("FTX", ["A*B$C"], delimiters=delimiters) == "FTX*A\\*B\\$C$"


def test_message_and_interchange_read_back_with_counts() -> None:
    header = MessageHeader(
        reference="77",
        type="PAXLST",
        version="D",
        release="05B",
        common_access_reference="ABC",
        sequence="01",
        first_last="C",
    )
    message = write_message(header, [("BGM", ["745"]), ("NAD", ["FL", None, None, ["O'NEAL"]])])
    text = write_interchange(
        [message],
        sender="AIR:ZZ",
        recipient="GOV",
        control_reference="9",
        prepared_at=dt.datetime(2017, 1, 27, 12, 0),
        functional_group=("PAXLST", "D", "05B"),
    )
    interchange = tokenize(text.encode())
    assert interchange.findings == []
    message_read = interchange.messages[0]
    assert (message_read.reference, message_read.type, message_read.version) == (
        "77",
        "PAXLST",
        "D:05B",
    )
    assert (
        message_read.common_access_reference,
        message_read.sequence,
        message_read.first_last,
    ) == ("ABC", "01", "C")
    assert message_read.body[1].value(3) == "O'NEAL"
    assert interchange.header is not None and interchange.header.value(1, 1) == "ZZ"
