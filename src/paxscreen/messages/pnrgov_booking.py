"""Building one Booking: what EDIFACT and XML PNRGOV readers share.

Both readers find the same things in different syntax: remarks that may be
sensitive, contacts in OSI conventions, cards that must be masked, travellers
named by a reference. `BookingBuilder` holds the booking being built and the
reader's options, and applies the rules once: sensitive items are withheld
(counted and coded, never kept), card numbers masked and hashed, contacts decoded.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from paxscreen.findings import Finding, Position, Severity
from paxscreen.messages.pnrgov_cards import masked_and_hashed, scrub_card_numbers
from paxscreen.messages.pnrgov_contacts import Contact, normalise_email, phone_e164
from paxscreen.messages.sensitive import SensitiveTable
from paxscreen.model import (
    Address,
    Booking,
    Email,
    Payment,
    Phone,
    Provenance,
    Remark,
)

# Where something stands: a Position, or a function computing it only when a finding
# needs it (most segments are never pointed at, and positions cost a lookup).
Where = Position | Callable[[], Position | None] | None


def resolve(where: Where) -> Position | None:
    return where() if callable(where) else where


@dataclass(frozen=True, slots=True, kw_only=True)
class PnrOptions:
    """How a PNRGOV reader treats what it reads.

    `withhold_sensitive` (default on) drops sensitive SSRs and remarks as they are
    read; `card_hash_key` keys the card hash (no hash without it); `today` fixes
    the date used to pick two-digit-year centuries (tests pass a fixed day).
    `left_out` counts the PNRs ingestion took out of the message before reading
    it (unchanged since their current version): the message still holds them,
    so the EQN count check counts them too.
    """

    withhold_sensitive: bool = True
    sensitive_table: SensitiveTable | None = None
    card_hash_key: bytes | None = None
    today: dt.date | None = None
    left_out: int = 0

    @property
    def table(self) -> SensitiveTable:
        return self.sensitive_table or SensitiveTable.default()

    @property
    def reference_date(self) -> dt.date:
        return self.today or dt.datetime.now(dt.UTC).date()


@functools.lru_cache(maxsize=4096)  # fares and taxes repeat; Decimals are immutable
def to_decimal(text: str | None) -> Decimal | None:
    """An amount as sent (`416.00`, `1999,99`); None when it is not a number."""
    if not text:
        return None
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None


def _is_known(contacts: Sequence[Email | Phone], raw: str, traveller_index: int | None) -> bool:
    """The same contact for the same traveller is kept once, however often it is sent."""
    # a loop, not any() over a generator: 0.5 against 2.5 us on a list of one
    for contact in contacts:  # noqa: SIM110
        if contact.raw == raw and contact.traveller_index == traveller_index:
            return True
    return False


@dataclass(slots=True)
class BookingBuilder:
    """The booking being read, the reader's options, and its findings."""

    options: PnrOptions
    booking: Booking = field(default_factory=Booking)
    findings: list[Finding] = field(default_factory=list)
    _unmasked_cards_noted: bool = False  # one finding per booking is enough to act on
    # `options.table`, looked up once per booking rather than once per SSR or remark
    table: SensitiveTable = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.table = self.options.table

    def note(
        self,
        code: str,
        message: str,
        position: Where,
        severity: Severity = Severity.WARNING,
    ) -> None:
        self.findings.append(Finding(code, severity, message, resolve(position)))

    def is_withheld(self, code: str, category: str | None, position: Where) -> bool:
        """Withhold (count, record the code, never the text) when the table flagged it."""
        if category is None or not self.options.withhold_sensitive:
            return False
        self.booking.sensitive_removed += 1
        self.booking.sensitive_codes.append(code)
        self.note(
            "pnrgov.sensitive-withheld",
            f"sensitive item withheld ({code}, category {category})",
            position,
            Severity.INFO,
        )
        return True

    def text_category(self, text: str) -> str | None:
        return self.table.text_category(text)

    def add_remark(
        self,
        *,
        kind: str,
        code: str | None,
        text: str,
        source: Provenance,
        position: Where,
        traveller_index: int | None = None,
        segment_sequence: int | None = None,
    ) -> Remark | None:
        """A free-text remark, unless the table flags it (code or text); cards masked."""
        table = self.table
        category = table.ssr_category(code) if code else None
        label = code if category else None
        if category is None:
            category = table.text_category(text)
            label = f"{kind}:{category}"
        if self.is_withheld(label or kind, category, position):
            return None
        text, masked = scrub_card_numbers(text)
        if masked:
            self.note(
                "pnrgov.card-in-text", "card number in free text masked", position, Severity.INFO
            )
        remark = Remark(
            kind=kind,
            code=code,
            text=text,
            traveller_index=traveller_index,
            segment_sequence=segment_sequence,
            sources={"": source},
        )
        if category is not None:
            remark.sensitive_category = category
        self.booking.remarks.append(remark)
        return remark

    def add_contact(
        self, contact: Contact, *, source: Provenance, traveller_index: int | None = None
    ) -> None:
        """File a decoded contact under phones, e-mails or addresses of the booking."""
        if contact.kind == "email":
            self.add_email(contact.value, source=source, traveller_index=traveller_index)
        elif contact.kind == "phone":
            self.add_phone(
                contact.value, role=contact.role, source=source, traveller_index=traveller_index
            )
        elif contact.kind == "address":
            self.booking.addresses.append(
                Address(raw=contact.value, traveller_index=traveller_index, sources={"": source})
            )

    def add_email(self, raw: str, *, source: Provenance, traveller_index: int | None) -> None:
        if not _is_known(self.booking.emails, raw, traveller_index):
            self.booking.emails.append(
                Email(
                    raw=raw,
                    normalised=normalise_email(raw),
                    traveller_index=traveller_index,
                    sources={"": source},
                )
            )

    def add_phone(
        self, raw: str, *, role: str | None, source: Provenance, traveller_index: int | None
    ) -> None:
        raw = raw.strip()
        if raw and not _is_known(self.booking.phones, raw, traveller_index):
            self.booking.phones.append(
                Phone(
                    raw=raw,
                    e164=phone_e164(raw),
                    role=role,
                    traveller_index=traveller_index,
                    sources={"": source},
                )
            )

    def add_payment(
        self,
        *,
        type: str,
        amount: str | None = None,
        currency: str | None = None,
        card_brand: str | None = None,
        card_number: str | None = None,
        card_expiry: str | None = None,
        card_holder: str | None = None,
        source: Provenance,
        position: Where,
    ) -> Payment:
        """A form of payment; a full card number is masked and hashed, then forgotten."""
        payment = Payment(
            type=(type or "").strip().upper() or "UNKNOWN",
            amount=to_decimal(amount),
            currency=currency or None,
            card_brand=card_brand or None,
            card_expiry=card_expiry or None,
            card_holder=card_holder or None,
            sources={"": source},
        )
        if card_number:
            number = card_number.strip()
            payment.masked_number, payment.card_hash = masked_and_hashed(
                number, self.options.card_hash_key
            )
            if payment.masked_number != number and not self._unmasked_cards_noted:
                self._unmasked_cards_noted = True
                self.note(
                    "pnrgov.card-unmasked",
                    "card number received with too many digits visible; kept masked "
                    "(and hashed when it was complete) only",
                    position,
                    Severity.INFO,
                )
        self.booking.payments.append(payment)
        return payment


__all__ = ["BookingBuilder", "PnrOptions", "Where", "resolve", "to_decimal"]
