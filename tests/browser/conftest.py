"""Browser fixtures: the sample hub on a live local server, Debian's Chromium, a page per test."""

import datetime as dt
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from hub.booklets.models import ReadyMadeBooklet
from hub.directory.models import Organisation, Service, ServiceStatus, TaxonomyTerm
from hub.extensions import db
from hub.talking_points.models import Venue

CHROMIUM = "/usr/bin/chromium"
# Quiet, offline Chromium: no updates, sync or other calls home during the tests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/browser-shots")
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def serving(app):
    """Serve `app` over HTTP on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(sample_app):
    """The sample hub, shared by the tests that only read it."""
    with serving(sample_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Make pages in fresh contexts (no shared cookies or history); all closed after the test."""
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(base_url=live_server, viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page (1280x900) in a fresh browser context."""
    return new_page()


@pytest.fixture(scope="session")
def screenshots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@dataclass(frozen=True)
class SampleUrls:
    """Paths to sample pages of each kind, found in the data rather than hard-coded."""

    service_with_locations: str
    service_closed: str
    service_overdue: str
    organisation: str
    category: str
    child_category: str
    report_a_problem: str
    ready_made: str
    talking_point_when: str


@pytest.fixture(scope="session")
def sample_urls(sample_app) -> SampleUrls:
    stale_before = dt.date.today() - dt.timedelta(days=sample_app.config["STALE_AFTER_DAYS"])
    with sample_app.app_context():
        services = db.session.scalars(select(Service).order_by(Service.name)).all()
        listed = [s for s in services if s.status == ServiceStatus.active]
        with_locations = next(
            s for s in listed if s.locations and s.last_checked and s.last_checked >= stale_before
        )
        closed = next(s for s in services if s.status == ServiceStatus.temporarily_closed)
        overdue = next(s for s in listed if s.last_checked and s.last_checked < stale_before)
        organisation = db.session.scalars(select(Organisation).order_by(Organisation.name)).first()
        child = db.session.scalars(
            select(TaxonomyTerm)
            .where(TaxonomyTerm.parent_id.is_not(None))
            .order_by(TaxonomyTerm.position)
        ).first()
        ready = db.session.scalars(
            select(ReadyMadeBooklet).order_by(ReadyMadeBooklet.position)
        ).first()
        venue = db.session.scalars(select(Venue).order_by(Venue.name)).first()
        urls = SampleUrls(
            service_with_locations=f"/services/{with_locations.id}",
            service_closed=f"/services/{closed.id}",
            service_overdue=f"/services/{overdue.id}",
            organisation=f"/organisations/{organisation.id}",
            category=f"/categories/{child.parent.code}",
            child_category=f"/categories/{child.code}",
            report_a_problem=f"/services/{with_locations.id}/report-a-problem",
            ready_made=f"/booklet/ready-made/{ready.id}",
            talking_point_when=f"/talking-points/book/{venue.id}/when",
        )
        db.session.remove()
    return urls
