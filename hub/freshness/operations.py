"""Send the reminders whose day has come, each once (`flask hub send-reminders`, by cron).

Each reminder is written to ReminderSent before its e-mail goes, so a second run (even
one at the same moment) finds it taken. E-mails that cannot be sent give their
reminders back, so the next run tries again.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, select, tuple_
from sqlalchemy.exc import IntegrityError

from hub.accounts.models import User
from hub.accounts.queries import contributors, moderator_emails
from hub.core.mail import MailError, external_url, send_mail
from hub.directory.models import Service
from hub.extensions import db
from hub.freshness.models import MODERATORS_TOLD, ReminderSent
from hub.freshness.queries import check_due_date, due_for_a_reminder, reminder_stage

log = logging.getLogger(__name__)

# Two runs at once each claim the reminders they found; a clash means the other run took
# some, so look again (a few times at most: runs are daily).
CLAIM_ATTEMPTS = 3


@dataclass
class Reminder:
    service: Service
    due_date: dt.date
    stage: int
    recipients: list[User] = field(default_factory=list)  # empty: the moderators' digest

    @property
    def key(self) -> tuple[str, dt.date, int]:
        return (self.service.id, self.due_date, self.stage)


@dataclass
class ReminderRun:
    emails_sent: int = 0
    listings_reminded: int = 0
    listings_told_to_moderators: int = 0
    mail_failed: bool = False
    clashed: bool = False  # another run kept claiming the same reminders


def _reminders_due(today: dt.date) -> list[Reminder]:
    """Reminders whose day has come and that were not sent: the latest stage only."""
    services = due_for_a_reminder(today)
    people = contributors({service.organisation_id for service in services})
    have_moderators = bool(moderator_emails())
    sent: dict[tuple[str, dt.date], set[int]] = defaultdict(set)
    for service_id, due_date, stage in db.session.execute(
            select(ReminderSent.service_id, ReminderSent.due_date, ReminderSent.stage)
            .where(ReminderSent.service_id.in_([service.id for service in services]))):
        sent[service_id, due_date].add(stage)
    reminders = []
    for service in services:
        due_date = check_due_date(service)
        recipients = people.get(service.organisation_id, [])
        taken = sent[service.id, due_date]
        if recipients:
            stage = reminder_stage(service, today)
            if max(taken, default=0) < stage:
                reminders.append(Reminder(service, due_date, stage, recipients))
        elif have_moderators and due_date <= today and MODERATORS_TOLD not in taken:
            reminders.append(Reminder(service, due_date, MODERATORS_TOLD))
    return reminders


def _claim(reminders: list[Reminder]) -> bool:
    db.session.add_all(ReminderSent(service_id=r.service.id, due_date=r.due_date,
                                    stage=r.stage) for r in reminders)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _give_back(reminders: list[Reminder]) -> None:
    if reminders:
        db.session.execute(delete(ReminderSent).where(
            tuple_(ReminderSent.service_id, ReminderSent.due_date, ReminderSent.stage)
            .in_([r.key for r in reminders])))
        db.session.commit()


def _entries(reminders: list[Reminder], today: dt.date) -> list[dict]:
    """What an e-mail lists: each listing with its due date and a link, the most due first."""
    return [{"service": r.service, "due_date": r.due_date, "overdue": r.due_date <= today,
             "never_checked": r.service.last_checked is None,
             "link": external_url("listings.service", service_id=r.service.id)}
            for r in sorted(reminders, key=lambda r: r.due_date)]


def send_reminders(today: dt.date) -> ReminderRun:
    run = ReminderRun()
    for _attempt in range(CLAIM_ATTEMPTS):
        reminders = _reminders_due(today)
        if _claim(reminders):
            break
    else:
        run.clashed = True
        return run

    per_person: dict[str, list[Reminder]] = defaultdict(list)
    people: dict[str, User] = {}
    for reminder in reminders:
        for person in reminder.recipients:
            people[person.id] = person
            per_person[person.id].append(reminder)
    for_moderators = [r for r in reminders if not r.recipients]
    told: set[str] = set()
    moderators_told = False
    try:
        for person_id, theirs in per_person.items():
            send_mail(people[person_id].email,
                      _("Please check your listings are still correct"), "reminder_contributor",
                      person=people[person_id], entries=_entries(theirs, today))
            told.add(person_id)
        if for_moderators:
            send_mail(moderator_emails(),
                      _("Listings overdue for a check with nobody to check them"),
                      "reminder_moderators", entries=_entries(for_moderators, today))
            moderators_told = True
    except MailError:
        log.warning("reminders stopped: the mail server could not be reached")
        run.mail_failed = True
    # A listing's reminder counts as sent only if every one of its people got it.
    sent = [r for r in reminders if ({p.id for p in r.recipients} <= told if r.recipients
                                     else moderators_told)]
    sent_keys = {r.key for r in sent}
    _give_back([r for r in reminders if r.key not in sent_keys])
    run.emails_sent = len(told) + (1 if moderators_told else 0)
    run.listings_reminded = sum(1 for r in sent if r.recipients)
    run.listings_told_to_moderators = len(sent) - run.listings_reminded
    return run
