"""Talking Point staff pages: the day list with each person's needs, marking who came,
walk-ins, cancelling with a reason, the day sheet, the week grid and the counts."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest

from hub.accounts.models import Role
from hub.extensions import db
from hub.talking_points.models import Booking, BookingStatus, Closure
from hub.talking_points.operations import Details, book, cancel, mark
from hub.talking_points.slots import is_bank_holiday, local, session_slots
from tests.booklets.pdf_tools import Booklet
from tests.conftest import csrf_token, sign_in
from tests.factories import make_user
from tests.talking_points.factories import make_venue

LONDON = ZoneInfo("Europe/London")
DAY_URL = "/talking-points/staff"


def coming_day(after: int = 8) -> dt.date:
    """A day at least `after` days ahead that is not a bank holiday."""
    day = dt.date.today() + dt.timedelta(days=after)
    while is_bank_holiday(day):
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=LONDON)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def booking_for(venue, day, hhmm="10:00", **details) -> Booking:
    details.setdefault("name", "Ada Example")
    return book(venue, at(day, hhmm), Details(**details), now())


@pytest.fixture
def staff_client(client):
    sign_in(client, make_user("staff@example.org", roles=[Role.talking_point_staff]))
    return client


@pytest.fixture
def tuesday_venue():
    """A venue open on the coming test day, 10:00 to 12:00, two staff."""
    day = coming_day()
    return make_venue("Acomb Sample Library", weekday=day.weekday()), day


def day_url(venue, day) -> str:
    return f"{DAY_URL}?venue={venue.id}&date={day.isoformat()}"


def test_the_day_list_shows_each_time_and_each_persons_needs_in_words(
        staff_client, page, tuesday_venue):
    venue, day = tuesday_venue
    booking_for(venue, day, "10:00", name="Zofia Nowak", phone="01632 960123",
                email="zofia@example.org", topics=["paying", "caring"],
                needs=["interpreter", "step-free", "companion"], interpreter_language="Polish")
    booking_for(venue, day, "10:30", name="Bill Brown", for_someone_else=True,
                booker_name="Sally Brown", needs=["bsl", "hearing-loop"])

    response = staff_client.get(day_url(venue, day))
    assert response.headers["Cache-Control"] == "no-store"
    found = page(staff_client, day_url(venue, day))
    assert found.h1.startswith("Acomb Sample Library")
    times = [text for text in found.texts("h2") if re.match(r"\d\d:\d\d to", text)]
    assert times == ["10:00 to 10:30", "10:30 to 11:00", "11:00 to 11:30", "11:30 to 12:00"]
    assert "1 of 2 places booked, 1 free" in found
    for words in ("Zofia Nowak", "01632 960123", "zofia@example.org", "Paying for care",
                  "Looking after someone (being a carer)", "An interpreter for Polish",
                  "Step-free access (no stairs or steps)",
                  "Someone coming along too, like a family member, friend or carer",
                  "Bill Brown", "Booked by Sally Brown",
                  "A British Sign Language (BSL) interpreter", "A hearing loop"):
        assert words in found, words
    assert "Print the day sheet (PDF)" in found.links()


def test_the_day_list_starts_with_the_first_venue_today_and_links_the_days(staff_client, page):
    make_venue("Zeta Hall")
    make_venue("Alpha Centre")
    found = page(staff_client, DAY_URL)
    assert found.h1.startswith("Alpha Centre: ")
    today = local(now()).date()
    links = found.links()
    assert (today + dt.timedelta(days=1)).isoformat() in next(
        url for text, url in links.items() if text.startswith("Next day"))
    assert (today - dt.timedelta(days=1)).isoformat() in next(
        url for text, url in links.items() if text.startswith("Previous day"))


def test_a_date_that_is_not_real_keeps_what_was_typed_and_shows_today(
        staff_client, page, tuesday_venue):
    venue, _day = tuesday_venue
    found = page(staff_client, f"{DAY_URL}?venue={venue.id}&date=31/02/2026")
    assert "Enter a real date" in found
    assert 'value="31/02/2026"' in found.html


def test_a_day_without_sessions_says_why(staff_client, page, tuesday_venue):
    venue, day = tuesday_venue
    other = day + dt.timedelta(days=1)
    assert "There are no sessions at this venue on this day." in page(
        staff_client, day_url(venue, other))
    db.session.add(Closure(venue_id=venue.id, day=day, reason="Library refurbishment"))
    db.session.commit()
    assert "No sessions on this day: Library refurbishment." in page(
        staff_client, day_url(venue, day))
    christmas = dt.date(dt.date.today().year, 12, 25)
    make_venue("Christmas Hall", weekday=christmas.weekday())
    venue = db.session.scalar(db.select(type(venue)).filter_by(name="Christmas Hall"))
    assert "No sessions on this day: Bank holiday: Christmas Day." in page(
        staff_client, day_url(venue, christmas))


def test_staff_mark_who_came_and_who_did_not(staff_client, tuesday_venue):
    venue, day = tuesday_venue
    came = booking_for(venue, day, "10:00", name="Came Person")
    missed = booking_for(venue, day, "10:30", name="Missed Person")
    token = csrf_token(staff_client, day_url(venue, day))

    response = staff_client.post(f"{DAY_URL}/bookings/{came.id}/came",
                                 data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"?venue={venue.id}&date={day.isoformat()}#time-1000")
    staff_client.post(f"{DAY_URL}/bookings/{missed.id}/did-not-come", data={"csrf_token": token})
    assert db.session.get(Booking, came.id).status == BookingStatus.attended
    assert db.session.get(Booking, missed.id).status == BookingStatus.no_show

    page = staff_client.get(day_url(venue, day)).get_data(as_text=True)
    assert "Saved: the 10:30 appointment is marked as did not come." in page
    # A mistake can be put right: the other button is still there.
    staff_client.post(f"{DAY_URL}/bookings/{missed.id}/came", data={"csrf_token": token})
    assert db.session.get(Booking, missed.id).status == BookingStatus.attended


def test_a_walk_in_is_added_at_a_free_time_and_refused_when_the_time_is_full(
        staff_client, page, tuesday_venue):
    venue, day = tuesday_venue
    venue.sessions[0].staff = 1
    db.session.commit()
    booking_for(venue, day, "10:00", name="Booked Ahead")
    url = f"{DAY_URL}/walk-in?venue={venue.id}&date={day.isoformat()}"
    form = page(staff_client, url)
    offered = [form.text_of(label) for label in form.elements("label")]
    assert "10:30 (1 free)" in offered
    assert not any(text.startswith("10:00") for text in offered)

    token = csrf_token(staff_client, url)
    ten_thirty = at(day, "10:30").astimezone(dt.UTC).isoformat()
    response = staff_client.post(url, data={"csrf_token": token, "name": "Wanda Walker",
                                            "phone": "07700 900123", "time": ten_thirty})
    assert response.status_code == 302
    walk_in = db.session.scalar(db.select(Booking).filter_by(walk_in=True))
    assert walk_in.name == "Wanda Walker" and walk_in.status == BookingStatus.attended
    assert "Wanda Walker" in page(staff_client, day_url(venue, day))

    # Someone else took 10:30 while this form was open: the walk-in is refused, kept typed.
    again = staff_client.post(url, data={"csrf_token": token, "name": "Late Larry",
                                         "time": ten_thirty})
    assert again.status_code == 200
    html = again.get_data(as_text=True)
    assert "That time is full now. Choose another time." in html
    assert 'value="Late Larry"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 2

    # With every time full, the page says so and offers no form.
    for hhmm in ("11:00", "11:30"):
        booking_for(venue, day, hhmm, name=f"Person at {hhmm}")
    full = page(staff_client, url)
    assert "Every time on this day is full" in full
    assert not full.elements("input", name="name")


def test_a_walk_in_needs_a_name_and_a_time(staff_client, tuesday_venue):
    venue, day = tuesday_venue
    url = f"{DAY_URL}/walk-in?venue={venue.id}&date={day.isoformat()}"
    token = csrf_token(staff_client, url)
    html = staff_client.post(url, data={"csrf_token": token, "phone": "07700 900123"}) \
        .get_data(as_text=True)
    assert "Enter the person’s name" in html and "Choose a time" in html
    assert 'value="07700 900123"' in html


def test_cancelling_with_a_reason_emails_the_person_and_frees_the_place(
        staff_client, page, mail, tuesday_venue):
    venue, day = tuesday_venue
    venue.sessions[0].staff = 1
    db.session.commit()
    booking = booking_for(venue, day, "10:00", name="Cara Cancel", email="cara@example.org")
    assert session_slots(venue, day, day)[0].free == 0
    url = f"{DAY_URL}/bookings/{booking.id}/cancel"
    form = page(staff_client, url)
    assert "We will e-mail cara@example.org" in form

    token = csrf_token(staff_client, url)
    blank = staff_client.post(url, data={"csrf_token": token, "reason": "  "})
    assert "Enter why the appointment is cancelled" in blank.get_data(as_text=True)
    assert db.session.get(Booking, booking.id).status == BookingStatus.booked

    response = staff_client.post(url, data={"csrf_token": token,
                                            "reason": "The adviser is ill today."})
    assert response.status_code == 302
    cancelled = db.session.get(Booking, booking.id)
    assert cancelled.status == BookingStatus.cancelled
    assert cancelled.cancel_reason == "The adviser is ill today."
    assert session_slots(venue, day, day)[0].free == 1

    [message] = mail.to("cara@example.org")
    body = mail.body(message)
    assert "The adviser is ill today." in body
    assert "Acomb Sample Library" in body and "10:00" in body
    assert "Dear Cara Cancel" in body
    listing = page(staff_client, day_url(venue, day))
    assert "they have been e-mailed the reason" in listing
    assert "The adviser is ill today." in listing  # in the cancelled list


def test_when_the_email_fails_the_booking_is_still_cancelled_and_staff_are_told(
        staff_client, page, tuesday_venue):
    venue, day = tuesday_venue  # no mail server: sending fails
    booking = booking_for(venue, day, "10:00", email="nomail@example.org")
    url = f"{DAY_URL}/bookings/{booking.id}/cancel"
    staff_client.post(url, data={"csrf_token": csrf_token(staff_client, url),
                                 "reason": "Closed for a burst pipe"})
    assert db.session.get(Booking, booking.id).status == BookingStatus.cancelled
    assert "the e-mail to tell them could not be sent" in page(staff_client, day_url(venue, day))


def test_a_cancelled_booking_cannot_be_cancelled_or_marked_again(staff_client, tuesday_venue):
    venue, day = tuesday_venue
    booking = booking_for(venue, day)
    cancel(booking, now(), "Asked to")
    token = csrf_token(staff_client, day_url(venue, day))
    assert staff_client.get(f"{DAY_URL}/bookings/{booking.id}/cancel").status_code == 302
    staff_client.post(f"{DAY_URL}/bookings/{booking.id}/came", data={"csrf_token": token})
    assert db.session.get(Booking, booking.id).status == BookingStatus.cancelled


def test_the_day_sheet_lists_times_names_and_needs_with_every_font_embedded(
        staff_client, tuesday_venue, tmp_path):
    venue, day = tuesday_venue
    booking_for(venue, day, "10:00", name="Zofia Nowak", phone="01632 960123",
                topics=["paying"], needs=["interpreter", "step-free"],
                interpreter_language="Polish")
    booking_for(venue, day, "10:30", name="محمد علي", needs=["bsl"])
    book(venue, at(day, "11:00"), Details(name="Wanda Walker"), now(), walk_in=True)

    response = staff_client.get(f"{DAY_URL}/day-sheet.pdf?venue={venue.id}&date={day}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    path = tmp_path / "day-sheet.pdf"
    path.write_bytes(response.data)
    sheet = Booklet(path)
    text = " ".join(sheet.pages)
    for words in ("Acomb Sample Library", "10:00", "10:30", "11:00", "11:30", "Zofia Nowak",
                  "01632 960123", "Paying for care", "An interpreter for Polish",
                  "Step-free access (no stairs or steps)",
                  "A British Sign Language (BSL) interpreter",
                  "Wanda Walker", "Walk-in", "Came", "Free: write in a walk-in"):
        assert words in text, words
    assert "محمد علي" in text
    assert sheet.fonts and set(sheet.fonts.values()) == {"yes"}, sheet.fonts


def test_the_week_grid_counts_each_time_and_links_to_the_days(staff_client, page, tuesday_venue):
    venue, day = tuesday_venue
    booking_for(venue, day, "10:00")
    booking_for(venue, day, "10:00", name="Second Person")
    found = page(staff_client, f"{DAY_URL}/week?venue={venue.id}&date={day}")
    monday = day - dt.timedelta(days=day.weekday())
    assert found.texts("th")[1:8][0].startswith(f"Mon {monday.day}")
    cells = found.texts("td")
    assert "2 of 2 Full" in cells and cells.count("0 of 2") == 3
    assert any(f"date={day.isoformat()}" in url and url.endswith("#time-1000")
               for url in found.links().values())


def test_counts_show_numbers_by_venue_and_week_and_no_names(staff_client, page, tuesday_venue):
    venue, day = tuesday_venue
    came = booking_for(venue, day, "10:00", name="Secret Name", phone="01632 960999",
                       email="secret@example.org")
    mark(came, BookingStatus.attended)
    missed = booking_for(venue, day, "10:30", name="Other Secret")
    mark(missed, BookingStatus.no_show)
    cancel(booking_for(venue, day, "11:00", name="Third Secret"), now(), "Changed plans")
    booking_for(venue, day, "11:30", name="Fourth Secret")
    book(venue, at(day, "11:30"), Details(name="Walk Secret"), now(), walk_in=True)

    url = f"{DAY_URL}/counts?start={day - dt.timedelta(days=14)}&end={day + dt.timedelta(days=14)}"
    found = page(staff_client, url)
    week = day.isocalendar()
    [row] = [r for r in found.document.iter() if r.tag.endswith("tr")
             and "Acomb Sample Library" in found.text_of(r)]
    cells = [found.text_of(cell) for cell in row if cell.tag.endswith("td")]
    assert cells[2:] == ["4", "1", "2", "1", "1", "1"]
    assert f"{week.year}-W{week.week:02d}" in found.text_of(row)
    for secret in ("Secret", "01632 960999", "secret@example.org", "Changed plans"):
        assert secret not in found.html

    download = staff_client.get(url.replace("/counts?", "/counts.csv?"))
    assert download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert rows == [{"venue": "Acomb Sample Library", "iso_week": f"{week.year}-W{week.week:02d}",
                     "week_starting": (day - dt.timedelta(days=day.weekday())).isoformat(),
                     "booked_ahead": "4", "walk_ins": "1", "attended": "2",
                     "did_not_come": "1", "cancelled": "1", "not_marked": "1"}]
    assert "Secret" not in download.get_data(as_text=True)


def test_counts_refuse_a_range_that_ends_before_it_starts(staff_client, page):
    found = page(staff_client, f"{DAY_URL}/counts?start=2026-03-10&end=2026-03-01")
    assert "The end date must be on or after the start date" in found
    assert found.h1 == "Talking Point counts"


def test_staff_see_the_header_link_and_cannot_manage_venues(staff_client, page):
    found = page(staff_client, "/")
    assert found.links()["Appointments"] == DAY_URL
    assert "Venues" not in found.links()
    assert staff_client.get("/talking-points/manage").status_code == 403


def test_people_without_a_talking_point_role_are_refused(client):
    assert client.get(DAY_URL).status_code == 302  # to sign in
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    assert client.get(DAY_URL).status_code == 403
    assert client.get(f"{DAY_URL}/counts").status_code == 403
