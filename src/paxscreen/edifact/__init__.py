"""Lenient UN/EDIFACT tokenizer and writer (standard library only).

Public API
----------
Reading::

    interchange = tokenize(raw_bytes)          # never raises on bad input
    interchange.segments                       # every segment, UNB..UNZ, in order
    interchange.messages                       # EdifactMessage per UNH..UNT
    message.header / message.body / message.type / message.version / message.reference
    segment.tag, segment.elements              # elements[i][j]: element i after the tag
    segment.value(i, j)                        # "" when absent; release characters removed
    interchange.position_of(segment, element)  # Position(offset, line, column, segment, ...)
    interchange.findings                       # Finding(code, severity, message, position)
    interchange.envelope / interchange.trailer # text before UNA/UNB and after UNZ, kept
    interchange.delimiters, .una, .encoding, .syntax_identifier, .sender, .recipient

`Segment.index` counts the interchange's segments from 0 (UNB is 0; UNA is not a
segment). Offsets in `Segment.offset` are character offsets in `interchange.text`;
`Position.offset` is the byte offset in `interchange.raw`.

Writing::

    write_segment("NAD", ["FL", None, None, ["O'NEAL", "JOHN"]])  # -> "NAD+FL+++O?'NEAL:JOHN'"
    write_message(MessageHeader(reference="1", type="PAXLST", version="D", release="05B"), body)
    write_interchange([message_text, ...], sender=..., recipient=..., control_reference=...,
                      prepared_at=..., functional_group=("PAXLST", "D", "05B"))
    text.encode(encoding_for_syntax("UNOA"))

Why our own tokenizer and not pydifact
--------------------------------------
pydifact 0.2.3 (installed for comparison) handles the release character correctly
but, on the reference's edge cases, fails on leading blanks before segments (every
line of the implementation-guide sample starts with one), on "UNG *PAXLST" (a blank
after the tag), on a missing final terminator or a truncated message ("Unexpected
end of EDI messages"), on a Type-B envelope before UNA; it silently merges segments
ended with U+2019 when the UNA declares ', keeps Type-B line wraps inside values,
does not choose the codec from UNB S001 and does not give line/column positions.
Each of those would need pre-processing around it, and it is a character-by-
character Python loop: on the 20,000-traveller benchmark message (bench/bench_edifact.py,
BENCHMARKS.md) it tokenizes at about 1 MB/s, while this module's str.split-based
single pass runs many times faster (see BENCHMARKS.md for the figures of the run).
"""

from paxscreen.edifact.decoding import SYNTAX_CODECS, decode_interchange, encoding_for_syntax
from paxscreen.edifact.delimiters import DEFAULT_DELIMITERS, Delimiters
from paxscreen.edifact.segments import EdifactMessage, Interchange, Segment
from paxscreen.edifact.tokenizer import paused_garbage_collection, tokenize
from paxscreen.edifact.writer import (
    Element,
    MessageHeader,
    SegmentSpec,
    escape,
    write_interchange,
    write_message,
    write_segment,
)

__all__ = [
    "DEFAULT_DELIMITERS",
    "SYNTAX_CODECS",
    "Delimiters",
    "EdifactMessage",
    "Element",
    "Interchange",
    "MessageHeader",
    "Segment",
    "SegmentSpec",
    "decode_interchange",
    "encoding_for_syntax",
    "escape",
    "paused_garbage_collection",
    "tokenize",
    "write_interchange",
    "write_message",
    "write_segment",
]
