"""Who may see a page. Every non-public view carries `required_roles` (tests read it)."""

import datetime as dt
import secrets
from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import Forbidden

from hub.accounts.models import Role, User, UserSession, utcnow
from hub.extensions import db, login_manager

# Any signed-in person: for their own account pages.
SIGNED_IN = "signed-in"


def role_required(*roles: Role | str) -> Callable:
    """Let the view run only for a signed-in person holding one of `roles`.

    With SIGNED_IN any signed-in person may use it. Anyone else signed in gets 403;
    someone signed out is sent to sign in and brought back afterwards.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if SIGNED_IN not in roles and not current_user.has_role(*roles):
                raise Forbidden()
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorate


def start_session(user: User) -> None:
    """Sign in with a fresh session: nothing from before sign-in carries over."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=UserSession.hash(token), user_id=user.id))
    user.last_signed_in_at = utcnow()
    db.session.commit()
    user.session_id = token
    login_user(user)


def end_session() -> None:
    """Sign out this browser: the server forgets the session, so a copied cookie fails."""
    if current_user.is_authenticated and current_user.session_id:
        db.session.query(UserSession).filter_by(
            token_hash=UserSession.hash(current_user.session_id)).delete()
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sessions(user: User) -> None:
    """Sign the person out everywhere (after a password change or on request)."""
    db.session.query(UserSession).filter_by(user_id=user.id).delete()
    db.session.commit()


def as_utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite drops tz


def _load_session(token: str) -> User | None:
    record = db.session.get(UserSession, UserSession.hash(token))
    if record is None:
        return None
    now = utcnow()
    config = current_app.config
    idle = dt.timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    absolute = dt.timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    if (now - as_utc(record.last_seen_at) > idle
            or now - as_utc(record.created_at) > absolute):
        db.session.delete(record)
        db.session.commit()
        return None
    # Write at most once a minute, not on every request.
    if now - as_utc(record.last_seen_at) > dt.timedelta(minutes=1):
        record.last_seen_at = now
        db.session.commit()
    user = record.user
    user.session_id = token
    return user if user.active else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Sign in to see that page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are server-side; see _load_session
    login_manager.user_loader(_load_session)

    @app.before_request
    def _load_user_afresh():
        # Flask-Login caches the user on `g`, which lives as long as the app context; when
        # that outlives one request (tests, CLI) the cache would skip the session check.
        g.pop("_login_user", None)

    @app.after_request
    def _private_pages_are_not_stored(response):
        if current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response

