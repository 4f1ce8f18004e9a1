"""Sign-in, invitations, passwords and two-factor codes."""

import datetime as dt
import math
import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from hub.accounts import operations, totp
from hub.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    DecisionForm,
    ForgotPasswordForm,
    InviteForm,
    JoinForm,
    NewPasswordForm,
    SignInForm,
    TwoFactorOffForm,
    TwoFactorOnForm,
    UserForm,
)
from hub.accounts.models import JoinRequest, JoinStatus, Role, User
from hub.accounts.operations import STAFF_ROLES, AccountSlowed, NotAllowed, SignInRefused
from hub.accounts.passwords import verify_password
from hub.core.auth import SIGNED_IN, end_all_sessions, end_session, role_required, start_session
from hub.core.mail import MailError
from hub.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")

# Per address: enough for someone mistyping, too few for guessing passwords.
SIGN_IN_LIMIT = "10 per minute; 100 per hour"
# Forms that send e-mail to an address someone typed: kept low against abuse.
MAIL_LIMIT = "5 per minute; 20 per hour"
# Between the password and the code, a half-done sign-in is kept this long.
CODE_WAIT_SECONDS = 5 * 60


@bp.app_errorhandler(429)
def too_many_requests(error):
    return render_template(
        "errors/error.html", status=429, title=_("Too many attempts"),
        message=_("You have tried this too many times in a short while. Wait a few minutes, "
                  "then try again.")), 429


@bp.context_processor
def _role_names():
    return {"role_names": operations.role_names(), "Role": Role}


def _form_page(template: str, form, **context):
    """A form page; 400 when it shows errors, so tests and tools can tell."""
    return render_template(template, form=form, **context), (400 if form.errors else 200)


def _mail_failed() -> None:
    flash(_("We could not send the email just now, so nothing was changed. "
            "Try again in a few minutes."), "info")


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: sending people elsewhere after sign-in helps phishing."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


def _wait_message(wait: dt.timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return ngettext("There have been too many tries to sign in to this account. "
                    "Try again in %(num)d minute.",
                    "There have been too many tries to sign in to this account. "
                    "Try again in %(num)d minutes.", minutes)


def _continue_sign_in(user: User, next_page: str | None):
    """Sign in now, or first ask for the code from the app when two-factor sign-in is on."""
    if user.two_factor_enabled:
        session["two_factor"] = {"user": user.id, "since": time.time(), "next": next_page}
        return redirect(url_for("accounts.two_factor"))
    return _signed_in(user, next_page)


def _start_page(user: User) -> str:
    """Where work starts: contributors' listings, the moderators' dashboard, or the account."""
    if user.has_role(Role.contributor):
        return url_for("listings.index")
    if user.has_role(Role.moderator):
        return url_for("moderation.dashboard")
    return url_for("accounts.account")


def _signed_in(user: User, next_page: str | None):
    operations.clear_failures(user)
    start_session(user)
    return redirect(next_page or _start_page(user))


# ---- signing in and out ----------------------------------------------------------------

@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in():
    next_page = _safe_next(request.args.get("next"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = operations.check_password(form.email.data, form.password.data)
        except AccountSlowed as slowed:
            form.fail(form.email, _wait_message(slowed.wait))
        except SignInRefused:
            # One message whether the address or the password was wrong: no hint who has
            # an account.
            form.fail(form.email, _("The email address or password is not right. Check them "
                                    "and try again"))
        else:
            return _continue_sign_in(user, next_page)
    return _form_page("accounts/sign_in.html", form, next_page=next_page)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def two_factor():
    pending = session.get("two_factor") or {}
    fresh = time.time() - pending.get("since", 0) < CODE_WAIT_SECONDS
    user = db.session.get(User, pending["user"]) if fresh else None
    if user is None or not user.two_factor_enabled:
        session.pop("two_factor", None)
        flash(_("Sign in again to continue."), "info")
        return redirect(url_for("accounts.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            operations.check_code(user, form.code.data)
        except AccountSlowed as slowed:
            form.fail(form.code, _wait_message(slowed.wait))
        except SignInRefused:
            form.fail(form.code, _("That code is not right, or it was used already. Enter the "
                                   "newest code from your app"))
        else:
            return _signed_in(user, pending.get("next"))
    return _form_page("accounts/two_factor.html", form)


@bp.post("/sign-out")
@role_required(SIGNED_IN)
def sign_out():
    end_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("directory.home"))


@bp.post("/sign-out-everywhere")
@role_required(SIGNED_IN)
def sign_out_everywhere():
    end_all_sessions(current_user)
    end_session()
    flash(_("You have signed out on every computer, phone and tablet."), "success")
    return redirect(url_for("directory.home"))


# ---- your account and passwords --------------------------------------------------------

@bp.get("")
@role_required(SIGNED_IN)
def account():
    return render_template("accounts/account.html",
                           organisations=operations.organisations(current_user.organisation_ids))


@bp.route("/password", methods=["GET", "POST"])
@role_required(SIGNED_IN)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(email=user.email)
    if form.validate_on_submit():
        if verify_password(user.password_hash, form.current_password.data):
            operations.set_password(user, form.password.data)  # signs out everywhere
            start_session(user)
            flash(_("Your password has been changed. Other computers and phones have been "
                    "signed out."), "success")
            return redirect(url_for("accounts.account"))
        form.fail(form.current_password, _("Your current password is not right"))
    return _form_page("accounts/change_password.html", form)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    found = operations.user_from_link(token)
    if found is None:
        return render_template("accounts/link_expired.html"), 410
    user, purpose = found
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        operations.set_password(user, form.password.data)
        # A link in an e-mail is one factor: the app's code is still needed if it is on.
        response = _continue_sign_in(user, None)
        flash(_("Your new password is saved."), "success")  # after sign-in clears the session
        return response
    return _form_page("accounts/set_password.html", form, user=user,
                      invited=purpose == operations.INVITATION)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            operations.send_reset_link(form.email.data)
        except MailError:
            _mail_failed()
        else:
            return render_template("accounts/forgot_password_sent.html", email=form.email.data,
                                   minutes=current_app.config["PASSWORD_RESET_MINUTES"])
    return _form_page("accounts/forgot_password.html", form)


# ---- two-factor sign-in ----------------------------------------------------------------

@bp.route("/two-factor", methods=["GET", "POST"])
@role_required(Role.moderator, Role.talking_point_staff, Role.administrator)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def two_factor_setup():
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        form = TwoFactorOffForm()
        if form.validate_on_submit():
            if verify_password(user.password_hash, form.password.data):
                user.totp_secret = user.totp_last_step = None
                db.session.commit()
                flash(_("Two-factor sign-in is off."), "success")
                return redirect(url_for("accounts.account"))
            form.fail(form.password, _("Your password is not right"))
        return _form_page("accounts/two_factor_off.html", form)

    # The new secret waits in the session until a code shows the app has it.
    secret = session.setdefault("totp_pending", totp.new_secret())
    form = TwoFactorOnForm()
    if form.validate_on_submit():
        step = totp.accepted_step(secret, form.code.data, None)
        if step is not None:
            user.totp_secret, user.totp_last_step = secret, step
            db.session.commit()
            session.pop("totp_pending")
            flash(_("Two-factor sign-in is on. Each time you sign in we will ask for a code "
                    "from your app."), "success")
            return redirect(url_for("accounts.account"))
        form.fail(form.code, _("That code is not right. Enter the code your app shows now"))
    return _form_page("accounts/two_factor_on.html", form, secret=totp.grouped(secret),
                      qr_code=totp.qr_code(secret, user.email, current_app.config["HUB_NAME"]))


# ---- invitations -----------------------------------------------------------------------

@bp.route("/invite", methods=["GET", "POST"])
@role_required(Role.contributor, Role.moderator, Role.administrator)
def invite():
    inviter = current_user._get_current_object()
    form = InviteForm()
    staff = inviter.has_role(Role.moderator, Role.administrator)
    form.organisation.choices = (
        ([("", _("None: only give roles"))] if staff else [])
        + [(o.id, o.name) for o in operations.organisations_for(inviter)])
    names = operations.role_names()
    form.roles.choices = [(role.value, names[role]) for role in operations.grantable_roles(inviter)]
    if form.validate_on_submit():
        try:
            operations.invite(inviter, form.email.data, form.name.data,
                              form.organisation.data or None,
                              [Role(value) for value in form.roles.data])
        except NotAllowed as refused:
            form.fail(form[refused.field], str(refused))
        except MailError:
            _mail_failed()
        else:
            flash(_("We have emailed %(email)s.", email=form.email.data), "success")
            return redirect(url_for("accounts.invite"))
    return _form_page("accounts/invite.html", form, staff=staff)


# ---- organisations asking to join ------------------------------------------------------

@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def join():
    listed = {o.id: o for o in operations.organisations()}
    form = JoinForm()
    form.organisation.choices = [("", _("Not listed"))] + [(i, o.name) for i, o in listed.items()]
    if form.validate_on_submit():
        organisation = listed.get(form.organisation.data)
        join_request = JoinRequest(
            organisation=organisation,
            organisation_name=organisation.name if organisation else form.new_organisation.data,
            name=form.name.data.strip(), email=form.email.data,
            job_title=(form.job_title.data or "").strip(),
            message=(form.message.data or "").strip())
        try:
            operations.ask_to_join(join_request)
            confirmed = True
        except MailError:
            confirmed = False  # the request is kept; only the confirmation did not go
        return render_template("accounts/join_sent.html", join_request=join_request,
                               confirmed=confirmed)
    return _form_page("accounts/join.html", form)


def _join_requests_page(failed: DecisionForm | None = None, failed_id: str = ""):
    pending = operations.pending_join_requests()
    forms = {r.id: failed if r.id == failed_id else DecisionForm(prefix=r.id) for r in pending}
    return render_template("accounts/join_requests.html", join_requests=pending, forms=forms,
                           failed=failed), (400 if failed else 200)


@bp.get("/join-requests")
@role_required(Role.moderator)
def join_requests():
    return _join_requests_page()


@bp.post("/join-requests/<request_id>")
@role_required(Role.moderator)
def decide_join_request(request_id: str):
    join_request = db.get_or_404(JoinRequest, request_id)
    if join_request.status != JoinStatus.pending:
        flash(_("Someone has already decided that request."), "info")
        return redirect(url_for("accounts.join_requests"))
    form = DecisionForm(prefix=join_request.id)
    if not form.validate_on_submit() or not (form.approve.data or form.decline.data):
        return _join_requests_page(form, join_request.id)
    moderator = current_user._get_current_object()
    email = join_request.email
    try:
        if form.approve.data:
            operations.approve_join_request(join_request, moderator)
            flash(_("Approved. We have emailed %(email)s.", email=email), "success")
        else:
            operations.decline_join_request(join_request, moderator, form.reason.data)
            flash(_("Declined. We have emailed %(email)s.", email=email), "success")
    except MailError:
        _mail_failed()
    return redirect(url_for("accounts.join_requests"))


# ---- people and roles ------------------------------------------------------------------

@bp.get("/users")
@role_required(Role.administrator)
def users():
    return render_template("accounts/users.html", users=operations.all_users())


@bp.route("/users/<user_id>", methods=["GET", "POST"])
@role_required(Role.administrator)
def edit_user(user_id: str):
    user = db.get_or_404(User, user_id)
    form = UserForm()
    names = operations.role_names()
    form.roles.choices = [(role.value, names[role]) for role in STAFF_ROLES]
    form.organisations.choices = [(m.organisation_id, m.organisation.name)
                                  for m in user.memberships]
    if request.method == "GET":
        form.roles.data = [grant.role.value for grant in user.granted_roles]
        form.organisations.data = list(user.organisation_ids)
        form.active.data = user.active
    if form.validate_on_submit():
        roles = {Role(value) for value in form.roles.data}
        # Stops the last administrator locking everyone out of this page.
        if user.id == current_user.id and (Role.administrator not in roles
                                           or not form.active.data):
            form.fail(form.roles, _("You cannot remove your own administrator role or close "
                                    "your own account. Ask another administrator"))
        else:
            operations.update_user(user, roles=roles, organisation_ids=form.organisations.data,
                                   active=form.active.data)
            flash(_("Changes saved for %(name)s.", name=user.name or user.email), "success")
            return redirect(url_for("accounts.users"))
    return _form_page("accounts/edit_user.html", form, user=user)
