"""Card numbers: brand, masked form and keyed hash only; never the number."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from tests.fixtures.pnr.builder import pnr, push

from paxscreen.messages.pnrgov import parse_pnrgov
from paxscreen.messages.pnrgov_cards import (
    card_hash,
    is_luhn_valid,
    mask_card_number,
    masked_and_hashed,
    scrub_card_numbers,
)

FULL = "4111111111111111"


def test_mask_keeps_only_the_last_four_digits() -> None:
    assert mask_card_number(FULL) == "XXXXXXXXXXXX1111"
    assert mask_card_number("4111-1111-1111-1111") == "XXXXXXXXXXXX1111"
    assert mask_card_number("372395XXXXX9581") == "372395XXXXX9581"  # already masked: as sent
    # a sender's mask that still shows 12 digits is masked again
    assert mask_card_number("411111111111XXXX") == "XXXXXXXX1111XXXX"


def test_hash_is_hmac_sha256_under_the_callers_key() -> None:
    expected = hmac.new(b"k", FULL.encode(), hashlib.sha256).hexdigest()
    assert card_hash(FULL, b"k") == expected
    assert card_hash(FULL, b"other") != expected
    assert card_hash(FULL, None) is None
    assert card_hash("XXXXXXXXXXXX1111", b"k") is None
    assert card_hash("4111 1111 1111 1111", b"k") == expected


def test_card_numbers_in_free_text_are_masked_but_ticket_numbers_are_not() -> None:
    assert is_luhn_valid(FULL) and not is_luhn_valid("4111111111111112")
    text, count = scrub_card_numbers(f"FP CC VI{FULL}/0828 TKT 0062120234533")
    assert (text, count) == ("FP CC VIXXXXXXXXXXXX1111/0828 TKT 0062120234533", 1)
    assert scrub_card_numbers("CALL 4111 1111 1111 1111 NOW")[0] == "CALL XXXXXXXXXXXX1111 NOW"


def test_a_full_card_number_never_reaches_the_model() -> None:
    raw = push(
        pnr(
            "TIF+LOBB+MOLLYMRS:A:1",
            "TKT+0742301234567:T:1",
            f"FOP+CC::10.00:VI:{FULL}:0828",
            f"IFT+4:28::KL+PAID WITH {FULL}",
            f"LTS+0/O/FP/CCVI{FULL}/0828",
        )
    )
    (parsed,) = parse_pnrgov(raw, card_hash_key=b"k")
    booking = parsed.bookings[0]
    (payment,) = booking.payments
    assert (payment.card_brand, payment.masked_number, payment.card_expiry) == (
        "VI",
        "XXXXXXXXXXXX1111",
        "0828",
    )
    assert payment.card_hash == card_hash(FULL, b"k")
    model = repr((parsed.bookings, parsed.flights, parsed.findings))
    assert FULL not in model
    assert "pnrgov.card-in-text" in {finding.code for finding in parsed.findings}


def test_same_card_links_two_bookings_through_the_hash() -> None:
    raw = push(
        pnr("TIF+A+ONEMR:A:1", "TKT+1:T", f"FOP+CC::1:VI:{FULL}:0828", locator="RCI+KL:AAAAAA"),
        pnr("TIF+B+TWOMR:A:1", "TKT+2:T", f"FOP+CC::1:VI:{FULL}:0929", locator="RCI+KL:BBBBBB"),
    )
    first, second = parse_pnrgov(raw, card_hash_key=b"k")[0].bookings
    assert first.payments[0].card_hash == second.payments[0].card_hash is not None


@pytest.mark.parametrize(
    "number",
    [
        FULL,
        " 4111-1111-1111-1111 ",
        "372395XXXXX9581",
        "411111111111XXXX",
        "4111 11",
        "",
        "ABCD",
        "12345678901234567890123",
    ],
)
@pytest.mark.parametrize("key", [b"k", None])
def test_masked_and_hashed_agrees_with_mask_and_hash_apart(number: str, key: bytes | None) -> None:
    # the reader's one-pass form must give what the two public functions give
    assert masked_and_hashed(number, key) == (mask_card_number(number), card_hash(number, key))


def test_hash_with_a_prepared_key_does_not_carry_one_number_into_the_next() -> None:
    first = card_hash(FULL, b"k")
    card_hash("5500005555555559", b"k")
    assert card_hash(FULL, b"k") == first
