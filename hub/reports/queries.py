"""Reads for reports."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hub.accounts.models import Role, User
from hub.directory.models import Service
from hub.extensions import db
from hub.reports.models import Report, ReportStatus

RECENTLY_RESOLVED_SHOWN = 20


def _reports():
    return select(Report).options(selectinload(Report.service).selectinload(Service.organisation))


def _visible_to(query, user: User):
    """Moderators see every report; contributors only their organisations' listings'."""
    if user.has_role(Role.moderator):
        return query
    return query.join(Report.service).where(Service.organisation_id.in_(user.organisation_ids))


def open_reports() -> list[Report]:
    """Every unresolved report, oldest first (for the moderators' dashboard)."""
    return list(db.session.scalars(
        _reports().where(Report.status == ReportStatus.open).order_by(Report.created_at)))


def reports_for(user: User) -> tuple[list[Report], list[Report]]:
    """The reports `user` may answer: open ones oldest first, then the latest resolved."""
    open_ = db.session.scalars(_visible_to(
        _reports().where(Report.status == ReportStatus.open).order_by(Report.created_at), user))
    resolved = db.session.scalars(_visible_to(
        _reports().where(Report.status == ReportStatus.resolved)
        .order_by(Report.resolved_at.desc()).limit(RECENTLY_RESOLVED_SHOWN), user))
    return list(open_), list(resolved)


def report_for(user: User, report_id: str) -> Report | None:
    """The report, if it exists and `user` may see it."""
    report = db.session.get(Report, report_id)
    if report is None or not user.may_edit_organisation(report.service.organisation_id):
        return None
    return report


def open_report_count(organisation_ids: set[str]) -> int:
    """Open reports on these organisations' listings (for their contributors' page)."""
    return db.session.scalar(
        select(func.count(Report.id)).join(Report.service)
        .where(Report.status == ReportStatus.open, Service.organisation_id.in_(organisation_ids)))
