"""Booking a Talking Point appointment with no account: one question a page, the answers
kept until confirmed, a reference, an e-mail, a calendar file and a printout."""

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from hub.extensions import db
from hub.talking_points import journey
from hub.talking_points.models import Booking
from hub.talking_points.operations import Details
from hub.talking_points.operations import book as book_directly
from tests.talking_points.factories import make_venue
from tests.talking_points.helpers import (
    BOOK,
    DETAILS,
    FIRST,
    FIRST_IN_WORDS,
    NOW,
    answer_up_to_check,
    book,
    checked,
    clock_fixture,  # noqa: F401 - the clock fixture, by name
    field_value,
    send,
    slot_values,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def venue(app, clock):
    return make_venue("Acomb Sample Library", address="1 Front Street, Acomb, York",
                      postcode="YO24 3BZ", how_to_get_there="Bus 1 stops outside.",
                      step_free=True, hearing_loop=True, latitude=53.9555, longitude=-1.1250)


def _fill(venue, starts_at: dt.datetime, count: int) -> None:
    for number in range(count):
        book_directly(venue, starts_at, Details(name=f"Someone Else{number}", phone="01632 960001"),
                      NOW)


def _at(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y%m%dT%H%MZ").replace(tzinfo=dt.UTC)


# Finding a Talking Point.

def test_the_list_shows_each_venue_with_its_access_and_a_way_to_book(client, venue, page):
    shown = page(client, "/talking-points")
    assert "Acomb Sample Library" in shown and "1 Front Street, Acomb, York, YO24 3BZ" in shown
    assert "Step-free access" in shown and "Hearing loop" in shown
    assert "Bus 1 stops outside." in shown
    assert shown.links()["Book an appointment at Acomb Sample Library"] == \
        f"{BOOK}/{venue.id}/when"
    assert shown.links()["See, change or cancel your appointment"] == "/talking-points/booking"


def test_the_nearest_comes_first_for_a_postcode(client, venue, page):
    make_venue("Clifton Sample Hub", latitude=53.9720, longitude=-1.0930)
    make_venue("Somewhere With No Map Position")
    shown = page(client, "/talking-points?near=YO30+6AA")  # Clifton's district
    names = shown.texts("h3")
    assert names == ["Clifton Sample Hub", "Acomb Sample Library",
                     "Somewhere With No Map Position"]
    assert "Talking Points nearest to YO30 6AA" in shown
    assert "miles away" in shown


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Enter a postcode, like YO24 3AB, or the name of a place"),
    ("ZZ99 9ZZ", "We could not find ZZ99 9ZZ"),
    ("!!!", "Enter a postcode, like YO24 3AB, or the name of a place"),
])
def test_a_postcode_we_cannot_use_is_explained_and_kept(client, venue, page, typed, message):
    shown = page(client, f"/talking-points?near={typed}", status=400)
    assert "There is a problem" in shown and message in shown
    assert shown.by_id("near").get("value") == typed
    assert "Acomb Sample Library" in shown  # the list still shows


# The whole journey.

def test_booking_from_start_to_a_confirmation_with_a_reference_and_an_email(
        client, venue, mail, page):
    shown = page(client, f"{BOOK}/{venue.id}/when")
    assert shown.h1 == "Choose a date and time"
    assert "Tuesday 2 June" in shown.texts("legend")
    assert slot_values(shown.html)[:4] == [FIRST, "20260602T0930Z", "20260602T1000Z",
                                           "20260602T1030Z"]
    assert "10:00" in shown and "11:30" in shown

    answer_up_to_check(client, venue, topics=["caring", "paying"],
                       needs=["interpreter", "step-free"], language="Polish")
    check = page(client, f"{BOOK}/check")
    assert check.h1 == "Check your answers before booking"
    for text in ("Acomb Sample Library", FIRST_IN_WORDS, "Ada Lovelace", "07700 900982",
                 "ada@example.org", "Looking after someone (being a carer)", "Paying for care",
                 "An interpreter for a spoken language: Polish", "Step-free access"):
        assert text in check, text
    assert "How we use your details" in check and "90 days after the appointment" in check
    assert [a.get("href") for a in check.elements("a", class_="govuk-link")
            if "Change" in check.text_of(a)][:2] == ["/talking-points",
                                                     f"{BOOK}/{venue.id}/when"]

    confirmed = send(client, f"{BOOK}/check")
    assert confirmed.headers["Location"] == f"{BOOK}/confirmation"
    done = page(client, f"{BOOK}/confirmation")
    assert done.h1 == "Appointment booked"
    reference = re.search(r"Your reference is ([A-Z0-9]{5} [A-Z0-9]{5})", done.text).group(1)
    assert "We have sent a confirmation email to ada@example.org" in done
    assert FIRST_IN_WORDS in done and "Bus 1 stops outside." in done

    saved = db.session.scalars(select(Booking)).one()
    assert saved.reference == reference.replace(" ", "")
    assert saved.starts_at.replace(tzinfo=dt.UTC) == _at(FIRST)
    assert (saved.name, saved.phone, saved.email) == ("Ada Lovelace", "07700 900982",
                                                      "ada@example.org")
    assert saved.topic_codes == ["caring", "paying"]
    assert saved.need_codes == ["interpreter", "step-free"]
    assert saved.interpreter_language == "Polish"

    [message] = mail.to("ada@example.org")
    assert reference in message["Subject"]
    body = mail.body(message)
    assert reference in body and FIRST_IN_WORDS in body  # 10:00 in London, not 09:00 UTC
    assert "Acomb Sample Library, 1 Front Street, Acomb, York, YO24 3BZ" in body
    assert "Bus 1 stops outside." in body and "01632 960000" in body
    assert "http://localhost/talking-points/booking" in mail.links(message)
    # The answers are forgotten once booked: starting again starts afresh.
    with client.session_transaction() as session:
        assert journey.ANSWERS_KEY not in session


def test_the_calendar_file_has_the_appointment_in_london_time(client, venue):
    reference = book(client, venue)
    response = client.get(f"{BOOK}/confirmation/appointment.ics")
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == dt.datetime(2026, 6, 2, 10, 0, tzinfo=LONDON)
    assert start.tzinfo.key == "Europe/London"
    assert event.decoded("dtend") - start == dt.timedelta(minutes=30)
    booking = db.session.scalars(select(Booking)).one()
    assert booking.id in str(event["uid"])
    assert str(event["summary"]) == "Talking Point appointment"
    assert "1 Front Street, Acomb, York, YO24 3BZ" in str(event["location"])
    description = str(event["description"])
    assert f"{reference[:5]} {reference[5:]}" in description and "01632 960000" in description
    assert calendar.walk("VTIMEZONE")  # so calendars know what 10:00 means


def test_the_printable_confirmation_has_everything_and_no_buttons(client, venue, page):
    reference = book(client, venue)
    printed = page(client, f"{BOOK}/confirmation/print")
    assert printed.h1 == "Your Talking Point appointment"
    for text in (f"{reference[:5]} {reference[5:]}", FIRST_IN_WORDS, "Acomb Sample Library",
                 "Bus 1 stops outside.", "Ada Lovelace", "http://localhost/talking-points/booking",
                 "01632 960000"):
        assert text in printed, text
    # Only the site's own "Finish" button, which is never printed.
    assert printed.texts("button") == ["Finish and clear my data"]


def test_without_an_email_address_no_email_is_sent(client, venue, page):
    book(client, venue, details={"name": "Ada Lovelace", "phone": "01632 960 001"})
    done = page(client, f"{BOOK}/confirmation")
    assert "confirmation email" not in done
    assert db.session.scalars(select(Booking)).one().email is None


def test_if_the_email_cannot_be_sent_the_booking_stands_and_the_page_says_so(
        client, venue, page, caplog):
    book(client, venue)  # no mail server is running
    done = page(client, f"{BOOK}/confirmation")
    assert "Your appointment is booked, but we could not send the confirmation email" in done
    assert db.session.scalars(select(Booking)).one().reference
    assert "ada@example.org" not in caplog.text and "Ada" not in caplog.text


def test_booking_for_someone_else_asks_both_names(client, venue, page):
    assert send(client, f"{BOOK}/{venue.id}/when", slot=FIRST).status_code == 302
    send(client, f"{BOOK}/who", for_whom="someone-else")
    shown = page(client, f"{BOOK}/details")
    assert shown.h1 == "Their details and yours"
    labels = shown.texts("label")
    assert "Their full name" in labels and "Your full name" in labels
    missing = send(client, f"{BOOK}/details", name="Grace Hopper", email="ada@example.org")
    assert missing.status_code == 400 and "Enter your full name" in missing.get_data(as_text=True)
    send(client, f"{BOOK}/details", name="Grace Hopper", booker_name="Ada Lovelace",
         email="ada@example.org")
    send(client, f"{BOOK}/topics")
    send(client, f"{BOOK}/support")
    check = page(client, f"{BOOK}/check")
    assert "Someone else" in check and "Grace Hopper" in check and "Ada Lovelace" in check
    send(client, f"{BOOK}/check")
    saved = db.session.scalars(select(Booking)).one()
    assert (saved.name, saved.booker_name, saved.for_someone_else) == (
        "Grace Hopper", "Ada Lovelace", True)


def test_every_topic_and_need_has_words_for_the_form():
    from hub.talking_points.forms import NEED_LABELS, TOPIC_LABELS
    from hub.talking_points.operations import NEEDS, TOPICS

    assert list(TOPIC_LABELS) == list(TOPICS) and list(NEED_LABELS) == list(NEEDS)


def test_nothing_chosen_for_the_optional_questions_is_fine(client, venue, page):
    answer_up_to_check(client, venue, topics=(), needs=())
    check = page(client, f"{BOOK}/check")
    assert "Nothing chosen" in check and "None" in check


def test_check_answers_change_links_come_back_to_check(client, venue):
    answer_up_to_check(client, venue)
    # Changing one answer returns to 'Check your answers', the others kept.
    changed = send(client, f"{BOOK}/details", name="Ada King", phone="07700 900982")
    assert changed.headers["Location"] == f"{BOOK}/check"
    again = send(client, f"{BOOK}/{venue.id}/when", slot="20260602T0930Z")
    assert again.headers["Location"] == f"{BOOK}/check"
    html = client.get(f"{BOOK}/check").get_data(as_text=True)
    assert "Ada King" in html and "Tuesday 2 June 2026 at 10:30" in html
    assert "Looking after someone" in html


def test_a_page_needing_earlier_answers_sends_you_back_to_them(client, venue, page):
    response = client.get(f"{BOOK}/details")
    assert response.headers["Location"] == "/talking-points"
    assert "Choose a Talking Point to start booking" in page(client, "/talking-points")
    send(client, f"{BOOK}/{venue.id}/when", slot=FIRST)
    assert client.get(f"{BOOK}/check").headers["Location"] == f"{BOOK}/who"
    assert send(client, f"{BOOK}/check").headers["Location"] == f"{BOOK}/who"
    assert not db.session.scalars(select(Booking)).all()


# Every invalid answer: the error summary, the message, and what was typed kept.

INVALID = [
    ("who", {}, "Select who the appointment is for", {}),
    ("details", {"name": "", "phone": "07700 900982"}, "Enter your full name",
     {"phone": "07700 900982"}),
    ("details", {"name": "Ada Lovelace"}, "Enter a phone number or an email address",
     {"name": "Ada Lovelace"}),
    ("details", {"name": "Ada Lovelace", "email": "ada at example.org"},
     "Enter an email address in the correct format, like name@example.com",
     {"email": "ada at example.org", "name": "Ada Lovelace"}),
    ("details", {"name": "Ada Lovelace", "phone": "12345"},
     "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
     {"phone": "12345", "name": "Ada Lovelace"}),
    ("details", {"name": "A" * 101, "phone": "07700 900982"},
     "Names must be 100 characters or fewer", {"phone": "07700 900982"}),
    ("support", {"needs": ["interpreter", "bsl"], "interpreter_language": ""},
     "Enter the language you need an interpreter for", {}),
    ("support", {"needs": ["bsl"], "interpreter_language": "Polish"},
     "Select ‘An interpreter for a spoken language’ as well, or delete the language",
     {"interpreter_language": "Polish"}),
]


@pytest.mark.parametrize(("step", "fields", "message", "kept"), INVALID)
def test_an_invalid_answer_shows_the_error_summary_and_keeps_what_was_typed(
        client, venue, page, step, fields, message, kept):
    answer_up_to_check(client, venue)
    response = send(client, f"{BOOK}/{step}", **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    from tests.page_quality import check_page

    shown = check_page(html, step)
    summary = shown.elements("div", class_="govuk-error-summary")
    assert summary and message in shown.text_of(summary[0])
    assert shown.texts("title")[0].startswith("Error: ")
    for name, value in kept.items():
        assert field_value(html, name) == value, name
    if "needs" in fields:
        assert checked(html, "needs") == fields["needs"]
    # The link in the summary goes to a field on the page.
    target = summary[0].find(".//{http://www.w3.org/1999/xhtml}a").get("href")
    assert shown.by_id(target.lstrip("#")) is not None


def test_no_time_chosen_is_an_error_on_the_times_page(client, venue, page):
    response = send(client, f"{BOOK}/{venue.id}/when")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Select a date and time" in html and 'href="#slot"' in html and 'id="slot"' in html


# Only free, future times outside the notice period.

def test_a_full_time_is_not_offered_and_cannot_be_sent(client, venue, page):
    _fill(venue, _at(FIRST), 2)  # two staff: two places
    shown = page(client, f"{BOOK}/{venue.id}/when")
    assert FIRST not in slot_values(shown.html)
    assert "20260602T0930Z" in slot_values(shown.html)
    crafted = send(client, f"{BOOK}/{venue.id}/when", slot=FIRST)
    assert crafted.status_code == 400
    assert "that time has just been booked by someone else" in crafted.get_data(as_text=True)


def test_no_time_inside_the_notice_period_or_in_the_past(client, venue, clock, page):
    clock.now = dt.datetime(2026, 6, 2, 8, 15, tzinfo=dt.UTC)  # 9:15 in London that Tuesday
    offered = slot_values(page(client, f"{BOOK}/{venue.id}/when").html)
    # 10:00 to 11:00 are within two hours; 11:30 is the first far enough ahead.
    assert offered[0] == "20260602T1030Z"
    for crafted in (FIRST, "20260526T0900Z", "20260602T0915Z", "not-a-time"):
        response = send(client, f"{BOOK}/{venue.id}/when", slot=crafted)
        assert response.status_code == 400, crafted
        assert "That time cannot be booked now" in response.get_data(as_text=True)
    assert not db.session.scalars(select(Booking)).all()


def test_confirming_after_the_notice_period_has_begun_asks_for_another_time(
        client, venue, clock, page):
    answer_up_to_check(client, venue, slot="20260602T1030Z")  # 11:30 in London
    clock.now = dt.datetime(2026, 6, 2, 8, 45, tzinfo=dt.UTC)  # they left it until 9:45
    response = send(client, f"{BOOK}/check")
    assert response.headers["Location"] == f"{BOOK}/{venue.id}/when"
    shown = page(client, f"{BOOK}/{venue.id}/when")
    assert "Sorry, Tuesday 2 June 2026 at 11:30 can no longer be booked" in shown
    assert not db.session.scalars(select(Booking)).all()


def test_a_time_taken_before_confirming_is_explained_and_another_chosen_keeping_details(
        client, venue, page):
    answer_up_to_check(client, venue)
    _fill(venue, _at(FIRST), 2)  # two other people book the last places meanwhile
    response = send(client, f"{BOOK}/check")
    assert response.headers["Location"] == f"{BOOK}/{venue.id}/when"

    shown = page(client, f"{BOOK}/{venue.id}/when")
    assert shown.texts("title")[0].startswith("Error: ")
    summary = shown.text_of(shown.elements("div", class_="govuk-error-summary")[0])
    assert ("Sorry, Tuesday 2 June 2026 at 10:00 has just been booked by someone else. "
            "Choose another time.") in summary
    assert "We have kept your other answers." in shown
    assert FIRST not in slot_values(shown.html)
    # The message is said once; choosing again goes straight back to check, details kept.
    assert "has just been booked" not in page(client, f"{BOOK}/{venue.id}/when")
    again = send(client, f"{BOOK}/{venue.id}/when", slot="20260602T0930Z")
    assert again.headers["Location"] == f"{BOOK}/check"
    check = page(client, f"{BOOK}/check")
    assert "Ada Lovelace" in check and "ada@example.org" in check
    send(client, f"{BOOK}/check")
    [mine] = [b for b in db.session.scalars(select(Booking)) if b.name == "Ada Lovelace"]
    assert mine.starts_at.replace(tzinfo=dt.UTC) == _at("20260602T0930Z")


def test_a_venue_with_no_free_times_says_so_and_gives_the_phone_number(client, app, page,
                                                                       clock):
    full = make_venue("Tiny Sample Hall", starts="10:00", ends="10:30", staff=1)
    for week in range(6):
        _fill(full, _at(FIRST) + dt.timedelta(weeks=week), 1)
    shown = page(client, f"{BOOK}/{full.id}/when")
    assert shown.h1 == "There are no free times at Tiny Sample Hall"
    assert "Call 01632 960000" in shown and not slot_values(shown.html)


def test_a_long_list_of_times_comes_a_few_weeks_a_page(client, app, page, clock):
    busy = make_venue("Busy Sample Centre", starts="09:00", ends="17:00", minutes=30)
    first = page(client, f"{BOOK}/{busy.id}/when")
    times = slot_values(first.html)
    assert len(times) == 16  # one Tuesday of 16 times; two would be more than 24
    later = first.links()["Later times"]
    second = page(client, later)
    assert slot_values(second.html)[0] == "20260609T0800Z"  # 9:00 the next Tuesday
    assert "Earlier times" in second.links()


def test_an_unknown_or_closed_venue_is_not_found(client, app, page, clock):
    closed = make_venue("Closed Sample Hall", active=False)
    assert client.get(f"{BOOK}/{closed.id}/when").status_code == 404
    assert client.get(f"{BOOK}/no-such-venue/when").status_code == 404


# The confirmation belongs to the browser that booked, for a while.

def test_the_confirmation_is_not_shown_to_anyone_else(app, client, venue, monkeypatch):
    book(client, venue)
    stranger = app.test_client()
    for url in (f"{BOOK}/confirmation", f"{BOOK}/confirmation/appointment.ics",
                f"{BOOK}/confirmation/print"):
        response = stranger.get(url)
        assert response.headers["Location"] == "/talking-points/booking", url
    later = time.time() + journey.DONE_SECONDS + 1
    monkeypatch.setattr(journey.time, "time", lambda: later)
    assert client.get(f"{BOOK}/confirmation").headers["Location"] == "/talking-points/booking"


def test_a_second_click_on_confirm_books_once(client, venue):
    answer_up_to_check(client, venue)
    assert send(client, f"{BOOK}/check").headers["Location"] == f"{BOOK}/confirmation"
    assert send(client, f"{BOOK}/check").headers["Location"] == f"{BOOK}/confirmation"
    assert len(db.session.scalars(select(Booking)).all()) == 1


def test_forgetting_on_a_shared_computer(client, venue, page):
    book(client, venue)
    response = send(client, "/talking-points/booking/finish")
    assert response.headers["Location"] == "/talking-points"
    assert "This computer no longer shows your appointment" in page(client, "/talking-points")
    assert client.get(f"{BOOK}/confirmation").status_code == 302
    assert client.get("/talking-points/booking/your-appointment").status_code == 302


# Headers, limits and pages.

def test_no_booking_page_is_stored_by_the_browser(client, venue):
    answer_up_to_check(client, venue)
    urls = ["/talking-points", "/talking-points/privacy", f"{BOOK}/{venue.id}/when",
            f"{BOOK}/who", f"{BOOK}/details", f"{BOOK}/topics", f"{BOOK}/support",
            f"{BOOK}/check"]
    responses = [client.get(url) for url in urls]
    responses.append(send(client, f"{BOOK}/details", name=""))  # an error page
    responses.append(send(client, f"{BOOK}/check"))
    for url in ("confirmation", "confirmation/appointment.ics", "confirmation/print"):
        responses.append(client.get(f"{BOOK}/{url}"))
    responses.append(client.get(f"{BOOK}/no-such-venue/when"))
    for response in responses:
        assert response.headers["Cache-Control"] == "no-store", response.request.path


def test_confirming_is_rate_limited(client, venue):
    for _ in range(10):
        assert send(client, f"{BOOK}/check").status_code == 302
    refused = send(client, f"{BOOK}/check")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)


def test_every_booking_page_passes_the_page_checks(client, venue, page):
    page(client, "/talking-points")
    page(client, "/talking-points/privacy")
    answer_up_to_check(client, venue, who="someone-else",
                       details={**DETAILS, "booker_name": "Grace Hopper"})
    for step in ("who", "details", "topics", "support", "check"):
        page(client, f"{BOOK}/{step}")
    page(client, f"{BOOK}/{venue.id}/when")
    send(client, f"{BOOK}/check")
    page(client, f"{BOOK}/confirmation")
    page(client, f"{BOOK}/confirmation/print")
