"""The rules for accounts: signing in, links in e-mails, invitations and join requests.

Shared by the pages and the command line. Functions that send e-mail commit only once
the message has gone, so a mail server that is down leaves nothing half done.
"""

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from hub.accounts.models import JoinRequest, JoinStatus, Membership, Role, User, UserRole, utcnow
from hub.accounts.passwords import hash_password, needs_rehash, verify_password
from hub.accounts.queries import moderator_emails
from hub.accounts.totp import accepted_step
from hub.core.auth import as_utc, end_all_sessions
from hub.core.mail import MailError, external_url, send_mail
from hub.extensions import db

log = logging.getLogger(__name__)

# After this many wrong passwords or codes in a row, each further one makes the person wait,
# twice as long each time, but never more than LONGEST_WAIT: slowed, never locked out.
SLOW_AFTER_FAILURES = 5
LONGEST_WAIT = dt.timedelta(minutes=15)

# Enough to catch typing mistakes; the e-mail itself proves the address works.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

INVITATION = "invitation"
RESET = "reset"

# Roles given by people, not by membership of an organisation.
STAFF_ROLES = (Role.moderator, Role.talking_point_staff, Role.talking_point_coordinator,
               Role.administrator)


class SignInRefused(Exception):
    """Wrong e-mail address or password: deliberately does not say which."""


class AccountSlowed(Exception):
    def __init__(self, wait: dt.timedelta):
        super().__init__("account slowed")
        self.wait = wait


class NotAllowed(Exception):
    """The person asked for something their roles do not allow; `field` is the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


# ---- signing in -------------------------------------------------------------------------

@cache
def _stand_in_hash() -> str:
    return hash_password("a password nobody has")


def check_password(email: str, password: str) -> User:
    """The active user with this e-mail address and password, or an exception saying why not."""
    user = find_user(email)
    if user is None or user.password_hash is None:
        # Take as long as a real check, so timing does not reveal who has an account.
        verify_password(_stand_in_hash(), password)
        raise SignInRefused()
    check_not_slowed(user)
    if not verify_password(user.password_hash, password) or not user.active:
        record_failure(user)
        raise SignInRefused()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def check_not_slowed(user: User) -> None:
    if user.next_sign_in_at is not None:
        wait = as_utc(user.next_sign_in_at) - utcnow()
        if wait > dt.timedelta(0):
            raise AccountSlowed(wait)


def record_failure(user: User) -> None:
    user.failed_sign_ins += 1
    beyond = user.failed_sign_ins - SLOW_AFTER_FAILURES
    if beyond >= 0:
        wait = dt.timedelta(minutes=2 ** min(beyond, 4))  # 1, 2, 4, 8, 16 -> capped
        user.next_sign_in_at = utcnow() + min(wait, LONGEST_WAIT)
    db.session.commit()


def check_code(user: User, code: str) -> None:
    """Accept a current, unused code from the person's authenticator app."""
    check_not_slowed(user)
    step = accepted_step(user.totp_secret or "", code, user.totp_last_step)
    if step is None:
        record_failure(user)
        raise SignInRefused()
    user.totp_last_step = step
    db.session.commit()


def clear_failures(user: User) -> None:
    user.failed_sign_ins = 0
    user.next_sign_in_at = None


def set_password(user: User, password: str) -> None:
    """A new password: old links stop working (see _fingerprint) and any slowing ends."""
    user.password_hash = hash_password(password)
    clear_failures(user)
    db.session.commit()
    end_all_sessions(user)


# ---- links in e-mails ------------------------------------------------------------------

def _lifetime(purpose: str) -> dt.timedelta:
    config = current_app.config
    if purpose == INVITATION:
        return dt.timedelta(days=config["INVITATION_DAYS"])
    return dt.timedelta(minutes=config["PASSWORD_RESET_MINUTES"])


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"hub-{purpose}")


def _fingerprint(user: User) -> str:
    """Changes when the password does, so a link works once and stops after it is used."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def password_link(user: User, purpose: str) -> str:
    token = _serializer(purpose).dumps({"user": user.id, "password": _fingerprint(user)})
    return external_url("accounts.set_password", token=token)


def user_from_link(token: str) -> tuple[User, str] | None:
    """The person a set-password link is for and its purpose; None if expired or used."""
    for purpose in (INVITATION, RESET):
        try:
            data = _serializer(purpose).loads(
                token, max_age=int(_lifetime(purpose).total_seconds()))
        except BadSignature:  # includes SignatureExpired
            continue
        user = db.session.get(User, data.get("user", ""))
        if user and user.active and data.get("password") == _fingerprint(user):
            return user, purpose
        return None
    return None


def _commit_after(send: Callable[[], None]) -> None:
    """Send the e-mail, then commit; if it cannot go, undo everything and say so."""
    try:
        send()
    except MailError:
        db.session.rollback()
        raise
    db.session.commit()


def send_reset_link(email: str) -> None:
    """E-mail a reset link if this is an active account; silently nothing otherwise."""
    user = find_user(email)
    if user is None or not user.active:
        return
    send_mail(user.email, _("Reset your password"), "account_reset", user=user,
              link=password_link(user, RESET),
              minutes=current_app.config["PASSWORD_RESET_MINUTES"])


# ---- invitations -----------------------------------------------------------------------

def organisations(ids: Iterable[str] | None = None) -> list:
    """Organisations by name (only those in `ids` when given)."""
    from hub.directory.models import Organisation

    query = select(Organisation).order_by(func.lower(Organisation.name))
    if ids is not None:
        query = query.where(Organisation.id.in_(list(ids)))
    return list(db.session.scalars(query))


def organisations_for(inviter: User) -> list:
    """Organisations `inviter` may bring people into: their own, or any for staff."""
    if inviter.has_role(Role.moderator, Role.administrator):
        return organisations()
    return organisations(inviter.organisation_ids)


def grantable_roles(inviter: User) -> list[Role]:
    if inviter.has_role(Role.administrator):
        return list(STAFF_ROLES)
    if inviter.has_role(Role.moderator):
        return [Role.moderator, Role.talking_point_staff]
    return []


def _give_access(email: str, name: str, organisation_ids: Iterable[str],
                 roles: Iterable[Role]) -> tuple[User, bool]:
    """Create the account or extend it. True when the person still needs to set a password."""
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower(), name=name.strip(), password_hash=None)
        db.session.add(user)
    user.memberships.extend(Membership(organisation_id=organisation_id)
                            for organisation_id in set(organisation_ids) - user.organisation_ids)
    held = {grant.role for grant in user.granted_roles}
    user.granted_roles.extend(UserRole(role=role) for role in roles if role not in held)
    db.session.flush()
    return user, user.password_hash is None


def _tell_about_access(user: User, needs_password: bool, organisation_name: str,
                       invited_by: str) -> None:
    context = {"user": user, "organisation": organisation_name, "invited_by": invited_by,
               "roles": sorted(role_names()[r] for r in user.roles)}
    if needs_password:
        send_mail(user.email, _("You are invited to %(hub)s", hub=current_app.config["HUB_NAME"]),
                  "account_invitation", link=password_link(user, INVITATION),
                  days=current_app.config["INVITATION_DAYS"], **context)
    else:
        send_mail(user.email, _("You have new access on %(hub)s",
                                hub=current_app.config["HUB_NAME"]),
                  "account_added", link=external_url("accounts.sign_in"), **context)


def invite(inviter: User, email: str, name: str, organisation_id: str | None,
           roles: Iterable[Role]) -> User:
    """Bring someone into an organisation or give them roles, checking the inviter may."""
    roles = set(roles)
    allowed = {organisation.id: organisation for organisation in organisations_for(inviter)}
    if organisation_id and organisation_id not in allowed:
        raise NotAllowed("organisation", _("Choose one of the organisations you belong to"))
    if not roles <= set(grantable_roles(inviter)):
        raise NotAllowed("roles", _("You cannot give that role"))
    if not organisation_id and not roles:
        raise NotAllowed("organisation", _("Choose an organisation, or at least one role"))
    user, needs_password = _give_access(email, name, [organisation_id] if organisation_id else [],
                                        roles)
    organisation_name = allowed[organisation_id].name if organisation_id else ""
    _commit_after(lambda: _tell_about_access(user, needs_password, organisation_name,
                                             inviter.name))
    return user


def add_user(email: str, name: str, organisation_ids: Iterable[str],
             roles: Iterable[Role]) -> tuple[User, str]:
    """For the command line: give access without e-mail; returns a set-password link."""
    if not re.fullmatch(EMAIL_PATTERN, email.strip()):
        raise ValueError(f"{email!r} does not look like an email address.")
    organisation_ids = set(organisation_ids)
    missing = organisation_ids - {o.id for o in organisations(organisation_ids)}
    if missing:
        raise ValueError(f"No organisation with the id {', '.join(sorted(missing))}.")
    user, _needs_password = _give_access(email, name, organisation_ids, roles)
    db.session.commit()
    return user, password_link(user, INVITATION)


# ---- join requests ---------------------------------------------------------------------

def ask_to_join(join_request: JoinRequest) -> None:
    """Keep the request, then confirm by e-mail (a failed e-mail does not lose it)."""
    db.session.add(join_request)
    db.session.commit()
    try:
        send_mail(moderator_emails(), _("An organisation is asking to join"),
                  "account_join_waiting", join_request=join_request,
                  link=external_url("accounts.join_requests"))
    except MailError:
        # It is on their dashboard all the same.
        log.warning("could not tell the moderators about a join request")
    send_mail(join_request.email, _("We have your request to join %(hub)s",
                                    hub=current_app.config["HUB_NAME"]),
              "account_join_received", join_request=join_request)


def pending_join_requests() -> list[JoinRequest]:
    return list(db.session.scalars(select(JoinRequest)
                                   .where(JoinRequest.status == JoinStatus.pending)
                                   .order_by(JoinRequest.created_at)))


def approve_join_request(join_request: JoinRequest, moderator: User) -> User:
    """Create the organisation if it is new, give the person access and invite them."""
    from hub.directory.models import Organisation

    if join_request.organisation is None:
        join_request.organisation = Organisation(name=join_request.organisation_name.strip())
        db.session.add(join_request.organisation)
        db.session.flush()
    organisation = join_request.organisation
    user, needs_password = _give_access(join_request.email, join_request.name,
                                        [organisation.id], ())
    _decided(join_request, moderator, JoinStatus.approved)
    _commit_after(lambda: _tell_about_access(user, needs_password, organisation.name,
                                             moderator.name))
    return user


def decline_join_request(join_request: JoinRequest, moderator: User, reason: str) -> None:
    join_request.reason = reason.strip()
    _decided(join_request, moderator, JoinStatus.declined)
    _commit_after(lambda: send_mail(
        join_request.email,
        _("Your request to join %(hub)s", hub=current_app.config["HUB_NAME"]),
        "account_join_declined", join_request=join_request))


def forget_decided_join_requests(cutoff: dt.datetime) -> int:
    """Delete requests to join decided before `cutoff`: their names and addresses are
    personal data the hub no longer needs."""
    deleted = db.session.execute(
        delete(JoinRequest).where(JoinRequest.status != JoinStatus.pending,
                                  JoinRequest.decided_at < cutoff)).rowcount
    db.session.commit()
    return deleted


def _decided(join_request: JoinRequest, moderator: User, status: JoinStatus) -> None:
    join_request.status = status
    join_request.decided_at = utcnow()
    join_request.decided_by_id = moderator.id


# ---- administration --------------------------------------------------------------------

def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(func.lower(User.name), User.email)))


def update_user(user: User, *, roles: Iterable[Role], organisation_ids: Iterable[str],
                active: bool) -> None:
    """Set roles, keep only these memberships, and (de)activate; deactivating signs out."""
    roles, keep = set(roles), set(organisation_ids)
    user.granted_roles = [grant for grant in user.granted_roles if grant.role in roles]
    held = {grant.role for grant in user.granted_roles}
    user.granted_roles.extend(UserRole(role=role) for role in roles - held)
    user.memberships = [m for m in user.memberships if m.organisation_id in keep]
    user.active = active
    db.session.commit()
    if not active:
        end_all_sessions(user)


def role_names() -> dict[Role, str]:
    return {Role.contributor: _("Contributor"), Role.moderator: _("Moderator"),
            Role.talking_point_staff: _("Talking Point staff"),
            Role.talking_point_coordinator: _("Talking Point coordinator"),
            Role.administrator: _("Administrator")}
