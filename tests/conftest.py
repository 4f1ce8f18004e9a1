"""Shared fixtures: apps on real SQLite (and PostgreSQL when available), sample data, guards."""

import os
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient

from hub import create_app
from hub.booklets.operations import load_sample_ready_made
from hub.config import ROOT, TestConfig
from hub.directory.operations import import_services, load_taxonomy
from hub.directory.sample import sample_services
from hub.extensions import db
from hub.places.operations import load_places
from hub.search import rebuild_index
from hub.search.queries import reset_caches
from hub.talking_points.sample import load_sample_talking_points
from tests.factories import make_service, make_user  # noqa: F401 - re-exported for tests
from tests.page_quality import check_page

CONTENT = ROOT / "content"
POSTGRES_URL = os.environ.get("HUB_TEST_POSTGRES_URL")


class BrowserClient(FlaskClient):
    """Each request gets its own app context, as in production: a fresh `g` (Flask-Login and
    Flask-WTF cache there, so two clients are two browsers) and its own database session.
    The test's session then forgets what it had loaded, so it reads what the request
    committed."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():  # the test's own, if it has one
            db.session.expire_all()
        return response


def build_app(tmp_path: Path, database_url: str | None = None):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url or f"sqlite:///{tmp_path / 'hub.db'}"
        SEARCH_INDEX_DIR = str(tmp_path / "search-index")

    reset_caches()
    app = create_app(Config)
    app.test_client_class = BrowserClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def load_reference_data() -> None:
    load_taxonomy(CONTENT / "taxonomy.json")
    load_places(CONTENT / "places")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any connection that leaves this machine: the hub must never phone out."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")
                                          or host.startswith("/")):
            raise AssertionError(f"Unexpected network use: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def app(tmp_path):
    """An empty hub with the taxonomy and places loaded."""
    app = build_app(tmp_path)
    with app.app_context():
        load_reference_data()
        yield app
        db.session.remove()


@pytest.fixture(scope="session")
def postgres_url():
    """A database of this test process's own on the server HUB_TEST_POSTGRES_URL names."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need HUB_TEST_POSTGRES_URL (make test starts one when CI "
                    "is set)")
    import sqlalchemy

    name = f"hubtest_{os.getpid()}"
    server = sqlalchemy.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sqlalchemy.make_url(POSTGRES_URL).set(database=name).render_as_string(
        hide_password=False)
    with server.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    server.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_app(request, tmp_path):
    """The same test on SQLite and on PostgreSQL (skipped when none is running)."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    app = build_app(tmp_path, url)
    with app.app_context():
        load_reference_data()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sample_app(tmp_path_factory):
    """A hub with the sample services loaded and indexed; tests must not change it."""
    tmp_path = tmp_path_factory.mktemp("sample")
    app = build_app(tmp_path)
    with app.app_context():
        load_reference_data()
        report = import_services(sample_services(CONTENT / "sample"), sample=True)
        assert report.ok, report.problems
        load_sample_ready_made(CONTENT / "sample" / "ready-made-booklets.json")
        load_sample_talking_points(CONTENT / "sample" / "talking-points.json")
        rebuild_index()
        db.session.remove()
    return app


@pytest.fixture
def sample_client(sample_app):
    with sample_app.app_context():
        reset_caches()
        yield sample_app.test_client()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def page():
    """Fetch a page and check its quality: valid HTML, one h1 matching the title, ..."""

    def fetch(client, url, status=200):
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return check_page(response.get_data(as_text=True), url)

    return fetch


class MailServer:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls this by name
        import email
        from email import policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def body(message) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def links(message) -> list[str]:
        import re

        return re.findall(r"https?://\S+", MailServer.body(message))


@contextmanager
def mail_server(app):
    """A local SMTP server with `app` pointed at it, for as long as the block lasts."""
    from aiosmtpd.controller import Controller

    server = MailServer()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield server
    finally:
        controller.stop()
        app.config.update(MAIL_SERVER=None)


@pytest.fixture
def mail(app):
    """Start a local SMTP server and point the app at it; e-mail is refused without this."""
    with mail_server(app) as server:
        yield server


def sign_in(client, user) -> None:
    """Give this test client a real server-side session for `user` (skips the form)."""
    import secrets

    from hub.accounts.models import UserSession

    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=UserSession.hash(token), user_id=user.id))
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True


def shown_in(locale: str, message: str, **values) -> str:
    """What a reader of `locale` is shown for `message`: the catalogue's translation, or the
    English where it has none. Tests read expected words through this, never assume a
    catalogue is unfinished. Needs an app context (the `app` fixture gives one)."""
    from flask_babel import force_locale, gettext

    with force_locale(locale):
        return gettext(message, **values)


def csrf_token(client, url: str) -> str:
    """The CSRF token from the form on `url`, as a browser would send it back."""
    import re

    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token in the form on {url}"
    return match.group(1)
