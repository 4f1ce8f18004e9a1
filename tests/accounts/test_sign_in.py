"""Signing in and out: throttling, no account enumeration, server-side sessions."""

import datetime as dt
import re

from sqlalchemy import func, select

from hub.accounts.models import UserSession, utcnow
from hub.core.auth import as_utc
from hub.extensions import db
from tests.accounts.conftest import PASSWORD, sign_in_with_form, signed_in, submit
from tests.conftest import sign_in
from tests.factories import make_user
from tests.page_quality import check_page

WRONG = "The email address or password is not right"


def _sessions(user) -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession)
                             .where(UserSession.user_id == user.id))


def test_sign_in_page_is_well_formed(client, page):
    signed_in_page = page(client, "/account/sign-in")
    assert signed_in_page.h1 == "Sign in"
    assert 'autocomplete="current-password"' in signed_in_page.html
    assert 'autocomplete="email"' in signed_in_page.html


def test_signing_in_goes_to_the_account_page(client, page):
    make_user("sam@example.org", name="Sam Sample")
    response = sign_in_with_form(client, "Sam@Example.org ")  # case and spaces forgiven
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    account = page(client, "/account")
    assert account.h1 == "Your account"
    assert "Sam Sample" in account and "sam@example.org" in account


def test_next_is_followed_only_to_a_page_on_this_site(client):
    make_user("sam@example.org")
    local = sign_in_with_form(client, "sam@example.org",
                              url="/account/sign-in?next=/account/password")
    assert local.headers["Location"] == "/account/password"
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        other = client.__class__(client.application)
        response = sign_in_with_form(other, "sam@example.org",
                                     url=f"/account/sign-in?next={elsewhere}")
        assert response.headers["Location"] == "/account", elsewhere


def test_a_protected_page_sends_you_to_sign_in_and_back(client):
    make_user("sam@example.org")
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in?next=")
    back = sign_in_with_form(client, "sam@example.org", url=response.headers["Location"])
    assert back.headers["Location"] == "/account/password"


def test_wrong_password_and_unknown_address_get_the_same_answer(client):
    make_user("sam@example.org")
    wrong_password = sign_in_with_form(client, "sam@example.org", "not the password at all")
    unknown = sign_in_with_form(client, "nobody@example.org", PASSWORD)
    for response in (wrong_password, unknown):
        assert response.status_code == 400
        assert WRONG in response.get_data(as_text=True)
    assert not signed_in(client)
    # The same errors in the same place: nothing tells the two apart.
    assert _errors(wrong_password) == _errors(unknown)


def _errors(response) -> str:
    return re.search(r'govuk-error-summary__list">(.*?)</ul>', response.text, re.S).group(1)


def test_the_email_is_kept_but_never_the_password(client):
    make_user("sam@example.org")
    html = sign_in_with_form(client, "sam@example.org", "not the password").get_data(
        as_text=True)
    assert 'value="sam@example.org"' in html
    assert "not the password" not in html
    assert 'href="#email"' in html  # the error summary links to the field
    assert check_page(html).h1 == "Sign in"  # title starts "Error: Sign in"


def test_a_run_of_failures_slows_the_account_but_never_locks_it(client):
    user = make_user("sam@example.org")
    for _ in range(5):
        assert WRONG in sign_in_with_form(client, "sam@example.org", "wrong guess here").text
    # Now even the right password must wait, and the page says how long.
    slowed = sign_in_with_form(client, "sam@example.org")
    assert "Try again in 1 minute" in slowed.text
    assert not signed_in(client)
    db.session.refresh(user)
    assert user.failed_sign_ins == 5
    first_wait = user.next_sign_in_at

    # The wait doubles with each further failure after it.
    user.next_sign_in_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    sign_in_with_form(client, "sam@example.org", "another wrong guess")
    db.session.refresh(user)
    assert "Try again in 2 minutes" in sign_in_with_form(client, "sam@example.org").text
    assert user.next_sign_in_at > first_wait

    # Once the wait is over, the right password works and the count starts again.
    user.next_sign_in_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    assert sign_in_with_form(client, "sam@example.org").status_code == 302
    assert signed_in(client)
    db.session.refresh(user)
    assert user.failed_sign_ins == 0 and user.next_sign_in_at is None


def test_the_longest_wait_is_fifteen_minutes(app):
    from hub.accounts.operations import record_failure

    user = make_user("sam@example.org")
    user.failed_sign_ins = 40
    record_failure(user)
    wait = as_utc(user.next_sign_in_at) - utcnow()
    assert dt.timedelta(minutes=14) < wait <= dt.timedelta(minutes=15)


def test_too_many_attempts_from_one_address_get_a_plain_page(client):
    for _ in range(10):
        sign_in_with_form(client, "nobody@example.org", "some guess or other")
    response = sign_in_with_form(client, "nobody@example.org", "some guess or other")
    assert response.status_code == 429
    assert check_page(response.text).h1 == "Too many attempts"


def test_signing_in_starts_a_new_session(client):
    """Session fixation: nothing planted before sign-in survives it."""
    user = make_user("sam@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["_user_id"] = "a token the attacker knows"
    sign_in_with_form(client, "sam@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        token = session["_user_id"]
    assert token != "a token the attacker knows"
    assert db.session.get(UserSession, UserSession.hash(token)).user_id == user.id


def test_an_old_password_hash_is_upgraded_at_sign_in(client):
    from argon2 import PasswordHasher

    user = make_user("sam@example.org")
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    db.session.commit()
    sign_in_with_form(client, "sam@example.org")
    db.session.refresh(user)
    assert "m=8192," not in user.password_hash  # now made with today's costs


def test_a_copied_cookie_stops_working_after_sign_out(app, client):
    make_user("sam@example.org")
    sign_in_with_form(client, "sam@example.org")
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert signed_in(copy)

    response = submit(client, "/account/sign-out", {}, form_url="/account")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "You have signed out" in client.get("/").text
    assert not signed_in(client)
    assert not signed_in(copy)


def test_sign_out_everywhere_ends_every_session(app, client):
    user = make_user("sam@example.org")
    phone = app.test_client()
    sign_in(phone, user)
    sign_in_with_form(client, "sam@example.org")
    assert _sessions(user) == 2
    submit(client, "/account/sign-out-everywhere", {}, form_url="/account")
    assert _sessions(user) == 0
    assert not signed_in(client)
    assert not signed_in(phone)


def test_an_idle_session_ends(client):
    user = make_user("sam@example.org")
    sign_in(client, user)
    assert signed_in(client)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.last_seen_at = utcnow() - dt.timedelta(minutes=31)
    db.session.commit()
    assert not signed_in(client)
    assert _sessions(user) == 0


def test_a_session_ends_after_its_absolute_limit_even_when_busy(client):
    user = make_user("sam@example.org")
    sign_in(client, user)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.created_at = utcnow() - dt.timedelta(hours=12, minutes=1)
    record.last_seen_at = utcnow()
    db.session.commit()
    assert not signed_in(client)


def test_a_closed_account_cannot_sign_in(client):
    user = make_user("sam@example.org")
    user.active = False
    db.session.commit()
    assert WRONG in sign_in_with_form(client, "sam@example.org").text
    assert not signed_in(client)


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(client):
    user = make_user("sam@example.org")
    sign_in(client, user)
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 400
    assert "Sorry, that form could not be sent" in response.text
    assert _sessions(user) == 1 and signed_in(client)

    fresh = client.__class__(client.application)
    response = fresh.post("/account/sign-in", data={"email": "sam@example.org",
                                                    "password": PASSWORD})
    assert response.status_code == 400
    assert _sessions(user) == 1


def test_people_start_where_their_work_is(app, client, organisation):
    from hub.accounts.models import Role

    make_user("ali@example.org", organisations=[organisation])
    make_user("mo@example.org", roles=[Role.moderator])
    make_user("tp@example.org", roles=[Role.talking_point_staff])
    starts = {}
    for email in ("ali@example.org", "mo@example.org", "tp@example.org"):
        browser = app.test_client()
        starts[email] = sign_in_with_form(browser, email).headers["Location"]
    assert starts == {"ali@example.org": "/contribute", "mo@example.org": "/moderation/dashboard",
                      "tp@example.org": "/account"}
