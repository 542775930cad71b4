"""Property tests: whatever arrives, the PNRGOV readers answer with a result or our typed error.

A parser exception inside `dispatch` becomes the finding `messages.parser-failed`,
so the properties check that finding too: a swallowed crash is still a crash.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fixtures.pnr.builder import pnr, push

from paxscreen.errors import MessageError
from paxscreen.messages import to_contract
from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.messages.pnrgov_xml import parse_pnrgov_xml
from paxscreen.model import ParsedMessage

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
XML = (Path(__file__).resolve().parents[1] / "fixtures" / "pnr" / "xml_two_pnrs.xml").read_bytes()
VALID = push(
    pnr(
        "DAT+700:270918:1226",
        "ORG+1A:MUC+:HDQ+NBE+KE:NBE+A+KR",
        "TIF+PARK:I+SEJOONMR:A:1",
        "FTI+SQ:314655277",
        "SSR+DOCS:HK:1:SQ:::::/P/KR/JR3364288/KR/10SEP72/M/05JUL29/PARK/SEJOON",
        "SSR+INFT:HK:1:SQ:::::PARK/MINA/01JAN25+::1",
        "TKT+6182301234567:T",
        "MON+T:10.00:KRW",
        "FOP+CC::10.00:VI:4111111111111111:0828",
        "IFT+4:43+PARK+SEOUL+0212345678",
        "TVL+140326:0940::1155+ICN+SIN+KE:SQ+609:Y",
        "TRA+SQ+609",
        "RPI+1+HK",
        "APD+333",
        "SSR+SEAT:HK:1:SQ:::ICN:SIN+14A::1",
        "DAT+2:140326:0800",
        "TRI++1:::1",
        "TIF+PARK+SEJOONMR::1",
        "SSD+14A",
        "TBD++1:20:700++HP+618:1026000001:1:SIN",
        "EQN+1",
        "RCI+KE:SPLIT1",
        "ABI+1+:SELKE",
        "DAT+ZT:010226:1010",
        "SAC+++A",
        "SSR+MOML:HK:1:SQ",
        "TVL+140326::150326+ICN+SIN+KE+609",
        "RPI+1+HK",
        "LTS+FREE TEXT",
    ),
)
TAGS = [
    "SRC",
    "RCI",
    "TIF",
    "SSR",
    "TVL",
    "DAT",
    "IFT",
    "ORG",
    "TKT",
    "FOP",
    "MON",
    "TRI",
    "TBD",
    "SSD",
    "ABI",
    "SAC",
    "EQN",
    "MSG",
    "LTS",
    "REF",
    "FTI",
    "ADD",
    "RPI",
    "TRA",
    "XYZ",
]


def assert_read(raw: bytes) -> list[ParsedMessage]:
    try:
        parsed = parse_pnrgov(raw, card_hash_key=b"k")
    except MessageError:
        return []
    for message in parsed:
        assert "messages.parser-failed" not in {finding.code for finding in message.findings}
        json.dumps(to_contract(message))
    return parsed


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_a_result_or_a_typed_error(raw: bytes) -> None:
    assert_read(raw)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_after_a_pnrgov_header_are_read_without_crashing(tail: bytes) -> None:
    assert_read(b"UNB+IATA:1+KL+GOV+260301:1200+1'UNH+1+PNRGOV:13:1:IA+X'SRC'" + tail)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(TAGS),
            st.lists(st.lists(st.text(alphabet="AB12/ .:-", max_size=12), max_size=5), max_size=8),
        ),
        max_size=40,
    )
)
def test_random_segments_in_random_order_never_crash(
    segments: list[tuple[str, list[list[str]]]],
) -> None:
    body = [
        "+".join(
            [tag, *(":".join(part.replace(":", "") for part in element) for element in elements)]
        ).replace("'", "")
        for tag, elements in segments
    ]
    raw = push(["SRC", *body])
    assert_read(raw)


@SETTINGS
@given(st.data())
def test_mutations_of_a_valid_push_never_crash(data: st.DataObject) -> None:
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        char = data.draw(st.sampled_from(list(b"+:'?\n ABZ019/")))
        if action == "delete":
            del raw[position]
        elif action == "insert":
            raw.insert(position, char)
        else:
            raw[position] = char
    assert_read(bytes(raw))


@SETTINGS
@given(st.data())
def test_mutations_of_a_valid_xml_push_give_a_result_or_a_typed_error(data: st.DataObject) -> None:
    raw = bytearray(XML)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.sampled_from(list(b"<>/=\"' aZ9&")))
    try:
        parsed = parse_pnrgov_xml(bytes(raw))
    except MessageError:
        return
    json.dumps(to_contract(parsed))


@SETTINGS
@given(
    st.sampled_from(["WHEELCHAIR", "HALAL", "KOSHER", "PREGNANT", "DIABETIC", "DIALYSIS"]),
    st.text(alphabet="ABCDEFGH '", max_size=20),
)
def test_sensitive_free_text_never_reaches_the_contract(word: str, noise: str) -> None:
    raw = push(
        pnr(
            "TIF+LOBB+MOLLYMRS:A:1",
            f"IFT+4:28::KL+{noise} {word} {noise}",
            f"SSR+OTHS:HK:1:KL:::::{word} REQUESTED",
            f"LTS+{noise}{' ' if noise else ''}{word}",
        )
    )
    (parsed,) = assert_read(raw)
    assert word not in json.dumps(to_contract(parsed))
    assert parsed.bookings[0].sensitive_removed == 3
