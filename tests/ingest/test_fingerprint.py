"""Payload fingerprints: resends are recognised, real changes are not hidden."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from paxscreen.ingest.fingerprint import _json, booking_fingerprint, payload_hash
from paxscreen.model import Booking, Payment, PersonName, Provenance, RecordLocator, Traveller

PAXLST = (
    "UNA:+.? 'UNB+UNOA:4+AIR1+DHS+070218:1545+000006640++DHS'"
    "UNH+PAX001+PAXLST:D:05B:UN:IATA+REF1'BGM+745'NAD+FL+++CLARK:MICHAEL'"
    "DTM+329:720907'UNT+5+PAX001'UNZ+1+000006640'"
)


def test_resend_with_new_envelope_has_same_payload_hash() -> None:
    resend = (
        PAXLST.replace("070218:1545", "070218:1702")
        .replace("000006640", "000006999")
        .replace("PAX001", "PAX777")
        .replace("REF1", "REF9")
    )
    assert payload_hash(resend.encode()) == payload_hash(PAXLST.encode())


def test_line_wrapping_and_default_una_do_not_change_the_hash() -> None:
    wrapped = PAXLST.removeprefix("UNA:+.? '").replace("'", "'\r\n ").replace("CLARK", "CLA\nRK")
    assert payload_hash(wrapped.encode()) == payload_hash(PAXLST.encode())


def test_other_separators_give_the_same_hash() -> None:
    custom = "UNA:*.? $" + PAXLST.removeprefix("UNA:+.? '").replace("+", "*").replace("'", "$")
    assert payload_hash(custom.encode()) == payload_hash(PAXLST.encode())


def test_changed_content_changes_the_hash() -> None:
    changed = PAXLST.replace("720907", "720908")
    assert payload_hash(changed.encode()) != payload_hash(PAXLST.encode())


def test_part_number_is_content() -> None:
    first = PAXLST.replace("+REF1'", "+REF1+01:C'")
    second = PAXLST.replace("+REF1'", "+REF1+02:F'")
    assert payload_hash(first.encode()) != payload_hash(second.encode())


def test_released_terminator_does_not_split_a_segment() -> None:
    with_apostrophe = PAXLST.replace("CLARK", "O?'NEAL")
    other = PAXLST.replace("CLARK", "O")
    assert payload_hash(with_apostrophe.encode()) != payload_hash(other.encode())


ROOT = b"IATA_PNRGOV_NotifRQ"


def test_xml_root_attributes_are_envelope() -> None:
    first = b'<%s TimeStamp="2020-01-01T10:00:00"><PNR ID="A1"> x </PNR></%s>' % (ROOT, ROOT)
    second = b'<%s TimeStamp="2020-01-02T10:00">\n<PNR ID="A1">x</PNR>\n</%s>' % (ROOT, ROOT)
    changed = b'<%s TimeStamp="2020-01-01T10:00:00"><PNR ID="A2">x</PNR></%s>' % (ROOT, ROOT)
    assert payload_hash(first) == payload_hash(second)
    assert payload_hash(first) != payload_hash(changed)


def test_unreadable_bytes_still_get_a_hash() -> None:
    assert payload_hash(b"\x00\x01 garbage") == payload_hash(b"\x00\x01  garbage\n")


def _booking(message_id: str, amount: str) -> Booking:
    return Booking(
        record_locators=[RecordLocator(locator="ABC123", system="1A")],
        last_changed=dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC),
        travellers=[Traveller(name=PersonName(surname="DOE", given_names="JANE"))],
        payments=[Payment(type="CC", amount=Decimal(amount), sources={"": Provenance(message_id)})],
        message_id=message_id,
        push_function="22",
    )


def test_booking_fingerprint_ignores_provenance_and_push() -> None:
    assert booking_fingerprint(_booking("m1", "10.00")) == booking_fingerprint(
        _booking("m2", "10.00")
    )
    assert booking_fingerprint(_booking("m1", "10.00")) != booking_fingerprint(
        _booking("m1", "11.00")
    )


def test_xml_digests_fingerprint_each_pnr_and_hash_like_payload_hash() -> None:
    from pathlib import Path

    from paxscreen.ingest.fingerprint import xml_digests, xml_pnr_fingerprints
    from paxscreen.messages.pnrgov_xml import read_xml_tree

    raw = (Path(__file__).parents[1] / "fixtures" / "pnr" / "xml_two_pnrs.xml").read_bytes()
    payload, fingerprints = xml_digests(raw)
    assert payload == payload_hash(raw)
    assert fingerprints == xml_pnr_fingerprints(raw) and len(set(fingerprints)) == 2
    # the reader's own tree (positions kept) gives the same digests: ingestion reads once
    assert xml_digests(raw, root=read_xml_tree(raw)) == (payload, fingerprints)
    # one PNR changed: its fingerprint alone changes
    first = raw.index(b"<PNR ")
    changed = raw[: first + 4] + raw[first + 4 :].replace(b">", b' Extra="1">', 1)
    _payload, other = xml_digests(changed)
    assert other[0] != fingerprints[0] and other[1] == fingerprints[1]


# any character, lone surrogates (bytes that did not decode) included
_ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=12)
_FORMS = st.recursive(
    st.lists(_ANY_TEXT, max_size=4), lambda inner: st.lists(inner | _ANY_TEXT, max_size=4)
)


@given(_FORMS)
@example(["MÜLLER/JOSÉ", ["DEL\x7f", '\x00\n\t"\\']])
@example(["emoji 😀", ["\udc80 undecoded byte"]])
def test_canonical_text_is_what_json_dumps_writes(form: list[object]) -> None:
    """Payload hashes are stored: the canonical form must keep json.dumps's exact text
    (its ASCII escapes of DEL, non-ASCII and astral characters), whoever writes it."""
    assert _json(form) == json.dumps(form, separators=(",", ":"))


def test_xml_digests_of_the_readers_tree_qualify_namespaced_attributes() -> None:
    from paxscreen.ingest.fingerprint import xml_digests
    from paxscreen.messages.pnrgov_xml import read_xml_tree

    # xml:lang is namespaced without a declaration; xsi: through one; a comment splits text
    raw = (
        b'<IATA_PNRGOV_NotifRQ xmlns="urn:x" xmlns:xsi="urn:xsi" xsi:schemaLocation="urn:x a">'
        b'<PNRs><PNR B="2" a="1"><Remark xml:lang="en">FREE <!-- c --> TEXT</Remark></PNR>'
        b'<PNR xsi:type="t" Z="9"/></PNRs></IATA_PNRGOV_NotifRQ>'
    )
    payload, fingerprints = xml_digests(raw)
    assert len(fingerprints) == 2
    assert xml_digests(raw, root=read_xml_tree(raw)) == (payload, fingerprints)
