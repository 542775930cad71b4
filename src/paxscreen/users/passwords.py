"""Password hashing (Argon2id) and the password policy.

argon2-cffi's `PasswordHasher` stores its parameters inside the hash, so raising the
cost later only needs `needs_rehash` at the next successful log-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10

_hasher = PasswordHasher()


class WeakPasswordError(ValueError):
    """The password does not meet the policy; the message says why."""


def check_policy(password: str) -> None:
    """Refuse passwords that are too short or all one kind of character."""
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"a password needs at least {MIN_LENGTH} characters")
    if password.isdigit() or password.isalpha():
        raise WeakPasswordError("a password needs letters and digits or symbols")


def hash_password(password: str) -> str:
    check_policy(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
