"""Contributors' pages: their listings, drafts and proposals (HTTP only; rules in operations)."""

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.accounts.models import Role
from hub.core.auth import role_required
from hub.directory.models import Organisation, Service
from hub.directory.queries import category_tree
from hub.extensions import db
from hub.freshness.queries import is_check_due
from hub.listings import (
    models,  # noqa: F401 - tables for create_all and migrations
    operations,
    queries,
)
from hub.listings.forms import ListingForm, OrganisationForm, form_data
from hub.listings.models import ChangeRequest
from hub.listings.operations import EditConflict, NotOpen
from hub.listings.snapshot import STATUS_LABELS, FieldChange, diff
from hub.reports.queries import open_report_count

bp = Blueprint("listings", __name__, url_prefix="/contribute")
EDITORS = (Role.contributor, Role.moderator)


@bp.app_context_processor
def _service_status_labels():
    # Every page that shows a listing's status (contributors' and moderators') uses these.
    return {"service_status_labels": STATUS_LABELS}


def _editable(record: Any, organisation_id: str | None) -> Any:
    """The record if this person may edit its organisation; 404 otherwise, so ids tell nothing."""
    if record is None or not current_user.may_edit_organisation(organisation_id):
        abort(404)
    return record


def _service(service_id: str) -> Service:
    service = db.session.get(Service, service_id)
    return _editable(service, service and service.organisation_id)


def _change(change_id: str) -> ChangeRequest:
    change = db.session.get(ChangeRequest, change_id)
    return _editable(change, change and change.organisation_id)


@bp.get("")
@role_required(*EDITORS)
def index():
    return render_template("listings/index.html",
                           organisations=queries.listings_of(current_user.organisation_ids),
                           open_reports=open_report_count(current_user.organisation_ids),
                           check_due=_check_due)


def _check_due(service: Service) -> bool:
    return is_check_due(service, dt.date.today())


@bp.get("/services/<service_id>")
@role_required(*EDITORS)
def service(service_id: str):
    found = _service(service_id)
    return render_template("listings/service.html", service=found,
                           change=operations.open_change(found),
                           history=operations.versions(found), check_due=_check_due)


@bp.post("/services/<service_id>/still-correct")
@role_required(*EDITORS)
def confirm_correct(service_id: str):
    found = _service(service_id)
    operations.confirm_still_correct(found)
    flash(_("Thank you. %(name)s is marked as checked today.", name=found.name), "success")
    if request.form.get("back_to") == "service":
        return redirect(url_for(".service", service_id=found.id))
    return redirect(url_for(".index"))


@bp.post("/services/<service_id>/edit")
@role_required(*EDITORS)
def edit(service_id: str):
    change = operations.start_change(_service(service_id), current_user)
    return redirect(url_for(".change", change_id=change.id))


@bp.post("/organisations/<organisation_id>/new-service")
@role_required(*EDITORS)
def new(organisation_id: str):
    organisation = _editable(db.session.get(Organisation, organisation_id), organisation_id)
    change = operations.start_new_service(organisation, current_user)
    return redirect(url_for(".change", change_id=change.id))


@bp.route("/organisations/<organisation_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def organisation(organisation_id: str):
    """The organisation's own details: not a listing, so they go live when saved."""
    found = _editable(db.session.get(Organisation, organisation_id), organisation_id)
    form = OrganisationForm(data={**operations.organisation_details(found),
                                  "seen": operations.details_fingerprint(found)})
    theirs = None
    if form.validate_on_submit():
        try:
            operations.update_organisation(found, form.details(), form.seen.data)
        except operations.DetailsChanged:
            theirs = [FieldChange(str(label), mine, form.details()[name])
                      for name, label, mine in _organisation_rows(found)
                      if mine != form.details()[name]]
            form.seen.data = operations.details_fingerprint(found)
        else:
            flash(_("The details of %(name)s are saved.", name=found.name), "success")
            return redirect(url_for(".index"))
    status = 409 if theirs is not None else 400 if form.errors else 200
    return render_template("listings/organisation.html", organisation=found, form=form,
                           conflict=theirs), status


def _organisation_rows(organisation: Organisation):
    saved = operations.organisation_details(organisation)
    form = OrganisationForm(formdata=None)
    return [(name, getattr(form, name).label.text, saved[name])
            for name in operations.ORGANISATION_FIELDS]


@bp.route("/changes/<change_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def change(change_id: str):
    found = _change(change_id)
    if request.method == "GET":
        if not found.is_open:
            return _closed(found)
        form = _form(formdata=None, data=form_data(found.proposed, found.revision))
        return _edit_page(found, form.add_blank_rows())

    action = request.form.get("action", "save")
    seen = request.form.get("revision", type=int)
    if seen is None:
        abort(400)
    if action == "discard":
        return render_template("listings/discard.html", change=found, revision=seen)
    if action == "discard-confirmed":
        return _discard(found, seen)

    form = _form()
    if not form.validate():
        return _edit_page(found, form)
    proposed = form.snapshot(found.proposed, found.base)
    try:
        operations.save_draft(found, proposed, current_user, seen)
        published = action == "submit" and operations.submit(found, current_user, found.revision)
    except EditConflict:
        form.revision.data = found.revision  # saving again is now a deliberate choice
        return _edit_page(found, form, conflict=diff(found.proposed, proposed)), 409
    except NotOpen:
        return _closed(found, proposed)
    if published:
        flash(_("Your changes are live."), "success")
        return redirect(url_for(".service", service_id=found.service_id))
    if action == "submit":
        flash(_("Sent for review. We will e-mail you when a moderator has looked at it."),
              "success")
        return redirect(url_for(".index"))
    flash(_("Your draft is saved. It is not live until you send it for review."), "success")
    return redirect(url_for(".change", change_id=found.id))


def _form(**kwargs) -> ListingForm:
    return ListingForm(categories=queries.category_choices(), **kwargs)


def _edit_page(change: ChangeRequest, form: ListingForm, conflict=None) -> str:
    review_link = (current_user.has_role(Role.moderator)
                   and url_for("moderation.review", change_id=change.id))
    return render_template("listings/change.html", change=change, form=form,
                           conflict=conflict, changes=diff(change.base, change.proposed),
                           tree=category_tree(), review_link=review_link)


def _closed(change: ChangeRequest, unsaved: dict | None = None):
    """A published or discarded change; anything just typed is shown, not silently dropped."""
    page = render_template("listings/closed.html", change=change,
                           proposed=diff(change.base, change.proposed),
                           unsaved=None if unsaved is None else diff(change.proposed, unsaved))
    return page, 200 if unsaved is None else 409


def _discard(change: ChangeRequest, seen: int):
    try:
        operations.discard(change, current_user, seen)
    except EditConflict:
        flash(_("Someone else saved this draft while you were looking at it, so it was not "
                "discarded. Check their changes first."), "info")
        return redirect(url_for(".change", change_id=change.id))
    except NotOpen:
        return _closed(change)
    flash(_("The draft is discarded. The live listing has not changed."), "success")
    return redirect(url_for(".index"))
