"""Sealing: keep masked values recoverable only through an approved re-identification.

Depersonalisation removes clear values from every table; a copy is sealed with
AES-256-GCM under the re-identification key, which operators keep apart from the
database. Deletion destroys the sealed copy too, so after the retention limit the
data is gone for good. Each sealed payload is bound (as GCM associated data) to
the object it belongs to, so a payload moved to another object does not open.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from paxscreen.errors import PaxscreenError

NONCE_BYTES = 12


class SealError(PaxscreenError):
    """A sealed payload could not be opened (wrong key, or it was tampered with)."""


def derive_key(secret: str) -> bytes:
    """A 256-bit key from the configured secret text."""
    return hashlib.sha256(("paxscreen-seal\x1f" + secret).encode()).digest()


def seal(payload: Any, *, key: bytes, bound_to: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    clear = json.dumps(payload, default=str, sort_keys=True).encode()
    return nonce + AESGCM(key).encrypt(nonce, clear, bound_to.encode())


def unseal(sealed: bytes, *, key: bytes, bound_to: str) -> Any:
    try:
        clear = AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], bound_to.encode())
    except InvalidTag as error:
        raise SealError(f"the sealed data of {bound_to} cannot be opened with this key") from error
    return json.loads(clear)


__all__ = ["SealError", "derive_key", "seal", "unseal"]
