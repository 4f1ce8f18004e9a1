"""Shared computers: what this site keeps in a browser, forgetting it after a while idle,
and clearing all of it when someone presses "Finish and clear my data".

A booklet being built and a Talking Point booking in progress live in the session cookie
(hub/booklets/draft.py, hub/talking_points/journey.py). Signed-in sessions have their own
server-side idle and absolute limits (hub/core/auth.py); this module leaves those alone.
"""

import datetime as dt
import time

from flask import current_app, session
from flask_login import current_user

from hub.access import preferences
from hub.booklets import draft
from hub.core import i18n
from hub.core.auth import end_session
from hub.talking_points import journey

# When the session was last used (seconds since 1970), written at most once a minute.
LAST_ACTIVE = "last_active"
ACTIVITY_STEP_SECONDS = 60
BOOKING_KEYS = (journey.ANSWERS_KEY, journey.DONE_KEY, journey.MANAGE_KEY, journey.TAKEN_KEY)
# What an anonymous visitor leaves in the session, dropped after a while idle.
ANONYMOUS_KEYS = (draft.SESSION_KEY, *BOOKING_KEYS)
# What "Finish and clear my data" can report clearing, in the order the page lists them.
CLEARED = ("signed-in", "booklet", "booking", "settings", "language")


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["ANONYMOUS_IDLE_MINUTES"])


def note_activity(now: float | None = None) -> list[str]:
    """Record that the session was used; first drop its anonymous contents if it was left
    idle too long. Returns what was dropped ("booklet", "booking"), usually nothing.

    A visitor with an empty session gets no cookie from this: only a session that already
    holds something is touched.
    """
    if not session:
        return []
    now = time.time() if now is None else now
    last = session.get(LAST_ACTIVE)
    dropped = []
    if isinstance(last, int | float) and now - last > idle_limit().total_seconds():
        if draft.SESSION_KEY in session:
            dropped.append("booklet")
        if any(key in session for key in BOOKING_KEYS):
            dropped.append("booking")
        for key in ANONYMOUS_KEYS:
            session.pop(key, None)
    if not isinstance(last, int | float) or now - last >= ACTIVITY_STEP_SECONDS or dropped:
        session[LAST_ACTIVE] = int(now)
    return dropped


def kept_here(cookies: dict) -> list[str]:
    """What this site is keeping in this browser now, as CLEARED names."""
    kept = {
        "signed-in": current_user.is_authenticated,
        "booklet": draft.SESSION_KEY in session,
        "booking": any(key in session for key in BOOKING_KEYS),
        "settings": preferences.COOKIE in cookies,
        "language": i18n.COOKIE in cookies,
    }
    return [name for name in CLEARED if kept[name]]


def clear_everything(response) -> None:
    """Sign out properly, empty the session and delete the settings and language cookies.

    The session cookie itself goes when the emptied session is saved. The site keeps
    nothing else in the browser, so no Clear-Site-Data header: Chromium could hang for
    minutes clearing "storage" (seen in the browser tests).
    """
    if current_user.is_authenticated:
        end_session()  # forgets the server-side session too, so a copied cookie fails
    session.clear()
    preferences.forget(response)
    response.delete_cookie(i18n.COOKIE, secure=current_app.config["SESSION_COOKIE_SECURE"],
                           httponly=True, samesite="Lax")
