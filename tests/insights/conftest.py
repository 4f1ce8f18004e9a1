"""Visitors with addresses and browsers of their own, on a day the test chooses."""

import datetime as dt

import pytest

from hub.accounts.models import Role
from hub.insights.collect import collector_of
from tests.conftest import sign_in
from tests.factories import make_user

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
STYLESHEET = "/static/css/hub.css"
ALL_DATES = {"from-day": "1", "from-month": "1", "from-year": "2026",
             "to-day": "31", "to-month": "12", "to-year": "2026"}


def visitor(app, address: str, agent: str):
    """A browser of its own (cookies, address, browser string)."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    return client


def on_day(app, day: dt.date) -> None:
    collector_of(app).today = lambda: day


def flush(app) -> None:
    collector_of(app).flush()


@pytest.fixture
def moderator(app):
    """A signed-in moderator's browser."""
    client = visitor(app, "198.51.100.7", FIREFOX)
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    return client
