"""How an appointment's time is written: in words on pages and in e-mails (always the
place's own time, Europe/London), and as an .ics file for a calendar program."""

import datetime as dt

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event

from hub.core.dates import local_date
from hub.talking_points.models import Booking
from hub.talking_points.operations import spaced_reference
from hub.talking_points.slots import as_utc, local


def day_heading(moment: dt.datetime) -> str:
    """'Tuesday 24 March' in local time: the heading over that day's times."""
    return local_date(local(as_utc(moment)).date(), "day")


def clock(moment: dt.datetime) -> str:
    """'10:30' in local time, as the hub's `hhmm` filter writes times."""
    return local(as_utc(moment)).strftime("%H:%M")


def when_text(moment: dt.datetime) -> str:
    """'Tuesday 24 March 2026 at 10:30' in local time."""
    day = local_date(local(as_utc(moment)).date(), "full")
    return _("%(day)s at %(time)s", day=day, time=clock(moment))


def booking_ics(booking: Booking) -> bytes:
    """One event, in local time with its time zone, so a calendar shows the right hour
    whatever the clocks do. The UID stays the same when the time changes, so importing the
    new file moves the event rather than adding a second one."""
    starts = local(as_utc(booking.starts_at))
    venue = booking.venue
    calendar = Calendar()
    calendar.add("prodid", f"-//{current_app.config['HUB_NAME']}//Talking Points//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.id}@talking-points")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + dt.timedelta(minutes=booking.minutes))
    event.add("summary", _("Talking Point appointment"))
    event.add("location", ", ".join(part for part in (venue.name, venue.one_line_address)
                                    if part))
    lines = [_("Your reference: %(reference)s", reference=spaced_reference(booking.reference)),
             _("To change or cancel, or for help, call %(phone)s.",
               phone=current_app.config["HELP_PHONE"])]
    if venue.how_to_get_there:
        lines.insert(1, venue.how_to_get_there)
    event.add("description", "\n".join(lines))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
