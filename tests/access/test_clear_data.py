"""Shared computers: "Finish and clear my data" on every page, and idle visits forgotten."""

import re
import time

from sqlalchemy import func, select

from hub.access.operations import LAST_ACTIVE
from hub.access.preferences import COOKIE as SETTINGS_COOKIE
from hub.accounts.models import UserSession
from hub.booklets import draft
from hub.booklets.draft import Booklet, Item
from hub.core.i18n import COOKIE as LANGUAGE_COOKIE
from hub.extensions import db
from hub.talking_points import journey
from tests.conftest import csrf_token, shown_in, sign_in
from tests.factories import make_user
from tests.page_quality import check_page


def _finish_form(html: str) -> str:
    return re.search(r'<form method="post" action="/finish".*?</form>', html, re.S).group(0)


def _with_a_booklet_and_a_booking(client) -> None:
    with client.session_transaction() as session:
        session[draft.SESSION_KEY] = Booklet(items=(Item("article:getting-help-fast"),)).to_json()
        session[journey.ANSWERS_KEY] = {"venue_id": "a-venue", "for_whom": "me"}


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def test_the_button_is_on_every_page_and_a_first_visit_still_gets_no_cookie(client, page):
    for url, status in (("/", 200), ("/guides", 200), ("/no-such-page", 404)):
        shown = page(client, url, status=status)
        assert "Finish and clear my data" in shown.texts("button"), url
        # No session yet, so no token: drawing one would start a session (and a cookie).
        assert "csrf_token" not in _finish_form(shown.html)
    assert client.get_cookie("session") is None

    _with_a_booklet_and_a_booking(client)
    assert 'name="csrf_token"' in _finish_form(client.get("/").get_data(as_text=True))


def test_finish_clears_the_booklet_booking_settings_and_language_and_says_so(client, page):
    _with_a_booklet_and_a_booking(client)
    client.set_cookie(SETTINGS_COOKIE, "text-150.contrast")
    client.set_cookie(LANGUAGE_COOKIE, "pl")
    token = csrf_token(client, "/")
    response = client.post("/finish", data={"csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"] == ("/finished?cleared=booklet&cleared=booking"
                                            "&cleared=settings&cleared=language&language=pl")
    for name in ("session", SETTINGS_COOKIE, LANGUAGE_COOKIE):
        assert client.get_cookie(name) is None, name

    confirmation = client.get(response.headers["Location"])
    assert "Set-Cookie" not in confirmation.headers
    shown = page(client, response.headers["Location"])
    assert '<html lang="pl"' in shown.html  # still in the language they were using
    assert shown.h1 == shown_in("pl", "Your data is cleared")
    for message in (
            "It is safe to leave this computer.",
            "Your booklet is empty, and your notes in it are gone.",
            "The Talking Point booking you had started or looked up is closed. Any appointment "
            "you booked is still booked.",
            "Your text size and colour settings are back to standard.",
            "The language you chose is forgotten. The next person will see this site in the "
            "computer’s own language.",
            "If you downloaded a booklet, the file may still be in this computer’s Downloads "
            "folder. Delete it if you do not want the next person to see it."):
        assert shown_in("pl", message) in shown.text, message
    assert shown_in("pl", "You are signed out.") not in shown.text
    assert client.get_cookie(LANGUAGE_COOKIE) is None

    assert "Your booklet is empty." in page(client, "/booklet").text


def test_finish_signs_out_properly(app, client, page):
    user = make_user("sam@example.org")
    sign_in(client, user)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1
    response = client.post("/finish", data={"csrf_token": csrf_token(client, "/")})
    assert response.headers["Location"] == "/finished?cleared=signed-in"
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    assert "You are signed out." in page(client, response.headers["Location"]).text
    account = client.get("/account")
    assert account.status_code == 302 and "/account/sign-in" in account.headers["Location"]


def test_without_its_token_nothing_is_cleared_and_the_button_is_offered_again(client):
    _with_a_booklet_and_a_booking(client)
    client.set_cookie(SETTINGS_COOKIE, "text-150")
    response = client.post("/finish")
    assert response.status_code == 400
    html = check_page(response.get_data(as_text=True), "/finish").html
    assert "Nothing has been cleared yet." in html
    assert 'name="csrf_token"' in html.split('<main', 1)[1]
    assert draft.SESSION_KEY in _session(client)
    assert client.get_cookie(SETTINGS_COOKIE).value == "text-150"
    # The button on that page works.
    token = re.search(r'name="csrf_token" value="([^"]+)"', html.split('<main', 1)[1]).group(1)
    assert client.post("/finish", data={"csrf_token": token}).status_code == 302
    assert draft.SESSION_KEY not in _session(client)


def test_a_visitor_with_no_session_can_clear_their_settings_but_not_from_another_site(client):
    client.set_cookie(SETTINGS_COOKIE, "text-200")
    refused = client.post("/finish", headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 400
    refused = client.post("/finish", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 400
    assert client.get_cookie(SETTINGS_COOKIE).value == "text-200"

    response = client.post("/finish", headers={"Sec-Fetch-Site": "same-origin",
                                               "Origin": "http://localhost"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/finished?cleared=settings"
    assert client.get_cookie(SETTINGS_COOKIE) is None


def test_the_finish_page_explains_before_clearing(client, page):
    shown = page(client, "/finish")
    assert shown.h1 == "Finish and clear your data from this computer"
    assert "appointments you booked are not cancelled" in shown.text
    assert "Nothing has been cleared yet." not in shown.text


def test_the_confirmation_only_claims_what_it_knows(client, page):
    shown = page(client, "/finished?cleared=nonsense&language=xx")
    assert "It is safe to leave this computer." in shown.text
    assert "Your booklet is empty" not in shown.text
    assert '<html lang="en"' in shown.html


# ---- anonymous sessions end after a while idle -------------------------------------------

def _left_for(client, minutes: float) -> None:
    with client.session_transaction() as session:
        session[LAST_ACTIVE] = int(time.time() - minutes * 60)


def test_an_idle_booklet_and_booking_are_emptied_with_a_kind_message(client, page):
    _with_a_booklet_and_a_booking(client)
    _left_for(client, 61)
    shown = page(client, "/guides")
    assert ("We emptied your booklet and closed the Talking Point booking you had started "
            "because this site was left for more than 1 hour.") in shown.text
    kept = _session(client)
    assert draft.SESSION_KEY not in kept and journey.ANSWERS_KEY not in kept
    assert kept[LAST_ACTIVE] >= time.time() - 5
    assert "We emptied your booklet" not in page(client, "/guides").text  # said once


def test_a_booklet_used_within_the_hour_is_kept(client, page):
    _with_a_booklet_and_a_booking(client)
    _left_for(client, 59)
    assert "We emptied" not in page(client, "/").text
    assert draft.SESSION_KEY in _session(client)


def test_the_idle_time_comes_from_config(client, app, page):
    app.config["ANONYMOUS_IDLE_MINUTES"] = 20
    with client.session_transaction() as session:
        session[draft.SESSION_KEY] = Booklet(items=(Item("article:x"),)).to_json()
    _left_for(client, 21)
    assert ("We emptied your booklet because this site was left for more than 20 minutes."
            in page(client, "/").text)


def test_a_signed_in_session_keeps_its_sign_in_but_loses_the_idle_booklet(client, page):
    user = make_user("sam@example.org")
    sign_in(client, user)
    _with_a_booklet_and_a_booking(client)
    _left_for(client, 90)
    client.get("/")
    kept = _session(client)
    assert "_user_id" in kept and draft.SESSION_KEY not in kept
    assert client.get("/account").status_code == 200


def test_activity_is_recorded_only_in_a_session_that_already_exists(client):
    assert "Set-Cookie" not in client.get("/").headers
    assert "Set-Cookie" not in client.get("/guides").headers
    _with_a_booklet_and_a_booking(client)
    client.get("/")
    assert LAST_ACTIVE in _session(client)
    # Written at most once a minute, not on every page.
    assert "Set-Cookie" not in client.get("/guides").headers
