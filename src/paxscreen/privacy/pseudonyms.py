"""Keyed pseudonyms: masked values that still count and link.

The same phone number masked in two bookings becomes the same pseudonym, so link
analysis and statistics keep working after depersonalisation, while nobody
without the key can go back from the pseudonym to the number (HMAC-SHA256, not a
plain hash: a plain hash of a phone number is reversed by trying them all).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

PSEUDONYM_PREFIX = "PSN-"


def pseudonym(value: str, *, key: bytes, element: str) -> str:
    """`PSN-` and 20 base32 characters (100 bits), stable for (key, element, value)."""
    digest = hmac.new(key, f"{element}\x1f{value}".encode(), hashlib.sha256).digest()
    return PSEUDONYM_PREFIX + base64.b32encode(digest[:13]).decode().rstrip("=")[:20]


def is_pseudonym(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PSEUDONYM_PREFIX)


__all__ = ["PSEUDONYM_PREFIX", "is_pseudonym", "pseudonym"]
