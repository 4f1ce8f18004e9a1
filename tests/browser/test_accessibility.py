"""axe-core (WCAG 2.2 AA) on every page type, and no sideways scrolling on a 320 px screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from hub.config import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
NARROW = {"width": 320, "height": 800}

# Page kind -> (path, expected status). None: the path comes from the sample data.
PAGES = {
    "home": ("/", 200),
    "results": ("/search?q=lunch+club", 200),
    "results_near_place": ("/search?q=lunch+club&near=Acomb", 200),
    "no_results": ("/search?q=xyzzyplugh", 200),
    "search_error": ("/search?near=Qwertyville", 400),
    "all_categories": ("/categories", 200),
    "category": (None, 200),
    "child_category": (None, 200),
    "service_with_locations": (None, 200),
    "service_closed": (None, 200),
    "service_overdue": (None, 200),
    "organisation": (None, 200),
    "not_found": ("/no-such-page", 404),
    "sign_in": ("/account/sign-in", 200),
    "forgot_password": ("/account/forgot-password", 200),
    "ask_to_join": ("/account/join", 200),
    "report_a_problem": (None, 200),
    "guides": ("/guides", 200),
    "guide": ("/guides/paying-for-a-care-home", 200),
    "guide_with_a_table": ("/guides/getting-help-fast", 200),
    "funding_checker": ("/tools/care-funding-checker", 200),
    "savings_calculator": ("/tools/savings-calculator?capital=50000&weekly_cost=1200"
                           "&weekly_income=300", 200),
    "funding_result": ("/tools/care-funding-checker/result?care=home&savings=18000", 200),
    "booklet_empty": ("/booklet", 200),
    "find_booklet": ("/booklet/find", 200),
    "find_booklet_error": ("/booklet/find?code=ZZ", 400),
    "ready_made": (None, 200),
    "talking_points": ("/talking-points", 200),
    "talking_points_near_place": ("/talking-points?near=Acomb", 200),
    "talking_point_when": (None, 200),
    "talking_points_find_booking": ("/talking-points/booking", 200),
    "talking_points_privacy": ("/talking-points/privacy", 200),
    "accessibility_statement": ("/accessibility", 200),
    "accessibility_settings": ("/accessibility/settings?back=/guides", 200),
    "finish_and_clear": ("/finish", 200),
    "finished_and_cleared": ("/finished?cleared=booklet&cleared=settings&cleared=language", 200),
}

axe = Axe()


def visit(page, kind: str, sample_urls) -> None:
    path, status = PAGES[kind]
    response = page.goto(path or getattr(sample_urls, kind))
    assert response.status == status, f"{kind}: HTTP {response.status}"


def describe(violations: list[dict]) -> str:
    """One line per violated rule: id, impact, and the selectors of every failing element."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}; targets: "
        + ", ".join(" >> ".join(map(str, node["target"])) for node in v["nodes"])
        for v in violations
    )


@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(page, kind, sample_urls, screenshots):
    visit(page, kind, sample_urls)
    page.screenshot(path=screenshots / f"{kind}-1280.png", full_page=True)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{kind}: accessibility violations\n{describe(violations)}"


GUIDES = sorted(path.stem for path in (ROOT / "content" / "articles" / "en").glob("*.md"))


@pytest.mark.parametrize("slug", GUIDES)
def test_every_guide_passes_axe(page, slug):
    response = page.goto(f"/guides/{slug}")
    assert response.status == 200
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{slug}: accessibility violations\n{describe(violations)}"


@pytest.mark.parametrize("kind", PAGES)
def test_no_horizontal_scroll_at_320px(new_page, kind, sample_urls, screenshots):
    page = new_page(viewport=NARROW)
    visit(page, kind, sample_urls)
    page.screenshot(path=screenshots / f"{kind}-320.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    # Name the elements that stick out, to make a failure quick to fix.
    too_wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 320.5)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
    assert width <= 320, f"{kind}: page is {width}px wide at 320px; too wide: {too_wide}"
