"""Public Talking Point pages: where they are, booking an appointment (no account, one
question a page, answers kept in the session until confirmed), and finding a booking again
by its reference to see it, move it or cancel it.

Nothing here writes a person's details to the log, and no page may be stored by a browser
or proxy (Cache-Control: no-store): they hold names and contact details.
"""

import datetime as dt
import logging
from collections.abc import Callable
from functools import wraps
from itertools import groupby

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from hub.core.mail import MailError, external_url, send_mail
from hub.extensions import db, limiter
from hub.places.operations import NotAPostcode, PlaceNotFound, distance_miles, locate
from hub.talking_points import journey, operations
from hub.talking_points.calendar import booking_ics, clock, day_heading, when_text
from hub.talking_points.forms import (
    NEED_LABELS,
    TOPIC_LABELS,
    CancelForm,
    ChooseTimeForm,
    ConfirmForm,
    DetailsForm,
    FindBookingForm,
    SupportForm,
    TopicsForm,
    WhoForm,
    uk_phone,
)
from hub.talking_points.journey import STEPS, Answers
from hub.talking_points.models import Booking, BookingStatus, Venue
from hub.talking_points.slots import (
    Slot,
    as_utc,
    bookable_slots,
    earliest_bookable,
    local,
    slot_at,
)

bp = Blueprint("talking_points", __name__, url_prefix="/talking-points")
log = logging.getLogger(__name__)

# Per address. Enough for a family booking for several people, or a library helping a few
# residents; too few to fill a venue's diary for a prank.
CONFIRM_LIMIT = "10 per hour"
# Only lookups that find nothing count: with 31^10 references, 10 tries an hour from one
# address gets nowhere.
LOOKUP_LIMIT = "10 per hour"
# A week's times are never split; a page holds whole weeks up to about this many times.
TIMES_PER_PAGE = 24
SLOT_FORMAT = "%Y%m%dT%H%MZ"  # UTC, in the radios' values


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@bp.after_request
def _never_stored(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _wording() -> dict:
    return {"when_text": when_text, "day_heading": day_heading, "clock": clock,
            "topic_labels": TOPIC_LABELS, "need_labels": NEED_LABELS,
            "spaced_reference": operations.spaced_reference,
            "retention_days": current_app.config["BOOKING_RETENTION_DAYS"]}


# --- Where the Talking Points are -----------------------------------------------------------

def _active_venues() -> list[Venue]:
    return list(db.session.scalars(select(Venue).where(Venue.active).order_by(Venue.name)))


@bp.get("")
def index():
    venues = _active_venues()
    near = request.args.get("near", "").strip()[:100]
    error = point = None
    distances: dict[str, float] = {}
    if "near" in request.args:
        try:
            if not near:
                raise NotAPostcode(near)
            point = locate(near)
        except PlaceNotFound:
            error = _("We could not find %(place)s. Check it, or enter a postcode like "
                      "%(postcode)s", place=near,
                      postcode=current_app.config["POSTCODE_EXAMPLE"])
        except NotAPostcode:
            error = _("Enter a postcode, like %(postcode)s, or the name of a place",
                      postcode=current_app.config["POSTCODE_EXAMPLE"])
    if point:
        distances = {v.id: distance_miles(point.latitude, point.longitude, v.latitude,
                                          v.longitude)
                     for v in venues if v.latitude is not None and v.longitude is not None}
        # Venues with no map position still show, after the others.
        venues.sort(key=lambda v: (v.id not in distances, distances.get(v.id, 0), v.name))
    return render_template("talking_points/index.html", venues=venues, near=near,
                           error=error, point=point, distances=distances
                           ), (400 if error else 200)


@bp.get("/privacy")
def privacy():
    return render_template("talking_points/privacy.html")


# --- Booking: one question a page ----------------------------------------------------------

def _step_url(answers: Answers, step: str) -> str:
    if step == "when":
        return url_for("talking_points.when", venue_id=answers.venue_id) if answers.venue_id \
            else url_for("talking_points.index")
    return url_for(f"talking_points.{step}")


def _next(answers: Answers):
    return redirect(_step_url(answers, answers.next_step()))


def _answers_for(step: str) -> tuple[Answers, Response | None]:
    """The answers so far, or a redirect to the first earlier page still needing one."""
    answers = journey.answers()
    missing = answers.next_step()
    if STEPS.index(missing) < STEPS.index(step):
        if not answers.venue_id:
            flash(_("Choose a Talking Point to start booking an appointment."), "info")
        return answers, redirect(_step_url(answers, missing))
    return answers, None


def _back(step: str, answers: Answers) -> str:
    return _step_url(answers, STEPS[STEPS.index(step) - 1])


def _venue_or_404(venue_id: str) -> Venue:
    venue = db.session.get(Venue, venue_id)
    if venue is None or not venue.active:
        abort(404)
    return venue


def _slot_value(starts_at: dt.datetime) -> str:
    return as_utc(starts_at).strftime(SLOT_FORMAT)


def _parse_slot(value: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value or "", SLOT_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _chosen(value: str | None, slots: list[Slot]) -> dt.datetime | None:
    """The offered time a radio's value names, or None (not offered, or not a time)."""
    starts_at = _parse_slot(value)
    return starts_at if starts_at in {slot.starts_at for slot in slots} else None


def _not_offered(venue: Venue, value: str | None) -> str:
    """Why a time sent back is not one on offer now, in words."""
    starts_at = _parse_slot(value)
    slot = slot_at(venue, starts_at) if starts_at else None
    if slot is not None and not slot.free and starts_at >= earliest_bookable(now()):
        return _("Sorry, that time has just been booked by someone else. Choose another time")
    return _("That time cannot be booked now. Choose another time")


def _pages_of(slots: list[Slot]) -> list[list[Slot]]:
    """Whole weeks (Monday to Sunday, local time) a page, up to about TIMES_PER_PAGE."""
    pages: list[list[Slot]] = []
    page: list[Slot] = []
    for _monday, week in groupby(slots, key=lambda s: local(s.starts_at).date().isocalendar()[:2]):
        week = list(week)
        if page and len(page) + len(week) > TIMES_PER_PAGE:
            pages.append(page)
            page = []
        page.extend(week)
    if page:
        pages.append(page)
    return pages


def _time_page(venue: Venue, form: ChooseTimeForm, slots: list[Slot], selected: str,
               **context):
    """The times page, for booking and for moving a booking: one page of weeks."""
    pages = _pages_of(slots)
    try:
        number = int(request.args.get("page", ""))
    except ValueError:
        # Open at the page holding the time already chosen, if any.
        number = next((i for i, page in enumerate(pages, start=1)
                       if selected in {_slot_value(s.starts_at) for s in page}), 1)
    number = min(max(number, 1), max(len(pages), 1))
    shown = pages[number - 1] if pages else []
    days = [(day_heading(group[0].starts_at),
             [(_slot_value(s.starts_at), clock(s.starts_at)) for s in group])
            for _day, group in ((d, list(grp)) for d, grp in
                                groupby(shown, key=lambda s: local(s.starts_at).date()))]
    return render_template(
        "talking_points/when.html", venue=venue, form=form, days=days, selected=selected,
        page=number, pages=len(pages), weeks=current_app.config["BOOKING_WEEKS_AHEAD"],
        minutes=shown[0].minutes if shown else None, **context
    ), (400 if form.errors and request.method == "POST" else 200)


@bp.route("/book/<venue_id>/when", methods=["GET", "POST"])
def when(venue_id: str):
    venue = _venue_or_404(venue_id)
    answers = journey.answers()
    slots = bookable_slots(venue, now())
    form = ChooseTimeForm()
    if form.validate_on_submit():
        starts_at = _chosen(form.slot.data, slots)
        if starts_at:
            answers.venue_id, answers.starts_at = venue.id, starts_at.isoformat()
            journey.keep(answers)
            return _next(answers)
        form.slot.errors.append(_not_offered(venue, form.slot.data))
    taken = journey.taken() if request.method == "GET" else None
    if taken:
        form.slot.errors = [taken]
    selected = (form.slot.data or "") if request.method == "POST" else (
        _slot_value(answers.start) if answers.venue_id == venue.id and answers.start else "")
    details_kept = answers.answered("details")
    return _time_page(venue, form, slots, selected,
                      action=url_for("talking_points.when", venue_id=venue.id,
                                     page=request.args.get("page")),
                      title=_("Choose a date and time"),
                      back=url_for("talking_points.index"), details_kept=details_kept)


@bp.route("/book/who", methods=["GET", "POST"])
def who():
    answers, stop = _answers_for("who")
    if stop:
        return stop
    form = WhoForm(data=_shown({"for_whom": answers.for_whom or None}))
    if form.validate_on_submit():
        answers.for_whom = form.for_whom.data
        if not answers.for_someone_else:
            answers.booker_name = ""
        journey.keep(answers)
        return _next(answers)
    return _form_page("talking_points/who.html", form, back=_back("who", answers))


def _shown(answered: dict) -> dict | None:
    """A form's answers so far, to show on opening the page. Not on a POST: there the form
    holds only what was sent, so unticking every box means none (browsers send nothing)."""
    return answered if request.method == "GET" else None


def _form_page(template: str, form, **context):
    """A form page; 400 when it shows errors, so tests and tools can tell."""
    return render_template(template, form=form, **context), (400 if form.errors else 200)


@bp.route("/book/details", methods=["GET", "POST"])
def details():
    answers, stop = _answers_for("details")
    if stop:
        return stop
    form = DetailsForm(data=_shown({"name": answers.name, "booker_name": answers.booker_name,
                                    "phone": answers.phone, "email": answers.email}))
    form.for_someone_else = answers.for_someone_else
    if answers.for_someone_else:
        form.name.label.text = _("Their full name")
    if form.validate_on_submit():
        answers.name = form.name.data
        answers.booker_name = form.booker_name.data if answers.for_someone_else else ""
        answers.phone = uk_phone(form.phone.data) or ""
        answers.email = form.email.data
        journey.keep(answers)
        return _next(answers)
    return _form_page("talking_points/details.html", form, answers=answers,
                      back=_back("details", answers))


@bp.route("/book/topics", methods=["GET", "POST"])
def topics():
    answers, stop = _answers_for("topics")
    if stop:
        return stop
    form = TopicsForm(data=_shown({"topics": answers.topics or []}))
    if form.validate_on_submit():
        answers.topics = [code for code in form.topics.data if code in TOPIC_LABELS]
        journey.keep(answers)
        return _next(answers)
    return _form_page("talking_points/topics.html", form, back=_back("topics", answers))


@bp.route("/book/support", methods=["GET", "POST"])
def support():
    answers, stop = _answers_for("support")
    if stop:
        return stop
    form = SupportForm(data=_shown({"needs": answers.needs or [],
                                    "interpreter_language": answers.interpreter_language}))
    if form.validate_on_submit():
        answers.needs = [code for code in form.needs.data if code in NEED_LABELS]
        answers.interpreter_language = (form.interpreter_language.data
                                        if "interpreter" in answers.needs else "")
        journey.keep(answers)
        return _next(answers)
    return _form_page("talking_points/support.html", form, back=_back("support", answers))


@bp.route("/book/check", methods=["GET", "POST"])
@limiter.limit(CONFIRM_LIMIT, methods=["POST"])
def check():
    if request.method == "POST" and not journey.answers().venue_id and journey.booked():
        return redirect(url_for("talking_points.confirmation"))  # a second click on Confirm
    answers, stop = _answers_for("check")
    if stop:
        return stop
    venue = db.session.get(Venue, answers.venue_id)
    if venue is None or not venue.active:
        answers.venue_id = answers.starts_at = ""
        journey.keep(answers)
        flash(_("Sorry, that Talking Point is no longer taking bookings. Choose another one. "
                "We have kept your other answers."), "info")
        return redirect(url_for("talking_points.index"))
    form = ConfirmForm()
    if form.validate_on_submit():
        return _confirm(venue, answers)
    return render_template("talking_points/check.html", form=form, answers=answers,
                           venue=venue, back=_back("check", answers))


def _confirm(venue: Venue, answers: Answers):
    try:
        booking = operations.book(venue, answers.start, answers.details(), now())
    except (operations.SlotTaken, operations.NotBookable) as error:
        # Say so plainly, offer the other times, and keep everything else they told us.
        when = when_text(answers.start)
        journey.note_taken(
            _("Sorry, %(when)s has just been booked by someone else. Choose another time.",
              when=when) if isinstance(error, operations.SlotTaken) else
            _("Sorry, %(when)s can no longer be booked. Choose another time.", when=when))
        answers.starts_at = ""
        journey.keep(answers)
        log.info("Talking Point booking refused: %s", type(error).__name__)
        return redirect(url_for("talking_points.when", venue_id=venue.id))
    log.info("Talking Point booking made")
    mail = _send(booking, "booking_confirmed",
                 _("Your Talking Point appointment is booked: reference %(reference)s",
                   reference=operations.spaced_reference(booking.reference)))
    journey.forget_answers()
    journey.hold_booked(booking.id, mail)
    # They have just proved who they are: "Change or cancel" needs no lookup for a while.
    journey.hold_found(booking.id)
    return redirect(url_for("talking_points.confirmation"))


def _send(booking: Booking, template: str, subject: str) -> str:
    """E-mail the booking's address, if it has one: 'sent', 'failed', or '' for none."""
    if not booking.email:
        return ""
    try:
        send_mail(booking.email, subject, template, booking=booking, venue=booking.venue,
                  when=when_text(booking.starts_at),
                  reference=operations.spaced_reference(booking.reference),
                  needs=_needs_text(booking),
                  manage_link=external_url("talking_points.find_booking"),
                  book_link=external_url("talking_points.index"))
    except MailError:
        # The booking stands; the page says the e-mail did not go. No address in the log.
        log.warning("Talking Point %s e-mail not sent", template)
        return "failed"
    return "sent"


def _needs_text(booking: Booking) -> list[str]:
    texts = []
    for code in booking.need_codes:
        label = str(NEED_LABELS[code])
        if code == "interpreter" and booking.interpreter_language:
            label = _("%(need)s: %(language)s", need=label,
                      language=booking.interpreter_language)
        texts.append(label)
    return texts


# --- After booking: this browser sees the confirmation for a while ------------------------

def _held_booking(held: journey.Held | None) -> Booking | None:
    booking = db.session.get(Booking, held.booking_id) if held else None
    return booking if booking is not None and booking.erased_at is None else None


def _booked_or_find() -> tuple[journey.Held | None, Booking | None]:
    held = journey.booked()
    return held, _held_booking(held)


def _gone_to_find():
    flash(_("To see your appointment, enter your booking reference."), "info")
    return redirect(url_for("talking_points.find_booking"))


@bp.get("/book/confirmation")
def confirmation():
    held, booking = _booked_or_find()
    if booking is None:
        return _gone_to_find()
    return render_template("talking_points/confirmation.html", booking=booking,
                           mail=held.mail, needs=_needs_text(booking))


@bp.get("/book/confirmation/appointment.ics")
def confirmation_ics():
    _held, booking = _booked_or_find()
    return _ics(booking) if booking else _gone_to_find()


@bp.get("/book/confirmation/print")
def confirmation_print():
    _held, booking = _booked_or_find()
    if booking is None:
        return _gone_to_find()
    return _printable(booking, back=url_for("talking_points.confirmation"))


def _ics(booking: Booking) -> Response:
    return Response(booking_ics(booking), mimetype="text/calendar",
                    headers={"Content-Disposition":
                             'attachment; filename="talking-point-appointment.ics"'})


def _printable(booking: Booking, back: str):
    return render_template("talking_points/printable.html", booking=booking, back=back,
                           needs=_needs_text(booking),
                           manage_link=url_for("talking_points.find_booking", _external=True))


# --- Manage a booking: find it, see it, move it, cancel it ---------------------------------

def _lookup_failed(response: Response) -> bool:
    return bool(g.get("talking_point_lookup_failed"))


failed_lookups = limiter.shared_limit(LOOKUP_LIMIT, scope="talking-point-lookups",
                                      deduct_when=_lookup_failed, methods=["POST"])


@bp.route("/booking", methods=["GET", "POST"])
@failed_lookups
def find_booking():
    # A POST, so the reference and surname never appear in an address or a server log.
    form = FindBookingForm()
    if form.validate_on_submit():
        typed = form.surname_or_contact.data
        booking = operations.find_booking(form.reference.data, uk_phone(typed) or typed)
        if booking is not None:
            journey.hold_found(booking.id)
            return redirect(url_for("talking_points.booking"))
        g.talking_point_lookup_failed = True
        log.info("Talking Point booking lookup found nothing")
        form.reference.errors.append(_(
            "We could not find a booking with that reference and those details. Check them "
            "and try again"))
    return _form_page("talking_points/find.html", form)


def _found(view: Callable) -> Callable:
    """The booking this browser found (or just made), or back to 'find your booking'."""

    @wraps(view)
    def guarded(*args, **kwargs):
        booking = _held_booking(journey.found())
        if booking is None:
            flash(_("Enter your booking reference to see, change or cancel your "
                    "appointment."), "info")
            return redirect(url_for("talking_points.find_booking"))
        return view(booking, *args, **kwargs)

    return guarded


def _can_change(booking: Booking) -> bool:
    return booking.status == BookingStatus.booked and as_utc(booking.starts_at) > now()


@bp.get("/booking/your-appointment")
@_found
def booking(booking: Booking):
    return render_template("talking_points/booking.html", booking=booking,
                           needs=_needs_text(booking), can_change=_can_change(booking),
                           passed=as_utc(booking.starts_at) <= now())


@bp.get("/booking/appointment.ics")
@_found
def booking_ics_file(booking: Booking):
    return _ics(booking)


@bp.get("/booking/print")
@_found
def booking_print(booking: Booking):
    return _printable(booking, back=url_for("talking_points.booking"))


@bp.route("/booking/change-time", methods=["GET", "POST"])
@_found
def change_time(booking: Booking):
    if not _can_change(booking):
        return redirect(url_for("talking_points.booking"))
    venue = booking.venue
    current = as_utc(booking.starts_at)
    slots = [s for s in bookable_slots(venue, now()) if s.starts_at != current] \
        if venue.active else []
    form = ChooseTimeForm()
    if form.validate_on_submit():
        starts_at = _chosen(form.slot.data, slots)
        if starts_at:
            try:
                operations.change_time(booking, starts_at, now())
            except operations.SlotTaken:
                form.slot.errors.append(_("Sorry, that time has just been booked by someone "
                                          "else. Choose another time"))
                slots = [s for s in slots if s.starts_at != starts_at]
            except operations.NotBookable:
                form.slot.errors.append(_("That time cannot be booked now. Choose another "
                                          "time"))
            else:
                log.info("Talking Point booking moved")
                return _after_change(booking)
        else:
            form.slot.errors.append(_not_offered(venue, form.slot.data))
    return _time_page(venue, form, slots, form.slot.data or "",
                      action=url_for("talking_points.change_time",
                                     page=request.args.get("page")),
                      title=_("Choose a new date and time"),
                      back=url_for("talking_points.booking"), booking=booking)


def _after_change(booking: Booking):
    mail = _send(booking, "booking_changed",
                 _("Your Talking Point appointment has moved: reference %(reference)s",
                   reference=operations.spaced_reference(booking.reference)))
    flash(_("Your appointment is now on %(when)s.", when=when_text(booking.starts_at)),
          "success")
    _flash_mail(mail, _("We could not send you an email about the new time, but your "
                        "appointment has moved. Make a note of it, or print this page."))
    return redirect(url_for("talking_points.booking"))


def _flash_mail(mail: str, failed: str) -> None:
    if mail == "sent":
        flash(_("We have emailed you to confirm this."), "info")
    elif mail == "failed":
        flash(failed, "info")


@bp.route("/booking/cancel", methods=["GET", "POST"])
@_found
def cancel(booking: Booking):
    if not _can_change(booking):
        return redirect(url_for("talking_points.booking"))
    form = CancelForm()
    if form.validate_on_submit():
        operations.cancel(booking, now())
        log.info("Talking Point booking cancelled")
        mail = _send(booking, "booking_cancelled",
                     _("Your Talking Point appointment is cancelled: reference %(reference)s",
                       reference=operations.spaced_reference(booking.reference)))
        flash(_("Your appointment on %(when)s is cancelled.", when=when_text(booking.starts_at)),
              "success")
        _flash_mail(mail, _("We could not send you an email to confirm this, but your "
                            "appointment is cancelled."))
        return redirect(url_for("talking_points.booking"))
    return render_template("talking_points/cancel.html", form=form, booking=booking)


@bp.post("/booking/finish")
def finish():
    """On a shared computer: this browser forgets the booking it found or made."""
    journey.forget_found()
    journey.forget_booked()
    flash(_("This computer no longer shows your appointment. Use your booking reference to "
            "see it again."), "info")
    return redirect(url_for("talking_points.index"))
