"""Finding a booking again with its reference and a surname, phone number or e-mail address,
then seeing it, moving it to another time or cancelling it."""

import datetime as dt
import time

import pytest
from sqlalchemy import select

from hub.extensions import db
from hub.talking_points import journey
from hub.talking_points.models import Booking, BookingStatus
from hub.talking_points.operations import Details
from hub.talking_points.operations import book as book_directly
from tests.page_quality import check_page
from tests.talking_points.factories import make_venue
from tests.talking_points.helpers import (
    BOOK,
    FIRST,
    FIRST_IN_WORDS,
    NOW,
    clock_fixture,  # noqa: F401 - the clock fixture, by name
    field_value,
    send,
    slot_values,
)

FIND = "/talking-points/booking"
VIEW = "/talking-points/booking/your-appointment"
CHANGE = "/talking-points/booking/change-time"
CANCEL = "/talking-points/booking/cancel"
WRONG = "We could not find a booking with that reference and those details"


@pytest.fixture
def venue(app, clock):
    return make_venue("Acomb Sample Library", address="1 Front Street, Acomb, York",
                      postcode="YO24 3BZ", staff=1)


@pytest.fixture
def booking(venue) -> Booking:
    return book_directly(venue, dt.datetime(2026, 6, 2, 9, 0, tzinfo=dt.UTC),
                         Details(name="Ada Lovelace", phone="07700 900982",
                                 email="ada@example.org"), NOW)


def _find(client, reference: str, who: str):
    return send(client, FIND, reference=reference, surname_or_contact=who)


def _spaced(reference: str) -> str:
    return f"{reference[:5]} {reference[5:]}"


@pytest.mark.parametrize("who", ["Lovelace", "lovelace", "Ada Lovelace", "07700900982",
                                 "+44 7700 900 982", "ADA@example.org"])
def test_find_a_booking_by_reference_and_surname_phone_or_email(client, booking, page, who):
    # The reference may be typed in lower case, with or without its space.
    response = _find(client, _spaced(booking.reference).lower(), who)
    assert response.headers["Location"] == VIEW
    shown = page(client, VIEW)
    assert shown.h1 == "Your appointment"
    assert _spaced(booking.reference) in shown and FIRST_IN_WORDS in shown
    assert "Acomb Sample Library" in shown and "Ada Lovelace" in shown
    assert shown.links()["Change the time"] == CHANGE
    assert shown.links()["Cancel the appointment"] == CANCEL


def test_a_wrong_combination_says_so_without_saying_which_part(client, booking, page):
    other = book_directly(booking.venue, dt.datetime(2026, 6, 2, 9, 30, tzinfo=dt.UTC),
                          Details(name="Grace Hopper", phone="01632 960001"), NOW)
    tries = [(booking.reference, "Hopper"),  # someone else's surname
             (other.reference, "Lovelace"),  # someone else's reference
             ("ABCDE23456", "Lovelace"),  # no such reference
             (booking.reference, "07700 900983")]
    messages = set()
    for reference, who in tries:
        response = _find(client, reference, who)
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert WRONG in html and "There is a problem" in html
        assert field_value(html, "surname_or_contact") == who  # kept
        shown = check_page(html)
        messages.add(shown.text_of(shown.elements("div", class_="govuk-error-summary")[0]))
    assert len(messages) == 1  # the same answer whichever part was wrong
    assert client.get(VIEW).headers["Location"] == FIND


@pytest.mark.parametrize(("fields", "message"), [
    ({"reference": "", "surname_or_contact": "Lovelace"}, "Enter your booking reference"),
    ({"reference": "ABCDE 2345", "surname_or_contact": "Lovelace"},
     "Enter the reference as 10 letters and numbers, like ABCDE 23456"),
    ({"reference": "ABCDE 23456", "surname_or_contact": ""},
     "Enter your surname, phone number or email address"),
])
def test_missing_or_malformed_answers_are_explained_and_kept(client, booking, page, fields,
                                                             message):
    response = send(client, FIND, **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "There is a problem" in html
    assert field_value(html, "reference") == fields["reference"]


def test_guessing_references_is_stopped_after_ten_misses(client, booking):
    for number in range(10):
        assert _find(client, f"ABCDE2345{number}", "Lovelace").status_code == 400
    refused = _find(client, booking.reference, "Lovelace")  # even the right one, for now
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)


def test_finding_a_booking_does_not_count_towards_the_limit(client, booking):
    for _ in range(12):
        assert _find(client, booking.reference, "Lovelace").status_code == 302


def test_manage_pages_need_the_booking_found_first(app, client, booking):
    for url in (VIEW, CHANGE, CANCEL, "/talking-points/booking/print",
                "/talking-points/booking/appointment.ics"):
        assert client.get(url).headers["Location"] == FIND, url
    assert send(client, CANCEL).headers["Location"] == FIND
    assert db.session.get(Booking, booking.id).status == BookingStatus.booked


def test_a_found_booking_is_forgotten_after_a_while_idle(client, booking, monkeypatch):
    _find(client, booking.reference, "Lovelace")
    assert client.get(VIEW).status_code == 200
    later = time.time() + journey.MANAGE_SECONDS + 1
    monkeypatch.setattr(journey.time, "time", lambda: later)
    assert client.get(VIEW).headers["Location"] == FIND


def test_change_the_time(client, booking, mail, page):
    _find(client, booking.reference, "Lovelace")
    shown = page(client, CHANGE)
    assert shown.h1 == "Choose a new date and time"
    assert "Your appointment is now on Tuesday 2 June 2026 at 10:00" in shown
    offered = slot_values(shown.html)
    assert FIRST not in offered  # the time it has now
    response = send(client, CHANGE, slot="20260609T1030Z")  # 11:30 the Tuesday after
    assert response.headers["Location"] == VIEW
    view = page(client, VIEW)
    assert "Your appointment is now on Tuesday 9 June 2026 at 11:30." in view
    assert "We have emailed you to confirm this." in view
    moved = db.session.get(Booking, booking.id)
    assert moved.starts_at.replace(tzinfo=dt.UTC) == dt.datetime(2026, 6, 9, 10, 30,
                                                                 tzinfo=dt.UTC)
    assert moved.reference == booking.reference
    [message] = mail.to("ada@example.org")
    assert "Tuesday 9 June 2026 at 11:30" in mail.body(message)
    assert _spaced(booking.reference) in mail.body(message)
    # The old time is free for someone else (one member of staff: it was full).
    assert FIRST in slot_values(page(client, f"{BOOK}/{booking.venue_id}/when").html)


def test_changing_to_a_time_taken_meanwhile_says_so_and_keeps_the_old_time(
        client, booking, page):
    _find(client, booking.reference, "Lovelace")
    page(client, CHANGE)
    book_directly(booking.venue, dt.datetime(2026, 6, 9, 10, 30, tzinfo=dt.UTC),
                  Details(name="Grace Hopper", phone="01632 960001"), NOW)
    response = send(client, CHANGE, slot="20260609T1030Z")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Sorry, that time has just been booked by someone else" in html
    assert "There is a problem" in html
    kept = db.session.get(Booking, booking.id)
    assert kept.starts_at.replace(tzinfo=dt.UTC) == dt.datetime(2026, 6, 2, 9, 0,
                                                                tzinfo=dt.UTC)


def test_no_change_into_the_past_or_the_notice_period(client, booking, clock):
    _find(client, booking.reference, "Lovelace")
    clock.now = dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC)  # 9:00 that Tuesday
    for crafted in ("20260602T0930Z", "20260526T0900Z"):
        response = send(client, CHANGE, slot=crafted)
        assert response.status_code == 400
        assert "That time cannot be booked now" in response.get_data(as_text=True)


def test_cancel_asks_first_then_frees_the_time(client, booking, mail, page):
    _find(client, booking.reference, "ada@example.org")
    ask = page(client, CANCEL)
    assert ask.h1 == "Are you sure you want to cancel your appointment?"
    assert FIRST_IN_WORDS in ask and "Yes, cancel the appointment" in ask
    assert ask.links()["No, keep it"] == VIEW
    response = send(client, CANCEL)
    assert response.headers["Location"] == VIEW
    view = page(client, VIEW)
    assert f"Your appointment on {FIRST_IN_WORDS} is cancelled." in view
    assert "Cancelled" in view and "Change the time" not in view
    assert db.session.get(Booking, booking.id).status == BookingStatus.cancelled
    [message] = mail.to("ada@example.org")
    assert "cancelled" in message["Subject"] and FIRST_IN_WORDS in mail.body(message)
    # The place is free again, and a cancelled booking cannot be changed or cancelled again.
    assert FIRST in slot_values(page(client, f"{BOOK}/{booking.venue_id}/when").html)
    assert client.get(CHANGE).headers["Location"] == VIEW
    assert send(client, CANCEL).headers["Location"] == VIEW


def test_the_booking_made_in_this_browser_can_be_changed_without_looking_it_up(
        client, venue, page):
    from tests.talking_points.helpers import book

    book(client, venue)
    assert page(client, f"{BOOK}/confirmation").links()["Change or cancel this appointment"] \
        == VIEW
    assert page(client, VIEW).h1 == "Your appointment"


def test_a_past_appointment_shows_but_cannot_be_changed(client, booking, clock, page):
    _find(client, booking.reference, "Lovelace")
    clock.now = dt.datetime(2026, 6, 3, 9, 0, tzinfo=dt.UTC)
    view = page(client, VIEW)
    assert "The time of this appointment has passed." in view
    assert "Change the time" not in view
    assert client.get(CHANGE).headers["Location"] == VIEW


def test_the_calendar_file_and_printout_from_a_found_booking(client, booking, page):
    import icalendar

    _find(client, booking.reference, "Lovelace")
    calendar = icalendar.Calendar.from_ical(
        client.get("/talking-points/booking/appointment.ics").data)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart").strftime("%H:%M %Z") == "10:00 BST"
    printed = page(client, "/talking-points/booking/print")
    assert _spaced(booking.reference) in printed and FIRST_IN_WORDS in printed


def test_manage_pages_are_never_stored(client, booking):
    responses = [client.get(FIND), _find(client, "ABCDE23456", "Nobody")]
    _find(client, booking.reference, "Lovelace")
    for url in (VIEW, CHANGE, CANCEL, "/talking-points/booking/print",
                "/talking-points/booking/appointment.ics"):
        responses.append(client.get(url))
    responses.append(send(client, CHANGE))  # an error page
    for response in responses:
        assert response.headers["Cache-Control"] == "no-store", response.request.path


def test_nothing_personal_is_logged(client, booking, caplog):
    caplog.set_level("DEBUG")
    _find(client, "ABCDE23456", "Lovelace")
    _find(client, booking.reference, "ada@example.org")
    send(client, CANCEL)
    for secret in ("Lovelace", "ada@example.org", booking.reference, "07700"):
        assert secret not in caplog.text


def test_every_manage_page_passes_the_page_checks(client, booking, page):
    page(client, FIND)
    _find(client, booking.reference, "Lovelace")
    for url in (VIEW, CHANGE, CANCEL, "/talking-points/booking/print"):
        page(client, url)
    assert db.session.scalars(select(Booking)).one().status == BookingStatus.booked
