"""Walking the public booking pages as a browser would, for the booking and manage tests."""

import datetime as dt
import re
from html import unescape

import pytest

from hub.talking_points import routes
from tests.conftest import csrf_token

UTC = dt.UTC
# "Now" for these tests: Monday 1 June 2026, 9am in London (British Summer Time). The
# venue's sessions are on Tuesdays, 10am to 12 noon, so the first times are the next day.
NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
FIRST = "20260602T0900Z"  # Tuesday 2 June 2026, 10:00 in London
FIRST_IN_WORDS = "Tuesday 2 June 2026 at 10:00"
BOOK = "/talking-points/book"


@pytest.fixture(name="clock")
def clock_fixture(monkeypatch):
    """The booking pages' clock, which a test may move on with clock.now = ..."""

    class Clock:
        now = NOW

    monkeypatch.setattr(routes, "now", lambda: Clock.now)
    return Clock


def token(client) -> str:
    return csrf_token(client, "/talking-points/booking")


def send(client, url: str, **fields):
    """POST a form with these fields (lists for checkboxes) and the CSRF token."""
    return client.post(url, data={**fields, "csrf_token": token(client)})


def slot_values(html: str) -> list[str]:
    return re.findall(r'name="slot" type="radio" value="([^"]+)"', html)


def field_value(html: str, name: str) -> str | None:
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', field.group(0)) if field else None
    return unescape(value.group(1)) if value else None


def checked(html: str, name: str) -> list[str]:
    return [unescape(v) for v in re.findall(
        rf'name="{name}" type="(?:checkbox|radio)" value="([^"]+)" checked', html)]


DETAILS = {"name": "Ada Lovelace", "phone": "07700 900982", "email": "ada@example.org"}


def answer_up_to_check(client, venue, slot: str = FIRST, who: str = "me", details=None,
                       topics=("caring",), needs=("step-free",), language: str = ""):
    """Answer every question, ending on 'Check your answers'."""
    assert client.get(f"{BOOK}/{venue.id}/when").status_code == 200
    steps = [
        (f"{BOOK}/{venue.id}/when", {"slot": slot}, f"{BOOK}/who"),
        (f"{BOOK}/who", {"for_whom": who}, f"{BOOK}/details"),
        (f"{BOOK}/details", details or DETAILS, f"{BOOK}/topics"),
        (f"{BOOK}/topics", {"topics": list(topics)}, f"{BOOK}/support"),
        (f"{BOOK}/support", {"needs": list(needs), "interpreter_language": language},
         f"{BOOK}/check"),
    ]
    for url, fields, goes_to in steps:
        response = send(client, url, **fields)
        assert response.status_code == 302, (url, response.get_data(as_text=True)[:3000])
        assert response.headers["Location"] == goes_to, url


def book(client, venue, **answers) -> str:
    """Book through the pages; the reference shown on the confirmation, without spaces."""
    answer_up_to_check(client, venue, **answers)
    response = send(client, f"{BOOK}/check")
    assert response.headers["Location"] == f"{BOOK}/confirmation"
    html = client.get(f"{BOOK}/confirmation").get_data(as_text=True)
    return re.search(r"Your reference is<br>\s*<strong>([A-Z0-9 ]+)</strong>", html).group(1) \
        .replace(" ", "")
