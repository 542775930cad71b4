"""Fill the link keys of a flight's bookings when it is loaded.

Parsers keep contacts as sent (and an E.164 phone where they can); linking needs the
forms under which trivial variants meet (`contacts`). Computing them here, once per
load, keeps the graph queries plain indexed joins.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select, update

from paxscreen.screening.links.contacts import address_link_key, email_link_key
from paxscreen.store.tables import addresses, emails


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
    return changed


__all__ = ["refresh_link_keys"]
