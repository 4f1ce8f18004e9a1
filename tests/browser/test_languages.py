"""Every language in Chromium: axe on every page type and translated guide, no sideways
scrolling at 320 px, Arabic laid out right to left (measured on the screenshot itself),
and the language and settings chosen with the keyboard alone."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from hub.access.preferences import COOKIE as SETTINGS_COOKIE
from hub.config import ROOT, Config
from hub.core.i18n import COOKIE as LANGUAGE_COOKIE
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, PAGES, describe, visit
from tests.browser.test_preferences import sideways_overflow

# A group of its own, so these run beside the other browser tests on the second worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-languages")]

axe = Axe()
OTHER_LANGUAGES = Config.LANGUAGES[1:]
TRANSLATED_GUIDES = sorted((path.parent.name, path.stem)
                           for language in OTHER_LANGUAGES
                           for path in (ROOT / "content" / "articles" / language).glob("*.md"))


def in_language(new_page, live_server, language: str, **options):
    """A page in a fresh browser whose remembered language is `language`."""
    page = new_page(**options)
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": live_server}])
    return page


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_axe_violations_in_every_language(new_page, live_server, language, kind,
                                             sample_urls, screenshots):
    page = in_language(new_page, live_server, language)
    visit(page, kind, sample_urls)
    assert page.get_attribute("html", "lang") == language
    page.screenshot(path=screenshots / f"{kind}-{language}-1280.png", full_page=True)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{kind} in {language}: accessibility violations\n" \
        f"{describe(violations)}"


@pytest.mark.parametrize(("language", "slug"), TRANSLATED_GUIDES)
def test_every_translated_guide_passes_axe(new_page, live_server, language, slug):
    page = in_language(new_page, live_server, language)
    assert page.goto(f"/guides/{slug}").status == 200
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{language}/{slug}: accessibility violations\n" \
        f"{describe(violations)}"


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_horizontal_scroll_at_320px_in_every_language(new_page, live_server, language, kind,
                                                         sample_urls):
    page = in_language(new_page, live_server, language, viewport=NARROW)
    visit(page, kind, sample_urls)
    overflow, too_wide = sideways_overflow(page)
    assert overflow <= 0, f"{kind} in {language}: {overflow}px too wide; too wide: {too_wide}"


def light_pixels_centre(png: bytes, box: tuple[int, int, int, int]) -> float:
    """Across `box` of a screenshot, where the light pixels (the white header text on the
    dark brand colour) sit on average, from 0 (left edge) to 1 (right edge)."""
    image = Image.open(io.BytesIO(png)).convert("L").crop(box)
    width, height = image.size
    pixels = image.load()
    columns = [x for x in range(width) for y in range(height) if pixels[x, y] > 200]
    assert columns, "no header text found in the screenshot"
    return sum(columns) / len(columns) / width


def test_arabic_is_mirrored(new_page, live_server, screenshots):
    positions = {}
    for language in ("en", "ar"):
        page = in_language(new_page, live_server, language)
        page.goto("/guides/getting-help-fast")
        png = page.screenshot(path=screenshots / f"mirrored-{language}.png")
        header = page.locator("header.hub-header").bounding_box()
        name = page.locator(".hub-header__name").bounding_box()
        crumbs = page.locator(".govuk-breadcrumbs__list-item")
        home, guides = crumbs.nth(0).bounding_box(), crumbs.nth(1).bounding_box()
        heading = page.locator("h1").bounding_box()
        positions[language] = {
            "header text": light_pixels_centre(png, (0, int(header["y"]), 1280,
                                                     int(header["y"] + header["height"]))),
            "name from the left": name["x"],
            "name from the right": 1280 - (name["x"] + name["width"]),
            "home before guides": home["x"] < guides["x"],
            "heading from the right": 1280 - (heading["x"] + heading["width"]),
            "heading from the left": heading["x"],
        }
    english, arabic = positions["en"], positions["ar"]
    # The screenshot: the header's words sit on the left in English, on the right in Arabic.
    assert english["header text"] < 0.5 < arabic["header text"]
    # The hub's name starts each line on the reading side, the same distance in.
    assert arabic["name from the right"] == pytest.approx(english["name from the left"], abs=2)
    # Breadcrumbs read right to left: Home is to the right of Guides.
    assert english["home before guides"] and not arabic["home before guides"]
    assert arabic["heading from the right"] == pytest.approx(english["heading from the left"],
                                                             abs=2)


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element's accessible text is `name` (as a person would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText || "
                                "document.activeElement.labels?.[0]?.innerText || ''")
        if focused.strip() == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_language_and_settings_chosen_with_the_keyboard_alone(new_page, live_server,
                                                              screenshots):
    page = new_page()
    page.goto("/")
    tab_to(page, "العربية")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    settings_link = page.locator(".hub-tools__link").inner_text()
    tab_to(page, settings_link)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # Into the text sizes (focus lands on the chosen one), arrow keys move the choice.
    standard = page.locator("input[name=text_size]").first
    tab_to(page, standard.evaluate("e => e.labels[0].innerText"))
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=text_size][value='200']")).to_be_checked()
    contrast = page.locator("input[name=high_contrast]")
    tab_to(page, contrast.evaluate("e => e.labels[0].innerText"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("main form button[type=submit]").inner_text())
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(re.compile(r"\bhub-text-200 hub-contrast\b"))
    assert {c["name"] for c in page.context.cookies()} >= {LANGUAGE_COOKIE, SETTINGS_COOKIE}
    page.screenshot(path=screenshots / "keyboard-arabic-settings.png", full_page=True)
