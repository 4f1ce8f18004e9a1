"""Making a booklet in Chromium: search, add three services and a guide, put them in order,
add a note and a name for the cover, and download the PDF, by keyboard alone and with
JavaScript off. axe checks every booklet page, a saved booklet is reprinted by someone else
from its code, and nothing scrolls sideways on a 320 px screen."""

import re
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from hub.directory.operations import import_services
from hub.directory.sample import sample_services
from hub.extensions import db
from hub.search import rebuild_index
from tests.browser.conftest import DESKTOP, serving
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, describe
from tests.browser.test_journeys import press_enter_and_wait, search_from_home, tab_to
from tests.conftest import CONTENT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

QUERY = "carers"  # finds the "Support for carers" guide and many carers' services
NAME = "Mrs Ada Smith"
NOTE = "Ask for Sam on Monday morning"
GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"
axe = Axe()


# What a person sees and uses on the pages.

def banner(page):
    return page.locator(".govuk-notification-banner")


def booklet_link(page):
    """The header's "My booklet" link, which says how many items the booklet holds."""
    return page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name=re.compile("^My booklet"))


def button_for(page, action: str, title: str):
    """A button such as "Move up" whose visually hidden suffix names its item."""
    return page.get_by_role("button", name=f"{action} {title}", exact=True)


def add_button(page, title: str):
    return button_for(page, "Add to my booklet", title)


def note_box(page, title: str):
    return page.get_by_label(f"Your note on {title} (optional)", exact=True)


def chosen_from_results(page) -> list[str]:
    """The first guide and the first three services found: what the journeys add."""
    guide = page.locator(".hub-guide-results a.govuk-link").first.inner_text()
    services = page.locator(".hub-card__title a").all_inner_texts()[:3]
    assert len(services) == 3, f"a search for {QUERY} should find at least three services"
    return [guide, *services]


def booklet_titles(page) -> list[str]:
    return [title.strip() for title in page.locator(".hub-booklet-item h3").all_inner_texts()]


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def add_by_clicking(page) -> list[str]:
    """Search, then add the chosen guide and services with the mouse; returns their titles.
    With JavaScript the page stays and the button changes; without, the page reloads."""
    page.goto(f"/search?q={QUERY}")
    titles = chosen_from_results(page)
    for title in titles:
        add_button(page, title).click()
        expect(button_for(page, "Remove from my booklet", title)).to_be_visible()
    return titles


# The downloaded PDF, as text.

def saved_pdf(download, tmp_path, name: str) -> Path:
    path = tmp_path / f"{name}.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-"), f"{download.value.url} is not a PDF"
    return path


def pdf_text(path: Path) -> str:
    """The PDF's words with whitespace made single spaces, so wrapped lines still match."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def assert_in_order(text: str, titles: list[str]) -> None:
    """Each title is in the text, each first met after the one before."""
    missing = [title for title in titles if title not in text]
    assert not missing, f"missing from the PDF: {missing}"
    places = [text.find(title) for title in titles]
    assert places == sorted(places), f"PDF order differs from {titles}"


# Checks on whole pages.

def accessible(page, screenshots, name: str) -> None:
    page.screenshot(path=screenshots / f"booklet-{name}.png", full_page=True)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{name}: accessibility violations\n{describe(violations)}"


def fits_320(page, screenshots, name: str) -> None:
    page.screenshot(path=screenshots / f"booklet-{name}-320.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 320.5)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
    assert width <= 320, f"{name}: page is {width}px wide at 320px; too wide: {too_wide}"


def focus_background(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).backgroundColor")


# The journeys.

def test_make_a_booklet_by_keyboard_alone(page, tmp_path):
    search_from_home(page, QUERY)
    titles = chosen_from_results(page)
    guide, first, second, third = titles
    for count, title in enumerate(titles, start=1):
        tab_to(page, add_button(page, title))  # every stop on the way shows its focus
        if count == 1:
            assert focus_background(page) == GOVUK_FOCUS_YELLOW
        page.keyboard.press("Enter")  # the page's script adds it without a reload
        expect(page.locator("#booklet-status")).to_have_text(
            f"Added “{title}” to your booklet. It has {count} item{'s' if count > 1 else ''}.")
        # Focus stays where it was, on the button that now takes it out again.
        expect(button_for(page, "Remove from my booklet", title)).to_be_focused()
    expect(booklet_link(page)).to_have_accessible_name("My booklet 4 items")

    # Back up the page to the header's link.
    tab_to(page, booklet_link(page), key="Shift+Tab")
    press_enter_and_wait(page)
    assert booklet_titles(page) == titles

    # A note on the second service, then the third moves above it: the note is kept.
    tab_to(page, note_box(page, second))
    page.keyboard.type(NOTE)
    tab_to(page, button_for(page, "Move up", third))
    press_enter_and_wait(page)
    chosen_order = [guide, first, third, second]
    assert booklet_titles(page) == chosen_order
    expect(note_box(page, second)).to_have_value(NOTE)

    tab_to(page, page.get_by_label("Who is it for? (optional)"))
    page.keyboard.type(NAME)
    tab_to(page, page.get_by_label("Group services by category"))  # the chosen radio
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Keep them in my order")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Download the booklet (PDF)"))
    assert focus_background(page) == GOVUK_FOCUS_YELLOW
    with page.expect_download() as download:
        page.keyboard.press("Enter")

    text = pdf_text(saved_pdf(download, tmp_path, "keyboard"))
    assert f"Information for {NAME}" in text
    assert NOTE in text
    assert_in_order(text, chosen_order)


def test_make_a_booklet_without_javascript(new_page, tmp_path):
    page = new_page(java_script_enabled=False)
    page.goto(f"/search?q={QUERY}")
    titles = chosen_from_results(page)
    guide, first, second, third = titles
    for count, title in enumerate(titles, start=1):
        click_and_wait(page, add_button(page, title))
        expect(booklet_link(page)).to_have_accessible_name(
            f"My booklet {count} item{'s' if count > 1 else ''}")
        expect(button_for(page, "Remove from my booklet", title)).to_be_visible()
    click_and_wait(page, booklet_link(page))
    assert booklet_titles(page) == titles

    # Notes typed and not yet saved survive moving things about: every button sends them.
    note_box(page, guide).fill(NOTE)
    click_and_wait(page, button_for(page, "Move down", guide))
    assert booklet_titles(page) == [first, guide, second, third]
    expect(note_box(page, guide)).to_have_value(NOTE)
    click_and_wait(page, button_for(page, "Move up", third))
    chosen_order = [first, guide, third, second]
    assert booklet_titles(page) == chosen_order
    expect(note_box(page, guide)).to_have_value(NOTE)

    page.get_by_label("Keep them in my order").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the booklet (PDF)").click()
    normal_pages = pdf_pages(saved_pdf(download, tmp_path, "normal"))

    page.get_by_label("Large print").check()
    click_and_wait(page, page.get_by_role("button", name="Save changes"))
    expect(banner(page)).to_contain_text("Your changes are saved on this computer.")
    expect(page.get_by_label("Large print")).to_be_checked()
    expect(page.get_by_label("Keep them in my order")).to_be_checked()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the booklet (PDF)").click()
    large = saved_pdf(download, tmp_path, "large")
    text = pdf_text(large)
    assert NOTE in text
    assert_in_order(text, chosen_order)
    assert pdf_pages(large) > normal_pages, "large print should take more pages"


def test_booklet_pages_pass_axe(new_page, sample_urls, screenshots):
    page = new_page()
    page.goto("/booklet")
    expect(page.locator("main")).to_contain_text("Your booklet is empty.")
    accessible(page, screenshots, "empty")

    titles = add_by_clicking(page)
    expect(page.locator(".hub-booklet-button .govuk-tag")).to_have_count(4)  # "In your booklet"
    accessible(page, screenshots, "results")

    click_and_wait(page, booklet_link(page))
    note_box(page, titles[0]).fill(NOTE)
    click_and_wait(page, page.get_by_role("button", name="Save changes"))
    accessible(page, screenshots, "with-items")

    click_and_wait(page, page.get_by_role("button", name="See it as a web page"))
    assert page.url.endswith("/booklet/read")
    expect(page.locator("main")).to_contain_text(NOTE)
    for title in titles:
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    accessible(page, screenshots, "read")

    page.goto(sample_urls.ready_made)
    expect(page.get_by_role("button", name="Add these to my booklet")).to_be_visible()
    accessible(page, screenshots, "ready-made")

    page.goto("/booklet")
    click_and_wait(page, page.get_by_role("link", name="Empty my booklet"))
    expect(page.locator("main")).to_contain_text("This takes out all 4 items and your notes.")
    accessible(page, screenshots, "clear")
    click_and_wait(page, page.get_by_role("button", name="Empty my booklet"))
    expect(page.locator("main")).to_contain_text("Your booklet is empty.")
    expect(booklet_link(page)).to_have_accessible_name("My booklet")

    page.goto("/booklet/find")
    accessible(page, screenshots, "find")
    page.get_by_label("Print a saved booklet").fill("ZZ")
    click_and_wait(page, page.get_by_role("button", name="Find the booklet"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is 8 letters")
    assert page.title().startswith("Error: ")
    accessible(page, screenshots, "find-error")


def test_no_sideways_scroll_at_320px(new_page, sample_urls, screenshots):
    page = new_page(viewport=NARROW)
    page.goto(sample_urls.ready_made)
    click_and_wait(page, page.get_by_role("button", name="Start my booklet with these"))
    assert booklet_titles(page), "the ready-made booklet's items should be in my booklet"
    page.get_by_label("Who is it for? (optional)").fill(NAME)
    note_box(page, booklet_titles(page)[0]).fill(NOTE)
    click_and_wait(page, page.get_by_role("button", name="Save changes"))
    fits_320(page, screenshots, "with-items")
    click_and_wait(page, page.get_by_role("button", name="See it as a web page"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Information for {NAME}")
    fits_320(page, screenshots, "read")


# Saving writes to the database, so that journey has a hub of its own.

@pytest.fixture
def own_hub(app):
    """The sample services on a hub of this test's own, served over HTTP."""
    report = import_services(sample_services(CONTENT / "sample"), sample=True)
    assert report.ok, report.problems
    rebuild_index()
    db.session.remove()
    with serving(app) as url:
        yield url


@pytest.fixture
def person(browser, own_hub):
    """Make a page for one person: a browser context of their own on `own_hub`."""
    contexts = []

    def make():
        context = browser.new_context(base_url=own_hub, viewport=DESKTOP)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_someone_else_reprints_a_saved_booklet_from_its_code(person, screenshots, tmp_path):
    maker = person()
    titles = add_by_clicking(maker)
    click_and_wait(maker, booklet_link(maker))
    maker.get_by_label("Who is it for? (optional)").fill(NAME)
    maker.get_by_label("Keep them in my order").check()
    click_and_wait(maker, maker.get_by_role("button", name="Save it and get a code to reprint it"))
    expect(maker.locator(".govuk-panel")).to_contain_text("Your booklet is saved")
    spaced_code = maker.locator(".govuk-panel .hub-booklet-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4}", spaced_code), spaced_code
    accessible(maker, screenshots, "saved-new")

    # Someone else, on another computer, types the code as it comes.
    reader = person()
    reader.goto("/booklet/find")
    reader.get_by_label("Print a saved booklet").fill(spaced_code.lower())
    click_and_wait(reader, reader.get_by_role("button", name="Find the booklet"))
    expect(reader.get_by_role("heading", level=1)).to_contain_text(spaced_code)
    assert reader.locator("main ol li a").all_inner_texts() == titles
    expect(reader.locator("main")).to_contain_text(f"For: {NAME}")
    expect(booklet_link(reader)).to_have_accessible_name("My booklet")  # theirs is still empty
    accessible(reader, screenshots, "saved")

    with reader.expect_download() as download:
        reader.get_by_role("link", name="Download the booklet (PDF)").click()
    text = pdf_text(saved_pdf(download, tmp_path, "reprint"))
    assert f"Information for {NAME}" in text
    assert_in_order(text, titles)
    code = spaced_code.replace(" ", "")
    assert code in text or spaced_code in text, "the code is not printed on the booklet"
