"""Accessibility settings, the accessibility statement and "Finish and clear my data"."""

import datetime as dt
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from hub.access import operations, preferences
from hub.access.forms import TEXT_SIZE_LABELS, SettingsForm
from hub.extensions import csrf

bp = Blueprint("access", __name__)

# The accessibility statement's dates: change them when the site is tested again.
STATEMENT_PREPARED = dt.date(2026, 11, 24)
STATEMENT_TESTED = dt.date(2026, 11, 24)
REPLY_WORKING_DAYS = 10


@bp.app_context_processor
def access_globals() -> dict:
    if not has_request_context():  # e-mails rendered by commands
        return {}
    return {
        "access_classes": preferences.current().html_classes,
        "access_settings_url": preferences.settings_url,
    }


@bp.before_app_request
def forget_an_idle_visit():
    if request.endpoint == "static":
        return
    dropped = operations.note_activity()
    if dropped:
        flash(_idle_message(dropped), "info")


def _idle_message(dropped: list[str]) -> str:
    minutes = current_app.config["ANONYMOUS_IDLE_MINUTES"]
    if minutes % 60 == 0:
        time = ngettext("%(num)s hour", "%(num)s hours", minutes // 60)
    else:
        time = ngettext("%(num)s minute", "%(num)s minutes", minutes)
    if dropped == ["booklet"]:
        return _("We emptied your booklet because this site was left for more than %(time)s. "
                 "This keeps it private on a shared computer.", time=time)
    if dropped == ["booking"]:
        return _("We closed the Talking Point booking you had started because this site was "
                 "left for more than %(time)s. This keeps your details private on a shared "
                 "computer. Appointments you booked are not changed.", time=time)
    return _("We emptied your booklet and closed the Talking Point booking you had started "
             "because this site was left for more than %(time)s. This keeps them private on a "
             "shared computer. Appointments you booked are not changed.", time=time)


# ---- settings ---------------------------------------------------------------------------

@bp.route("/accessibility/settings", methods=["GET", "POST"])
def settings():
    if request.method == "GET":
        form = SettingsForm.showing(preferences.current(),
                                    preferences.safe_back(request.args.get("back")))
        return _settings_page(form)
    form = SettingsForm()
    if not form.validate():
        return _settings_page(form), 400
    back = preferences.safe_back(form.back.data)
    flash(_("Your settings are saved. This computer will use them on this site until you "
            "change them or choose “Finish and clear my data”."), "success")
    response = redirect(back or url_for("access.settings"))
    preferences.remember(response, form.chosen())
    return response


def _settings_page(form: SettingsForm):
    return render_template("access/settings.html", form=form, sizes=TEXT_SIZE_LABELS)


# ---- the accessibility statement --------------------------------------------------------

@bp.get("/accessibility")
def statement():
    return render_template("access/statement.html",
                           email=current_app.config["ACCESSIBILITY_EMAIL"],
                           prepared=STATEMENT_PREPARED, tested=STATEMENT_TESTED,
                           reply_days=REPLY_WORKING_DAYS,
                           site_address=url_for("directory.home", _external=True))


# ---- finish and clear my data -----------------------------------------------------------

@bp.route("/finish", methods=["GET", "POST"])
@csrf.exempt  # checked below: a visitor with no session has no token to send
def finish():
    """Clear everything this site keeps in this browser, then say what was cleared.

    The button is on every page. A token is needed whenever the session holds anything:
    otherwise another site could sign people out or empty their booklet. A visitor with
    an empty session (so no token: the page did not start one) may clear the rest, unless
    the browser says the request came from another site.
    """
    if request.method == "GET":
        return _check_page()
    if session:
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            # E.g. the button was drawn before the page's other form started the session.
            return _check_page(again=True), 400
    elif _from_another_site():
        raise CSRFError(_("That request came from another website."))
    cleared = operations.kept_here(request.cookies)
    language = str(get_locale() or "")
    args = {"cleared": cleared}
    if language in current_app.config["LANGUAGES"][1:]:
        args["language"] = language  # the confirmation stays in the language being used
    response = redirect(url_for("access.finished", **args))
    operations.clear_everything(response)
    return response


def _from_another_site() -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc != request.host


def _check_page(again: bool = False):
    return render_template("access/finish.html", again=again)


@bp.get("/finished")
def finished():
    """Says what was cleared. Sets no cookie: the language comes from the address."""
    cleared = [name for name in operations.CLEARED if name in request.args.getlist("cleared")]
    language = request.args.get("language")
    if language in current_app.config["LANGUAGES"]:
        # In the language being used when the button was pressed, without remembering it.
        with force_locale(language):
            return render_template("access/finished.html", cleared=cleared)
    return render_template("access/finished.html", cleared=cleared)
