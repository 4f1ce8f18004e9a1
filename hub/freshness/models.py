"""A record of each reminder sent, so none is ever sent twice."""

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.accounts.models import utcnow
from hub.core.db import UUIDPrimaryKey
from hub.extensions import db

# The stage recorded when moderators were told of a due listing nobody else could check.
MODERATORS_TOLD = 0


class ReminderSent(UUIDPrimaryKey, db.Model):
    """Reminder `stage` (1 for the first of REMINDER_DAYS, ...) for a listing's check due
    on `due_date`. A new check moves the due date, so the reminders start again."""

    __tablename__ = "reminder_sent"
    # Written before the e-mail goes: a second run, even at the same moment, cannot add
    # the same row, so it cannot send the same reminder.
    __table_args__ = (UniqueConstraint("service_id", "due_date", "stage"),)

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    due_date: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
