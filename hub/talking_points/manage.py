"""The coordinator's pages: venues, their regular sessions, closures, and the bookings a
change leaves without a place.

A change that would take away booked times (editing or removing a session, closing a day)
first lists the bookings it affects and asks again; once saved, the bookings are listed
to contact, and can be cancelled with a reason that is e-mailed to each person.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from hub.accounts.models import Role
from hub.core.auth import role_required
from hub.directory.models import Service, ServiceStatus
from hub.extensions import db
from hub.places.operations import NotAPostcode, PlaceNotFound, format_postcode, locate
from hub.talking_points import queries
from hub.talking_points.models import Booking, BookingStatus, Closure, RegularSession, Venue
from hub.talking_points.operations import cancel
from hub.talking_points.staff import helpers, long_day, tell_cancelled, utcnow, when
from hub.talking_points.staff_forms import (
    ACCESSIBILITY,
    ClosureForm,
    ContactForm,
    Form,
    SessionForm,
    VenueForm,
    read_date,
)

bp = Blueprint("talking_point_manage", __name__, url_prefix="/talking-points/manage")
bp.context_processor(helpers)

COORDINATORS = (Role.talking_point_coordinator, Role.administrator)
ALL_VENUES = ""  # the closure form's choice for a closure everywhere


def session_summary(session: RegularSession) -> str:
    """'Tuesdays, 10:00 to 13:00'."""
    return _("%(day)s, %(starts)s to %(ends)s", day=queries.WEEKDAYS[session.weekday],
             starts=f"{session.starts:%H:%M}", ends=f"{session.ends:%H:%M}")


@bp.context_processor
def manage_helpers():
    return {"session_summary": session_summary, "weekdays": queries.WEEKDAYS,
            "accessibility_labels": ACCESSIBILITY}


def _services() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Service.id, Service.name).where(Service.status != ServiceStatus.inactive)
        .order_by(Service.name))
    return [("", _("Not linked")), *((id_, name) for id_, name in rows)]


def _venue_form(venue: Venue | None) -> VenueForm:
    if request.method == "POST":
        form = VenueForm()
    elif venue is None:
        form = VenueForm(formdata=None)
    else:
        form = VenueForm(formdata=None, obj=venue)
        form.service_id.data = venue.service_id or ""
        form.accessibility.data = [name for name in ACCESSIBILITY if getattr(venue, name)]
    form.service_id.choices = _services()
    if venue is not None and venue.service_id and venue.service_id not in dict(
            form.service_id.choices):  # linked to a listing since withdrawn: keep it
        form.service_id.choices.append((venue.service_id, _("The listing linked now")))
    return form


def _save_venue(venue: Venue, form: VenueForm) -> None:
    venue.name = form.name.data
    venue.address = form.address.data
    venue.postcode = format_postcode(form.postcode.data)
    try:
        point = locate(venue.postcode)
        venue.latitude, venue.longitude = point.latitude, point.longitude
    except (PlaceNotFound, NotAPostcode):
        # A venue outside the gazetteer is still a real venue: it saves without a point.
        venue.latitude = venue.longitude = None
    venue.how_to_get_there = form.how_to_get_there.data or ""
    for name in ACCESSIBILITY:
        setattr(venue, name, name in (form.accessibility.data or []))
    venue.accessibility_notes = form.accessibility_notes.data or ""
    venue.service_id = form.service_id.data or None
    venue.active = bool(form.active.data)
    db.session.add(venue)
    db.session.commit()


@bp.get("")
@role_required(*COORDINATORS)
def venues():
    to_contact = queries.bookings_to_contact(utcnow())
    waiting: dict[str, int] = {}
    for booking in to_contact:
        waiting[booking.venue_id] = waiting.get(booking.venue_id, 0) + 1
    return render_template("talking_points/manage/venues.html", venues=queries.venues(),
                           waiting=waiting, to_contact=len(to_contact))


@bp.route("/venues/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def new_venue():
    form = _venue_form(None)
    if form.validate_on_submit():
        venue = Venue()
        _save_venue(venue, form)
        flash(_("“%(name)s” is added. Now add its regular sessions.", name=venue.name),
              "success")
        return redirect(url_for(".venue", venue_id=venue.id))
    return render_template("talking_points/manage/venue_form.html", form=form, venue=None)


@bp.get("/venues/<venue_id>")
@role_required(*COORDINATORS)
def venue(venue_id: str):
    found = db.get_or_404(Venue, venue_id)
    today = queries.london_today()
    closures = [c for c in queries.coming_closures(today)
                if c.venue_id in (None, found.id)]
    service = db.session.get(Service, found.service_id) if found.service_id else None
    return render_template("talking_points/manage/venue.html", venue=found, service=service,
                           closures=closures,
                           to_contact=queries.bookings_to_contact(utcnow(), found))


@bp.route("/venues/<venue_id>/edit", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_venue(venue_id: str):
    found = db.get_or_404(Venue, venue_id)
    form = _venue_form(found)
    if form.validate_on_submit():
        _save_venue(found, form)
        flash(_("The changes to “%(name)s” are saved.", name=found.name), "success")
        return redirect(url_for(".venue", venue_id=found.id))
    return render_template("talking_points/manage/venue_form.html", form=form, venue=found)


def _after_change(venue: Venue, affected: list[Booking], done: str):
    flash(done, "success")
    if affected:
        return redirect(url_for(".bookings_to_contact", venue=venue.id))
    return redirect(url_for(".venue", venue_id=venue.id))


def _newly_stranded(venue: Venue, change) -> list[Booking]:
    """Bookings that `change` (a function that edits the venue's sessions in memory) would
    leave without a place, beyond those already without one. Nothing is written: the
    caller commits or rolls back."""
    now = utcnow()
    before = {b.id for b in queries.bookings_to_contact(now, venue)}
    with db.session.no_autoflush:
        change()
        after = queries.bookings_to_contact(now, venue)
    return [b for b in after if b.id not in before]


@bp.route("/venues/<venue_id>/sessions/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def new_session(venue_id: str):
    found = db.get_or_404(Venue, venue_id)
    form = SessionForm() if request.method == "POST" else SessionForm(
        formdata=None, data={"weekday": "0", "appointment_minutes": "30", "staff": "1"})
    if form.validate_on_submit():
        session = RegularSession()
        form.fill(session)
        found.sessions.append(session)  # more times never take a booking's place away
        db.session.commit()
        return _after_change(found, [], _("The session is added: %(session)s.",
                                          session=session_summary(session)))
    return render_template("talking_points/manage/session_form.html", venue=found, form=form,
                           session=None, affected=[])


def _session_of(venue_id: str, session_id: str) -> tuple[Venue, RegularSession]:
    found = db.get_or_404(Venue, venue_id)
    session = db.get_or_404(RegularSession, session_id)
    if session.venue_id != found.id:
        abort(404)
    return found, session


@bp.route("/venues/<venue_id>/sessions/<session_id>", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_session(venue_id: str, session_id: str):
    found, session = _session_of(venue_id, session_id)
    form = SessionForm() if request.method == "POST" else SessionForm.of(session)
    affected: list[Booking] = []
    if form.validate_on_submit():
        affected = _newly_stranded(found, lambda: form.fill(session))
        if not affected or request.form.get("confirm") == "yes":
            db.session.commit()
            return _after_change(found, affected, _("The session is changed: %(session)s.",
                                                    session=session_summary(session)))
        db.session.rollback()  # forget the change until the coordinator confirms it
    return render_template("talking_points/manage/session_form.html", venue=found, form=form,
                           session=session, affected=affected)


@bp.route("/venues/<venue_id>/sessions/<session_id>/remove", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def remove_session(venue_id: str, session_id: str):
    found, session = _session_of(venue_id, session_id)
    summary = session_summary(session)
    affected = _newly_stranded(found, lambda: found.sessions.remove(session))
    form = Form()
    if form.validate_on_submit():
        db.session.commit()
        return _after_change(found, affected, _("The session is removed: %(session)s.",
                                                session=summary))
    db.session.rollback()  # looking at the page changes nothing
    return render_template("talking_points/manage/remove_session.html", venue=found,
                           session=session, summary=summary, affected=affected, form=form)


def _closure_form() -> ClosureForm:
    form = ClosureForm()
    form.venue_id.choices = [(ALL_VENUES, _("All venues")),
                             *((v.id, v.name) for v in queries.venues())]
    return form


@bp.route("/closures", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def closures():
    form = _closure_form()
    today = queries.london_today()
    affected: list[Booking] = []
    if request.method == "GET" and request.args.get("venue"):
        form.venue_id.data = request.args["venue"]
    if form.validate_on_submit():
        day = read_date(form.day.data)
        venue = db.session.get(Venue, form.venue_id.data) if form.venue_id.data else None
        duplicate = db.session.scalar(select(Closure).where(
            Closure.day == day,
            Closure.venue_id == venue.id if venue else Closure.venue_id.is_(None)))
        if day < today:
            form.day.errors = [_("The date must be today or later")]
        elif duplicate is not None:
            form.day.errors = [_("There is already a closure there on that day")]
        else:
            affected = queries.bookings_on_day(day, venue, utcnow())
            if not affected or request.form.get("confirm") == "yes":
                db.session.add(Closure(venue_id=venue.id if venue else None, day=day,
                                       reason=form.reason.data))
                db.session.commit()
                flash(_("Closed on %(day)s: %(reason)s.", day=long_day(day),
                        reason=form.reason.data), "success")
                if affected:
                    return redirect(url_for(".bookings_to_contact",
                                            venue=venue.id if venue else None))
                return redirect(url_for(".closures"))
    return render_template(
        "talking_points/manage/closures.html", form=form, affected=affected,
        closures=queries.coming_closures(today),
        venue_names={v.id: v.name for v in queries.venues()},
        bank_holidays=queries.coming_bank_holidays(today))


@bp.post("/closures/<closure_id>/remove")
@role_required(*COORDINATORS)
def remove_closure(closure_id: str):
    closure = db.get_or_404(Closure, closure_id)
    day = closure.day
    db.session.delete(closure)
    db.session.commit()
    flash(_("The closure on %(day)s is removed. Sessions that day can be booked again.",
            day=long_day(day)), "success")
    return redirect(url_for(".closures"))


@bp.route("/bookings-to-contact", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def bookings_to_contact():
    venue = None
    if request.args.get("venue"):
        venue = db.get_or_404(Venue, request.args["venue"])
    bookings = queries.bookings_to_contact(utcnow(), venue)
    form = ContactForm()
    form.chosen.choices = _choices(bookings)
    untold: list[Booking] = []
    told = None
    if bookings and form.validate_on_submit():
        chosen = set(form.chosen.data)
        now, told = utcnow(), 0
        for booking in bookings:
            if booking.id not in chosen or booking.status != BookingStatus.booked:
                continue
            cancel(booking, now, form.reason.data)
            if tell_cancelled(booking, form.reason.data):
                told += 1
            else:
                untold.append(booking)
        bookings = queries.bookings_to_contact(utcnow(), venue)
        form = ContactForm(formdata=None)
        form.chosen.choices = _choices(bookings)
    return render_template("talking_points/manage/bookings_to_contact.html", venue=venue,
                           bookings=bookings, form=form, told=told, untold=untold,
                           hints=[{"hint": {"text": _contact(b)}} for b in bookings])


def _choices(bookings: list[Booking]) -> list[tuple[str, str]]:
    return [(b.id, _("%(name)s: %(when)s at %(venue)s", name=b.name or _("(name erased)"),
                     when=when(b), venue=b.venue.name)) for b in bookings]


def _contact(booking: Booking) -> str:
    parts = [part for part in (booking.phone, booking.email) if part]
    return " · ".join(parts) if parts else _("No phone number or e-mail address")
