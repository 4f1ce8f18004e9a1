"""The sample Talking Point venues: loaded once, bookable, and found like any other service."""

import datetime as dt
import json
import re

from sqlalchemy import func, select

from hub.cli import hub
from hub.config import ROOT
from hub.directory.oruk import stable_id
from hub.extensions import db
from hub.talking_points.models import RegularSession, Venue
from hub.talking_points.slots import bookable_slots
from tests.conftest import csrf_token

SAMPLE = ROOT / "content" / "sample"
NAMES = ["Acomb Sample Library Talking Point", "Fishergate Sample Hall Talking Point",
         "Heworth Sample Community Centre Talking Point", "Holgate Sample Hub Talking Point"]


def sample_venues() -> list[dict]:
    return json.loads((SAMPLE / "talking-points.json").read_text(encoding="utf-8"))["venues"]


def test_the_sample_venues_are_plainly_fictional():
    services = json.loads((SAMPLE / "services-d.json").read_text(encoding="utf-8"))["services"]
    slugs = {service["slug"] for service in services}
    for venue in sample_venues():
        assert "Sample" in venue["name"]
        assert re.fullmatch(r"YO(1|10|23|24|26|30|31|32) \d[A-Z]{2}", venue["postcode"])
        assert venue["service"] in slugs
        assert venue["sessions"] and venue["how_to_get_there"]


def test_load_sample_adds_the_venues_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(hub, ["load-sample"])
    assert first.exit_code == 0, first.output
    assert "Added 4 sample Talking Point venues." in first.output
    second = runner.invoke(hub, ["load-sample"])
    assert "Added 0 sample Talking Point venues." in second.output

    assert sorted(db.session.scalars(select(Venue.name))) == NAMES
    assert db.session.scalar(select(func.count()).select_from(RegularSession)) == 5
    acomb = db.session.scalar(select(Venue).where(Venue.name == NAMES[0]))
    assert acomb.service_id == stable_id("service", "d-talking-point-acomb")
    [tuesdays] = acomb.sessions
    assert (tuesdays.weekday, tuesdays.starts, tuesdays.ends, tuesdays.staff) == (
        1, dt.time(10), dt.time(13), 2)


def test_every_sample_venue_has_times_to_book(sample_app):
    with sample_app.app_context():
        venues = db.session.scalars(select(Venue).order_by(Venue.name)).all()
        assert [venue.name for venue in venues] == NAMES
        now = dt.datetime.now(dt.UTC)
        for venue in venues:
            assert venue.active and venue.service_id
            assert bookable_slots(venue, now), venue.name
        db.session.remove()


def test_search_finds_the_talking_points(sample_client, page):
    results = page(sample_client, "/search?q=Talking+Point")
    links = results.links()
    for name in NAMES:
        assert name in links, name


def test_the_directory_category_lists_them(sample_client, page):
    category = page(sample_client, "/categories/talking-points")
    assert set(NAMES) <= set(category.links())


def test_a_talking_points_listing_offers_booking_and_others_do_not(sample_client, page):
    listing = page(sample_client, f"/services/{stable_id('service', 'd-talking-point-acomb')}")
    venue_id = stable_id("talking-point", "acomb")
    link = listing.links()["Book an appointment at this Talking Point"]
    assert link == f"/talking-points/book/{venue_id}/when"
    assert "Acomb Sample Library Talking Point" in page(sample_client, link).text

    other = page(sample_client, f"/services/{stable_id('service', 'c-digital-drop-in')}")
    assert "Book an appointment at this Talking Point" not in other.links()


def test_the_booklet_back_page_lists_the_venues_and_when_they_are_open(sample_client, page):
    service_id = stable_id("service", "c-digital-drop-in")
    sample_client.post("/booklet/add", data={
        "item": f"service:{service_id}", "back_to": "/",
        "csrf_token": csrf_token(sample_client, "/booklet/clear")})

    shown = page(sample_client, "/booklet/read")

    assert ("Acomb Sample Library Talking Point, Acomb Sample Library, 12 Example Street, "
            "Acomb, York, YO24 3ZA. Tuesdays, 10am to 1pm") in shown.text
    assert "Fishergate Sample Hall Talking Point" in shown.text
    assert "Mondays, 2pm to 4pm; Fridays, 10am to midday" in shown.text
    assert "Wednesdays, 9:30am to 12:30pm" in shown.text
