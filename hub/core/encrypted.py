"""A text column stored encrypted (Fernet: AES with an authentication code).

For secrets the hub must read back, such as authenticator-app seeds: a copy of the
database alone does not give them away. The key comes from ENCRYPTION_KEY, or is derived
from SECRET_KEY; changing it makes stored values unreadable (people set up their app again).
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import String, Text
from sqlalchemy.types import TypeDecorator


def _fernet() -> Fernet:
    key = current_app.config.get("ENCRYPTION_KEY") or current_app.config["SECRET_KEY"]
    digest = hashlib.sha256(b"live-well-hub encrypted column:" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class EncryptedText(TypeDecorator):
    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else _fernet().encrypt(value.encode()).decode()

    def process_result_value(self, value: str | None, dialect) -> str | None:
        if value is None:
            return None
        try:
            return _fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            return None  # the key changed: as if it was never set


class EncryptedLongText(EncryptedText):
    """The same, for values longer than a line (a saved booklet)."""

    impl = Text
    cache_ok = True
