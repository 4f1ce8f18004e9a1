"""The accessibility settings in Chromium: axe finds nothing with each setting on, big text
never makes anyone scroll sideways (the largest setting on a 320 px screen, 200% zoom, the
browser's own text size doubled), and the settings and "Finish and clear my data" work with
JavaScript off."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from hub.access.preferences import COOKIE
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, PAGES, describe, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

axe = Axe()

# Cookie values, one setting at a time and all together.
SETTINGS = {
    "largest-text": "text-200",
    "high-contrast": "contrast",
    "more-spacing": "spacing",
    "readable-font": "font",
    "less-movement": "still",
    "all": "text-200.contrast.spacing.font.still",
}
KEY_PAGES = ["home", "results", "service_with_locations", "guide", "booklet_empty",
             "accessibility_settings", "accessibility_statement"]
# A 1280 px screen zoomed to 200%: 640 CSS pixels across, each drawn twice as big.
ZOOMED = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}


def with_setting(new_page, live_server, value: str, **options):
    page = new_page(**options)
    page.context.add_cookies([{"name": COOKIE, "value": value, "url": live_server}])
    return page


def sideways_overflow(page) -> tuple[int, list[str]]:
    """How wide the page is, and (for a quick fix) the first elements that stick out."""
    viewport = page.evaluate("document.documentElement.clientWidth")
    width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate("""(limit) => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > limit + 0.5)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""",
                             viewport)
    return width - viewport, too_wide


def add_a_service_to_the_booklet(page, sample_urls) -> None:
    page.goto(sample_urls.service_with_locations)
    page.get_by_role("button", name=re.compile("^Add to my booklet")).first.click()
    expect(page.get_by_role("button", name=re.compile("^Remove from my booklet"))).to_be_visible()


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("kind", KEY_PAGES)
def test_no_axe_violations_with_each_setting(new_page, live_server, kind, setting, sample_urls,
                                             screenshots):
    page = with_setting(new_page, live_server, SETTINGS[setting])
    visit(page, kind, sample_urls)
    classes = page.evaluate("document.documentElement.className")
    assert "hub-" in classes, classes
    page.screenshot(path=screenshots / f"settings-{setting}-{kind}-1280.png", full_page=True)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{kind} with {setting}: violations\n{describe(violations)}"


@pytest.mark.parametrize("kind", PAGES)
def test_no_horizontal_scroll_at_320px_with_the_largest_text(new_page, live_server, kind,
                                                               sample_urls, screenshots):
    page = with_setting(new_page, live_server, SETTINGS["largest-text"], viewport=NARROW)
    visit(page, kind, sample_urls)
    page.screenshot(path=screenshots / f"settings-largest-text-{kind}-320.png")
    extra, too_wide = sideways_overflow(page)
    assert extra <= 0, f"{kind}: {extra}px too wide at 320px with the largest text: {too_wide}"


@pytest.mark.parametrize("kind", KEY_PAGES)
def test_no_horizontal_scroll_at_320px_with_every_setting(new_page, live_server, kind,
                                                          sample_urls, screenshots):
    page = with_setting(new_page, live_server, SETTINGS["all"], viewport=NARROW)
    visit(page, kind, sample_urls)
    page.screenshot(path=screenshots / f"settings-all-{kind}-320.png", full_page=True)
    extra, too_wide = sideways_overflow(page)
    assert extra <= 0, f"{kind}: {extra}px too wide at 320px with every setting: {too_wide}"


TEXT_200_PAGES = ["home", "results", "service_with_locations", "guide", "booklet"]


def _visit_for_200(page, kind: str, sample_urls) -> None:
    if kind == "booklet":  # with something in it: notes, buttons, the cover's fields
        add_a_service_to_the_booklet(page, sample_urls)
        assert page.goto("/booklet").status == 200
    else:
        visit(page, kind, sample_urls)


@pytest.mark.parametrize("kind", TEXT_200_PAGES)
def test_200_percent_zoom_needs_no_sideways_scrolling(new_page, kind, sample_urls,
                                                      screenshots):
    page = new_page(**ZOOMED)
    _visit_for_200(page, kind, sample_urls)
    page.screenshot(path=screenshots / f"zoom-200-{kind}.png", full_page=True)
    extra, too_wide = sideways_overflow(page)
    assert extra <= 0, f"{kind}: {extra}px too wide at 200% zoom: {too_wide}"


@pytest.mark.parametrize("kind", TEXT_200_PAGES)
def test_the_browsers_own_text_size_doubled_needs_no_sideways_scrolling(
        new_page, kind, sample_urls, screenshots):
    """As if the person set the browser's text size to 200% (32px instead of 16px)."""
    page = new_page(viewport={"width": 640, "height": 900})
    page.context.new_cdp_session(page).send("Page.setFontSizes", {
        "fontSizes": {"standard": 32, "fixed": 26}})
    _visit_for_200(page, kind, sample_urls)
    size = page.evaluate("getComputedStyle(document.querySelector('.govuk-body')).fontSize")
    assert float(size.removesuffix("px")) >= 37, size  # 19px text, doubled
    page.screenshot(path=screenshots / f"browser-text-200-{kind}.png", full_page=True)
    extra, too_wide = sideways_overflow(page)
    assert extra <= 0, f"{kind}: {extra}px too wide with text at 200%: {too_wide}"


@pytest.mark.parametrize("kind", TEXT_200_PAGES)
def test_the_largest_setting_doubles_the_text(new_page, live_server, kind, sample_urls):
    page = with_setting(new_page, live_server, SETTINGS["largest-text"])
    _visit_for_200(page, kind, sample_urls)
    size = page.evaluate("getComputedStyle(document.querySelector('.govuk-body')).fontSize")
    assert float(size.removesuffix("px")) >= 37, size
    extra, too_wide = sideways_overflow(page)
    assert extra <= 0, f"{kind}: {extra}px too wide with the largest text: {too_wide}"


def test_settings_and_finish_work_with_javascript_off(new_page, sample_urls, screenshots):
    page = new_page(java_script_enabled=False)
    page.goto(sample_urls.service_with_locations)
    assert "js-enabled" not in page.evaluate("document.documentElement.className")
    page.get_by_role("link", name="Text size and colours").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Text size, colours and spacing")
    page.get_by_label("Largest").check()
    page.get_by_label("High contrast colours").check()
    page.get_by_label("More space between lines, words and letters").check()
    page.screenshot(path=screenshots / "settings-no-js-choosing.png", full_page=True)
    page.get_by_role("button", name="Save settings").click()

    # Back on the service page, with the settings applied by the server.
    assert page.url.endswith(sample_urls.service_with_locations)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your settings are saved.")
    classes = page.evaluate("document.documentElement.className").split()
    assert {"hub-text-200", "hub-contrast", "hub-spacing"} <= set(classes)
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert body in ("rgb(255, 247, 160)", "rgba(0, 0, 0, 0)")
    # (axe needs JavaScript; these settings are checked with it in the tests above.)
    page.screenshot(path=screenshots / "settings-no-js-saved.png", full_page=True)

    # Finish and clear my data: settings, session and all.
    page.get_by_role("button", name="Finish and clear my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data is cleared")
    expect(page.get_by_text("It is safe to leave this computer.")).to_be_visible()
    expect(page.get_by_text("Your text size and colour settings are back to standard."))\
        .to_be_visible()
    assert page.evaluate("document.documentElement.className") == "govuk-template"
    assert page.context.cookies() == []
    page.screenshot(path=screenshots / "finished-no-js.png", full_page=True)


def test_finish_empties_a_booklet_built_with_javascript(page, sample_urls):
    add_a_service_to_the_booklet(page, sample_urls)
    expect(page.locator("#booklet-link")).to_contain_text("1")
    page.get_by_role("button", name="Finish and clear my data").click()
    cleared = "Your booklet is empty, and your notes in it are gone."
    expect(page.get_by_text(cleared)).to_be_visible()
    assert page.context.cookies() == []
    page.goto("/booklet")
    expect(page.get_by_text("Your booklet is empty.")).to_be_visible()


@pytest.mark.parametrize("how", ["setting", "computer"])
def test_less_movement_stops_transitions(new_page, live_server, how):
    page = (with_setting(new_page, live_server, "still") if how == "setting"
            else new_page(reduced_motion="reduce"))
    page.goto("/")
    duration = page.evaluate("getComputedStyle(document.querySelector('a')).transitionDuration")
    assert float(duration.removesuffix("s")) < 0.001, duration
