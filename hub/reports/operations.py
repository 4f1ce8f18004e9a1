"""The rules of reports: save first, then tell people; resolve and thank; forget contacts."""

import datetime as dt
import logging
from collections.abc import Iterable

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, update

from hub.accounts.models import User, utcnow
from hub.accounts.queries import contributors, moderator_emails
from hub.core.mail import MailError, external_url, send_mail
from hub.directory.models import Service
from hub.extensions import db
from hub.reports.models import Report, ReportReason, ReportStatus

log = logging.getLogger(__name__)


class AlreadyResolved(Exception):
    """Someone resolved the report first."""


def tell_each(addresses: Iterable[str], subject: str, template: str, **context) -> bool:
    """E-mail each person on their own, so nobody sees the others' addresses.

    What the e-mail is about is already saved, so a mail failure is logged, not raised;
    returns whether every e-mail went.
    """
    try:
        for address in dict.fromkeys(addresses):
            send_mail(address, subject, template, **context)
    except MailError:
        log.warning("could not send %s e-mail", template)
        return False
    return True


def make_report(service: Service, *, reason: ReportReason, details: str = "",
                reporter_name: str = "", reporter_email: str = "") -> Report:
    report = Report(service_id=service.id, reason=reason, details=details.strip(),
                    reporter_name=reporter_name.strip(),
                    reporter_email=reporter_email.strip())
    db.session.add(report)
    db.session.commit()
    staff = [user.email for user in contributors([service.organisation_id]).get(
        service.organisation_id, [])]
    tell_each([*staff, *moderator_emails()],
              _("Report of wrong information: %(name)s", name=service.name),
              "report_received", report=report,
              link=external_url("reports.report", report_id=report.id))
    return report


def resolve(report: Report, user: User, resolution: str) -> None:
    """Mark the report resolved and thank the reporter, if they left an e-mail address."""
    # Only an open report changes, so two people resolving at once cannot both succeed.
    changed = db.session.execute(
        update(Report).where(Report.id == report.id, Report.status == ReportStatus.open)
        .values(status=ReportStatus.resolved, resolution=resolution.strip(),
                resolved_by_id=user.id, resolved_at=utcnow())
    ).rowcount
    db.session.commit()
    if not changed:
        raise AlreadyResolved()
    db.session.refresh(report)
    if report.reporter_email:
        tell_each([report.reporter_email], _("Thank you for your report"), "report_resolved",
                  report=report,
                  link=external_url("directory.service", service_id=report.service_id))


def forget_reporters(today: dt.date) -> int:
    """Blank reporters' contact details on reports resolved more than
    REPORT_CONTACT_RETENTION_DAYS ago. Returns how many reports were blanked."""
    cutoff = retention_cutoff(today)
    blanked = db.session.execute(
        update(Report)
        .where(Report.status == ReportStatus.resolved, Report.resolved_at < cutoff,
               or_(Report.reporter_name != "", Report.reporter_email != ""))
        .values(reporter_name="", reporter_email="")
    ).rowcount
    db.session.commit()
    return blanked


def retention_cutoff(today: dt.date) -> dt.datetime:
    """Contact details decided on before this moment are no longer needed."""
    days = current_app.config["REPORT_CONTACT_RETENTION_DAYS"]
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time(), tzinfo=dt.UTC)
