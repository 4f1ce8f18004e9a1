"""Export and import pages for moderators (HTTP only; the rules are in operations)."""

import datetime as dt

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from hub.accounts.models import Role
from hub.bulk import (
    models,  # noqa: F401 - tables for create_all and migrations
    operations,
)
from hub.bulk.columns import COLUMNS
from hub.bulk.export import csv_chunks, json_chunks
from hub.bulk.forms import UploadForm
from hub.core.auth import role_required
from hub.listings.snapshot import diff
from hub.moderation.forms import ConfirmForm

bp = Blueprint("bulk", __name__, url_prefix="/moderation/bulk")
DIRECTORY_TEAM = (Role.moderator, Role.administrator)


def _index_page(form: UploadForm, problems: list[operations.Problem] | None = None):
    return render_template("bulk/index.html", form=form, columns=COLUMNS, problems=problems,
                           limit_mb=f"{operations.max_bytes() / 1e6:.0f}")


@bp.get("")
@role_required(*DIRECTORY_TEAM)
def index():
    return _index_page(UploadForm())


def _download(chunks, mimetype: str, extension: str) -> Response:
    name = f"directory-{dt.date.today().isoformat()}.{extension}"
    return Response(stream_with_context(chunks), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/directory.csv")
@role_required(*DIRECTORY_TEAM)
def export_csv():
    return _download(csv_chunks(), "text/csv; charset=utf-8", "csv")


@bp.get("/directory.json")
@role_required(*DIRECTORY_TEAM)
def export_json():
    return _download(json_chunks(), "application/json", "json")


@bp.post("/import")
@role_required(*DIRECTORY_TEAM)
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return _index_page(form)
    chosen = form.file.data
    try:
        checked = operations.check_csv(chosen.read(operations.max_bytes() + 1))
    except operations.ImportRefused as refused:
        return _index_page(form, refused.problems)
    pending = operations.store_preview(checked, current_user, chosen.filename or "")
    return redirect(url_for(".preview", token=pending.id))


@bp.errorhandler(RequestEntityTooLarge)
def too_big(error):
    # The whole request was refused before the form could be read.
    return _index_page(UploadForm(formdata=None), [operations.Problem(None, "", _(
        "The file is bigger than %(limit)s MB, the most it can be. Split it into smaller "
        "files of whole rows, each with the first row of column names.",
        limit=f"{operations.max_bytes() / 1e6:.0f}"))]), 413


@bp.route("/import/<token>", methods=["GET", "POST"])
@role_required(*DIRECTORY_TEAM)
def preview(token: str):
    pending = operations.pending_for(token, current_user)
    if pending is None:
        flash(_("That import has expired or was already sent for review. Upload the file "
                "again to check it."), "info")
        return redirect(url_for(".index"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            count = operations.confirm(pending, current_user)
        except operations.ChangedMeanwhile as busy:
            flash(_("Nothing was imported: someone started changing %(names)s after you "
                    "checked the file. Upload it again to see the changes as they are now.",
                    names=", ".join(busy.names) or _("some of these listings")), "info")
            return redirect(url_for(".index"))
        flash(ngettext("%(num)s change is waiting for review.",
                       "%(num)s changes are waiting for review.", count), "success")
        return redirect(url_for("moderation.queue"))
    changes = [(proposal, diff(proposal["base"], proposal["proposed"]))
               for proposal in pending.proposals["changes"]]
    return render_template("bulk/preview.html", pending=pending, changes=changes,
                           new=pending.proposals["new"], form=form)
