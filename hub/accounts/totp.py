"""Time-based one-time codes (RFC 6238) from an authenticator app, as a second factor."""

import hmac
import time

import pyotp
import segno

# Accept the code before and after the current one: phone clocks drift.
VALID_WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_code(secret: str, account: str, issuer: str) -> str:
    """An SVG data URI (the content policy allows data: images, not inline markup)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def accepted_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step `code` belongs to, or None if it is wrong or was already used.

    Only steps after `last_step` count, so a code cannot be used twice (nor an older one).
    """
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(time.time())
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(
                totp.generate_otp(step), code):
            return step
    return None
