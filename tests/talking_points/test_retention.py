"""Personal details in bookings are erased a set time after the appointment
(`flask hub purge-personal-data`), leaving anonymous records that still count."""

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text

from hub.cli import hub
from hub.extensions import db
from hub.talking_points.models import Booking, BookingStatus
from hub.talking_points.operations import Details, book, cancel, find_booking, mark
from tests.talking_points.factories import make_venue

LONDON = ZoneInfo("Europe/London")
BOOKED_ON = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
APPOINTMENTS = dt.date(2026, 3, 3)  # a Tuesday
PERSONAL = ("name", "phone", "email", "booker_name", "interpreter_language", "cancel_reason")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def purge(app, today: dt.date):
    result = app.test_cli_runner().invoke(hub, ["purge-personal-data", "--today",
                                                today.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def raw(booking_id: str) -> dict:
    """The stored row as the database has it, past the model's decryption."""
    columns = ", ".join(PERSONAL)
    row = db.session.execute(text(f"SELECT {columns} FROM booking WHERE id = :id"),  # noqa: S608
                             {"id": booking_id}).mappings().one()
    return dict(row)


def counts() -> dict:
    rows = db.session.execute(select(Booking.venue_id, Booking.status, func.count())
                              .group_by(Booking.venue_id, Booking.status))
    return {(venue_id, status): n for venue_id, status, n in rows}


def full_details(**more) -> Details:
    return Details(name="Ada Lovelace", phone="01632 960999", email="ada@example.org",
                   for_someone_else=True, booker_name="Byron Helper",
                   topics=["caring"], needs=["interpreter"], interpreter_language="Polish",
                   **more)


def test_details_go_after_the_retention_period_and_the_counts_stay(any_db_app):
    acomb = make_venue("Acomb Sample Library", weekday=1, starts="10:00", ends="12:00")
    heworth = make_venue("Heworth Sample Centre", weekday=1, starts="10:00", ends="12:00")
    came = book(acomb, at(APPOINTMENTS, 10), full_details(), BOOKED_ON)
    mark(came, BookingStatus.attended)
    absent = book(acomb, at(APPOINTMENTS, 10, 30), full_details(), BOOKED_ON)
    mark(absent, BookingStatus.no_show)
    cancelled = book(heworth, at(APPOINTMENTS, 11), full_details(), BOOKED_ON)
    cancel(cancelled, BOOKED_ON, "Moved away from York")
    later = book(heworth, at(APPOINTMENTS + dt.timedelta(weeks=4), 10), full_details(),
                 BOOKED_ON)
    before = counts()
    old = (came, absent, cancelled)
    assert all(raw(b.id)["name"] for b in old)  # stored, encrypted
    assert "Ada Lovelace" not in str(raw(came.id))
    reference, later_reference = came.reference, later.reference

    # 90 days after 3 March is 1 June: the details stay that day and go the next.
    assert "Talking Point bookings with personal details erased: 0." in purge(
        any_db_app, dt.date(2026, 6, 1))
    assert db.session.get(Booking, came.id).name == "Ada Lovelace"
    output = purge(any_db_app, dt.date(2026, 6, 2))

    assert "Talking Point bookings with personal details erased: 3." in output
    db.session.expire_all()
    for booking in old:
        assert raw(booking.id) == dict.fromkeys(PERSONAL)
        stored = db.session.get(Booking, booking.id)
        assert stored.erased_at is not None
        assert (stored.topics, stored.needs) == ("caring", "interpreter")
    assert counts() == before
    assert counts()[(acomb.id, BookingStatus.attended)] == 1
    assert counts()[(heworth.id, BookingStatus.cancelled)] == 1
    assert find_booking(reference, "Lovelace") is None
    # The appointment four weeks later is inside the period: untouched.
    kept = db.session.get(Booking, later.id)
    assert (kept.name, kept.phone, kept.email) == ("Ada Lovelace", "01632 960999",
                                                   "ada@example.org")
    assert kept.erased_at is None
    assert find_booking(later_reference, "Lovelace").id == later.id

    assert "Talking Point bookings with personal details erased: 0." in purge(
        any_db_app, dt.date(2026, 6, 3))


def test_the_retention_period_is_configurable(app):
    venue = make_venue(weekday=1)
    booking = book(venue, at(APPOINTMENTS, 10), full_details(), BOOKED_ON)
    app.config["BOOKING_RETENTION_DAYS"] = 30

    assert "erased: 0." in purge(app, dt.date(2026, 4, 2))  # 30 days on, the same day
    assert "erased: 1." in purge(app, dt.date(2026, 4, 3))

    db.session.expire_all()
    assert raw(booking.id)["email"] is None
    assert db.session.get(Booking, booking.id).status == BookingStatus.booked
