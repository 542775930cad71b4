"""Fill the link keys of a flight's bookings when it is loaded.

Parsers keep contacts as sent (and an E.164 phone where they can); linking needs the
forms under which trivial variants meet (`contacts`). Computing them here, once per
load, keeps the graph queries plain indexed joins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pycountry
from sqlalchemy import Connection, select, update

from paxscreen.screening.links.contacts import address_link_key, email_link_key, phone_link_key
from paxscreen.store.booking_tables import agencies
from paxscreen.store.tables import addresses, emails, phones, travellers


def refresh_link_keys(connection: Connection, booking_ids: Sequence[int]) -> int:
    """Set e-mail and address link keys for these bookings; returns rows changed."""
    if not booking_ids:
        return 0
    changed = 0
    for row in connection.execute(
        select(emails.c.id, emails.c.raw, emails.c.normalised).where(
            emails.c.booking_id.in_(booking_ids)
        )
    ):
        key = email_link_key(row.normalised or row.raw)
        if key and key != row.normalised and not (row.normalised or "").startswith("PSN-"):
            connection.execute(update(emails).where(emails.c.id == row.id).values(normalised=key))
            changed += 1
    for address in connection.execute(
        select(
            addresses.c.id,
            addresses.c.street,
            addresses.c.city,
            addresses.c.postcode,
            addresses.c.country,
            addresses.c.raw,
            addresses.c.link_key,
        ).where(addresses.c.booking_id.in_(booking_ids), addresses.c.link_key.is_(None))
    ):
        key = address_link_key(
            address.street, address.city, address.postcode, address.country
        ) or address_link_key(address.raw)
        if key:
            connection.execute(
                update(addresses).where(addresses.c.id == address.id).values(link_key=key)
            )
            changed += 1
    changed += _refresh_phones(connection, booking_ids)
    return changed


def _booking_regions(connection: Connection, booking_ids: Sequence[int]) -> dict[int, list[str]]:
    """ISO-2 countries a booking points at: its addresses, its agency, its travellers."""
    regions: dict[int, list[str]] = defaultdict(list)
    sources = (
        select(addresses.c.booking_id, addresses.c.country).where(
            addresses.c.booking_id.in_(booking_ids)
        ),
        select(agencies.c.booking_id, agencies.c.country).where(
            agencies.c.booking_id.in_(booking_ids)
        ),
        select(travellers.c.booking_id, travellers.c.nationality).where(
            travellers.c.booking_id.in_(booking_ids)
        ),
    )
    for query in sources:
        for booking_id, country in connection.execute(query):
            if (code := iso2(country)) is not None:
                regions[booking_id].append(code)
    return regions


def _refresh_phones(connection: Connection, booking_ids: Sequence[int]) -> int:
    """Phones the parser could not put in E.164 for lack of a country: try the booking's."""
    rows = connection.execute(
        select(phones.c.id, phones.c.booking_id, phones.c.raw).where(
            phones.c.booking_id.in_(booking_ids), phones.c.e164.is_(None)
        )
    ).all()
    if not rows:
        return 0
    regions = _booking_regions(connection, booking_ids)
    changed = 0
    for phone in rows:
        if (key := phone_link_key(phone.raw, regions.get(phone.booking_id, []))) is not None:
            connection.execute(update(phones).where(phones.c.id == phone.id).values(e164=key))
            changed += 1
    return changed


def iso2(country: str | None) -> str | None:
    if not country:
        return None
    code = country.strip().upper()
    if len(code) == 2 and code.isalpha():
        return code
    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return found.alpha_2 if found else None


__all__ = ["refresh_link_keys"]
