"""Reads for the staff and coordinator pages: a venue's day and week, the counts for
reporting, and bookings that no longer fit the sessions. All days are London days."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import holidays
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.extensions import db
from hub.talking_points.forms import NEED_LABELS, TOPIC_LABELS
from hub.talking_points.models import Booking, BookingStatus, Closure, Venue
from hub.talking_points.operations import LIVE, day_bounds
from hub.talking_points.slots import as_utc, closed_days, is_bank_holiday, local, session_slots

WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
            _l("Saturday"), _l("Sunday"))
BANK_HOLIDAY = "bank holiday"  # the reason slots.closed_days gives for one


# Topics and needs in the booking form's own words: staff read what the person chose.
def topics_in_words(booking: Booking) -> list[str]:
    return [str(TOPIC_LABELS.get(code, code)) for code in booking.topic_codes]


def needs_in_words(booking: Booking) -> list[str]:
    words = []
    for code in booking.need_codes:
        if code == "interpreter" and booking.interpreter_language:
            words.append(_("An interpreter for %(language)s",
                           language=booking.interpreter_language))
        else:
            words.append(str(NEED_LABELS.get(code, code)))
    return words


def bank_holiday_name(day: dt.date) -> str:
    country, region = current_app.config["BANK_HOLIDAYS"]
    return holidays.country_holidays(country, subdiv=region, years=day.year).get(day, "")


def closed_reason(reason: str, day: dt.date) -> str:
    """Why a day has no sessions, in words: a closure's reason or the bank holiday's name."""
    if reason == BANK_HOLIDAY and is_bank_holiday(day):
        return _("Bank holiday: %(name)s", name=bank_holiday_name(day))
    return reason or _("Closed")


def venues() -> list[Venue]:
    """Open venues first, then closed ones; each by name."""
    return list(db.session.scalars(select(Venue).order_by(Venue.active.desc(), Venue.name)))


def london_today() -> dt.date:
    return local(dt.datetime.now(dt.UTC)).date()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# ---- a day --------------------------------------------------------------------------------

@dataclass
class TimeRow:
    """One appointment time: its places and who holds them."""

    starts_at: dt.datetime  # UTC
    minutes: int
    capacity: int  # 0: no session has this time any more (a session changed or closed)
    bookings: list[Booking] = field(default_factory=list)  # not cancelled, by place

    @property
    def local_start(self) -> dt.datetime:
        return local(self.starts_at)

    @property
    def local_end(self) -> dt.datetime:
        return local(self.starts_at + dt.timedelta(minutes=self.minutes))

    @property
    def free(self) -> int:
        return max(0, self.capacity - len(self.bookings))

    @property
    def anchor(self) -> str:
        return f"time-{self.local_start:%H%M}"


@dataclass
class Day:
    venue: Venue
    day: dt.date
    closed: str | None  # why there are no sessions, in words
    rows: list[TimeRow]
    cancelled: list[Booking]

    @property
    def free_times(self) -> list[TimeRow]:
        return [row for row in self.rows if row.free]


def bookings_on(venue: Venue, day: dt.date) -> list[Booking]:
    start, end = day_bounds(day)
    return list(db.session.scalars(
        select(Booking).where(Booking.venue_id == venue.id, Booking.starts_at >= start,
                              Booking.starts_at < end)
        .order_by(Booking.starts_at, Booking.place, Booking.created_at)))


def day_list(venue: Venue, day: dt.date) -> Day:
    """Every appointment time of the day in order with its bookings. A booking whose time
    is no longer a session time still shows, so nobody is forgotten."""
    closed = closed_days(venue, day, day)
    rows = {slot.starts_at: TimeRow(slot.starts_at, slot.minutes, slot.capacity)
            for slot in session_slots(venue, day, day)}
    cancelled = []
    for booking in bookings_on(venue, day):
        if booking.status == BookingStatus.cancelled:
            cancelled.append(booking)
            continue
        starts_at = as_utc(booking.starts_at)
        row = rows.setdefault(starts_at, TimeRow(starts_at, booking.minutes, 0))
        row.bookings.append(booking)
    reason = closed_reason(closed[day], day) if day in closed else None
    return Day(venue, day, reason, [rows[key] for key in sorted(rows)], cancelled)


# ---- a week -------------------------------------------------------------------------------

@dataclass
class Cell:
    booked: int
    capacity: int


@dataclass
class Week:
    venue: Venue
    days: list[dt.date]  # Monday to Sunday
    times: list[dt.time]  # London times that have a session on at least one day
    cells: dict[tuple[dt.date, dt.time], Cell]
    closed: dict[dt.date, str]  # why, in words
    totals: dict[dt.date, int]  # bookings each day, not cancelled

    def cell(self, day: dt.date, time: dt.time) -> Cell | None:
        return self.cells.get((day, time))


def week_grid(venue: Venue, day: dt.date) -> Week:
    monday = monday_of(day)
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    cells = {}
    for slot in session_slots(venue, days[0], days[-1]):
        start = slot.local_start
        cells[(start.date(), start.time())] = Cell(slot.booked, slot.capacity)
    totals: dict[dt.date, int] = defaultdict(int)
    start, _end = day_bounds(days[0])
    _start, end = day_bounds(days[-1])
    for starts_at in db.session.scalars(
            select(Booking.starts_at).where(Booking.venue_id == venue.id,
                                            Booking.starts_at >= start, Booking.starts_at < end,
                                            Booking.status != BookingStatus.cancelled)):
        totals[local(as_utc(starts_at)).date()] += 1
    closed = {when: closed_reason(reason, when)
              for when, reason in closed_days(venue, days[0], days[-1]).items()}
    times = sorted({time for _day, time in cells})
    return Week(venue, days, times, cells, closed, dict(totals))


# ---- counts for reporting: numbers only ---------------------------------------------------

@dataclass
class Counts:
    venue: str
    week: dt.date  # its Monday
    booked_ahead: int = 0
    walk_ins: int = 0
    attended: int = 0
    no_shows: int = 0
    cancelled: int = 0
    not_marked: int = 0

    @property
    def iso_week(self) -> str:
        year, number, _weekday = self.week.isocalendar()
        return f"{year}-W{number:02d}"

    def add(self, other: "Counts") -> None:
        for name in ("booked_ahead", "walk_ins", "attended", "no_shows", "cancelled",
                     "not_marked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def counts(first: dt.date, last: dt.date) -> list[Counts]:
    """Appointments from `first` to `last` (London days), by venue and ISO week of the
    appointment. Reads no names or contact details: only venue, time, status, walk-in."""
    start, _end = day_bounds(first)
    _start, end = day_bounds(last)
    names = dict(db.session.execute(select(Venue.id, Venue.name)).tuples().all())
    rows: dict[tuple[str, dt.date], Counts] = {}
    query = (select(Booking.venue_id, Booking.starts_at, Booking.status, Booking.walk_in)
             .where(Booking.starts_at >= start, Booking.starts_at < end))
    for venue_id, starts_at, status, walk_in in db.session.execute(query):
        week = monday_of(local(as_utc(starts_at)).date())
        row = rows.setdefault((venue_id, week), Counts(names.get(venue_id, ""), week))
        if walk_in:
            row.walk_ins += 1
        else:
            row.booked_ahead += 1
        if status == BookingStatus.attended:
            row.attended += 1
        elif status == BookingStatus.no_show:
            row.no_shows += 1
        elif status == BookingStatus.cancelled:
            row.cancelled += 1
        else:
            row.not_marked += 1
    return sorted(rows.values(), key=lambda row: (row.venue.lower(), row.week))


def total(rows: list[Counts]) -> Counts:
    whole = Counts("", dt.date.min)
    for row in rows:
        whole.add(row)
    return whole


# ---- bookings that no longer fit ----------------------------------------------------------

def bookings_to_contact(now: dt.datetime, venue: Venue | None = None) -> list[Booking]:
    """Coming bookings whose time no longer has a place for them: the session was changed
    or removed, has fewer staff, or the venue is closed that day. Staff must contact them.

    At each time the places go to the bookings in place order, as the day list shows them;
    the ones left over are the ones to contact.
    """
    query = select(Booking).where(Booking.starts_at >= now, Booking.status.in_(LIVE))
    if venue is not None:
        query = query.where(Booking.venue_id == venue.id)
    by_venue: dict[str, list[Booking]] = defaultdict(list)
    for booking in db.session.scalars(query.order_by(Booking.starts_at, Booking.place)):
        by_venue[booking.venue_id].append(booking)
    stranded = []
    for bookings in by_venue.values():
        place = bookings[0].venue
        days = [local(as_utc(b.starts_at)).date() for b in bookings]
        capacity = {slot.starts_at: slot.capacity
                    for slot in session_slots(place, min(days), max(days))}
        taken: dict[dt.datetime, int] = defaultdict(int)
        for booking in bookings:
            starts_at = as_utc(booking.starts_at)
            taken[starts_at] += 1
            if taken[starts_at] > capacity.get(starts_at, 0) \
                    and booking.status == BookingStatus.booked:
                stranded.append(booking)
    return sorted(stranded, key=lambda b: (as_utc(b.starts_at), b.venue.name))


def bookings_on_day(day: dt.date, venue: Venue | None, now: dt.datetime) -> list[Booking]:
    """Coming bookings a closure of `day` (at `venue`, or everywhere) would leave stranded."""
    start, end = day_bounds(day)
    query = select(Booking).where(Booking.starts_at >= max(start, now), Booking.starts_at < end,
                                  Booking.status == BookingStatus.booked)
    if venue is not None:
        query = query.where(Booking.venue_id == venue.id)
    return list(db.session.scalars(query.order_by(Booking.starts_at, Booking.place)))


def coming_closures(today: dt.date) -> list[Closure]:
    return list(db.session.scalars(
        select(Closure).where(Closure.day >= today).order_by(Closure.day)))


def coming_bank_holidays(today: dt.date, days: int = 366) -> list[tuple[dt.date, str]]:
    last = today + dt.timedelta(days=days)
    country, region = current_app.config["BANK_HOLIDAYS"]
    found = holidays.country_holidays(country, subdiv=region,
                                      years=range(today.year, last.year + 1))
    return sorted((day, name) for day, name in found.items() if today <= day <= last)
