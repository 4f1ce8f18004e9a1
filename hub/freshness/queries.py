"""When a listing's check falls due and what follows: the rules, in one place, and reads.

Everything counts days since Service.last_checked (Config: CHECK_DUE_AFTER_DAYS,
REMINDER_DAYS, STALE_AFTER_DAYS, HIDE_AFTER_DAYS). A listing never checked is due and
labelled from the start, but not hidden: a feed imported without check dates must not
empty the search.
"""

import datetime as dt

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from hub.directory.models import Service, ServiceStatus
from hub.extensions import db

# The due date of a listing never checked: earlier than any real one, so it comes first.
NEVER_CHECKED_DUE = dt.date.min


def _days(setting: str) -> dt.timedelta:
    return dt.timedelta(days=current_app.config[setting])


def check_due_date(service: Service) -> dt.date:
    """The day the listing's next check falls due."""
    if service.last_checked is None:
        return NEVER_CHECKED_DUE
    return service.last_checked + _days("CHECK_DUE_AFTER_DAYS")


def is_check_due(service: Service, today: dt.date) -> bool:
    return check_due_date(service) <= today


def reminder_stage(service: Service, today: dt.date) -> int:
    """How many of the reminders (REMINDER_DAYS) have fallen due by `today`: 0 for none."""
    if service.last_checked is None:
        return len(current_app.config["REMINDER_DAYS"])
    age = (today - service.last_checked).days
    return sum(age >= days for days in current_app.config["REMINDER_DAYS"])


def is_stale(service: Service, today: dt.date) -> bool:
    """Residents see 'this information may be out of date'."""
    return service.last_checked is None or (
        service.last_checked < today - _days("STALE_AFTER_DAYS"))


def hidden_before(today: dt.date) -> dt.date:
    """Listings last checked before this day are left out of search and category lists."""
    return today - _days("HIDE_AFTER_DAYS")


def is_hidden_from_search(service: Service, today: dt.date) -> bool:
    return service.last_checked is not None and service.last_checked < hidden_before(today)


def _not_checked_since(day: dt.date) -> list[Service]:
    """Listed services last checked on or before `day`, or never: the oldest check first."""
    return list(db.session.scalars(
        select(Service)
        .where(Service.status != ServiceStatus.inactive,
               or_(Service.last_checked.is_(None), Service.last_checked <= day))
        .options(selectinload(Service.organisation))
        .order_by(Service.last_checked.asc().nulls_first(), Service.name)
    ))


def due_for_check(today: dt.date) -> list[Service]:
    """Listed services whose check is due or overdue, most overdue first."""
    return _not_checked_since(today - _days("CHECK_DUE_AFTER_DAYS"))


def due_for_a_reminder(today: dt.date) -> list[Service]:
    """Listed services whose first reminder has fallen due (they may have had it already)."""
    first = min(current_app.config["REMINDER_DAYS"])
    return _not_checked_since(today - dt.timedelta(days=first))
