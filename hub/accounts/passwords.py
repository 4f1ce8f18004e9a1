"""Password rules (NIST SP 800-63B: length, no composition rules, no common passwords)."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

MIN_LENGTH = 8
MAX_LENGTH = 128
# Argon2id with OWASP's first recommended setting (46 MiB, one pass): ~70 ms here, where
# the library default (64 MiB, 3 passes, 4 lanes) takes ~0.85 s on two cores. Hashes made
# with other settings still verify and are upgraded at the next sign-in.
_hasher = PasswordHasher(time_cost=1, memory_cost=47104, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why this password will not do, in plain English; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _("Your password must be at least %(count)d characters long", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Your password must be %(count)d characters or fewer", count=MAX_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords() or (email and lowered == email.lower()):
        return _("That password is too easy to guess. Try a few words you will remember")
    return None
