"""Properties: the tokenizer never raises, and write-then-tokenize gives the values back."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.edifact import (
    Delimiters,
    MessageHeader,
    body_texts,
    segment_texts,
    tokenize,
    write_interchange,
    write_message,
)

_PUNCTUATION = "+:'?*$-()\\/~!#%&|^\"`;<>=@[]{}"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_an_interchange(raw: bytes) -> None:
    interchange = tokenize(raw)
    for finding in interchange.findings:
        assert finding.code.startswith("edifact.")


@st.composite
def delimiter_sets(draw: st.DrawFn) -> Delimiters:
    chars = draw(st.lists(st.sampled_from(_PUNCTUATION), min_size=4, max_size=4, unique=True))
    component, element, release, terminator = chars
    return Delimiters(component=component, element=element, release=release, terminator=terminator)


# Values: printable text without line breaks (a break inside a value is read as a
# Type-B wrap) and without U+2019 (read as a typographic twin of ' when a tag follows).
_VALUES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2019"),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(
    delimiters=delimiter_sets(),
    rows=st.lists(
        st.lists(st.lists(_VALUES, min_size=1, max_size=3), min_size=1, max_size=4),
        min_size=1,
        max_size=5,
    ),
)
def test_written_values_tokenize_back(delimiters: Delimiters, rows: list[list[list[str]]]) -> None:
    header = MessageHeader(reference="1", type="PAXLST", version="D", release="05B")
    body = [("FTX", elements) for elements in rows]
    message = write_message(header, body, delimiters=delimiters)
    text = write_interchange(
        [message],
        sender="A",
        recipient="B",
        control_reference="1",
        prepared_at=dt.datetime(2020, 1, 1),
        syntax="UNOW",
        delimiters=delimiters,
    )
    interchange = tokenize(text.encode("utf-8"))
    read = interchange.messages[0].body
    assert len(read) == len(rows)
    for segment, elements in zip(read, rows, strict=True):
        for number, components in enumerate(elements):
            for position, value in enumerate(components):
                assert segment.value(number, position) == value
    assert not [f for f in interchange.findings if f.severity != "info"]


# Segment texts as senders get them wrong: default separators, released and
# unreleased apostrophes, bad tags, blanks, line breaks and a repeated UNH.
_SEGMENT_TEXTS = st.lists(
    st.text(alphabet="ABSRCTVL?':+ \n\r", max_size=14).map(lambda text: "TVL+" + text)
    | st.sampled_from(["SRC", "src+1", "TIF+O?'NEAL:JO", "UNH+2+PNRGOV", "X+1", "SSR+DOCS:??"]),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(texts=_SEGMENT_TEXTS, truncated=st.booleans())
def test_kept_body_texts_are_the_segments_written_again(texts: list[str], truncated: bool) -> None:
    """`body_texts` reads the tokenizer's kept texts; `segment_texts` writes each segment."""
    trailer = [] if truncated else [f"UNT+{len(texts) + 2}+1"]
    segments = ["UNB+UNOA:4+A+B+200101:1200+1", "UNH+1+PNRGOV:13:1:IA", *texts, *trailer, "UNZ+1+1"]
    interchange = tokenize("'".join(segments).encode() + b"'")
    for message in interchange.messages:
        assert body_texts(interchange, message) == segment_texts(message.body)
