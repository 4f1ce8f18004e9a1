"""`flask hub send-booking-reminders`, run as cron would, against a real SMTP server."""

import datetime as dt
import socket
import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hub.cli import hub
from hub.extensions import db
from hub.talking_points.models import Booking, RegularSession
from hub.talking_points.operations import (
    Details,
    book,
    cancel,
    change_time,
    send_reminders,
    spaced_reference,
)
from tests.conftest import mail_server
from tests.talking_points.factories import make_venue

LONDON = ZoneInfo("Europe/London")
BOOKED_ON = dt.datetime(2026, 5, 20, 12, 0, tzinfo=dt.UTC)
TUESDAY, WEDNESDAY, THURSDAY = dt.date(2026, 6, 2), dt.date(2026, 6, 3), dt.date(2026, 6, 4)
# Monday 1 June 23:30 UTC is already Tuesday 00:30 in London: "tomorrow" is Wednesday.
LATE_MONDAY = "2026-06-01T23:30:00+00:00"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def remind(app, now: str):
    return app.test_cli_runner().invoke(hub, ["send-booking-reminders", "--now", now])


@pytest.fixture
def venue(app):
    """Open on Tuesdays, Wednesdays and Thursdays, 10am to noon."""
    venue = make_venue("Acomb Sample Library", weekday=1, starts="10:00", ends="12:00",
                       staff=2, address="12 Example Street, Acomb, York",
                       postcode="YO24 3ZA", how_to_get_there="Buses stop outside.")
    for weekday in (2, 3):
        venue.sessions.append(RegularSession(weekday=weekday, starts=dt.time(10),
                                             ends=dt.time(12), appointment_minutes=30, staff=2))
    db.session.commit()
    return venue


def make_booking(venue, when: dt.datetime, name: str, email: str = "", **more) -> Booking:
    return book(venue, when, Details(name=name, email=email, **more), BOOKED_ON)


def test_tomorrows_people_with_an_email_get_one_reminder_in_london_time(app, mail, venue):
    ada = make_booking(venue, at(WEDNESDAY, 10), "Ada Lovelace", "ada@example.org")
    make_booking(venue, at(WEDNESDAY, 10, 30), "Phone Only", phone="01632 960999")
    carol = make_booking(venue, at(WEDNESDAY, 11), "Carol Cancelled", "carol@example.org")
    cancel(carol, BOOKED_ON)
    make_booking(venue, at(TUESDAY, 10), "Tom Today", "tom@example.org")
    make_booking(venue, at(THURSDAY, 10), "Thea Thursday", "thea@example.org")

    result = remind(app, LATE_MONDAY)

    assert result.exit_code == 0, result.output
    assert "Booking reminders sent: 1. Not sent: 0." in result.output
    assert [m["To"] for m in mail.messages] == ["ada@example.org"]
    [message] = mail.messages
    body = mail.body(message)
    assert "appointment tomorrow" in message["Subject"]
    assert "Hello Ada Lovelace," in body
    assert "Wednesday 3 June 2026 at 10:00" in body  # 09:00 UTC, 10:00 in London
    assert "09:00" not in body
    assert "Where: Acomb Sample Library, 12 Example Street, Acomb, York, YO24 3ZA" in body
    assert "Buses stop outside." in body
    assert spaced_reference(ada.reference) in body
    assert "01632 960000" in body  # the help line
    assert any(link.rstrip(".").endswith("/talking-points/booking")
               for link in mail.links(message)), mail.links(message)

    again = remind(app, LATE_MONDAY)
    later = remind(app, "2026-06-02T18:00")  # the usual evening run, the same day
    assert "Booking reminders sent: 0." in again.output
    assert "Booking reminders sent: 0." in later.output
    assert len(mail.messages) == 1
    assert db.session.get(Booking, ada.id).reminded_at is not None


def test_someone_booked_for_gets_named_and_the_booker_greeted(app, mail, venue):
    make_booking(venue, at(WEDNESDAY, 10), "Ada Lovelace", "helper@example.org",
                 for_someone_else=True, booker_name="Byron Helper")

    remind(app, "2026-06-02T18:00")

    body = mail.body(mail.to("helper@example.org")[0])
    assert "Hello Byron Helper," in body
    assert "Ada Lovelace has a Talking Point appointment tomorrow" in body


def test_a_booking_moved_after_its_reminder_gets_a_new_one_for_its_new_day(app, mail, venue):
    ada = make_booking(venue, at(WEDNESDAY, 10), "Ada Lovelace", "ada@example.org")
    remind(app, "2026-06-02T18:00")
    assert len(mail.messages) == 1

    change_time(ada, at(THURSDAY, 11, 30), dt.datetime(2026, 6, 2, 19, tzinfo=dt.UTC))
    remind(app, "2026-06-02T20:00")  # Wednesday is still tomorrow: nothing to send
    assert len(mail.messages) == 1
    result = remind(app, "2026-06-03T18:00")

    assert "Booking reminders sent: 1." in result.output
    assert len(mail.to("ada@example.org")) == 2
    assert "Thursday 4 June 2026 at 11:30" in mail.body(mail.messages[-1])
    remind(app, "2026-06-03T21:00")
    assert len(mail.messages) == 2


def test_a_cancelled_booking_gets_no_reminder_even_if_cancelled_late(app, mail, venue):
    ada = make_booking(venue, at(WEDNESDAY, 10), "Ada Lovelace", "ada@example.org")
    cancel(ada, dt.datetime(2026, 6, 2, 17, tzinfo=dt.UTC), "Feeling better")

    result = remind(app, "2026-06-02T18:00")

    assert "Booking reminders sent: 0." in result.output
    assert mail.messages == []


def test_when_the_mail_server_is_down_nothing_is_marked_sent_and_the_next_run_sends(
        app, mail, venue):
    ada = make_booking(venue, at(WEDNESDAY, 10), "Ada Lovelace", "ada@example.org")
    grace = make_booking(venue, at(WEDNESDAY, 10), "Grace Hopper", "grace@example.org")
    working_port = app.config["MAIL_PORT"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        app.config["MAIL_PORT"] = probe.getsockname()[1]  # nothing listens here

    down = remind(app, "2026-06-02T18:00")

    assert down.exit_code != 0
    assert "Booking reminders sent: 0. Not sent: 2." in down.output
    assert "The next run will send them" in down.output
    assert [db.session.get(Booking, b.id).reminded_at for b in (ada, grace)] == [None, None]

    app.config["MAIL_PORT"] = working_port
    back = remind(app, "2026-06-02T19:00")

    assert back.exit_code == 0
    assert "Booking reminders sent: 2. Not sent: 0." in back.output
    assert sorted(m["To"] for m in mail.messages) == ["ada@example.org", "grace@example.org"]


def test_a_bad_now_is_refused_clearly(app):
    result = remind(app, "tomorrow evening")
    assert result.exit_code != 0
    assert "is not a date and time" in result.output


@pytest.fixture
def any_db_mail(any_db_app):
    """A real SMTP server for a test on SQLite and on PostgreSQL."""
    with mail_server(any_db_app) as server:
        yield server


def test_runs_at_the_same_moment_send_each_reminder_once(any_db_app, any_db_mail):
    """Two cron jobs (or two servers) running together: each booking is claimed in the
    database before its e-mail goes, so nobody gets two."""
    venue = make_venue(weekday=2, starts="10:00", ends="12:30", staff=2)
    emails = [f"person{i}@example.org" for i in range(10)]
    for i, email in enumerate(emails):
        make_booking(venue, at(WEDNESDAY, 10 + i // 4, 30 * ((i // 2) % 2)), f"Person {i}",
                     email)
    now = dt.datetime(2026, 6, 2, 17, tzinfo=dt.UTC)
    gate = threading.Barrier(4)
    totals: list = []

    def run() -> None:
        with any_db_app.app_context():
            gate.wait(timeout=30)
            totals.append(send_reminders(now))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sum(sent for sent, _failed in totals) == 10, totals
    assert sorted(m["To"] for m in any_db_mail.messages) == sorted(emails)
    db.session.expire_all()
    assert all(db.session.scalars(select(Booking.reminded_at)))
