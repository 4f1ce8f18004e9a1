"""A scripted sequence of visits on two days, and the counts the dashboard and CSV give."""

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from hub.directory.models import TaxonomyTerm
from hub.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_service
from tests.insights.conftest import (
    CHROME,
    FIREFOX,
    GOOGLEBOT,
    SAFARI,
    STYLESHEET,
    flush,
    on_day,
    visitor,
)

MARCH, APRIL = dt.date(2026, 3, 10), dt.date(2026, 4, 2)
ADDRESSES = ["192.0.2.10", "192.0.2.20", "192.0.2.30", "192.0.2.50", "198.51.100.7"]
SPRING = {"from-day": "1", "from-month": "3", "from-year": "2026",
          "to-day": "30", "to-month": "4", "to-year": "2026"}


@pytest.fixture
def visits(app, moderator):
    """Two days of visits; returns the services and category the visitors saw."""
    lunch = make_service("Tuesday lunch club", categories=["meals"])
    bees = make_service("Beekeeping circle", description="Learn to keep bees and hives.")
    alice = visitor(app, "192.0.2.10", FIREFOX)
    bob = visitor(app, "192.0.2.20", CHROME)
    robot = visitor(app, "192.0.2.30", GOOGLEBOT)
    carol = visitor(app, "192.0.2.50", SAFARI)

    on_day(app, MARCH)
    alice.get("/")
    alice.get(STYLESHEET)  # nothing cached: a new visitor
    alice.get(f"/services/{lunch.id}")
    flush(app)  # a flush in the middle of the day: Alice still counts once
    alice.get(f"/services/{lunch.id}")
    alice.get("/search?q=apiary")  # finds nothing
    alice.get("/search?q=apiary&page=2")  # a page view, but not another search
    alice.get("/search?q=lunch")
    alice.get("/no-such-page")  # not found: not counted
    bob.get(STYLESHEET, headers={"If-None-Match": '"abc"'})  # cached: not new
    bob.get(f"/services/{bees.id}")
    bob.get("/search?q=Apiary")
    robot.get("/")
    robot.get(f"/services/{lunch.id}")
    moderator.get("/")
    moderator.get("/insights")
    flush(app)

    on_day(app, APRIL)
    alice.get("/")
    alice.get(STYLESHEET, headers={"If-Modified-Since": "Tue, 10 Mar 2026 10:00:00 GMT"})
    carol.get(STYLESHEET)
    carol.get(STYLESHEET)  # the same browser on the same day: new once
    carol.get("/categories/meals")
    carol.post("/booklet/add", data={"item": f"service:{lunch.id}", "back_to": "/",
                                     "csrf_token": csrf_token(carol, "/booklet/clear")})
    assert carol.get("/booklet/booklet.pdf").mimetype == "application/pdf"
    flush(app)
    return lunch, bees


def numbers_of(page, series: str) -> list[int]:
    """The numbers in a trend's table, one a month."""
    table = page.by_id(f"trend-{series}-table")
    cells = [page.text_of(cell) for cell in table.iter() if str(cell.tag).endswith("}td")]
    return [int(cell.replace(",", "")) for cell in cells]


def test_the_dashboard_counts_the_visits(visits, moderator, page):
    query = "&".join(f"{name}={value}" for name, value in SPRING.items())
    shown = page(moderator, f"/insights?{query}")
    # March: Alice 6 and Bob 2. April: Alice 1, and Carol the category and booklet pages.
    assert numbers_of(shown, "page_views") == [8, 3]
    assert numbers_of(shown, "visitors") == [2, 2]
    assert numbers_of(shown, "new_visitors") == [1, 1]
    assert numbers_of(shown, "searches") == [3, 0]
    assert numbers_of(shown, "no_result_searches") == [2, 0]
    assert numbers_of(shown, "booklet_downloads") == [0, 1]

    no_results = shown.by_id("no-results-section")
    assert "apiary 2 2 Add a synonym" in shown.text_of(no_results)
    services = shown.text_of(shown.by_id("services-section"))
    assert "Tuesday lunch club 2" in services and "Beekeeping circle 1" in services
    link = shown.elements("a", href="/insights/synonyms?search=apiary")[0]
    assert link.get("aria-label") == "Add a synonym for “apiary”"


def _csv(client, table: str, dates: dict) -> list[list[str]]:
    response = client.get(f"/insights/{table}.csv", query_string=dates)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_files_have_the_same_counts(visits, moderator):
    lunch, bees = visits
    monthly = _csv(moderator, "monthly", SPRING)
    assert monthly[0][:7] == ["month", "page_views", "visitors", "new_visitors", "searches",
                              "no_result_searches", "booklet_downloads"]
    assert [row[:7] for row in monthly[1:]] == [["2026-03", "8", "2", "1", "3", "2", "0"],
                                               ["2026-04", "3", "2", "1", "0", "0", "1"]]
    assert _csv(moderator, "services", SPRING)[1:] == [
        [lunch.id, "Tuesday lunch club", "2"], [bees.id, "Beekeeping circle", "1"]]
    assert _csv(moderator, "no-result-searches", SPRING)[1:] == [["apiary", "2", "2"]]
    meals = db.session.scalar(select(TaxonomyTerm.name).where(TaxonomyTerm.code == "meals"))
    assert _csv(moderator, "categories", SPRING)[1:] == [["meals", meals, "1"]]
    # Only April: the same numbers for that month alone.
    april = dict(SPRING, **{"from-day": "1", "from-month": "4"})
    assert [row[:7] for row in _csv(moderator, "monthly", april)[1:]] == [
        ["2026-04", "3", "2", "1", "0", "0", "1"]]


def test_no_address_or_browser_string_is_stored(visits):
    """Every text and binary column of every table, after the whole sequence."""
    secrets = [*ADDRESSES, FIREFOX, CHROME, SAFARI, GOOGLEBOT, "Firefox", "iPhone"]
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            for value in row:
                if isinstance(value, bytes):
                    value = value.decode("latin-1")
                if isinstance(value, str):
                    found = [secret for secret in secrets if secret in value]
                    assert not found, f"{table.name} keeps {found}"


def test_the_daily_purge_deletes_salts_digests_and_old_searches(visits, app):
    from hub.insights.models import DailyCount, DailySalt, VisitorDigest

    assert db.session.scalars(select(DailySalt.day)).all() == [MARCH, APRIL]
    result = app.test_cli_runner().invoke(args=["hub", "purge-personal-data",
                                                "--today", APRIL.isoformat()])
    # March's: two visitors, one of them new, and the salt.
    assert "Visitor digests and daily salts deleted: 4." in result.output
    assert db.session.scalars(select(DailySalt.day)).all() == [APRIL]
    assert {digest.day for digest in db.session.scalars(select(VisitorDigest))} == {APRIL}
    two_years_on = MARCH + dt.timedelta(days=app.config["INSIGHTS_SEARCH_TEXT_KEEP_DAYS"] + 1)
    result = app.test_cli_runner().invoke(args=["hub", "purge-personal-data",
                                                "--today", two_years_on.isoformat()])
    # March's "apiary" (searched, found nothing) and "lunch" (searched, results found).
    assert "Old search texts deleted: 4." in result.output
    kept = db.session.execute(select(DailyCount.metric, DailyCount.count).where(
        DailyCount.day == MARCH, DailyCount.key == "")).tuples().all()
    assert ("searches", 3) in kept


def test_a_search_keeps_no_phone_email_or_full_postcode(app):
    from hub.insights.models import DailyCount

    on_day(app, MARCH)
    visitor(app, "192.0.2.10", FIREFOX).get(
        "/search", query_string={"q": "call 01632 960123 or jo@example.org YO10 5DD"})
    flush(app)
    kept = db.session.scalars(select(DailyCount.key).where(DailyCount.key != "")).all()
    assert set(kept) == {"call or yo10"}
