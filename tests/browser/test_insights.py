"""The insights dashboard in Chromium for a signed-in moderator: axe (WCAG 2.2 AA) with
charts, tables and a date error, no sideways scrolling at 320 px, and the synonym form."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from hub.accounts.models import Role
from hub.insights.collect import collector_of
from tests.browser.conftest import DESKTOP, serving
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, describe
from tests.browser.test_talking_point_journey import sign_in
from tests.factories import make_service, make_user
from tests.insights.conftest import FIREFOX, visitor

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
axe = Axe()
PAGES = {
    "insights": "/insights",
    "insights_date_error": "/insights?from-day=31&from-month=2&from-year=2026",
    "insights_add_synonym": "/insights/synonyms?search=apiary",
}


@pytest.fixture
def moderator_page(browser, app):
    """A page signed in as a moderator, on a hub with a few months of counts."""
    make_user("mo@example.org", roles=[Role.moderator])
    service = make_service("Beekeeping circle")
    collector = collector_of(app)
    today = collector.today()
    for months_ago, views in ((2, 3), (1, 12), (0, 7)):
        day = (today.replace(day=1) - dt.timedelta(days=28 * months_ago)).replace(day=1)
        collector.today = lambda day=day: day
        browser_of_a_resident = visitor(app, f"192.0.2.{months_ago + 1}", FIREFOX)
        for _ in range(views):
            browser_of_a_resident.get(f"/services/{service.id}")
        browser_of_a_resident.get("/search?q=apiary")
    collector.today = lambda: today
    collector.flush()
    with serving(app) as url:
        context = browser.new_context(base_url=url, viewport=DESKTOP)
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, "mo@example.org")
        yield page
        context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_insights_pages_pass_axe_and_fit_320px(moderator_page, kind, screenshots):
    page = moderator_page
    page.set_viewport_size(DESKTOP)
    response = page.goto(PAGES[kind])
    assert response.status in (200, 400)
    page.screenshot(path=screenshots / f"{kind}-1280.png", full_page=True)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{kind}: accessibility violations\n{describe(violations)}"
    page.set_viewport_size(NARROW)
    page.screenshot(path=screenshots / f"{kind}-320.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{kind}: page is {width}px wide at 320px"


def test_a_chart_reads_as_an_image_with_its_numbers(moderator_page):
    page = moderator_page
    page.goto("/insights")
    chart = page.get_by_role("img", name="Page views")
    assert chart.is_visible()
    page.get_by_text("Show the numbers – Page views").click()
    table = page.get_by_role("table", name="Page views")
    # Last month: twelve views of the service and one search.
    assert table.get_by_role("cell", name="13", exact=True).is_visible()
