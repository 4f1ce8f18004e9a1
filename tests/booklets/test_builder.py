"""Building a booklet with no account: add, order, notes, cover, and nothing kept on the server."""

import re
import secrets
from html import unescape

import pytest
from sqlalchemy import func, select

from hub.booklets import draft
from hub.booklets.models import SavedBooklet
from hub.extensions import db
from tests.conftest import csrf_token, shown_in
from tests.factories import make_service


def _add(client, item: str, back_to: str = "/") -> object:
    return client.post("/booklet/add", data={"item": item, "back_to": back_to,
                                             "csrf_token": csrf_token(client, "/booklet/clear")})


def _titles(html: str) -> list[str]:
    return [unescape(t) for t in
            re.findall(r'<h3 class="govuk-heading-m[^"]*">\s*(?:<a[^>]*>)?([^<]+)', html)]


def _send(client, **fields):
    """The booklet page's form, as the browser sends it, with these fields changed."""
    html = client.get("/booklet").get_data(as_text=True)
    data = dict(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html))
    title = re.search(r'<input[^>]*name="title"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', title.group(0)) if title else None
    data["title"] = unescape(value.group(1)) if value else ""
    data.update({"grouping": "category", "csrf_token": csrf_token(client, "/booklet/clear")})
    data.update(fields)
    return client.post("/booklet", data=data)


@pytest.fixture
def services(app):
    return [make_service(name, categories=[category]) for name, category in
            (("Tuesday lunch club", "meals"), ("Carers' café", "carer-support"),
             ("Memory café", "dementia-activities"))]


def test_add_from_a_service_page_shows_the_count_and_the_button_turns_to_remove(
        client, services, page):
    service = services[0]
    shown = page(client, f"/services/{service.id}")
    assert "Add to my booklet" in shown.text
    response = _add(client, f"service:{service.id}", back_to=f"/services/{service.id}")
    assert response.headers["Location"] == f"/services/{service.id}#booklet-{service.id}"

    shown = page(client, f"/services/{service.id}")
    assert "Added “Tuesday lunch club” to your booklet. It has 1 item." in shown.text
    assert "My booklet 1 item" in shown.text  # the header's link and count
    assert "Remove from my booklet" in shown.text and "Add to my booklet" not in shown.text

    client.post("/booklet/remove", data={"item": f"service:{service.id}",
                                         "csrf_token": csrf_token(client, "/booklet/clear")})
    assert "Add to my booklet" in page(client, f"/services/{service.id}").text


def test_search_results_and_guides_have_the_button_inside_the_filter_form(
        sample_client, page):
    results = page(sample_client, "/search?q=lunch+club")
    assert len(results.elements("button", form="booklet-add")) >= 5
    assert results.elements("input", name="back_to")[0].get("value") == "/search?q=lunch+club"
    guide = page(sample_client, "/guides/leaving-hospital")
    assert "article:leaving-hospital" in [
        b.get("value") for b in guide.elements("button", form="booklet-add")]


def test_only_real_services_and_guides_go_in(client, services):
    assert _add(client, "service:no-such-service").status_code == 404
    assert _add(client, "article:no-such-guide").status_code == 404
    assert _add(client, "javascript:alert(1)").status_code == 404


def test_a_booklet_holds_at_most_fifty_items(app, client, page):
    many = [make_service(f"Service {n}") for n in range(draft.MAX_ITEMS + 1)]
    for service in many[:-1]:
        _add(client, f"service:{service.id}")
    _add(client, f"service:{many[-1].id}")
    shown = page(client, "/booklet")
    assert "already holds 50 items, the most it can" in shown.text
    assert len(_titles(shown.html)) == draft.MAX_ITEMS


def test_order_notes_and_cover_are_kept_and_moving_loses_no_typing(client, services, page):
    for service in services:
        _add(client, f"service:{service.id}")
    first = f"service:{services[0].id}"
    # The note typed in the same form as "Move down" is kept.
    response = _send(client, **{"note-1": "Ask for Sam", "title": "Ada Lovelace",
                                "action": f"down:{first}"})
    assert response.headers["Location"] == "/booklet#item-2"
    shown = page(client, "/booklet")
    assert _titles(shown.html) == ["Carers' café", "Tuesday lunch club", "Memory café"]
    assert shown.text_of(shown.by_id("note-2")) == "Ask for Sam"
    assert shown.by_id("title").get("value") == "Ada Lovelace"

    _send(client, action=f"up:service:{services[2].id}")
    assert _titles(page(client, "/booklet").html) == [
        "Carers' café", "Memory café", "Tuesday lunch club"]
    _send(client, action=f"remove:service:{services[1].id}")
    shown = page(client, "/booklet")
    assert _titles(shown.html) == ["Memory café", "Tuesday lunch club"]
    assert shown.text_of(shown.by_id("note-2")) == "Ask for Sam"  # the note moved with it


def test_too_long_a_note_is_explained_and_nothing_typed_is_lost(client, services, page):
    _add(client, f"service:{services[0].id}")
    long_note = "Bring the blue folder. " * 12
    response = _send(client, **{"note-1": long_note, "title": "Mr Patel", "action": "save"})
    shown = page(client, "/booklet") if response.status_code == 302 else None
    assert shown is None, "a note over 200 characters must not be saved"
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Note 1 must be 200 characters or fewer" in html
    assert long_note.strip() in html and 'value="Mr Patel"' in html
    # The booklet itself is as it was.
    shown = page(client, "/booklet")
    assert shown.text_of(shown.by_id("note-1")) == ""


def test_a_booklet_too_big_for_the_cookie_is_refused_and_the_old_one_kept(
        app, client, page):
    many = [make_service(f"Service number {n}") for n in range(40)]
    for service in many:
        _add(client, f"service:{service.id}")
    # Forty notes of 200 characters that do not compress will not fit in a 4 KB cookie.
    notes = {f"note-{n}": secrets.token_hex(95) for n in range(1, 41)}
    response = _send(client, action="save", **notes)
    assert response.status_code == 200
    assert "too full to keep all of this on this computer" in response.get_data(as_text=True)
    assert len(_titles(page(client, "/booklet").html)) == 40
    assert len(client.get_cookie("session").value) < 4000


def test_building_a_booklet_stores_nothing_on_the_server(client, services):
    for service in services:
        _add(client, f"service:{service.id}")
    _send(client, **{"note-1": "Ask for Sam", "title": "Ada Lovelace", "action": "save"})
    assert db.session.scalar(select(func.count()).select_from(SavedBooklet)) == 0
    # And another visitor does not see it.
    stranger = client.application.test_client()
    assert "Your booklet is empty" in stranger.get("/booklet").get_data(as_text=True)


def test_the_web_version_groups_by_category_or_keeps_my_order(client, services, page):
    for service in reversed(services):
        _add(client, f"service:{service.id}")
    _add(client, "article:leaving-hospital")
    _send(client, **{"title": "Ada Lovelace", "cover_note": "Call Sam on Monday",
                     "note-3": "Every Tuesday", "action": "save"})
    shown = page(client, "/booklet/read")
    assert shown.h1 == "Information for Ada Lovelace"
    assert "Call Sam on Monday" in shown.text and "Your note: Every Tuesday" in shown.text
    sections = [shown.text_of(h) for h in shown.elements("h2", class_="govuk-heading-l")]
    assert sections[-2:] == ["Guides", "Get help"]
    assert len(sections) == 5  # three categories, the guides, and help

    _send(client, grouping="mine", action="save")
    shown = page(client, "/booklet/read")
    assert [shown.text_of(h) for h in shown.elements("h2")
            if (h.get("id") or "").startswith("entry-")] == [
        "Memory café", "Carers' café", "Tuesday lunch club", "Leaving hospital"]


def test_the_pdf_needs_something_in_the_booklet(client, app, page):
    response = client.get("/booklet/booklet.pdf")
    assert response.headers["Location"] == "/booklet"
    assert "Your booklet is empty. Add services or guides" in page(client, "/booklet").text


def test_the_pdf_downloads_with_the_cover(client, services):
    _add(client, f"service:{services[0].id}")
    _send(client, title="Ada Lovelace", action="pdf")
    response = client.get("/booklet/booklet.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.data.startswith(b"%PDF")


def test_when_every_renderer_is_busy_people_are_asked_to_try_again(app, client, services):
    _add(client, f"service:{services[0].id}")
    app.config.update(BOOKLET_RENDERS_AT_ONCE=1, BOOKLET_RENDER_WAIT_SECONDS=0.1)
    app.extensions.pop("booklet_renders", None)
    slots = app.extensions.setdefault("booklet_renders", __import__("threading").Semaphore(0))
    response = client.get("/booklet/booklet.pdf")
    assert response.status_code == 503
    # Flask-Limiter rewrites the header as seconds from now, so it may say 59.
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "the booklet printer is busy" in response.get_data(as_text=True)
    slots.release()
    assert client.get("/booklet/booklet.pdf").status_code == 200


def test_a_second_language_prints_with_english_where_there_is_no_translation(
        app, client, services, page):
    app.config["LANGUAGES"] = ["en", "pl"]
    _add(client, f"service:{services[0].id}")
    shown = page(client, "/booklet")
    assert [shown.text_of(o) for o in shown.elements("option")] == ["English", "Polski"]
    _send(client, language="pl", action="save")
    shown = page(client, "/booklet/read")
    assert shown.elements("div", class_="hub-booklet")[0].get("lang") == "pl"
    assert shown_in("pl", "This is not yet available in your language, so it is in "
                    "English.") in shown.text
    # The service's own words are printed in English, marked as English.
    description = services[0].description
    assert description in shown.text
    assert [div.get("lang") for div in shown.elements("div")
            if description in shown.text_of(div)][-1] == "en"


def test_short_addresses_lead_to_the_service(client, services):
    service = services[0]
    response = client.get(f"/s/{service.id[:8].upper()}")
    assert response.headers["Location"] == f"/services/{service.id}"
    assert client.get("/s/zzzzzzzz").status_code == 404
    assert client.get("/s/abc").status_code == 404


def test_the_button_only_ever_returns_to_a_page_of_this_site(client, services):
    item = f"service:{services[0].id}"
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = _add(client, item, back_to=elsewhere)
        assert response.headers["Location"].startswith("/booklet#"), elsewhere


def test_the_page_script_gets_the_new_button_and_count_instead_of_a_reload(
        client, services, page):
    service = services[0]
    response = client.post("/booklet/add", headers={"Accept": "application/json"}, data={
        "item": f"service:{service.id}", "csrf_token": csrf_token(client, "/booklet/clear")})
    answer = response.get_json()
    assert answer["message"] == "Added “Tuesday lunch club” to your booklet. It has 1 item."
    assert "Remove from my booklet" in answer["button"]
    assert "1<span" in answer["link"].replace(" ", "")
    # Nothing is left to show on the next page: the script already said it.
    assert "Added “Tuesday lunch club”" not in page(client, "/booklet").text
