"""Booking a Talking Point appointment in Chromium, then finding it again to change the time
and cancel: by keyboard alone, and with JavaScript off answering every question wrongly
once (the error summary shows and the answers are kept). axe checks every page on the way
and the staff and coordinator pages, and the booking pages fit a 320 px screen.

Bookings change the database, so each test has a hub of its own, on the real clock, with a
venue open every day (one place a time) and a real local mail server."""

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from hub.accounts.models import Role
from hub.extensions import db
from hub.talking_points.models import RegularSession
from hub.talking_points.operations import Details, book
from hub.talking_points.slots import bookable_slots, local
from tests.browser.conftest import DESKTOP, serving
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, describe
from tests.browser.test_journeys import press_enter_and_wait, tab_to
from tests.factories import make_user
from tests.talking_points.factories import make_venue

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

VENUE = "Acomb Sample Library"
NAME, SURNAME, EMAIL = "Ada Lovelace", "Lovelace", "ada@example.org"
LANGUAGE = "Polish"
PASSWORD = "a long sample passphrase"  # make_user's
GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"
axe = Axe()


# A hub of the test's own.

@pytest.fixture
def venue(app):
    """Open every day, 10:00 to 11:30 in three 30-minute times with one place each: there
    are free times whatever day the tests run (even past a bank holiday), a booked time is
    no longer offered, and the first page of times always holds more than one day."""
    venue = make_venue(VENUE, weekday=0, starts="10:00", ends="11:30", staff=1,
                       address="1 Front Street, Acomb, York", postcode="YO24 3BZ",
                       latitude=53.9555, longitude=-1.1250, step_free=True)
    venue.sessions.extend(RegularSession(weekday=day, starts=dt.time(10), ends=dt.time(11, 30),
                                         appointment_minutes=30, staff=1)
                          for day in range(1, 7))
    db.session.commit()
    return venue


@pytest.fixture
def person(browser, app, mail, venue):
    """Make a page for one person (a browser context of their own) on the served hub."""
    contexts = []
    with serving(app) as url:

        def make(viewport=DESKTOP, **options):
            context = browser.new_context(base_url=url, viewport=viewport, **options)
            context.set_default_timeout(10_000)
            contexts.append(context)
            return context.new_page()

        yield make
        for context in contexts:
            context.close()


# What a person sees and uses on the pages.

def times_page(venue) -> str:
    return f"/talking-points/book/{venue.id}/when"


def time_offered(page, value: str):
    return page.locator(f'input[name="slot"][value="{value}"]')


def later_time(page):
    """The first time on the second day shown: never too soon to book by the time the
    booking is confirmed, whatever the hour the test runs."""
    return page.locator(".govuk-radios").nth(1).locator('input[name="slot"]').first


def book_link(page):
    return page.get_by_role("link", name=f"Book an appointment at {VENUE}")


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def shows_problem(page, *messages: str) -> None:
    """The GOV.UK error summary with these messages, and a title that starts "Error:"."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    for message in messages:
        expect(summary).to_contain_text(message)
    assert page.title().startswith("Error: "), page.title()


def shows_no_problem(page) -> None:
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert not page.title().startswith("Error"), page.title()


def banner(page):
    return page.locator(".govuk-notification-banner")


def reference_shown(page) -> str:
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5} [A-Z0-9]{5}", reference), reference
    return reference


def mail_about(mail, address: str, words: str) -> str:
    """The plain text of the one e-mail to `address` whose subject has `words`."""
    (message,) = [m for m in mail.to(address) if words in m["Subject"]]
    return mail.body(message)


def focus_background(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).backgroundColor")


def choose_by_keyboard(page, radio) -> None:
    """Tab into the radios (onto the first: none is chosen yet), then arrow down to `radio`;
    arrow keys choose as they go, Space chooses the first."""
    name = radio.get_attribute("name")
    tab_to(page, page.locator(f'input[name="{name}"]').first)
    for _ in range(50):
        if radio.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("ArrowDown")
    if not radio.is_checked():
        page.keyboard.press("Space")
    expect(radio).to_be_checked()


def tick_by_keyboard(page, label: str) -> None:
    box = page.get_by_label(label, exact=True)
    tab_to(page, box)
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def type_into(page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)


def press(page, name: str) -> None:
    """Tab to the button (or a link that looks like one) and press Enter."""
    target = page.get_by_role("button", name=name, exact=True).or_(
        page.get_by_role("link", name=name, exact=True))
    tab_to(page, target)
    press_enter_and_wait(page)


# Checks on whole pages.

def screenshot(page, screenshots, name: str) -> None:
    page.screenshot(path=screenshots / f"talking-point-{name}.png", full_page=True)


def accessible(page, screenshots, name: str) -> None:
    screenshot(page, screenshots, name)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{name}: accessibility violations\n{describe(violations)}"


def looker(page, screenshots, prefix: str = "", run_axe: bool = True):
    """`look(name)` for this page: a full-page screenshot, then axe (unless run_axe is off)."""

    def look(name: str) -> None:
        (accessible if run_axe else screenshot)(page, screenshots, prefix + name)

    return look


def fits_320(page, screenshots, name: str) -> None:
    screenshot(page, screenshots, f"{name}-320")
    width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 320.5)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
    assert width <= 320, f"{name}: page is {width}px wide at 320px; too wide: {too_wide}"


# The journeys.

def test_book_change_and_cancel_by_keyboard_alone(person, mail, venue, screenshots):
    page = person()
    look = looker(page, screenshots, "keyboard-")
    page.goto("/talking-points")
    tab_to(page, book_link(page))
    assert focus_background(page) == GOVUK_FOCUS_YELLOW
    press_enter_and_wait(page)

    look("when")
    chosen = later_time(page)
    first_time = chosen.get_attribute("value")
    choose_by_keyboard(page, chosen)
    press(page, "Continue")

    expect(page.get_by_role("heading", level=1)).to_have_text("Who is the appointment for?")
    choose_by_keyboard(page, page.get_by_label("Me", exact=True))
    press(page, "Continue")

    look("details")
    type_into(page, "Your full name", NAME)
    type_into(page, "Email address", EMAIL)
    press(page, "Continue")

    look("topics")
    tick_by_keyboard(page, "Looking after someone (being a carer)")
    press(page, "Continue")

    look("support")
    tick_by_keyboard(page, "An interpreter for a spoken language")
    type_into(page, "Which language?", LANGUAGE)
    press(page, "Continue")

    look("check")
    answers = page.locator(".govuk-summary-list")
    for answer in (VENUE, NAME, EMAIL, "Looking after someone (being a carer)",
                   f"An interpreter for a spoken language: {LANGUAGE}"):
        expect(answers).to_contain_text(answer)
    press(page, "Confirm booking")

    expect(page.get_by_role("heading", level=1)).to_have_text("Appointment booked")
    reference = reference_shown(page)
    look("confirmation")
    assert reference in mail_about(mail, EMAIL, "is booked")

    # Someone else now finds that time taken: there is one place.
    other = person()
    other.goto(times_page(venue))
    expect(time_offered(other, first_time)).to_have_count(0)

    # On a shared computer: forget it here, then find it again by reference and surname.
    press(page, "Forget my appointment on this computer")
    expect(banner(page)).to_contain_text("This computer no longer shows your appointment")
    tab_to(page, page.get_by_role("link", name="See, change or cancel your appointment"))
    assert focus_background(page) == GOVUK_FOCUS_YELLOW
    press_enter_and_wait(page)
    look("find")
    type_into(page, "Booking reference", reference)
    type_into(page, "Surname, phone number or email address", SURNAME)
    press(page, "Find my booking")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your appointment")
    expect(page.locator("main")).to_contain_text(reference)
    look("your-appointment")

    press(page, "Change the time")
    look("change-time")
    new_time = later_time(page)
    moved_to = new_time.get_attribute("value")
    assert moved_to != first_time
    choose_by_keyboard(page, new_time)
    press(page, "Continue")
    expect(banner(page).first).to_contain_text("Your appointment is now on")
    assert reference in mail_about(mail, EMAIL, "has moved")
    look("moved")

    press(page, "Cancel the appointment")
    look("cancel")
    press(page, "Yes, cancel the appointment")
    expect(banner(page).first).to_contain_text("is cancelled")
    expect(page.locator("main .govuk-tag")).to_have_text("Cancelled")
    assert reference in mail_about(mail, EMAIL, "is cancelled")
    look("cancelled")

    # Both times it held are free again.
    press(page, "Book another appointment")
    tab_to(page, book_link(page))
    press_enter_and_wait(page)
    expect(time_offered(page, first_time)).to_have_count(1)
    expect(time_offered(page, moved_to)).to_have_count(1)


def book_change_and_cancel_with_mistakes(page, mail, venue, look) -> None:
    """With the mouse: every question answered wrongly first, then put right; `look(name)`
    checks each page and each page with errors."""
    name, booker, phone, email = "Grace Hopper", "Alan Hopper", "07700 900982", "alan@example.org"

    page.goto("/talking-points")
    look("venues")
    page.get_by_label("Find the nearest Talking Point").fill("Qwertyville")
    click_and_wait(page, button(page, "Find the nearest"))
    shows_problem(page, "We could not find Qwertyville")
    expect(page.get_by_label("Find the nearest Talking Point")).to_have_value("Qwertyville")
    look("venues-error")
    page.get_by_label("Find the nearest Talking Point").fill("Acomb")
    click_and_wait(page, button(page, "Find the nearest"))
    shows_no_problem(page)
    expect(page.locator("main")).to_contain_text("miles away")
    click_and_wait(page, book_link(page))

    look("when")
    click_and_wait(page, button(page, "Continue"))
    shows_problem(page, "Select a date and time")
    look("when-error")
    chosen = later_time(page)
    first_time = chosen.get_attribute("value")
    chosen.check()
    click_and_wait(page, button(page, "Continue"))

    look("who")
    click_and_wait(page, button(page, "Continue"))
    shows_problem(page, "Select who the appointment is for")
    look("who-error")
    page.get_by_label("Someone else", exact=True).check()
    click_and_wait(page, button(page, "Continue"))

    look("details-someone-else")
    page.get_by_label("Their full name").fill(name)
    page.get_by_label("UK phone number").fill("12345")
    page.get_by_label("Email address").fill("alan@example")
    click_and_wait(page, button(page, "Continue"))
    shows_problem(page, "Enter your full name", "Enter a UK phone number",
                  "Enter an email address in the correct format")
    expect(page.get_by_label("Their full name")).to_have_value(name)
    expect(page.get_by_label("UK phone number")).to_have_value("12345")
    expect(page.get_by_label("Email address")).to_have_value("alan@example")
    look("details-error")
    page.get_by_label("Your full name").fill(booker)
    page.get_by_label("UK phone number").fill(phone)
    page.get_by_label("Email address").fill(email)
    click_and_wait(page, button(page, "Continue"))

    # Any choice of topics, even none, is an answer: this page has no wrong answer to give.
    look("topics")
    page.get_by_label("Paying for care").check()
    click_and_wait(page, button(page, "Continue"))

    look("support")
    page.get_by_label("Step-free access (no stairs or steps)").check()
    page.get_by_label("Which language?").fill(LANGUAGE)
    click_and_wait(page, button(page, "Continue"))
    shows_problem(page, "Select ‘An interpreter for a spoken language’ as well")
    expect(page.get_by_label("Which language?")).to_have_value(LANGUAGE)
    expect(page.get_by_label("Step-free access (no stairs or steps)")).to_be_checked()
    look("support-error")
    page.get_by_label("An interpreter for a spoken language").check()
    page.get_by_label("Which language?").fill("")
    click_and_wait(page, button(page, "Continue"))
    shows_problem(page, "Enter the language you need an interpreter for")
    expect(page.get_by_label("An interpreter for a spoken language")).to_be_checked()
    page.get_by_label("Which language?").fill(LANGUAGE)
    click_and_wait(page, button(page, "Continue"))

    look("check")
    answers = page.locator(".govuk-summary-list")
    for answer in (VENUE, name, booker, phone, email, "Paying for care",
                   f"An interpreter for a spoken language: {LANGUAGE}",
                   "Step-free access (no stairs or steps)"):
        expect(answers).to_contain_text(answer)
    # Going back to change an answer finds every answer kept.
    click_and_wait(page, page.get_by_role("link", name="Change phone number"))
    expect(page.get_by_label("Their full name")).to_have_value(name)
    expect(page.get_by_label("Your full name")).to_have_value(booker)
    expect(page.get_by_label("Email address")).to_have_value(email)
    click_and_wait(page, button(page, "Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before booking")
    click_and_wait(page, button(page, "Confirm booking"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Appointment booked")
    reference = reference_shown(page)
    expect(page.locator("main")).to_contain_text(f"We have sent a confirmation email to {email}")
    look("confirmation")
    assert reference in mail_about(mail, email, "is booked")
    click_and_wait(page, page.get_by_role("link", name="Print your confirmation"))
    expect(page.locator("main")).to_contain_text(reference)
    look("print")
    click_and_wait(page, page.get_by_role("link", name="Back"))

    click_and_wait(page, button(page, "Forget my appointment on this computer"))
    click_and_wait(page, page.get_by_role("link", name="See, change or cancel your appointment"))
    look("find")
    click_and_wait(page, button(page, "Find my booking"))
    shows_problem(page, "Enter your booking reference",
                  "Enter your surname, phone number or email address")
    look("find-error")
    page.get_by_label("Booking reference").fill("ABC 12")
    page.get_by_label("Surname, phone number or email address").fill("Hopper")
    click_and_wait(page, button(page, "Find my booking"))
    shows_problem(page, "Enter the reference as 10 letters and numbers")
    expect(page.get_by_label("Booking reference")).to_have_value("ABC 12")
    expect(page.get_by_label("Surname, phone number or email address")).to_have_value("Hopper")
    page.get_by_label("Booking reference").fill(reference.lower())
    page.get_by_label("Surname, phone number or email address").fill("Babbage")
    click_and_wait(page, button(page, "Find my booking"))
    shows_problem(page, "We could not find a booking with that reference")
    expect(page.get_by_label("Surname, phone number or email address")).to_have_value("Babbage")
    look("find-not-found")
    page.get_by_label("Surname, phone number or email address").fill(phone)
    click_and_wait(page, button(page, "Find my booking"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your appointment")
    look("your-appointment")
    click_and_wait(page, page.get_by_role("link", name="Change the time"))
    look("change-time")
    click_and_wait(page, button(page, "Continue"))
    shows_problem(page, "Select a date and time")
    look("change-time-error")
    new_time = later_time(page)
    moved_to = new_time.get_attribute("value")
    new_time.check()
    click_and_wait(page, button(page, "Continue"))
    expect(banner(page).first).to_contain_text("Your appointment is now on")
    assert reference in mail_about(mail, email, "has moved")
    look("moved")

    click_and_wait(page, page.get_by_role("link", name="Cancel the appointment"))
    look("cancel")
    click_and_wait(page, button(page, "Yes, cancel the appointment"))
    expect(page.locator("main .govuk-tag")).to_have_text("Cancelled")
    assert reference in mail_about(mail, email, "is cancelled")
    look("cancelled")

    page.goto(times_page(venue))
    expect(time_offered(page, first_time)).to_have_count(1)
    expect(time_offered(page, moved_to)).to_have_count(1)


def test_book_change_and_cancel_without_javascript(person, mail, venue, screenshots):
    page = person(java_script_enabled=False)
    book_change_and_cancel_with_mistakes(
        page, mail, venue, looker(page, screenshots, "no-js-", run_axe=False))


def test_booking_pages_and_their_errors_pass_axe(person, mail, venue, screenshots):
    page = person()
    book_change_and_cancel_with_mistakes(page, mail, venue, looker(page, screenshots))


def test_booking_pages_fit_a_320px_screen(person, venue, screenshots):
    page = person(viewport=NARROW)
    page.goto(times_page(venue))
    fits_320(page, screenshots, "when")
    later_time(page).check()
    click_and_wait(page, button(page, "Continue"))
    page.get_by_label("Me", exact=True).check()
    click_and_wait(page, button(page, "Continue"))
    fits_320(page, screenshots, "details")
    page.get_by_label("Your full name").fill(NAME)
    page.get_by_label("Email address").fill(EMAIL)
    click_and_wait(page, button(page, "Continue"))
    page.get_by_label("Looking after someone (being a carer)").check()
    click_and_wait(page, button(page, "Continue"))
    page.get_by_label("An interpreter for a spoken language").check()
    page.get_by_label("Which language?").fill(LANGUAGE)
    click_and_wait(page, button(page, "Continue"))
    fits_320(page, screenshots, "check")
    click_and_wait(page, button(page, "Confirm booking"))
    reference_shown(page)
    fits_320(page, screenshots, "confirmation")


# Staff and coordinator pages.

def sign_in(page, email: str) -> None:
    """Through the real sign-in form (these roles need no second factor)."""
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    click_and_wait(page, button(page, "Sign in"))
    expect(page.get_by_role("navigation", name="Main menu").get_by_role(
        "button", name="Sign out")).to_be_visible()


def test_staff_and_coordinator_pages_pass_axe(person, mail, venue, screenshots):
    make_user("kim@example.org", name="Kim Coordinator",
              roles=[Role.talking_point_staff, Role.talking_point_coordinator])
    now = dt.datetime.now(dt.UTC)
    today = local(now).date()
    slot = next(s for s in bookable_slots(venue, now) if local(s.starts_at).date() > today)
    book(venue, slot.starts_at, Details(name=NAME, email=EMAIL, topics=["caring"],
                                        needs=["interpreter"], interpreter_language=LANGUAGE),
         now)
    day, venue_id = local(slot.starts_at).date(), venue.id
    db.session.remove()

    page = person()
    look = looker(page, screenshots, "staff-")
    sign_in(page, "kim@example.org")
    page.goto(f"/talking-points/staff?venue={venue_id}&date={day.isoformat()}")
    expect(page.locator("main")).to_contain_text(NAME)
    look("day")
    click_and_wait(page, page.get_by_role("link", name="This week"))
    look("week")
    page.go_back()

    click_and_wait(page, page.get_by_role("link", name="Add a walk-in"))
    look("walk-in")
    click_and_wait(page, button(page, "Add the walk-in"))
    shows_problem(page, "Enter the person’s name", "Choose a time")
    look("walk-in-error")
    page.get_by_label("Their name").fill("Walter Walkin")
    page.locator('input[name="time"]').first.check()
    click_and_wait(page, button(page, "Add the walk-in"))
    expect(banner(page).first).to_contain_text("Walk-in added")
    look("day-with-walk-in")

    click_and_wait(page, page.get_by_role("link", name=f"Cancel the appointment for {NAME}"))
    look("cancel")
    click_and_wait(page, button(page, "Cancel the appointment"))
    shows_problem(page, "Enter why the appointment is cancelled")
    look("cancel-error")
    page.get_by_label("Why is it cancelled?").fill("The library is flooded.")
    click_and_wait(page, button(page, "Cancel the appointment"))
    expect(banner(page).first).to_contain_text("they have been e-mailed the reason")
    assert "The library is flooded." in mail_about(mail, EMAIL, "is cancelled")
    look("day-with-cancelled")

    click_and_wait(page, page.get_by_role("link", name="Counts"))
    look("counts")
    page.get_by_label("From").fill("")
    click_and_wait(page, button(page, "Show the counts"))
    shows_problem(page, "Enter a real date")
    look("counts-error")

    click_and_wait(page, page.get_by_role("link", name="Venues, sessions and closures"))
    look("venues")
    click_and_wait(page, page.get_by_role("link", name=VENUE))
    look("venue")
    click_and_wait(page, page.get_by_role("link", name="Add a session"))
    look("new-session")
    page.get_by_label("Starts").fill("14:00")
    page.get_by_label("Ends").fill("13:00")
    click_and_wait(page, button(page, "Save the session"))
    shows_problem(page, "The end time must be after the start time")
    expect(page.get_by_label("Starts")).to_have_value("14:00")
    look("new-session-error")
    click_and_wait(page, page.get_by_role("link", name=f"Back to {VENUE}"))
    click_and_wait(page, page.get_by_role("link", name="Add or remove a closure"))
    look("closures")
    page.get_by_label("Reason").fill("Staff training")
    click_and_wait(page, button(page, "Add the closure"))
    shows_problem(page, "Enter a real date")
    expect(page.get_by_label("Reason")).to_have_value("Staff training")
    look("closures-error")
