"""The two privacy keys, derived from settings at the edge and passed inward.

The pseudonym key makes masked values linkable; the seal key opens sealed values
for approved re-identification. They are different keys on purpose: an analyst
tool that needs pseudonyms never needs the power to unseal.
"""

from __future__ import annotations

import hashlib
import hmac

from paxscreen.config import Settings
from paxscreen.privacy.sealing import derive_key


def pseudonym_key(settings: Settings) -> bytes:
    return hmac.new(settings.secret_key.encode(), b"paxscreen-pseudonyms", hashlib.sha256).digest()


def seal_key(settings: Settings) -> bytes:
    secret = settings.privacy.reidentification_key or f"derived:{settings.secret_key}"
    return derive_key(secret)


__all__ = ["pseudonym_key", "seal_key"]
