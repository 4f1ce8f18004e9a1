"""Helpers for the account tests: organisations, and forms posted as a browser would."""

from urllib.parse import urlsplit

import pytest

from hub.directory.models import Organisation
from hub.extensions import db
from tests.conftest import csrf_token

PASSWORD = "a long sample passphrase"  # what make_user gives everyone


def make_organisation(name: str) -> Organisation:
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.commit()
    return organisation


@pytest.fixture
def organisation(app) -> Organisation:
    return make_organisation("Acomb Lunch Club")


@pytest.fixture
def other_organisation(app) -> Organisation:
    return make_organisation("Holgate Walking Group")


def submit(client, url: str, data: dict, form_url: str | None = None):
    """Post a form with the CSRF token from the page it is on."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_url or url)})


def sign_in_with_form(client, email: str, password: str = PASSWORD, url="/account/sign-in"):
    return submit(client, url, {"email": email, "password": password})


def signed_in(client) -> bool:
    """Whether the server accepts this browser as signed in."""
    return client.get("/account").status_code == 200


@pytest.fixture
def mail_down(app):
    """Point the app at a port where no mail server listens."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield
    app.config.update(MAIL_SERVER=None)


def link_path(link: str) -> str:
    """The path of a link in an e-mail, for the test client."""
    return urlsplit(link).path
