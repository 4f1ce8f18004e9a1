"""Who may see the dashboard, its date range, and charts that are also tables."""

import datetime as dt

import pytest

from hub.accounts.models import Role
from hub.extensions import db
from hub.feedback.models import PageFeedback
from hub.insights.collect import collector_of
from tests.conftest import sign_in
from tests.factories import make_service, make_user
from tests.insights.conftest import ALL_DATES, FIREFOX, flush, visitor
from tests.talking_points.factories import make_venue

SVG = "{http://www.w3.org/2000/svg}"


def rows(shown, section: str) -> list[list[str]]:
    """The cells of each row in the body of a section's table."""
    body = next(e for e in shown.by_id(section).iter() if str(e.tag).endswith("}tbody"))
    return [[shown.text_of(cell) for cell in row] for row in body]


@pytest.mark.parametrize(("roles", "status"), [
    ([Role.moderator], 200),
    ([Role.administrator], 200),
    ([Role.talking_point_staff], 403),
    ([Role.talking_point_coordinator], 403),
])
def test_moderators_and_administrators_only(app, roles, status):
    client = app.test_client()
    sign_in(client, make_user(roles=roles))
    assert client.get("/insights").status_code == status
    assert client.get("/insights/monthly.csv").status_code == status


def test_contributors_and_anonymous_are_refused(app):
    anonymous = app.test_client()
    assert anonymous.get("/insights").status_code == 302  # to sign in
    contributor = app.test_client()
    sign_in(contributor, make_user(organisations=[make_service().organisation]))
    assert contributor.get("/insights").status_code == 403
    assert contributor.get("/insights/synonyms").status_code == 403


def test_the_header_links_to_insights_for_moderators(app, moderator, page):
    assert page(moderator, "/guides").links()["Insights"] == "/insights"
    assert "Insights" not in page(app.test_client(), "/guides").links()


def test_wrong_dates_are_explained_and_kept(moderator, page):
    shown = page(moderator, "/insights?from-day=31&from-month=2&from-year=2026"
                            "&to-day=&to-month=4&to-year=26x", status=400)
    assert shown.h1 == "Insights"
    assert "Enter a real start date, like 1 4 2026" in shown
    assert "Enter the end date with a day, month and year, like 30 4 2026" in shown
    assert shown.by_id("from-day").get("value") == "31"
    assert shown.by_id("to-year").get("value") == "26x"
    assert shown.texts("title")[0].startswith("Error: Insights")
    backwards = page(moderator, "/insights?from-day=1&from-month=5&from-year=2026"
                                "&to-day=1&to-month=4&to-year=2026", status=400)
    assert "The end date must be the same as or after the start date" in backwards
    assert moderator.get("/insights/monthly.csv?from-day=31&from-month=2&from-year=2026"
                         ).status_code == 400


def test_the_default_is_the_last_twelve_months(app, moderator, page):
    shown = page(moderator, "/insights")
    today = collector_of(app).today()
    tables = [e for e in shown.elements("table") if (e.get("id") or "").startswith("trend-")]
    assert tables
    months = [shown.text_of(th) for th in tables[0].iter() if str(th.tag).endswith("}th")
              and th.get("scope") == "row"]
    assert len(months) == 12
    assert months[-1] == f"{today:%b %Y}"


def test_each_chart_is_an_image_with_a_text_alternative_and_a_table(app, moderator, page):
    collector = collector_of(app)
    for day, views in ((dt.date(2026, 2, 3), 2), (dt.date(2026, 3, 3), 5)):
        collector.today = lambda day=day: day
        browser = visitor(app, "192.0.2.10", FIREFOX)
        for _ in range(views):
            browser.get("/guides")
    flush(app)
    shown = page(moderator, "/insights?from-day=1&from-month=1&from-year=2026"
                            "&to-day=31&to-month=3&to-year=2026")
    charts = list(shown.document.iter(f"{SVG}svg"))
    assert len(charts) == 8
    for chart in charts:
        assert chart.get("role") == "img"
        title_id, summary_id = chart.get("aria-labelledby").split()
        assert shown.text_of(shown.by_id(title_id))
        assert shown.text_of(shown.by_id(summary_id))
    page_views = next(c for c in charts if "trend-page_views" in c.get("aria-labelledby"))
    drawn = [shown.text_of(t) for t in page_views.iter(f"{SVG}text")]
    assert drawn == ["Jan 2026", "0", "Feb 2026", "2", "Mar 2026", "5"]
    table = shown.by_id("trend-page_views-table")
    assert [shown.text_of(c) for c in table.iter() if str(c.tag).endswith("}td")] == ["0", "2", "5"]
    summary = shown.text_of(shown.by_id("trend-page_views-summary"))
    assert summary == ("From Jan 2026 to Mar 2026: 7 in all. Most in Mar 2026 (5), fewest in "
                       "Jan 2026 (0).")


def test_bookings_by_venue_and_helpful_answers(app, moderator, page):
    from hub.talking_points.operations import Details, book
    from hub.talking_points.slots import bookable_slots

    venue = make_venue("Acomb Library", weekday=dt.date.today().weekday())
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    slot = bookable_slots(venue, now)[0]
    book(venue, slot.starts_at, Details(name="Ada", phone="01632 960000"), now)
    db.session.add_all([PageFeedback(page="/guides/getting-help-fast", helpful=True),
                        PageFeedback(page="/guides/getting-help-fast", helpful=False),
                        PageFeedback(page="/guides/getting-help-fast", helpful=True)])
    db.session.commit()
    shown = page(moderator, "/insights")
    assert rows(shown, "venues-section") == [["Acomb Library", "1", "0", "0", "0", "0", "1"]]
    assert rows(shown, "feedback-section") == [["/guides/getting-help-fast", "2", "1"]]
    csv_text = moderator.get("/insights/venues.csv", query_string=ALL_DATES).get_data(as_text=True)
    assert "Ada" not in csv_text and "01632" not in csv_text
