"""Segments run together: a lost terminator glues the next segment onto an element.

PDF copies of the IG and some senders drop a terminator, so
`ORG+...+9TIF+KIM:I+KONG CHUN MRS:A:3'` arrives as one ORG whose ninth element
ends in TIF, and `RPI+1+HKIFT+4:19+...` as one RPI. The tokenizer cannot know
which tags a message uses; here we do. An element of one component that ends in
a PNRGOV tag, after at least one character of data and before further elements,
is split there: the data stays with the segment, the tag opens a new segment
with the elements that follow. Only segments with more elements than their tag
ever has are searched, because names end in tags too (`TIF+SIMON+...` is not a
TIF glued to a MON). Without this the traveller KIM would be lost.
"""

from __future__ import annotations

from paxscreen.edifact import Segment
from paxscreen.messages.context import FindingSink

PNRGOV_TAGS = frozenset(
    {
        "ABI",
        "ADD",
        "APD",
        "DAT",
        "EBD",
        "EQN",
        "FAR",
        "FOP",
        "FTI",
        "IFT",
        "LTS",
        "MON",
        "MSG",
        "ORG",
        "PTK",
        "RCI",
        "REF",
        "RPI",
        "SAC",
        "SRC",
        "SSD",
        "SSR",
        "TBD",
        "TIF",
        "TKT",
        "TRA",
        "TRI",
        "TVL",
        "TXD",
    }
)


# most data elements each tag has in PNRGOV (tags with open-ended repeats are left out)
MAX_ELEMENTS = {
    "ABI": 5,
    "APD": 2,
    "DAT": 3,
    "EQN": 1,
    "FAR": 8,
    "FTI": 3,
    "IFT": 4,
    "LTS": 1,
    "MON": 3,
    "MSG": 2,
    "ORG": 9,
    "PTK": 6,
    "REF": 2,
    "RPI": 2,
    "SAC": 3,
    "SRC": 0,
    "SSD": 6,
    "TKT": 3,
    "TRA": 2,
    "TRI": 2,
    "TVL": 5,
}


def _glued_tag_at(segment: Segment) -> int | None:
    """Index of the element that ends in a glued tag, or None."""
    limit = MAX_ELEMENTS.get(segment.tag)
    if limit is None or segment.element_count <= limit:
        return None
    elements = segment.elements
    for index in range(len(elements) - 1):
        element = elements[index]
        if len(element) != 1:
            continue
        text = element[0]
        if len(text) > 3 and text[-3:] in PNRGOV_TAGS and text[-4] != " ":
            return index
    return None


def split_run_together(segments: list[Segment], sink: FindingSink) -> list[Segment]:
    """The segments with glued ones split apart (each split reported once)."""
    result: list[Segment] = []
    limits = MAX_ELEMENTS
    for segment in segments:
        limit = limits.get(segment.tag)
        if limit is None or segment.element_count <= limit:  # the common case, cheaply
            result.append(segment)
            continue
        current = segment
        index = _glued_tag_at(current)
        while index is not None:
            text = current.elements[index][0]
            head = Segment(
                current.tag, [*current.elements[:index], [text[:-3]]], current.index, current.offset
            )
            tail = Segment(text[-3:], current.elements[index + 1 :], current.index, current.offset)
            sink.warning(
                "pnrgov.segments-run-together",
                f"a {tail.tag} segment was glued to the {head.tag} before it "
                "(terminator missing); split",
                segment,
                element=index,
            )
            result.append(head)
            current = tail
            index = _glued_tag_at(current)
        result.append(current)
    return result


__all__ = ["MAX_ELEMENTS", "PNRGOV_TAGS", "split_run_together"]
