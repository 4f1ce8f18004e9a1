"""Report a problem with a listing (anyone), and resolve reports (contributors, moderators)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.accounts.models import Role
from hub.core.auth import role_required
from hub.directory.models import ServiceStatus
from hub.directory.queries import listed_service
from hub.extensions import limiter
from hub.freshness import models as freshness_models  # noqa: F401 - tables for create_all
from hub.reports import operations, queries
from hub.reports.forms import ReportForm, ResolveForm
from hub.reports.models import ReportReason

bp = Blueprint("reports", __name__)


def _listed_or_404(service_id: str):
    service = listed_service(service_id)
    if service is None or service.status == ServiceStatus.inactive:
        abort(404)
    return service


@bp.route("/services/<service_id>/report-a-problem", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def report_problem(service_id: str):
    service = _listed_or_404(service_id)
    form = ReportForm()
    if form.validate_on_submit():
        operations.make_report(service, reason=ReportReason(form.reason.data),
                               details=form.details.data, reporter_name=form.name.data,
                               reporter_email=form.email.data)
        return redirect(url_for("reports.report_sent", service_id=service.id))
    return render_template("reports/report_problem.html", service=service, form=form)


@bp.get("/services/<service_id>/report-a-problem/sent")
def report_sent(service_id: str):
    return render_template("reports/report_sent.html", service=_listed_or_404(service_id))


@bp.get("/reports")
@role_required(Role.contributor, Role.moderator)
def index():
    open_reports, resolved = queries.reports_for(current_user)
    return render_template("reports/index.html", open_reports=open_reports, resolved=resolved)


def _visible_report_or_404(report_id: str):
    # Another organisation's report is "not found", so ids reveal nothing.
    report = queries.report_for(current_user, report_id)
    if report is None:
        abort(404)
    return report


@bp.get("/reports/<report_id>")
@role_required(Role.contributor, Role.moderator)
def report(report_id: str):
    return render_template("reports/report.html", report=_visible_report_or_404(report_id),
                           form=ResolveForm())


@bp.post("/reports/<report_id>/resolve")
@role_required(Role.contributor, Role.moderator)
def resolve(report_id: str):
    found = _visible_report_or_404(report_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        return render_template("reports/report.html", report=found, form=form)
    try:
        operations.resolve(found, current_user, form.resolution.data)
    except operations.AlreadyResolved:
        flash(_("Someone else resolved this report first."), "info")
        return redirect(url_for("reports.report", report_id=found.id))
    flash(_("Report resolved. Thank you."), "success")
    return redirect(url_for("reports.index"))
