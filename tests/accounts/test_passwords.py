"""Forgotten and changed passwords, links in e-mails, the password rules."""

from sqlalchemy import func, select

from hub.accounts.models import UserSession
from hub.accounts.operations import RESET, password_link
from hub.extensions import db
from tests.accounts.conftest import (
    PASSWORD,
    link_path,
    sign_in_with_form,
    signed_in,
    submit,
)
from tests.conftest import sign_in
from tests.factories import make_user
from tests.page_quality import check_page

NEW_PASSWORD = "kettle on the windowsill"


def test_forgotten_password_by_email_link(client, mail, page):
    user = make_user("sam@example.org")
    user.failed_sign_ins = 7  # a reset also ends any slowing
    db.session.commit()
    assert page(client, "/account/forgot-password").h1 == "Reset your password"
    sent = submit(client, "/account/forgot-password", {"email": "sam@example.org"})
    assert check_page(sent.text).h1 == "Check your email"
    assert "If there is an account for sam@example.org" in sent.text

    [message] = mail.to("sam@example.org")
    assert message["Subject"] == "Reset your password"
    [link] = mail.links(message)
    form = page(client, link_path(link))
    assert form.h1 == "Choose a new password"
    assert 'autocomplete="new-password"' in form.html

    response = submit(client, link_path(link), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/account"
    assert signed_in(client)
    db.session.refresh(user)
    assert user.failed_sign_ins == 0

    # The link worked once; now it says so and offers a new one.
    used = page(client, link_path(link), status=410)
    assert used.h1 == "This link has expired or has been used"
    assert "/account/forgot-password" in used.links().values()

    fresh = client.application.test_client()
    assert sign_in_with_form(fresh, "sam@example.org", PASSWORD).status_code == 400
    assert sign_in_with_form(fresh, "sam@example.org", NEW_PASSWORD).status_code == 302


def test_forgotten_password_does_not_reveal_who_has_an_account(client, mail):
    make_user("sam@example.org")
    unknown = submit(client, "/account/forgot-password", {"email": "nobody@example.org"})
    known = submit(client, "/account/forgot-password", {"email": "sam@example.org"})
    assert unknown.status_code == known.status_code == 200
    assert (unknown.text.replace("nobody@example.org", "someone")
            == known.text.replace("sam@example.org", "someone"))
    assert [m["To"] for m in mail.messages] == ["sam@example.org"]


def test_a_reset_link_expires(app, client, page):
    user = make_user("sam@example.org")
    link = password_link(user, RESET)
    app.config["PASSWORD_RESET_MINUTES"] = -1
    assert page(client, link_path(link), status=410).h1 == "This link has expired or has been used"


def test_a_tampered_link_is_refused(client, page):
    user = make_user("sam@example.org")
    link = password_link(user, RESET)
    page(client, link_path(link)[:-2] + "xx", status=410)


def test_a_common_password_is_refused_with_a_reason(client):
    make_user("sam@example.org")
    sign_in_with_form(client, "sam@example.org")
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "password": "password123", "confirm": "password123"})
    assert response.status_code == 400
    assert "That password is too easy to guess" in response.text
    assert "password123" not in response.text


def test_short_and_mismatched_passwords_are_refused(client):
    make_user("sam@example.org")
    sign_in_with_form(client, "sam@example.org")
    short = submit(client, "/account/password", {
        "current_password": PASSWORD, "password": "short", "confirm": "short"})
    assert "at least 8 characters" in short.text
    mismatch = submit(client, "/account/password", {
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "The two passwords do not match" in mismatch.text
    long_phrase = "a" * 20 + " very long passphrase " * 4
    assert submit(client, "/account/password", {
        "current_password": PASSWORD, "password": long_phrase,
        "confirm": long_phrase}).status_code == 302


def test_changing_the_password_signs_out_other_devices(app, client, page):
    user = make_user("sam@example.org")
    phone = app.test_client()
    sign_in(phone, user)
    sign_in_with_form(client, "sam@example.org")
    assert page(client, "/account/password").h1 == "Change your password"

    wrong = submit(client, "/account/password", {
        "current_password": "not my password", "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})
    assert "Your current password is not right" in wrong.text

    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/account"
    assert signed_in(client)
    assert not signed_in(phone)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_when_mail_is_down_the_page_says_so(client, mail_down):
    make_user("sam@example.org")
    response = submit(client, "/account/forgot-password", {"email": "sam@example.org"})
    assert response.status_code == 200
    assert "We could not send the email just now" in response.text
    assert "Traceback" not in response.text
