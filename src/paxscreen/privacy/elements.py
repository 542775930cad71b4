"""Which columns hold which personal data element, and how each is masked.

One table drives depersonalisation (EU PNR Directive art. 12(2) (a)-(f)): for every
element, the tables and columns that hold it, whom each row belongs to (a booking
or a traveller) and what masking does to each column:

- `PSEUDONYM`: replaced by a keyed pseudonym, so equal values stay equal (linking,
  counting) without revealing the value;
- `CLEAR`: emptied (NULL, or "" where the column may not be NULL).

Adding a table that holds personal data means adding it here; the retention job,
the tests and re-identification then cover it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Table

from paxscreen.store.booking_tables import booking_history, bookings, payments, remarks
from paxscreen.store.tables import (
    addresses,
    documents,
    emails,
    frequent_flyers,
    phones,
    traveller_names,
    travellers,
)


class Treatment(StrEnum):
    PSEUDONYM = "pseudonym"
    CLEAR = "clear"


class Owner(StrEnum):
    BOOKING = "booking"
    TRAVELLER = "traveller"


@dataclass(frozen=True, slots=True)
class MaskSpec:
    """Masking of some columns of one table, for rows owned through `owner_column`."""

    table: Table
    owner: Owner
    owner_column: str
    columns: dict[str, Treatment]


P, C = Treatment.PSEUDONYM, Treatment.CLEAR


def _contact_specs(table: Table, columns: dict[str, Treatment]) -> list[MaskSpec]:
    """Contacts hang off a booking (PNR) or a traveller (PAXLST COM)."""
    return [
        MaskSpec(table, Owner.BOOKING, "booking_id", columns),
        MaskSpec(table, Owner.TRAVELLER, "traveller_id", columns),
    ]


ELEMENT_SPECS: dict[str, list[MaskSpec]] = {
    "names": [
        MaskSpec(
            traveller_names,
            Owner.TRAVELLER,
            "traveller_id",
            {"raw": C, "surname": P, "given_names": C, "title": C, "name_key": P},
        ),
        MaskSpec(documents, Owner.TRAVELLER, "traveller_id", {"surname": C, "given_names": C}),
        # (a) includes "the number of travellers travelling together"
        MaskSpec(bookings, Owner.BOOKING, "id", {"group_name": C, "party_size": C}),
    ],
    "contacts": [
        *_contact_specs(phones, {"raw": C, "e164": P}),
        *_contact_specs(emails, {"raw": C, "normalised": P}),
        *_contact_specs(
            addresses,
            {"street": C, "city": C, "state": C, "postcode": C, "raw": C, "link_key": P},
        ),
    ],
    "payment": [
        MaskSpec(
            payments,
            Owner.BOOKING,
            "booking_id",
            {
                "masked_number": C,
                "card_expiry": C,
                "card_holder": C,
                "payer": P,
                "billing_address": C,
            },
        ),
    ],
    "frequent_flyer": [
        MaskSpec(frequent_flyers, Owner.TRAVELLER, "traveller_id", {"number": P}),
    ],
    "remarks": [
        MaskSpec(remarks, Owner.BOOKING, "booking_id", {"text": C}),
        MaskSpec(booking_history, Owner.BOOKING, "booking_id", {"description": C, "agent": C}),
    ],
    "api": [
        MaskSpec(
            travellers,
            Owner.TRAVELLER,
            "id",
            {
                "date_of_birth": C,
                "birth_date": C,
                "place_of_birth": C,
                "residence_country": C,
                "passenger_reference": P,
                "redress_number": C,
                "known_traveller_number": C,
            },
        ),
        MaskSpec(
            documents,
            Owner.TRAVELLER,
            "traveller_id",
            {"number": P, "number_key": P, "expiry": C, "issue_date": C, "place_of_issue": C},
        ),
    ],
}

__all__ = ["ELEMENT_SPECS", "MaskSpec", "Owner", "Treatment"]
