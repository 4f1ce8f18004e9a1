"""The main journeys by keyboard alone (Tab, Shift+Tab, Enter, Space), and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from hub.config import TestConfig

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Is the focused element visibly marked? Compare its focused look with its look after blur:
# GOV.UK Frontend marks focus with a yellow background, a box-shadow "underline" or an outline.
FOCUS_STYLE_CHANGES = """() => {
  const element = document.activeElement;
  const look = () => {
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      && !/rgba\\(.*, 0\\)$/.test(style.outlineColor) ? style.outlineColor : 'none';
    return {outline, boxShadow: style.boxShadow, background: style.backgroundColor};
  };
  const focused = look();
  element.blur();
  const unfocused = look();
  element.focus();
  return Object.keys(focused).filter(key => focused[key] !== unfocused[key]
                                            && focused[key] !== 'none');
}"""


def tab_to(page, target, *, key="Tab", limit=120):
    """Press Tab (or Shift+Tab) until `target`, a locator for one element, has focus.

    Every element passed on the way must show clearly that it has the focus.
    """
    for _ in range(limit):
        page.keyboard.press(key)
        assert page.evaluate(FOCUS_STYLE_CHANGES), (
            "focus is not visible on " + page.evaluate("document.activeElement.outerHTML")[:120]
        )
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of {key} never reached {target}")


def press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def result_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-count").inner_text()).group())


def search_from_home(page, words: str):
    page.goto("/")
    tab_to(page, page.locator("#q"))
    page.keyboard.type(words)
    press_enter_and_wait(page)
    assert "/search?q=" + words.replace(" ", "+") in page.url


def apply_free_filter(page) -> None:
    """Tick "Free of charge" with Space and apply; fewer results, each with a "Free" tag."""
    before = result_count(page)
    tab_to(page, page.locator("#free"))
    page.keyboard.press("Space")
    assert page.locator("#free").is_checked()
    tab_to(page, page.get_by_role("button", name="Apply filters"))
    press_enter_and_wait(page)
    assert "free=yes" in page.url
    assert 0 < result_count(page) < before
    cards = page.locator(".hub-card")
    assert cards.count() == min(result_count(page), TestConfig.SEARCH_PAGE_SIZE)
    for card in cards.all():
        assert card.locator(".govuk-tag", has_text=re.compile(r"^Free$")).count() == 1, (
            card.inner_text()
        )


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".govuk-skip-link")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible()  # shown when it has focus
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes on from the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_search_from_home_and_open_first_result(page):
    search_from_home(page, "lunch club")
    assert page.locator("h1").inner_text() == "Search results for “lunch club”"
    first_result = page.locator(".hub-card__title a").first
    name = first_result.inner_text()
    tab_to(page, first_result)
    press_enter_and_wait(page)
    assert "/services/" in page.url
    assert page.locator("h1").inner_text() == name


def test_filter_by_free_then_remove_the_filter(page):
    page.goto("/search?q=lunch+club")
    everything = result_count(page)
    apply_free_filter(page)
    tab_to(page, page.get_by_role("link", name=re.compile("^Free of charge.*remove this filter$")))
    press_enter_and_wait(page)
    assert "free=" not in page.url
    assert result_count(page) == everything
    assert not page.locator("#free").is_checked()


def test_browse_categories_to_a_service(page):
    page.goto("/")
    category_link = page.locator(".hub-category-grid a").first  # on home, then a category page
    for link in (category_link, category_link, page.locator(".hub-card__title a").first):
        name = link.inner_text()
        tab_to(page, link)
        press_enter_and_wait(page)
        assert page.locator("h1").inner_text() == name
    assert "/services/" in page.url


def test_unknown_place_shows_error_summary_that_leads_to_the_field(page):
    page.goto("/")
    tab_to(page, page.locator("#near"))
    page.keyboard.type("Qwertyville")
    press_enter_and_wait(page)
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "We could not find Qwertyville" in summary.inner_text()
    assert page.title().startswith("Error: ")
    near = page.locator("#near")
    assert near.input_value() == "Qwertyville"
    tab_to(page, summary.get_by_role("link"))
    page.keyboard.press("Enter")
    expect(near).to_be_focused()
    # Put it right: a real place, then back up to the first box to say what is needed.
    page.keyboard.press("Control+A")
    page.keyboard.type("Acomb")
    tab_to(page, page.locator("#q"), key="Shift+Tab")
    page.keyboard.type("lunch club")
    press_enter_and_wait(page)
    assert page.locator(".govuk-error-summary").count() == 0
    assert "near Acomb" in page.locator("#results-count").inner_text()


def test_go_to_the_next_page_of_results(page):
    page.goto("/search?q=lunch+club")
    first_page = page.locator(".hub-card__title a").all_inner_texts()
    tab_to(page, page.locator(".govuk-pagination__next a"))
    press_enter_and_wait(page)
    assert "page=2" in page.url
    assert page.locator(".govuk-pagination__item--current").inner_text().strip() == "2"
    second_page = page.locator(".hub-card__title a").all_inner_texts()
    assert second_page and not set(second_page) & set(first_page)


def test_search_and_filter_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    search_from_home(page, "lunch club")
    assert result_count(page) > 1
    apply_free_filter(page)


def test_use_my_location_searches_near_the_device(new_page):
    # Near Acomb's ward centre: the nearest lunch club listed first is within a mile.
    page = new_page(geolocation={"latitude": 53.9555, "longitude": -1.125},
                    permissions=["geolocation"])
    page.goto("/search?q=lunch+club")
    button = page.get_by_role("button", name="Use my location")
    assert button.is_visible()  # only shown when JavaScript can use it
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "near your location" in page.locator("#results-count").inner_text()
    first_distance = page.locator(".hub-card").first.inner_text()
    assert "miles away" in first_distance
    assert float(first_distance.split(" miles away")[0].split()[-1]) < 1.0


def test_use_my_location_is_hidden_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/search?q=lunch+club")
    assert not page.get_by_role("button", name="Use my location").is_visible()
