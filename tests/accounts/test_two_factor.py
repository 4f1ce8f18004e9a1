"""Two-factor sign-in with an authenticator app (TOTP) for staff and moderators."""

import re
import time

import pyotp
from sqlalchemy import text

from hub.accounts.models import Role
from hub.extensions import db
from tests.accounts.conftest import PASSWORD, link_path, sign_in_with_form, signed_in, submit
from tests.conftest import sign_in
from tests.factories import make_user


def _turn_on(client, page) -> str:
    setup = page(client, "/account/two-factor")
    assert setup.h1 == "Turn on two-factor sign-in"
    assert 'src="data:image/svg+xml' in setup.html  # the QR code, allowed by the CSP
    assert 'autocomplete="one-time-code"' in setup.html and 'inputmode="numeric"' in setup.html
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", setup.html).group(1).replace(" ", "")
    wrong = submit(client, "/account/two-factor", {"code": "000000"})
    assert "That code is not right" in wrong.text
    response = submit(client, "/account/two-factor", {"code": pyotp.TOTP(secret).now()})
    assert response.headers["Location"] == "/account"
    return secret


def _next_code(secret: str) -> str:
    """The code for the next 30 seconds: accepted (clocks drift) and not used yet."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_a_moderator_turns_on_two_factor_and_then_needs_a_code(app, client, page):
    user = make_user("mo@example.org", roles=[Role.moderator])
    sign_in(client, user)
    secret = _turn_on(client, page)
    db.session.refresh(user)
    assert user.totp_secret == secret and user.two_factor_enabled
    # A copy of the database does not give the app's secret away.
    stored = db.session.execute(text("SELECT totp_secret FROM user_account WHERE id = :id"),
                                {"id": user.id}).scalar_one()
    assert secret not in stored and len(stored) > 2 * len(secret)

    browser = app.test_client()
    response = sign_in_with_form(browser, "mo@example.org")
    assert response.headers["Location"] == "/account/sign-in/code"
    assert not signed_in(browser)  # the password alone is not enough
    assert page(browser, "/account/sign-in/code").h1 == "Enter the code from your app"

    code = _next_code(secret)
    assert submit(browser, "/account/sign-in/code", {"code": code}).status_code == 302
    assert signed_in(browser)

    # The same code again, even within its 30 seconds, is refused.
    again = app.test_client()
    sign_in_with_form(again, "mo@example.org")
    replay = submit(again, "/account/sign-in/code", {"code": code})
    assert replay.status_code == 400
    assert "it was used already" in replay.text
    assert not signed_in(again)


def test_wrong_codes_count_as_failures(app, client):
    user = make_user("mo@example.org", roles=[Role.moderator])
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    sign_in_with_form(client, "mo@example.org")
    for _ in range(5):
        submit(client, "/account/sign-in/code", {"code": "123456"})
    slowed = submit(client, "/account/sign-in/code", {"code": _next_code(user.totp_secret)})
    assert "Try again in 1 minute" in slowed.text
    assert not signed_in(client)


def test_the_code_page_needs_the_password_first(client):
    response = client.get("/account/sign-in/code")
    assert response.headers["Location"] == "/account/sign-in"


def test_turning_it_off_needs_the_password(client, page):
    user = make_user("mo@example.org", roles=[Role.talking_point_staff])
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    sign_in(client, user)
    assert page(client, "/account/two-factor").h1 == "Turn off two-factor sign-in"
    wrong = submit(client, "/account/two-factor", {"password": "not my password"})
    assert "Your password is not right" in wrong.text
    db.session.refresh(user)
    assert user.two_factor_enabled
    submit(client, "/account/two-factor", {"password": PASSWORD})
    db.session.refresh(user)
    assert not user.two_factor_enabled


def test_contributors_do_not_get_two_factor_setup(client, organisation):
    sign_in(client, make_user("sam@example.org", organisations=[organisation]))
    assert client.get("/account/two-factor").status_code == 403


def test_a_password_reset_still_needs_the_code(client, mail):
    user = make_user("mo@example.org", roles=[Role.moderator])
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    submit(client, "/account/forgot-password", {"email": "mo@example.org"})
    [link] = mail.links(mail.to("mo@example.org")[0])
    password = "kettle on the windowsill"
    response = submit(client, link_path(link), {"password": password, "confirm": password})
    assert response.headers["Location"] == "/account/sign-in/code"
    assert not signed_in(client)
    submit(client, "/account/sign-in/code", {"code": _next_code(user.totp_secret)})
    assert signed_in(client)
