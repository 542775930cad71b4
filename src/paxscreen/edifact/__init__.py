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
pydifact 0.2.3 (installed in the dev extras for this comparison) handles the
release character correctly, but measured on our own 38 edge-case fixtures
(tests/fixtures/api) it raised on 7 of them: a Type-B envelope before UNA, a UNA
declaring U+2019 while the data ends segments with ', no UNA with `*` separators
sniffed from UNB, an unreleased apostrophe in a name (O'BRIEN), a byte-order mark
with indented lines, a missing final terminator and a truncated message ("Unexpected
end of EDI messages"). It silently read two more wrongly: segments ended by U+2019
under a ' UNA became one segment (given name "KIM'"), and a Type-B line wrap stayed
inside the surname ("VANDENBE\r\nRG"). It does not pick the codec from UNB S001
and gives no line/column positions. Each gap would need pre- and post-processing
around it, and it walks the text character by character in Python: on the
20,000-traveller benchmark message (bench/bench_edifact.py, 4.5 MB) it tokenized at
0.2-0.3 MB/s on the shared 2-core machine, where `tokenize` ran about 11x faster and
the full PAXLST parse to the model about 4x faster in the same run (BENCHMARKS.md).
So we keep a purpose-built tokenizer in the standard library only (this package).
"""

from paxscreen.edifact.decoding import SYNTAX_CODECS, decode_interchange, encoding_for_syntax
from paxscreen.edifact.delimiters import DEFAULT_DELIMITERS, Delimiters
from paxscreen.edifact.segments import (
    EdifactMessage,
    Interchange,
    Segment,
    body_texts,
    numeric,
    segment_texts,
)
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
    "body_texts",
    "decode_interchange",
    "encoding_for_syntax",
    "numeric",
    "escape",
    "paused_garbage_collection",
    "segment_texts",
    "tokenize",
    "write_interchange",
    "write_message",
    "write_segment",
]
