"""The rules for appointments, shared by the booking pages, staff pages and commands."""

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from hub.core.mail import MailError, send_mail
from hub.extensions import db
from hub.talking_points.models import Booking, BookingStatus, Venue
from hub.talking_points.slots import Slot, as_utc, earliest_bookable, local, slot_at, zone

log = logging.getLogger(__name__)

# Read aloud over the phone and typed from a letter: no 0/O or 1/I/L. 31 ** 10 references,
# and lookups are rate-limited, so guessing one gets nowhere.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 10
TOPICS = ("help-at-home", "caring", "paying", "equipment", "health", "lonely", "other")
NEEDS = ("interpreter", "bsl", "step-free", "hearing-loop", "companion")
LIVE = (BookingStatus.booked, BookingStatus.attended, BookingStatus.no_show)


class SlotTaken(ValueError):
    """Every place at that time is booked (perhaps a moment ago by someone else)."""


class NotBookable(ValueError):
    """No appointment starts then, or it is in the past or too soon."""


@dataclass
class Details:
    """What the person told us; only what the appointment needs."""

    name: str
    phone: str = ""
    email: str = ""
    for_someone_else: bool = False
    booker_name: str = ""
    topics: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    interpreter_language: str = ""


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(typed: str) -> str:
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def spaced_reference(reference: str) -> str:
    """ABCDE23456 -> ABCDE 23456: two halves to read out."""
    return f"{reference[:5]} {reference[5:]}"


def book(venue: Venue, starts_at: dt.datetime, details: Details, now: dt.datetime,
         walk_in: bool = False) -> Booking:
    """Take a free place at that time. The unique index on (venue, time, place) decides a
    race: whoever commits second gets the next place, or SlotTaken when none is left."""
    slot = slot_at(venue, starts_at)
    if slot is None or (not walk_in and as_utc(starts_at) < earliest_bookable(now)):
        raise NotBookable
    booking = Booking(venue_id=venue.id, reference=new_reference(), walk_in=walk_in,
                      status=BookingStatus.attended if walk_in else BookingStatus.booked)
    _fill(booking, details)
    _take_place(booking, slot)
    return booking


def _fill(booking: Booking, details: Details) -> None:
    booking.name = details.name.strip()
    booking.phone = details.phone.strip() or None
    booking.email = details.email.strip().lower() or None
    booking.for_someone_else = details.for_someone_else
    booking.booker_name = (details.booker_name.strip() or None) if details.for_someone_else \
        else None
    booking.topics = ",".join(code for code in details.topics if code in TOPICS)
    booking.needs = ",".join(code for code in details.needs if code in NEEDS)
    booking.interpreter_language = (details.interpreter_language.strip() or None
                                    if "interpreter" in details.needs else None)


def _taken_places(venue_id: str, starts_at: dt.datetime, ignore: str | None = None) -> set:
    query = select(Booking.place).where(
        Booking.venue_id == venue_id, Booking.starts_at == starts_at,
        Booking.status != BookingStatus.cancelled)
    if ignore:
        query = query.where(Booking.id != ignore)
    return set(db.session.scalars(query))


def _take_place(booking: Booking, slot: Slot) -> None:
    """Commit the booking at the slot's time in its lowest free place, trying the next if
    another request took that place first; each try is its own transaction."""
    for place in range(1, slot.capacity + 1):
        if place in _taken_places(booking.venue_id, slot.starts_at, booking.id):
            continue
        # Set every try: a rollback expires a booking that was already saved.
        booking.starts_at, booking.minutes, booking.place = slot.starts_at, slot.minutes, place
        db.session.add(booking)
        try:
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()
    raise SlotTaken


def change_time(booking: Booking, starts_at: dt.datetime, now: dt.datetime) -> None:
    """Move a booking to another time at the same venue; it keeps its reference."""
    slot = slot_at(booking.venue, starts_at)
    if slot is None or as_utc(starts_at) < earliest_bookable(now):
        raise NotBookable
    if booking.status != BookingStatus.booked:
        raise NotBookable
    booking.reminded_at = None  # a new day deserves its own reminder
    try:
        _take_place(booking, slot)
    except SlotTaken:
        db.session.rollback()  # it keeps its old time
        raise


def cancel(booking: Booking, now: dt.datetime, reason: str = "") -> None:
    booking.status = BookingStatus.cancelled
    booking.cancelled_at = now
    booking.cancel_reason = reason.strip() or None
    db.session.commit()


def mark(booking: Booking, status: BookingStatus) -> None:
    """Staff record whether the person came."""
    booking.status = status
    db.session.commit()


def find_booking(reference: str, surname_or_contact: str) -> Booking | None:
    """A booking by its reference and the person's surname, phone or e-mail: both needed."""
    reference = normalise_reference(reference)
    if len(reference) != REFERENCE_LENGTH:
        return None
    booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
    if booking is None or booking.erased_at is not None:
        return None
    return booking if _matches(booking, surname_or_contact) else None


def _matches(booking: Booking, typed: str) -> bool:
    typed = " ".join(typed.split()).lower()
    if not typed:
        return False
    digits = "".join(ch for ch in typed if ch.isdigit())
    names = [n for n in (booking.name, booking.booker_name) if n]
    surnames = {n.split()[-1].lower() for n in names} | {n.lower() for n in names}
    return (typed in surnames
            or (booking.email is not None and typed == booking.email.lower())
            or (len(digits) >= 6 and booking.phone is not None
                and digits == "".join(ch for ch in booking.phone if ch.isdigit())))


# Reminders and retention, run from cron.

def send_reminders(now: dt.datetime) -> tuple[int, int]:
    """E-mail everyone booked for tomorrow (London time) who gave an address, once.

    Each booking is claimed with a conditional update before its e-mail goes, so two runs
    at once never send twice; a failed send gives the claim back for the next run.
    Returns (sent, failed).
    """
    tomorrow = local(now).date() + dt.timedelta(days=1)
    sent = failed = 0
    for booking in _booked_on(tomorrow):
        if not booking.email:
            continue
        claimed = db.session.execute(
            update(Booking).where(Booking.id == booking.id, Booking.reminded_at.is_(None),
                                  Booking.status == BookingStatus.booked,
                                  Booking.starts_at == booking.starts_at)
            .values(reminded_at=now))
        db.session.commit()
        if claimed.rowcount != 1:
            continue  # another run has it, or it changed since we read it
        try:
            send_mail(booking.email, _reminder_subject(), "booking_reminder",
                      **_reminder_context(booking))
            sent += 1
        except MailError:
            log.warning("Reminder not sent for a booking; it will be tried again")
            db.session.execute(update(Booking).where(Booking.id == booking.id)
                               .values(reminded_at=None))
            db.session.commit()
            failed += 1
    return sent, failed


def _reminder_context(booking: Booking) -> dict:
    from hub.core.mail import external_url
    from hub.talking_points.calendar import when_text  # it imports this module

    return {"booking": booking, "venue": booking.venue, "when": when_text(booking.starts_at),
            "reference": spaced_reference(booking.reference),
            "manage_url": external_url("talking_points.find_booking")}


def _reminder_subject() -> str:
    return _("Reminder: your Talking Point appointment tomorrow")


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A London day as a UTC range (23 or 25 hours long on the days the clocks change)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone())
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone())
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _booked_on(day: dt.date) -> list[Booking]:
    start, end = day_bounds(day)
    return list(db.session.scalars(
        select(Booking).where(Booking.starts_at >= start, Booking.starts_at < end,
                              Booking.status == BookingStatus.booked)
        .order_by(Booking.starts_at)))


def erase_personal_details(now: dt.datetime) -> int:
    """Blank the personal details of appointments more than the retention period ago,
    keeping the anonymous record (venue, time, status, topics, needs) for the counts.
    Returns how many bookings were erased."""
    cutoff = now - dt.timedelta(days=current_app.config["BOOKING_RETENTION_DAYS"])
    erased = db.session.execute(
        update(Booking).where(Booking.starts_at < cutoff, Booking.erased_at.is_(None))
        .values(name=None, phone=None, email=None, booker_name=None,
                interpreter_language=None, cancel_reason=None, erased_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return erased.rowcount
