"""Accessibility settings remembered in a cookie and applied by the server; the statement."""

import re

import pytest

from hub.access.preferences import COOKIE, Preferences, safe_back
from tests.conftest import csrf_token
from tests.page_quality import check_page

SETTINGS = "/accessibility/settings"


def _html_classes(html: str) -> set[str]:
    return set(re.search(r'<html[^>]*class="([^"]*)"', html).group(1).split())


def _save(client, back: str = "", **choices):
    data = {"text_size": "100", "back": back, "csrf_token": csrf_token(client, SETTINGS)}
    data.update(choices)
    return client.post(SETTINGS, data=data)


def test_a_first_visit_gets_no_cookie_and_standard_settings(client, page):
    response = client.get("/")
    assert "Set-Cookie" not in response.headers
    assert _html_classes(response.get_data(as_text=True)) == {"govuk-template"}


def test_the_settings_page_explains_each_setting_and_keeps_where_you_came_from(client, page):
    home = page(client, "/guides?lang=en")
    assert home.links()["Text size and colours"] == "/accessibility/settings?back=/guides?lang%3Den"
    shown = page(client, f"{SETTINGS}?back=/guides")
    assert shown.h1 == "Text size, colours and spacing"
    for words in ("Standard", "Large", "Larger", "Largest", "High contrast colours",
                  "More space between lines, words and letters", "A plainer, rounder font",
                  "Stop movement and animation", "Doing the same on every website",
                  "Ctrl", "Reduce motion", "Finish and clear my data"):
        assert words in shown, words
    assert shown.elements("input", name="back")[0].get("value") == "/guides"
    assert shown.elements("input", id="text_size")[0].get("checked") is not None
    assert "Save settings" in shown.texts("button")


def test_saving_remembers_the_settings_for_a_year_and_goes_back_with_a_message(client, page):
    response = _save(client, back="/guides?lang=en", text_size="150", high_contrast="y",
                     reduce_motion="y")
    assert response.status_code == 302
    assert response.headers["Location"] == "/guides?lang=en"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(COOKIE))
    assert f"{COOKIE}=text-150.contrast.still;" in cookie
    assert "Max-Age=31536000" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie

    guides = page(client, "/guides")
    assert "Your settings are saved." in guides.text
    assert _html_classes(guides.html) == {"govuk-template", "hub-text-150", "hub-contrast",
                                          "hub-still"}
    # Shown as chosen when the page is opened again.
    again = page(client, SETTINGS)
    assert again.elements("input", id="text_size-3")[0].get("checked") is not None
    assert again.elements("input", name="high_contrast")[0].get("checked") is not None
    assert again.elements("input", name="more_spacing")[0].get("checked") is None


def test_every_setting_puts_its_class_on_every_page(client, page):
    _save(client, text_size="200", high_contrast="y", more_spacing="y", readable_font="y",
          reduce_motion="y")
    for url in ("/", "/guides", "/no-such-page", "/accessibility"):
        response = client.get(url)
        assert _html_classes(response.get_data(as_text=True)) == {
            "govuk-template", "hub-text-200", "hub-contrast", "hub-spacing",
            "hub-readable-font", "hub-still"}, url


def test_going_back_to_standard_deletes_the_cookie(client):
    _save(client, text_size="125")
    assert client.get_cookie(COOKIE).value == "text-125"
    response = _save(client, text_size="100")
    assert response.headers["Location"] == SETTINGS  # no page to go back to
    assert client.get_cookie(COOKIE) is None


@pytest.mark.parametrize("back", ["//evil.example/", "/\\evil.example", "\\\\evil.example",
                                  "https://evil.example/", "javascript:alert(1)",
                                  "/guides\r\nSet-Cookie: x=1", "guides", "/%0d%0a\\x"])
def test_only_a_page_on_this_site_is_gone_back_to(client, back):
    response = _save(client, back=back, text_size="125")
    assert response.status_code == 302
    assert response.headers["Location"] == SETTINGS
    assert safe_back(back) is None


def test_safe_back_keeps_local_paths_with_their_query():
    assert safe_back("/search?q=lunch+club&near=Acomb") == "/search?q=lunch+club&near=Acomb"
    assert safe_back("/") == "/"


def test_a_bad_text_size_is_explained_and_the_other_choices_kept(client):
    response = _save(client, text_size="999", high_contrast="y")
    assert response.status_code == 400
    html = check_page(response.get_data(as_text=True), SETTINGS).html
    assert "There is a problem" in html and "Choose a text size" in html
    assert re.search(r'name="high_contrast"[^>]*checked', html)
    assert client.get_cookie(COOKIE) is None


def test_the_form_needs_its_csrf_token(client):
    response = client.post(SETTINGS, data={"text_size": "150"})
    assert response.status_code == 400
    assert client.get_cookie(COOKIE) is None


def test_a_tampered_cookie_only_gives_known_classes(client):
    client.set_cookie(COOKIE, 'text-999.contrast."><script>.still.text-125')
    html = client.get("/").get_data(as_text=True)
    assert _html_classes(html) == {"govuk-template", "hub-text-125", "hub-contrast", "hub-still"}
    assert "<script>." not in html


def test_preferences_round_trip_through_the_cookie():
    chosen = Preferences(text_size="200", more_spacing=True, readable_font=True)
    assert Preferences.from_cookie(chosen.to_cookie()) == chosen
    assert Preferences.from_cookie("") == Preferences() and Preferences().to_cookie() == ""
    assert Preferences.from_cookie(None).html_classes == ""


def test_the_statement_follows_the_model_and_is_linked_from_every_page(client, page, app):
    statement = page(client, "/accessibility")
    assert statement.h1 == "Accessibility statement for Live Well York"
    headings = statement.texts("h2") + statement.texts("h3")
    for heading in ("How accessible this website is", "Feedback and contact information",
                    "Reporting accessibility problems with this website",
                    "Enforcement procedure",
                    "Technical information about this website’s accessibility",
                    "Compliance status", "Non-accessible content",
                    "Non-compliance with the accessibility regulations",
                    "Disproportionate burden",
                    "Content that’s not within the scope of the accessibility regulations",
                    "What we’re doing to improve accessibility",
                    "Preparation of this accessibility statement"):
        assert heading in headings, heading
    text = statement.text
    assert ("partially compliant with the Web Content Accessibility Guidelines version 2.2 AA"
            in text)
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert ("Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018") in text
    assert "This statement was prepared on 24 November 2026." in text
    assert "axe-core" in text and "320 pixels" in text and "keyboard" in text
    assert app.config["ACCESSIBILITY_EMAIL"] == "accessibility@live-well.example"
    assert statement.links()["accessibility@live-well.example"] == (
        "mailto:accessibility@live-well.example")
    assert app.config["HELP_PHONE"] in text
    assert "contact the Equality Advisory and Support Service (EASS)" in statement.links()

    for url, status in (("/", 200), ("/guides", 200), ("/no-such-page", 404), (SETTINGS, 200)):
        shown = page(client, url, status=status)
        assert shown.links()["Accessibility statement"] == "/accessibility", url


def test_the_statement_uses_the_configured_names(client, app):
    app.config.update(HUB_NAME="Live Well Testshire", ACCESSIBILITY_EMAIL="a11y@test.example")
    html = client.get("/accessibility").get_data(as_text=True)
    assert "Accessibility statement for Live Well Testshire" in html
    assert "mailto:a11y@test.example" in html
