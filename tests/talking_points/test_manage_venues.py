"""The coordinator keeps the venues, their regular sessions and closures; a change that
takes away booked times lists the bookings affected before and after it is saved."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hub.accounts.models import Role
from hub.extensions import db
from hub.talking_points.models import Booking, BookingStatus, Closure, RegularSession, Venue
from hub.talking_points.operations import Details, book
from hub.talking_points.slots import is_bank_holiday, session_slots
from tests.conftest import csrf_token, sign_in
from tests.factories import make_service, make_user
from tests.talking_points.factories import make_venue

LONDON = ZoneInfo("Europe/London")
MANAGE = "/talking-points/manage"


def coming_day(after: int = 8) -> dt.date:
    day = dt.date.today() + dt.timedelta(days=after)
    while is_bank_holiday(day):
        day += dt.timedelta(days=1)
    return day


def booking_at(venue, day, hhmm="10:00", **details) -> Booking:
    details.setdefault("name", "Ada Example")
    starts = dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=LONDON)
    return book(venue, starts, Details(**details), dt.datetime.now(dt.UTC))


@pytest.fixture
def coordinator(client):
    sign_in(client, make_user("co@example.org", roles=[Role.talking_point_coordinator]))
    return client


def venue_fields(**changes) -> dict:
    fields = {"name": "Tang Hall Community Centre", "address": "Tang Hall Lane\nYork",
              "postcode": "yo31 0zz", "how_to_get_there": "Bus 6 stops outside.",
              "accessibility": ["step_free", "hearing_loop"],
              "accessibility_notes": "Quiet room upstairs, with a lift.", "service_id": "",
              "active": "y"}
    fields.update(changes)
    return fields


def session_fields(**changes) -> dict:
    fields = {"weekday": "1", "starts": "10:00", "ends": "13:00", "appointment_minutes": "45",
              "staff": "2", "valid_from": "", "valid_until": ""}
    fields.update(changes)
    return fields


def test_a_coordinator_adds_a_venue_and_its_postcode_places_it(coordinator, page):
    form = page(coordinator, f"{MANAGE}/venues/new")
    assert form.h1 == "Add a venue"
    response = coordinator.post(f"{MANAGE}/venues/new", data={
        "csrf_token": csrf_token(coordinator, f"{MANAGE}/venues/new"), **venue_fields()})
    assert response.status_code == 302
    venue = db.session.scalar(select(Venue))
    assert response.headers["Location"].endswith(f"{MANAGE}/venues/{venue.id}")
    assert venue.name == "Tang Hall Community Centre"
    assert venue.postcode == "YO31 0ZZ"
    assert venue.latitude is not None and venue.longitude is not None  # from its district
    assert venue.step_free and venue.hearing_loop and not venue.parking
    assert venue.how_to_get_there == "Bus 6 stops outside."
    assert venue.active

    shown = page(coordinator, f"{MANAGE}/venues/{venue.id}")
    for words in ("Tang Hall Lane", "YO31 0ZZ", "Step-free access", "Hearing loop",
                  "Quiet room upstairs", "No regular sessions yet"):
        assert words in shown, words
    assert "Tang Hall Community Centre" in page(coordinator, MANAGE)


def test_a_postcode_outside_the_gazetteer_saves_without_a_point(coordinator, page):
    coordinator.post(f"{MANAGE}/venues/new", data={
        "csrf_token": csrf_token(coordinator, f"{MANAGE}/venues/new"),
        **venue_fields(postcode="SW1A 1AA")})
    venue = db.session.scalar(select(Venue))
    assert venue.postcode == "SW1A 1AA" and venue.latitude is None
    assert "not in the map data yet" in page(coordinator, f"{MANAGE}/venues/{venue.id}")


def test_a_venue_with_problems_is_not_saved_and_keeps_what_was_typed(coordinator):
    url = f"{MANAGE}/venues/new"
    response = coordinator.post(url, data={
        "csrf_token": csrf_token(coordinator, url),
        **venue_fields(name="", postcode="not a postcode")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html and "<title>Error: Add a venue" in html
    assert "Enter the name of the venue" in html
    assert "Enter a full postcode, like YO24 3AB" in html
    assert 'value="not a postcode"' in html
    assert "Bus 6 stops outside." in html and "Quiet room upstairs" in html
    assert db.session.scalar(select(Venue)) is None


def test_a_coordinator_changes_a_venue_and_links_its_directory_listing(coordinator, page):
    venue = make_venue("Old Name")
    service = make_service("Acomb Talking Point")
    url = f"{MANAGE}/venues/{venue.id}/edit"
    form = page(coordinator, url)
    assert "Acomb Talking Point" in form  # offered in the select
    assert 'value="Old Name"' in form.html
    coordinator.post(url, data={"csrf_token": csrf_token(coordinator, url),
                                **venue_fields(name="New Name", service_id=service.id,
                                               accessibility=["parking"], active="")})
    venue = db.session.get(Venue, venue.id)
    assert venue.name == "New Name" and venue.service_id == service.id
    assert venue.parking and not venue.step_free and not venue.active
    assert "Acomb Talking Point" in page(coordinator, f"{MANAGE}/venues/{venue.id}")


def test_an_added_session_gives_appointment_times(coordinator, page):
    venue = make_venue("Session Hall")
    venue.sessions.clear()
    db.session.commit()
    url = f"{MANAGE}/venues/{venue.id}/sessions/new"
    assert page(coordinator, url).h1 == "Add a session at Session Hall"
    day = coming_day()
    response = coordinator.post(url, data={"csrf_token": csrf_token(coordinator, url),
                                           **session_fields(weekday=str(day.weekday()))})
    assert response.status_code == 302
    times = session_slots(db.session.get(Venue, venue.id), day, day)
    assert [f"{slot.local_start:%H:%M}" for slot in times] == ["10:00", "10:45", "11:30",
                                                              "12:15"]
    assert {slot.capacity for slot in times} == {2}
    assert "45 minutes" in page(coordinator, f"{MANAGE}/venues/{venue.id}")


@pytest.mark.parametrize(("changes", "message"), [
    ({"ends": "09:00"}, "The end time must be after the start time"),
    ({"staff": "0"}, "Enter how many staff, from 1 to 50"),
    ({"starts": "ten"}, "Enter the start time, like 10:00"),
    ({"appointment_minutes": "240"}, "does not fit between the start and end times"),
    ({"valid_from": "2026-09-01", "valid_until": "2026-08-01"},
     "The last day must be on or after the first day"),
    ({"valid_from": "31/02/2026"}, "Enter a real date"),
])
def test_a_session_with_problems_is_not_saved_and_keeps_what_was_typed(
        coordinator, changes, message):
    venue = make_venue("Session Hall")
    url = f"{MANAGE}/venues/{venue.id}/sessions/new"
    fields = session_fields(**changes)
    response = coordinator.post(url, data={"csrf_token": csrf_token(coordinator, url),
                                           **fields})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert "There is a problem" in html
    for value in changes.values():
        assert f'value="{value}"' in html
    assert len(db.session.get(Venue, venue.id).sessions) == 1


def test_changing_a_session_lists_the_bookings_it_strands_before_saving(coordinator, page):
    day = coming_day()
    venue = make_venue("Strand Hall", weekday=day.weekday())  # 10:00 to 12:00, 30 minutes
    early = booking_at(venue, day, "10:00", name="Early Person", phone="01632 960001")
    late = booking_at(venue, day, "11:30", name="Late Person", email="late@example.org")
    session = venue.sessions[0]
    url = f"{MANAGE}/venues/{venue.id}/sessions/{session.id}"
    token = csrf_token(coordinator, url)
    fields = session_fields(weekday=str(day.weekday()), starts="10:00", ends="11:00",
                            appointment_minutes="30", staff="2")

    asked = coordinator.post(url, data={"csrf_token": token, **fields})
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert "This change leaves 1 booking without a place. Nothing is saved yet." in html
    assert "Late Person" in html and "late@example.org" in html and "Early Person" not in html
    assert db.session.get(RegularSession, session.id).ends == dt.time(12, 0)  # not yet

    saved = coordinator.post(url, data={"csrf_token": token, "confirm": "yes", **fields})
    assert saved.status_code == 302
    assert f"/bookings-to-contact?venue={venue.id}" in saved.headers["Location"]
    assert db.session.get(RegularSession, session.id).ends == dt.time(11, 0)
    listed = page(coordinator, saved.headers["Location"])
    assert "Late Person" in listed and "Early Person" not in listed
    assert "1 booking here no longer fits the sessions" in page(
        coordinator, f"{MANAGE}/venues/{venue.id}")
    assert db.session.get(Booking, late.id).status == BookingStatus.booked
    assert db.session.get(Booking, early.id).status == BookingStatus.booked


def test_removing_a_session_lists_its_bookings_and_they_can_be_cancelled_with_a_reason(
        coordinator, page, mail):
    day = coming_day()
    venue = make_venue("Remove Hall", weekday=day.weekday())
    booking = booking_at(venue, day, "10:30", name="Rita Remove", email="rita@example.org")
    no_email = booking_at(venue, day, "11:00", name="Phone Only", phone="01632 960002")
    session_id = venue.sessions[0].id
    url = f"{MANAGE}/venues/{venue.id}/sessions/{session_id}/remove"
    asked = page(coordinator, url)
    assert "2 bookings are in this session" in asked
    assert "Rita Remove" in asked and "Phone Only" in asked
    assert db.session.get(RegularSession, session_id) is not None  # looking changes nothing

    done = coordinator.post(url, data={"csrf_token": csrf_token(coordinator, url)})
    assert db.session.get(RegularSession, session_id) is None
    contact_url = done.headers["Location"]
    listed = page(coordinator, contact_url)
    assert "Rita Remove" in listed and "01632 960002" in listed

    refused = coordinator.post(contact_url, data={"csrf_token": csrf_token(coordinator,
                                                                           contact_url)})
    assert "Choose at least one booking" in refused.get_data(as_text=True)

    result = coordinator.post(contact_url, data={
        "csrf_token": csrf_token(coordinator, contact_url), "chosen": [booking.id, no_email.id],
        "reason": "The Tuesday sessions have moved to the library."})
    html = result.get_data(as_text=True)
    assert "1 person was e-mailed the reason" in html
    assert "Cancelled, but not told: phone them" in html and "01632 960002" in html
    assert db.session.get(Booking, booking.id).status == BookingStatus.cancelled
    assert db.session.get(Booking, no_email.id).status == BookingStatus.cancelled
    [message] = mail.to("rita@example.org")
    assert "The Tuesday sessions have moved to the library." in mail.body(message)
    assert "Every coming booking has a place" in page(coordinator, contact_url)


def test_a_closure_takes_away_the_days_times_after_listing_its_bookings(coordinator, page):
    day = coming_day()
    venue = make_venue("Closure Hall", weekday=day.weekday())
    make_venue("Other Hall", weekday=day.weekday())
    booking_at(venue, day, "10:00", name="Clara Closed", phone="01632 960003")
    url = f"{MANAGE}/closures"
    found = page(coordinator, url)
    assert "Christmas Day" in found  # the coming bank holidays, read-only
    token = csrf_token(coordinator, url)
    fields = {"csrf_token": token, "venue_id": venue.id, "day": day.isoformat(),
              "reason": "Polling station"}

    asked = coordinator.post(url, data=fields)
    html = asked.get_data(as_text=True)
    assert "1 booking is on that day. Nothing is saved yet." in html
    assert "Clara Closed" in html and "01632 960003" in html
    assert db.session.scalar(select(Closure)) is None
    assert session_slots(venue, day, day)

    saved = coordinator.post(url, data={**fields, "confirm": "yes"})
    assert f"bookings-to-contact?venue={venue.id}" in saved.headers["Location"]
    assert session_slots(db.session.get(Venue, venue.id), day, day) == []
    assert "Clara Closed" in page(coordinator, saved.headers["Location"])
    closures = page(coordinator, url)
    assert "Polling station" in closures and "Closure Hall" in closures
    assert "No sessions on this day: Polling station." in page(
        coordinator, f"/talking-points/staff?venue={venue.id}&date={day}")

    again = coordinator.post(url, data={**fields, "confirm": "yes"})
    assert "There is already a closure there on that day" in again.get_data(as_text=True)


def test_a_closure_everywhere_with_no_bookings_saves_at_once_and_can_be_removed(
        coordinator, page):
    day = coming_day()
    venue = make_venue("Anywhere Hall", weekday=day.weekday())
    url = f"{MANAGE}/closures"
    token = csrf_token(coordinator, url)
    response = coordinator.post(url, data={"csrf_token": token, "venue_id": "",
                                           "day": day.strftime("%d/%m/%Y"),
                                           "reason": "Staff training"})
    assert response.headers["Location"].endswith(url)
    closure = db.session.scalar(select(Closure))
    assert closure.venue_id is None and closure.day == day
    assert session_slots(venue, day, day) == []
    coordinator.post(f"{url}/{closure.id}/remove", data={"csrf_token": token})
    assert db.session.scalar(select(Closure)) is None
    assert session_slots(db.session.get(Venue, venue.id), day, day)


def test_a_closure_needs_a_real_coming_date_and_a_reason_and_keeps_what_was_typed(coordinator):
    url = f"{MANAGE}/closures"
    token = csrf_token(coordinator, url)
    html = coordinator.post(url, data={"csrf_token": token, "venue_id": "", "day": "32/13/2026",
                                       "reason": ""}).get_data(as_text=True)
    assert "Enter a real date" in html and "Enter why it is closed" in html
    assert 'value="32/13/2026"' in html
    html = coordinator.post(url, data={"csrf_token": token, "venue_id": "",
                                       "day": "2020-01-06", "reason": "Old"}).get_data(as_text=True)
    assert "The date must be today or later" in html
    assert db.session.scalar(select(Closure)) is None


def test_coordinators_see_both_header_links_and_staff_pages(coordinator, page):
    links = page(coordinator, "/").links()
    assert links["Venues"] == MANAGE and links["Appointments"] == "/talking-points/staff"
    assert links["Talking Points"] == "/talking-points"
    assert coordinator.get("/talking-points/staff").status_code == 200
    assert coordinator.get(MANAGE).headers["Cache-Control"] == "no-store"


def test_an_administrator_can_give_the_coordinator_role(client, page):
    admin = make_user("admin@example.org", roles=[Role.administrator])
    person = make_user("tp@example.org")
    sign_in(client, admin)
    form = page(client, f"/account/users/{person.id}")
    assert "Talking Point coordinator" in form
