"""Talking Point staff pages: a venue's day and week, marking who came, walk-ins,
cancelling with a reason, the printable day sheet and the counts for reporting."""

import csv
import datetime as dt
import io
import logging

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from hub.accounts.models import Role
from hub.core.auth import role_required
from hub.core.dates import local_date
from hub.core.mail import MailError, external_url, send_mail
from hub.extensions import db
from hub.talking_points import queries
from hub.talking_points.models import Booking, BookingStatus, Venue
from hub.talking_points.operations import (
    Details,
    NotBookable,
    SlotTaken,
    book,
    cancel,
    mark,
    spaced_reference,
)
from hub.talking_points.slots import as_utc, local
from hub.talking_points.staff_forms import CancelForm, CountsForm, WalkInForm, read_date

log = logging.getLogger(__name__)

bp = Blueprint("talking_point_staff", __name__, url_prefix="/talking-points/staff")

STAFF = (Role.talking_point_staff, Role.talking_point_coordinator, Role.administrator)
COUNT_COLUMNS = ("booked_ahead", "walk_ins", "attended", "no_shows", "cancelled", "not_marked")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def long_day(day: dt.date) -> str:
    return local_date(day, "full")


def short_day(day: dt.date) -> str:
    return local_date(day, "short_day")


def when(booking: Booking) -> str:
    """'Tuesday 17 March 2026, 10:00': the appointment's London day and time."""
    start = local(as_utc(booking.starts_at))
    return _("%(day)s, %(time)s", day=long_day(start.date()), time=f"{start:%H:%M}")


def status_tag(booking: Booking) -> tuple[str, str]:
    """Label and GOV.UK tag colour for a booking's state."""
    return {
        BookingStatus.booked: (_("Booked"), "govuk-tag--blue"),
        BookingStatus.attended: (_("Came"), "govuk-tag--green"),
        BookingStatus.no_show: (_("Did not come"), "govuk-tag--orange"),
        BookingStatus.cancelled: (_("Cancelled"), "govuk-tag--grey"),
    }[booking.status]


@bp.context_processor
def helpers():
    return {"long_day": long_day, "short_day": short_day, "when": when, "status_tag": status_tag,
            "topics_in_words": queries.topics_in_words,
            "needs_in_words": queries.needs_in_words, "spaced_reference": spaced_reference,
            "local": lambda moment: local(as_utc(moment))}


def tell_cancelled(booking: Booking, reason: str) -> bool | None:
    """E-mail the person that their appointment is cancelled, and why. None when they gave
    no address, False when the e-mail could not be sent."""
    if not booking.email:
        return None
    try:
        send_mail(booking.email, _("Your Talking Point appointment is cancelled"),
                  "booking_cancelled_by_staff", booking=booking, reason=reason,
                  when=when(booking), reference=spaced_reference(booking.reference),
                  link=external_url("talking_points.index"))
    except MailError:
        log.warning("A cancellation e-mail could not be sent")
        return False
    return True


def _venue_and_day() -> tuple[list[Venue], Venue | None, dt.date, bool]:
    """The venues, the one asked for (the first by default), the day asked for (today in
    London by default), and whether the date typed could not be read."""
    venues = queries.venues()
    chosen = request.args.get("venue")
    if chosen:
        venue = next((v for v in venues if v.id == chosen), None)
        if venue is None:
            abort(404)
    else:
        venue = venues[0] if venues else None
    typed = request.args.get("date", "").strip()
    day = read_date(typed) if typed else None
    return venues, venue, day or queries.london_today(), bool(typed) and day is None


def _day_url(venue: Venue, day: dt.date, anchor: str | None = None) -> str:
    return url_for(".day", venue=venue.id, date=day.isoformat(), _anchor=anchor)


def _booking_day(booking: Booking) -> dt.date:
    return local(as_utc(booking.starts_at)).date()


@bp.get("")
@role_required(*STAFF)
def day():
    venues, venue, day, bad_date = _venue_and_day()
    listing = queries.day_list(venue, day) if venue else None
    return render_template("talking_points/staff/day.html", venues=venues, venue=venue,
                           day=day, listing=listing, bad_date=bad_date,
                           typed_date=request.args.get("date", ""),
                           previous_day=day - dt.timedelta(days=1),
                           next_day=day + dt.timedelta(days=1))


@bp.get("/week")
@role_required(*STAFF)
def week():
    venues, venue, day, bad_date = _venue_and_day()
    grid = queries.week_grid(venue, day) if venue else None
    monday = queries.monday_of(day)
    return render_template("talking_points/staff/week.html", venues=venues, venue=venue,
                           day=day, grid=grid, bad_date=bad_date, monday=monday,
                           typed_date=request.args.get("date", ""),
                           previous_week=monday - dt.timedelta(weeks=1),
                           next_week=monday + dt.timedelta(weeks=1))


@bp.get("/day-sheet.pdf")
@role_required(*STAFF)
def day_sheet():
    from hub.talking_points.day_sheet import render_day_sheet  # reportlab loads when used

    _venues, venue, day, _bad = _venue_and_day()
    if venue is None:
        abort(404)
    pdf = render_day_sheet(queries.day_list(venue, day))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="day-sheet-{day.isoformat()}.pdf"'})


def _mark(booking_id: str, status: BookingStatus):
    booking = db.get_or_404(Booking, booking_id)
    row = f"time-{local(as_utc(booking.starts_at)):%H%M}"
    if booking.status == BookingStatus.cancelled:
        flash(_("That appointment was cancelled, so nothing was changed."), "info")
    else:
        mark(booking, status)
        flash(_("Saved: the %(time)s appointment is marked as came.",
                time=f"{local(as_utc(booking.starts_at)):%H:%M}")
              if status == BookingStatus.attended else
              _("Saved: the %(time)s appointment is marked as did not come.",
                time=f"{local(as_utc(booking.starts_at)):%H:%M}"), "success")
    return redirect(_day_url(booking.venue, _booking_day(booking), row))


@bp.post("/bookings/<booking_id>/came")
@role_required(*STAFF)
def attended(booking_id: str):
    return _mark(booking_id, BookingStatus.attended)


@bp.post("/bookings/<booking_id>/did-not-come")
@role_required(*STAFF)
def no_show(booking_id: str):
    return _mark(booking_id, BookingStatus.no_show)


@bp.route("/bookings/<booking_id>/cancel", methods=["GET", "POST"])
@role_required(*STAFF)
def cancel_booking(booking_id: str):
    booking = db.get_or_404(Booking, booking_id)
    back = _day_url(booking.venue, _booking_day(booking))
    if booking.status != BookingStatus.booked:
        flash(_("Only an appointment that is still booked can be cancelled, so nothing was "
                "changed."), "info")
        return redirect(back)
    form = CancelForm()
    if form.validate_on_submit():
        cancel(booking, utcnow(), form.reason.data)
        told = tell_cancelled(booking, form.reason.data)
        if told is None:
            flash(_("The appointment is cancelled. They gave no e-mail address, so phone "
                    "them if you can."), "success")
        elif told:
            flash(_("The appointment is cancelled and they have been e-mailed the reason."),
                  "success")
        else:
            flash(_("The appointment is cancelled, but the e-mail to tell them could not be "
                    "sent. Phone them if you can, or try again later."), "info")
        return redirect(back)
    return render_template("talking_points/staff/cancel.html", booking=booking, form=form,
                           back=back)


@bp.route("/walk-in", methods=["GET", "POST"])
@role_required(*STAFF)
def walk_in():
    _venues, venue, day, _bad = _venue_and_day()
    if venue is None:
        abort(404)
    free = queries.day_list(venue, day).free_times
    form = WalkInForm()
    form.time.choices = [
        (row.starts_at.isoformat(),
         _("%(time)s (%(free)s free)", time=f"{row.local_start:%H:%M}", free=row.free))
        for row in free]
    if free and form.validate_on_submit():
        starts_at = form.chosen_time()
        try:
            booking = book(venue, starts_at, Details(name=form.name.data, phone=form.phone.data),
                           utcnow(), walk_in=True)
        except (NotBookable, SlotTaken):
            db.session.rollback()
            form.time.errors = [_("That time is full now. Choose another time.")]
        else:
            flash(_("Walk-in added at %(time)s.",
                    time=f"{local(as_utc(booking.starts_at)):%H:%M}"), "success")
            return redirect(_day_url(venue, day, f"time-{local(starts_at):%H%M}"))
    return render_template("talking_points/staff/walk_in.html", venue=venue, day=day,
                           form=form, free=free)


def _counts_range() -> tuple[CountsForm, dt.date, dt.date, list[queries.Counts]]:
    today = queries.london_today()
    start = queries.monday_of(today) - dt.timedelta(weeks=11)
    end = queries.monday_of(today) + dt.timedelta(days=6)
    if request.args:
        form = CountsForm(formdata=request.args)
        if form.validate():
            start, end = read_date(form.start.data), read_date(form.end.data)
            return form, start, end, queries.counts(start, end)
        return form, start, end, []
    form = CountsForm(formdata=None, data={"start": start.isoformat(), "end": end.isoformat()})
    return form, start, end, queries.counts(start, end)


@bp.get("/counts")
@role_required(*STAFF)
def counts():
    form, start, end, rows = _counts_range()
    return render_template("talking_points/staff/counts.html", form=form, rows=rows,
                           total=queries.total(rows), start=start, end=end)


def _cell(text: str) -> str:
    """A spreadsheet must not read a venue's name as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


@bp.get("/counts.csv")
@role_required(*STAFF)
def counts_csv():
    form, start, end, rows = _counts_range()
    if form.errors:
        abort(400)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["venue", "iso_week", "week_starting", "booked_ahead", "walk_ins",
                     "attended", "did_not_come", "cancelled", "not_marked"])
    for row in rows:
        writer.writerow([_cell(row.venue), row.iso_week, row.week.isoformat(),
                         *(getattr(row, name) for name in COUNT_COLUMNS)])
    name = f"talking-point-counts-{start.isoformat()}-to-{end.isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
