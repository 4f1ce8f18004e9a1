"""Moderators' pages: the queue, review, listings and their history, organisations."""

import datetime as dt
from itertools import pairwise

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from hub.accounts.models import Role
from hub.core.auth import role_required
from hub.directory.models import Organisation, Service
from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ChangeRequest, ChangeStatus, ServiceVersion, VersionKind
from hub.listings.snapshot import diff, snapshot_of
from hub.moderation import queries
from hub.moderation.forms import (
    ConfirmForm,
    DecisionForm,
    FindListingForm,
    SendBackForm,
    TrustedForm,
)
from hub.moderation.operations import set_trusted

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

# Label and GOV.UK tag colour for each state of a change.
CHANGE_STATUS_TAGS = {
    ChangeStatus.draft: (_l("Draft"), "govuk-tag--grey"),
    ChangeStatus.submitted: (_l("Waiting for review"), "govuk-tag--yellow"),
    ChangeStatus.returned: (_l("Sent back"), "govuk-tag--orange"),
    ChangeStatus.published: (_l("Published"), "govuk-tag--green"),
    ChangeStatus.discarded: (_l("Discarded"), "govuk-tag--grey"),
}


def version_kind(version: ServiceVersion) -> str:
    if version.kind == VersionKind.restored:
        return _("Restored from version %(number)s", number=version.restored_from)
    return _("First listed") if version.kind == VersionKind.first_listed else _("Published")


@bp.context_processor
def labels():
    return {"change_status_tags": CHANGE_STATUS_TAGS, "version_kind": version_kind}


@bp.get("")
@role_required(Role.moderator)
def queue():
    return render_template(
        "moderation/queue.html",
        waiting=queries.changes_with_status(ChangeStatus.submitted),
        drafts=queries.changes_with_status(ChangeStatus.draft),
        returned=queries.changes_with_status(ChangeStatus.returned))


def _review_page(change: ChangeRequest, send_back_form: SendBackForm | None = None):
    live = snapshot_of(change.service) if change.service else None
    # An open change is compared with what is live now; a decided one with where it began.
    before = live if change.is_open else change.base
    return render_template(
        "moderation/review.html", change=change,
        changes=diff(before, operations.to_publish(change) if change.is_open else change.proposed),
        drift=diff(change.base, live) if change.is_open and change.base and live else [],
        waiting=change.status == ChangeStatus.submitted,
        decision_form=DecisionForm(formdata=None, revision=change.revision),
        send_back_form=send_back_form or SendBackForm(formdata=None, revision=change.revision))


@bp.get("/changes/<change_id>")
@role_required(Role.moderator)
def review(change_id: str):
    return _review_page(db.get_or_404(ChangeRequest, change_id))


@bp.post("/changes/<change_id>/approve")
@role_required(Role.moderator)
def approve(change_id: str):
    change = db.get_or_404(ChangeRequest, change_id)
    form = DecisionForm()
    if not form.validate():
        abort(400)
    try:
        service = operations.publish(change, current_user, form.revision.data)
    except operations.EditConflict:
        flash(_("Someone changed this proposal after you opened it, so nothing was published. "
                "Check the changes again before you approve it."), "info")
        return redirect(url_for(".review", change_id=change.id))
    except operations.NotOpen:
        flash(_("This change was already published or discarded, so nothing was changed."),
              "info")
        return redirect(url_for(".review", change_id=change.id))
    flash(_("“%(name)s” is published.", name=service.name), "success")
    return redirect(url_for(".queue"))


@bp.post("/changes/<change_id>/send-back")
@role_required(Role.moderator)
def send_back(change_id: str):
    change = db.get_or_404(ChangeRequest, change_id)
    # A draft is still being written, so there is nothing to send back yet.
    if change.status != ChangeStatus.submitted:
        flash(_("Only a change waiting for review can be sent back, so nothing was changed."),
              "info")
        return redirect(url_for(".review", change_id=change.id))
    form = SendBackForm()
    if not form.validate():
        return _review_page(change, form)
    try:
        operations.send_back(change, current_user, form.reason.data, form.revision.data)
    except operations.EditConflict:
        flash(_("Someone changed this proposal after you opened it, so it was not sent back. "
                "Check the changes again; your reason is kept below."), "info")
        return _review_page(change, SendBackForm(formdata=None, revision=change.revision,
                                                 reason=form.reason.data))
    flash(_("The change was sent back. Its contributors have been e-mailed your reason."),
          "success")
    return redirect(url_for(".queue"))


@bp.get("/services")
@role_required(Role.moderator)
def services():
    form = FindListingForm(formdata=request.args)
    text = (form.q.data or "").strip()
    found = queries.find_listings(text, request.args.get("page", 1, type=int))
    return render_template(
        "moderation/services.html", form=form, text=text, found=found,
        open_changes=queries.open_changes_for(found.items))


@bp.get("/services/<service_id>/history")
@role_required(Role.moderator)
def history(service_id: str):
    service = db.get_or_404(Service, service_id)
    # Newest first: each version is compared with the one before it (the oldest with nothing).
    entries = [(version, previous, diff(previous and previous.snapshot, version.snapshot))
               for version, previous in pairwise([*operations.versions(service), None])]
    return render_template("moderation/history.html", service=service, entries=entries,
                           open_change=operations.open_change(service))


@bp.route("/services/<service_id>/versions/<int:number>/restore", methods=["GET", "POST"])
@role_required(Role.moderator)
def restore(service_id: str, number: int):
    service = db.get_or_404(Service, service_id)
    version = db.first_or_404(select(ServiceVersion).where(
        ServiceVersion.service_id == service.id, ServiceVersion.number == number))
    form = ConfirmForm()
    if form.validate_on_submit():
        restored = operations.restore(service, version, current_user)
        flash(_("Version %(old)s is live again. The history keeps it as version %(new)s.",
                old=version.number, new=restored.number), "success")
        return redirect(url_for(".history", service_id=service.id))
    return render_template("moderation/restore.html", service=service, version=version,
                           changes=diff(snapshot_of(service), version.snapshot), form=form)


@bp.get("/organisations")
@role_required(Role.moderator)
def organisations():
    return render_template("moderation/organisations.html",
                           summaries=queries.organisation_summaries())


@bp.route("/organisations/<organisation_id>", methods=["GET", "POST"])
@role_required(Role.moderator)
def organisation(organisation_id: str):
    found = db.get_or_404(Organisation, organisation_id)
    form = TrustedForm(obj=found)
    if form.validate_on_submit():
        set_trusted(found, form.trusted.data, current_user)
        flash(_("Changes from %(name)s now go live without review.", name=found.name)
              if found.trusted else
              _("Changes from %(name)s now wait for a moderator.", name=found.name), "success")
        return redirect(url_for(".organisation", organisation_id=found.id))
    return render_template("moderation/organisation.html", organisation=found, form=form,
                           members=queries.members_of(found),
                           services=queries.services_of(found))


@bp.get("/dashboard")
@role_required(Role.moderator)
def dashboard():
    # Other capabilities' reads, imported when used so no package imports another's at start.
    from hub.accounts.operations import pending_join_requests
    from hub.freshness.queries import due_for_check
    from hub.reports.queries import open_reports

    return render_template(
        "moderation/dashboard.html",
        waiting=queries.changes_with_status(ChangeStatus.submitted),
        reports=open_reports(),
        due=due_for_check(dt.date.today()),
        unattended=queries.organisations_without_active_contributor(),
        joining=pending_join_requests())
