"""Appointment times: worked out from a venue's regular sessions, less closures and bank
holidays, in the place's own time zone (Europe/London), so 10:00 stays 10:00 across the
clock changes. Times are compared and stored in UTC."""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from flask import current_app
from sqlalchemy import func, or_, select

from hub.extensions import db
from hub.talking_points.models import Booking, BookingStatus, Closure, RegularSession, Venue

UTC = dt.UTC


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(zone())


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime  # UTC
    minutes: int
    capacity: int
    booked: int = 0

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)

    @property
    def local_start(self) -> dt.datetime:
        return local(self.starts_at)


@cache
def _bank_holidays(country: str, region: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=region, years=year))


def is_bank_holiday(day: dt.date) -> bool:
    country, region = current_app.config["BANK_HOLIDAYS"]
    return day in _bank_holidays(country, region, day.year)


def closed_days(venue: Venue, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Days in the range with no sessions, and why (a closure's reason, or bank holiday)."""
    rows = db.session.execute(
        select(Closure.day, Closure.reason)
        .where(Closure.day.between(first, last),
               or_(Closure.venue_id == venue.id, Closure.venue_id.is_(None))))
    days = dict(rows.tuples().all())
    day = first
    while day <= last:
        if day not in days and is_bank_holiday(day):
            days[day] = "bank holiday"
        day += dt.timedelta(days=1)
    return days


def _times(session: RegularSession, day: dt.date) -> list[dt.datetime]:
    """The session's appointment starts on `day`, in UTC; an appointment must end in time."""
    tz = zone()
    start = dt.datetime.combine(day, session.starts, tzinfo=tz)
    end = dt.datetime.combine(day, session.ends, tzinfo=tz)
    step = dt.timedelta(minutes=session.appointment_minutes)
    times = []
    while start + step <= end:
        # Steps are in clock time. A time the clocks skip (01:30 on the spring-forward night)
        # does not exist: offering it would give 02:30 twice, with double its places. A time
        # that happens twice (autumn) is offered once, at its first (summer time) occurrence.
        if start.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == start.replace(
                tzinfo=None):
            times.append(start.astimezone(UTC))
        start += step
    return times


def session_slots(venue: Venue, first: dt.date, last: dt.date) -> list[Slot]:
    """Every appointment time at the venue between two London dates, full or not."""
    closed = closed_days(venue, first, last)
    slots: dict[dt.datetime, Slot] = {}
    day = first
    while day <= last:
        if day not in closed:
            for session in venue.sessions:
                if session.weekday != day.weekday() or not _valid(session, day):
                    continue
                for starts_at in _times(session, day):
                    # Two sessions that overlap add their staff together.
                    earlier = slots.get(starts_at)
                    capacity = session.staff + (earlier.capacity if earlier else 0)
                    slots[starts_at] = Slot(starts_at, session.appointment_minutes, capacity)
        day += dt.timedelta(days=1)
    booked = _booked_counts(venue, list(slots))
    return [Slot(s.starts_at, s.minutes, s.capacity, booked.get(s.starts_at, 0))
            for s in sorted(slots.values(), key=lambda s: s.starts_at)]


def _valid(session: RegularSession, day: dt.date) -> bool:
    return ((session.valid_from is None or session.valid_from <= day)
            and (session.valid_until is None or day <= session.valid_until))


def _booked_counts(venue: Venue, times: list[dt.datetime]) -> dict[dt.datetime, int]:
    if not times:
        return {}
    rows = db.session.execute(
        select(Booking.starts_at, func.count())
        .where(Booking.venue_id == venue.id, Booking.starts_at.between(min(times), max(times)),
               Booking.status != BookingStatus.cancelled)
        .group_by(Booking.starts_at))
    return {as_utc(starts_at): count for starts_at, count in rows}


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes: they were stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def earliest_bookable(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=current_app.config["BOOKING_NOTICE_HOURS"])


def bookable_slots(venue: Venue, now: dt.datetime) -> list[Slot]:
    """Times a resident can book: free, after the notice period, within the weeks ahead."""
    today = local(now).date()
    last = today + dt.timedelta(weeks=current_app.config["BOOKING_WEEKS_AHEAD"])
    soonest = earliest_bookable(now)
    return [slot for slot in session_slots(venue, today, last)
            if slot.free and slot.starts_at >= soonest]


def slot_at(venue: Venue, starts_at: dt.datetime) -> Slot | None:
    """The appointment time that starts at `starts_at`, if the venue has one then."""
    starts_at = as_utc(starts_at)
    day = local(starts_at).date()
    return next((slot for slot in session_slots(venue, day, day)
                 if slot.starts_at == starts_at), None)
